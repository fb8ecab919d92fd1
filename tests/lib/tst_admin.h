/*
 * tst_admin.h — helpers for the administration suites (test_org,
 * test_users, test_audit_api): a logged-in session, JSON requests and
 * answers parsed with jansson, error-envelope checks, and accounts made
 * through the API and activated (first password changed).
 */
#ifndef TST_ADMIN_H
#define TST_ADMIN_H

#include "tst.h"

#include <jansson.h>
#include <stdint.h>

struct tst_who {
  char cookie[200];
  char csrf[100];
};

/* Logs in as username; returns the HTTP status (200 on success). */
int tst_as(int port, const char *username, const char *password,
           struct tst_who *who);

/* Sends a request as who (NULL = anonymous) with an optional JSON body
 * written printf-style (fmt NULL = no body) and returns the answer parsed
 * (a new reference, or NULL when the body is not JSON); *status gets the
 * HTTP status.  The raw answer is kept in tst_last (freed by the next
 * call). */
json_t *tst_j(int port, const struct tst_who *who, const char *method,
              const char *path, int *status, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The last raw answer of tst_j. */
extern struct tst_resp tst_last;

/* Fails the test unless j is the error envelope with code (and field when
 * not NULL) and status is want.  Frees j. */
void tst_expect_err(json_t *j, int status, int want, const char *code,
                    const char *field);

/* Member accessors: integer (0 if absent), string (NULL if absent). */
int64_t tst_ji(json_t *j, const char *key);
const char *tst_js(json_t *j, const char *key);

/* Creates an account through POST /users as admin (roles_json is the
 * "roles" array text), logs in with the initial password, changes it to
 * new_pw and leaves who logged in.  Returns the account id (fails the
 * test on error). */
int64_t tst_make_user(int port, const struct tst_who *admin,
                      const char *username, const char *name, int64_t unit_id,
                      int64_t person_id, const char *roles_json,
                      const char *new_pw, struct tst_who *who);

/* Runs `luoshi user add` with a scope (before the server starts).
 * Returns the exit code. */
int tst_user_add_scoped(const char *db, const char *username,
                        const char *password, const char *role,
                        const char *scope);

/* Runs sql through the sqlite3 shell on db and returns its first output
 * line (static buffer), or NULL. */
const char *tst_sql(const char *db, const char *sql);

/* Stops s, checks the audit chain with `luoshi audit verify`, and
 * removes its folder when both went well (kept for a look otherwise).
 * Returns 0 on success (for a cmocka group teardown). */
int tst_admin_teardown(struct tst_server *s);

/* Percent-encodes s for a query string.  Returns a static buffer (one of
 * four, rotating). */
const char *tst_url(const char *s);

#endif
