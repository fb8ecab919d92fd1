/*
 * auth.h — accounts' side of identity: logging in and out, sessions (with
 * an in-memory cache keyed by the token hash), password changes, TOTP
 * enrolment, and the built-in roles.  Pure domain code: no HTTP; the api
 * layer passes the client address and user agent in.
 */
#ifndef AUTH_H
#define AUTH_H

#include "base/lx.h"
#include "domain/policy/policy.h"

#include <stdint.h>

struct store;
struct store_conn;

/* Settings the auth module reads (from the start-up config). */
struct cidr_list;

struct auth_settings {
  int idle_min;          /* session idle timeout, users */
  int admin_idle_min;    /* session idle timeout, 三员 */
  int abs_hours;         /* absolute session lifetime */
  int lockout_threshold; /* consecutive failures before the lock */
  int lockout_minutes;
  int ip_throttle_per_min;
  int pw_min_len, pw_admin_min_len;
  int pw_history;
  int pw_expiry_days, pw_admin_expiry_days; /* 0 = never */
  int max_sessions;
  int totp_required_admins;
  /* the 三员's allowed source addresses (NULL or empty = any); must
   * outlive the server */
  const struct cidr_list *admin_allow;
};

/* Installs settings and creates the session cache.  Call once at start. */
void auth_init(const struct auth_settings *s);
void auth_shutdown(void);

/* Drops every cached session (after any change to accounts, roles or
 * sessions): the next request reloads from the database. */
void auth_cache_invalidate(void);

/* Inside a write job: inserts or updates the built-in roles and their
 * permissions (idempotent; run by init and at every server start). */
LX_MUST_CHECK int auth_roles_install(struct store_conn *c, struct lx_err *err);

/* Loads the subject of account_id (grants, unit, flags) with connection c.
 * rc: LX_OK, LX_ENOTFOUND, LX_EDB. */
LX_MUST_CHECK int auth_subject_load(struct store_conn *c, int64_t account_id,
                                    struct subject *out, struct lx_err *err);

struct auth_login_in {
  const char *username;
  const char *password;
  const char *totp; /* may be NULL */
  const char *ip;
  const char *user_agent; /* may be NULL */
  const char *captcha_id; /* the challenge solved (may be NULL) */
  const char *captcha;    /* its answer (may be NULL) */
};

struct auth_login_out {
  char token[65];         /* the cookie value (64 hex) */
  struct subject subject; /* with csrf and session_id set */
  int must_setup_totp;    /* an admin who must enrol TOTP before anything */
};

/* The whole login: throttle, lockout, password (argon2id, off the writer
 * thread), TOTP, session creation, audit.  Failures answer the same
 * "auth.failed" for unknown user, wrong password, locked or disabled
 * account (LX_EUNAUTH); "auth.totp_required" (LX_EUNAUTH, field totp) when
 * the password was right but a code is needed; LX_ETOOMANY when the client
 * address is throttled.  rd is a read connection. */
LX_MUST_CHECK int auth_login(struct store *st, struct store_conn *rd,
                             const struct auth_login_in *in,
                             struct auth_login_out *out, struct lx_err *err);

/* Resolves a session cookie to its subject: revoked, idle-expired and
 * absolutely-expired sessions fail with LX_EUNAUTH.  Uses the cache; falls
 * back to rd (a read connection).  Touches last-seen (persisted at most
 * once a minute).  rc: LX_OK, LX_EUNAUTH, LX_EDB. */
LX_MUST_CHECK int auth_session_resolve(struct store *st, struct store_conn *rd,
                                       const char *token, struct subject *out,
                                       struct lx_err *err);

/* Ends session_id (logout or revocation of one's own session).  Audited.
 * rc: LX_OK, LX_ENOTFOUND (not the subject's), LX_EDB. */
LX_MUST_CHECK int auth_session_revoke(struct store *st, const struct subject *s,
                                      int64_t session_id, const char *ip,
                                      const char *action, struct lx_err *err);

/* Changes the subject's password after checking the old one, the policy
 * (admin length for 三员) and the history; clears must_change and revokes
 * the account's other sessions.  rc: LX_OK, LX_EINVAL (field names the
 * rule), LX_EUNAUTH (old password wrong), LX_EDB. */
LX_MUST_CHECK int auth_password_change(struct store *st, struct store_conn *rd,
                                       const struct subject *s,
                                       const char *old_pw, const char *new_pw,
                                       const char *ip, struct lx_err *err);

/* Starts TOTP enrolment: a new secret stored as pending.  out_secret gets
 * the base32 secret, out_uri the otpauth URI.  rc: LX_OK, LX_ECONFLICT
 * (already enabled), LX_EDB. */
LX_MUST_CHECK int auth_totp_begin(struct store *st, const struct subject *s,
                                  char *out_secret, size_t secret_len,
                                  char *out_uri, size_t uri_len, const char *ip,
                                  struct lx_err *err);

/* Confirms enrolment with a code from the authenticator.  rc: LX_OK,
 * LX_EINVAL (wrong code, field "code"), LX_ECONFLICT (nothing pending). */
LX_MUST_CHECK int auth_totp_confirm(struct store *st, struct store_conn *rd,
                                    const struct subject *s, const char *code,
                                    const char *ip, struct lx_err *err);

/* 1 if the subject holds a role that requires TOTP but has not enrolled. */
int auth_needs_totp_setup(const struct subject *s);

/* 1 unless s is one of the 三员 and ip is outside admin_allow. */
int auth_admin_ip_ok(const struct subject *s, const char *ip);

#endif
