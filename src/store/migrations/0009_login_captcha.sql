-- 0009_login_captcha.sql — failed logins also remember the username typed,
-- so that an account (existing or not: the answer must not tell) needs a
-- CAPTCHA after 3 failures within the lockout window (SECURITY.md §2).
ALTER TABLE login_failure ADD COLUMN username TEXT;
CREATE INDEX login_failure_user_idx ON login_failure(username, at);
