/*
 * session.c — sessions: creation, resolution through an in-memory cache
 * keyed by the token's SHA-256, revocation.  The cache holds copies of
 * subjects; any change to accounts, roles or sessions bumps a generation
 * number that makes every entry stale at once (auth_cache_invalidate), so
 * a disabled account or a removed role takes effect on the next request.
 */
#include "domain/auth/auth_int.h"

#include "base/cidr.h"
#include "base/digest.h"
#include "base/log.h"
#include "base/rand.h"
#include "base/timeutil.h"
#include "domain/audit/audit.h"
#include "store/store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4096
#define PERSIST_SEEN_MS 60000

struct centry {
  char hash[65];
  uint64_t gen;
  int64_t expires_at;
  int64_t last_seen; /* ms, kept in memory */
  int64_t persisted; /* last_seen value written to the database */
  struct subject subj;
};

static struct {
  pthread_mutex_t mu;
  struct centry *slots;
  _Atomic uint64_t gen;
  struct auth_settings set;
} A = {PTHREAD_MUTEX_INITIALIZER, NULL, 1, {0}};

void auth_init(const struct auth_settings *s)
{
  A.set = *s;
  if (!A.slots)
    A.slots = lx_calloc(SLOTS, sizeof *A.slots);
}

void auth_shutdown(void)
{
  pthread_mutex_lock(&A.mu);
  if (A.slots)
    explicit_bzero(A.slots, SLOTS * sizeof *A.slots);
  lx_free(A.slots);
  A.slots = NULL;
  pthread_mutex_unlock(&A.mu);
}

const struct auth_settings *auth_settings(void)
{
  return &A.set;
}

void auth_cache_invalidate(void)
{
  atomic_fetch_add(&A.gen, 1);
}

int64_t auth_idle_ms(const struct subject *s)
{
  int m = s->is_admin ? A.set.admin_idle_min : A.set.idle_min;
  return (int64_t)(m > 0 ? m : 30) * 60000;
}

int auth_needs_totp_setup(const struct subject *s)
{
  return A.set.totp_required_admins && s->is_admin && !s->totp_enabled;
}

int auth_admin_ip_ok(const struct subject *s, const char *ip)
{
  const struct cidr_list *l = A.set.admin_allow;
  return !s->is_admin || !l || l->n == 0 || cidr_list_match(l, ip);
}

int auth_sessions_revoke_all(struct store_conn *c, int64_t account_id,
                             int64_t keep_id, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "UPDATE session SET revoked_at = ? WHERE account_id "
                         "= ? AND revoked_at IS NULL AND id <> ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, time_now_ms());
  store_bind_i64(s, 2, account_id);
  store_bind_i64(s, 3, keep_id);
  rc = store_step(s, err);
  store_stmt_done(s);
  auth_cache_invalidate();
  return rc == STORE_DONE ? LX_OK : rc;
}

int auth_session_create(struct store_conn *c, int64_t account_id, int is_admin,
                        const char *ip, const char *user_agent, char token[65],
                        char csrf[65], int64_t *out_id, struct lx_err *err)
{
  struct store_stmt *s;
  char th[65];
  int64_t now = time_now_ms();
  int keep = is_admin ? 1 : (A.set.max_sessions > 0 ? A.set.max_sessions : 5);
  int rc;
  if (rand_token_hex(token, 65, 32) != LX_OK ||
      rand_token_hex(csrf, 65, 32) != LX_OK)
    return err_set(err, LX_EIO, "auth.random", "", "无法生成随机数");
  digest_sha256_hex(token, 64, th);
  rc = store_prepare(c,
                     "INSERT INTO session(token_hash, account_id, csrf_token, "
                     "created_at, last_seen_at, expires_at, ip, user_agent) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, th);
  store_bind_i64(s, 2, account_id);
  store_bind_text(s, 3, csrf);
  store_bind_i64(s, 4, now);
  store_bind_i64(s, 5, now);
  store_bind_i64(s, 6,
                 now + (int64_t)(A.set.abs_hours > 0 ? A.set.abs_hours : 12) *
                           3600000);
  store_bind_text(s, 7, ip);
  store_bind_text(s, 8, user_agent);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    *out_id = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc != STORE_ROW)
    return rc == STORE_DONE ? LX_EDB : rc;
  /* keep only the newest `keep` live sessions (三员: one) */
  rc = store_prepare(c,
                     "UPDATE session SET revoked_at = ? WHERE account_id = ? "
                     "AND revoked_at IS NULL AND id NOT IN (SELECT id FROM "
                     "session WHERE account_id = ? AND revoked_at IS NULL "
                     "ORDER BY id DESC LIMIT ?)",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, now);
  store_bind_i64(s, 2, account_id);
  store_bind_i64(s, 3, account_id);
  store_bind_i64(s, 4, keep);
  rc = store_step(s, err);
  store_stmt_done(s);
  auth_cache_invalidate();
  return rc == STORE_DONE ? LX_OK : rc;
}

struct touch {
  int64_t id, at;
};

static int touch_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct touch *t = ctx;
  struct store_stmt *s;
  int rc = store_prepare(c, "UPDATE session SET last_seen_at = ? WHERE id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, t->at);
  store_bind_i64(s, 2, t->id);
  rc = store_step(s, err);
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

static size_t slot_of(const char *hash)
{
  return (size_t)strtoul((char[9]){hash[0], hash[1], hash[2], hash[3], hash[4],
                                   hash[5], hash[6], hash[7], 0},
                         NULL, 16) %
         SLOTS;
}

static int is_token(const char *t)
{
  size_t i;
  for (i = 0; t[i]; i++)
    if (!((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f')))
      return 0;
  return i == 64;
}

int auth_session_resolve(struct store *st, struct store_conn *rd,
                         const char *token, struct subject *out,
                         struct lx_err *err)
{
  char th[65];
  int64_t now = time_now_ms();
  uint64_t gen = atomic_load(&A.gen);
  struct centry *e;
  struct store_stmt *s;
  int64_t account_id = 0, last_seen = 0, expires = 0, sid = 0;
  char csrf[72] = "";
  int rc, revoked = 0;
  if (!token || !is_token(token))
    return err_set(err, LX_EUNAUTH, "auth.required", "", "请先登录");
  digest_sha256_hex(token, 64, th);
  pthread_mutex_lock(&A.mu);
  e = &A.slots[slot_of(th)];
  if (e->gen == gen && strcmp(e->hash, th) == 0) {
    if (now >= e->expires_at || now - e->last_seen > auth_idle_ms(&e->subj)) {
      e->gen = 0;
      pthread_mutex_unlock(&A.mu);
      return err_set(err, LX_EUNAUTH, "auth.expired", "",
                     "登录已过期，请重新登录");
    }
    *out = e->subj;
    e->last_seen = now;
    if (now - e->persisted > PERSIST_SEEN_MS) {
      struct touch t = {e->subj.session_id, now};
      e->persisted = now;
      pthread_mutex_unlock(&A.mu);
      if (store_write(st, touch_job, &t, NULL) != LX_OK)
        log_warn("session last-seen update failed");
      return LX_OK;
    }
    pthread_mutex_unlock(&A.mu);
    return LX_OK;
  }
  pthread_mutex_unlock(&A.mu);

  rc = store_prepare(rd,
                     "SELECT id, account_id, csrf_token, last_seen_at, "
                     "expires_at, revoked_at IS NOT NULL FROM session WHERE "
                     "token_hash = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, th);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    sid = store_col_i64(s, 0);
    account_id = store_col_i64(s, 1);
    snprintf(csrf, sizeof csrf, "%s", store_col_text(s, 2));
    last_seen = store_col_i64(s, 3);
    expires = store_col_i64(s, 4);
    revoked = (int)store_col_i64(s, 5);
  }
  store_stmt_done(s);
  if (rc != STORE_ROW && rc != STORE_DONE)
    return rc;
  if (rc == STORE_DONE || revoked)
    return err_set(err, LX_EUNAUTH, "auth.required", "", "请先登录");
  rc = auth_subject_load(rd, account_id, out, err);
  if (rc == LX_ENOTFOUND)
    return err_set(err, LX_EUNAUTH, "auth.required", "", "请先登录");
  if (rc)
    return rc;
  if (now >= expires || now - last_seen > auth_idle_ms(out))
    return err_set(err, LX_EUNAUTH, "auth.expired", "",
                   "登录已过期，请重新登录");
  out->session_id = sid;
  snprintf(out->csrf, sizeof out->csrf, "%s", csrf);
  pthread_mutex_lock(&A.mu);
  if (atomic_load(&A.gen) == gen) {
    e = &A.slots[slot_of(th)];
    memcpy(e->hash, th, sizeof e->hash);
    e->gen = gen;
    e->expires_at = expires;
    e->last_seen = now;
    e->persisted = last_seen;
    e->subj = *out;
  }
  pthread_mutex_unlock(&A.mu);
  if (now - last_seen > PERSIST_SEEN_MS) {
    struct touch t = {sid, now};
    if (store_write(st, touch_job, &t, NULL) != LX_OK)
      log_warn("session last-seen update failed");
  }
  return LX_OK;
}

struct revoke {
  const struct subject *s;
  int64_t session_id;
  const char *ip, *action;
};

static int revoke_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct revoke *rv = ctx;
  struct store_stmt *s;
  struct audit_entry ae = {0};
  char oid[24];
  int rc = store_prepare(c,
                         "UPDATE session SET revoked_at = ? WHERE id = ? AND "
                         "account_id = ? AND revoked_at IS NULL",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, time_now_ms());
  store_bind_i64(s, 2, rv->session_id);
  store_bind_i64(s, 3, rv->s->account_id);
  rc = store_step(s, err);
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  if (store_changes(c) == 0)
    return err_set(err, LX_ENOTFOUND, "session.not_found", "id",
                   "会话不存在或已结束");
  snprintf(oid, sizeof oid, "%lld", (long long)rv->session_id);
  ae.account_id = rv->s->account_id;
  ae.username = rv->s->username;
  ae.ip = rv->ip;
  ae.action = rv->action;
  ae.object_type = "session";
  ae.object_id = oid;
  ae.result = "ok";
  rc = audit_append(c, &ae, err);
  auth_cache_invalidate();
  return rc;
}

int auth_session_revoke(struct store *st, const struct subject *s,
                        int64_t session_id, const char *ip, const char *action,
                        struct lx_err *err)
{
  struct revoke rv = {s, session_id, ip, action};
  return store_write(st, revoke_job, &rv, err);
}
