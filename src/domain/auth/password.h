/*
 * password.h — everything about passwords that needs no database: the
 * composition policy (等保 style: length, character classes, no username,
 * no long runs, a compiled-in blocklist), argon2id hashing and verifying
 * with a cap on how many run at once, and random initial passwords.
 *
 * It does not count failed logins, lock accounts, keep password history or
 * expiry; those belong to the login flow that has the database.
 */
#ifndef AUTH_PASSWORD_H
#define AUTH_PASSWORD_H

#include "base/lx.h"

#include <stdbool.h>
#include <stddef.h>

/* Lengths count UTF-8 characters (code points), not bytes. */
struct auth_pw_policy {
  int min_len;     /* 8 for users, 12 for 三员 and admins */
  int min_classes; /* of {lower, upper, digit, symbol}; non-ASCII = symbol */
  int max_len;     /* 128 */
};

#define AUTH_PW_POLICY_USER                                                    \
  {                                                                            \
    8, 3, 128                                                                  \
  }
#define AUTH_PW_POLICY_ADMIN                                                   \
  {                                                                            \
    12, 3, 128                                                                 \
  }

/* Buffer size that holds any encoded hash auth_password_hash makes. */
#define AUTH_PW_HASH_SIZE 128
/* Characters in a generated password, and the buffer it needs. */
#define AUTH_PW_GEN_LEN 16
#define AUTH_PW_GEN_SIZE (AUTH_PW_GEN_LEN + 1)

/* Checks pw against pol (NULL = AUTH_PW_POLICY_USER) for the account
 * username (NULL or "" skips the username rules).  The first broken rule
 * is reported in err with field "new_password" and one of the codes:
 *   password.invalid_utf8      not valid UTF-8
 *   password.control_char      contains a control character
 *   password.too_short         fewer than min_len characters
 *   password.too_long          more than max_len characters
 *   password.too_few_classes   fewer than min_classes character classes
 *   password.repeated_chars    the same character 4 or more times in a row
 *   password.equals_username   equals the username (ignoring ASCII case)
 *   password.contains_username contains a username of 3+ characters
 *                              (ignoring ASCII case)
 *   password.blocklisted       a known weak password (ignoring ASCII case)
 * rc: LX_OK; LX_EINVAL with err set as above. */
LX_MUST_CHECK int auth_password_check(const char *username, const char *pw,
                                      const struct auth_pw_policy *pol,
                                      struct lx_err *err);

/* Sets the most hashes/verifies allowed to run at the same time (each
 * takes 19 MiB); max_concurrent <= 0 means the number of online CPUs,
 * which is also what applies when this is never called.  Also makes the
 * hash auth_password_dummy_verify uses (one hash, ~30 ms) so the first
 * unknown-user login is not slower than the others.  Call at start-up,
 * before any hashing.
 * rc: LX_OK; LX_EINVAL when max_concurrent > 1024; LX_EINTERNAL. */
LX_MUST_CHECK int auth_password_init(int max_concurrent);

/* Forgets the limit set by auth_password_init.  Call only when no hash or
 * verify is running. */
void auth_password_shutdown(void);

/* How many hashes/verifies are running now and how many callers wait for
 * a slot (for /metrics and tests).  A snapshot; thread-safe. */
void auth_password_stats(int *out_running, int *out_waiting);

/* Hashes pw with argon2id (m=19456 KiB, t=2, p=1, 16-byte random salt,
 * 32-byte hash) into out as a PHC string
 * "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>".  Blocks while the
 * concurrency limit is reached.
 * rc: LX_OK; LX_ETOOBIG when out_len < the encoded length (use
 * AUTH_PW_HASH_SIZE); LX_EIO when no randomness; LX_ENOMEM; LX_EINTERNAL
 * for any other argon2 failure.  out is "" on failure. */
LX_MUST_CHECK int auth_password_hash(const char *pw, char *out, size_t out_len);

/* Checks pw against an encoded argon2id hash, in constant time for the
 * comparison.  Blocks while the concurrency limit is reached.
 * rc: LX_OK on a match; LX_EUNAUTH on a mismatch; LX_EINVAL when encoded
 * is NULL or not a well-formed argon2id PHC string or its cost parameters are
 * out of range (m > 256 MiB, t > 16, p > 16: refused so a tampered row cannot
 * exhaust memory); LX_ENOMEM; LX_EINTERNAL. */
LX_MUST_CHECK int auth_password_verify(const char *encoded, const char *pw);

/* true when encoded should be replaced by a fresh hash at the next
 * successful login: another algorithm or version, cost parameters below
 * the current ones, a shorter salt or hash, or a malformed string. */
bool auth_password_needs_rehash(const char *encoded);

/* Runs a verify of pw against a fixed hash with the current parameters
 * (made on first use if auth_password_init did not) and ignores the
 * result, so that a login for an unknown user takes as long as one for a
 * real user.  Takes a slot under the concurrency limit like a verify. */
void auth_password_dummy_verify(const char *pw);

/* Writes a random password of AUTH_PW_GEN_LEN characters that passes
 * AUTH_PW_POLICY_ADMIN, drawn from letters, digits and !@#$%^&*-_+=?
 * without the look-alikes 0 O 1 l I.
 * rc: LX_OK; LX_ETOOBIG when out_len < AUTH_PW_GEN_SIZE; LX_EIO when no
 * randomness. */
LX_MUST_CHECK int auth_password_generate(char *out, size_t out_len);

#endif
