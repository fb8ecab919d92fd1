/*
 * auth_int.h — shared by the auth module's own files.
 */
#ifndef AUTH_INT_H
#define AUTH_INT_H

#include "domain/auth/auth.h"

/* The settings given to auth_init. */
const struct auth_settings *auth_settings(void);

/* Idle timeout of s in milliseconds (shorter for 三员). */
int64_t auth_idle_ms(const struct subject *s);

/* Inside a write job: creates a session for account_id, trims the
 * account's live sessions to the allowed number, and fills token (64 hex),
 * csrf (64 hex) and *out_id. */
int auth_session_create(struct store_conn *c, int64_t account_id,
                        int is_admin, const char *ip, const char *user_agent,
                        char token[65], char csrf[65], int64_t *out_id,
                        struct lx_err *err);

/* Inside a write job: revokes every live session of account_id except
 * keep_id (0 = all). */
int auth_sessions_revoke_all(struct store_conn *c, int64_t account_id,
                             int64_t keep_id, struct lx_err *err);

#endif
