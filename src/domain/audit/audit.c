/*
 * audit.c — appending to and verifying the audit chain.
 */
#include "domain/audit/audit.h"

#include "base/timeutil.h"
#include "domain/audit/chain.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

int audit_append(struct store_conn *c, const struct audit_entry *e,
                 struct lx_err *err)
{
  struct store_stmt *s;
  char prev[65] = AUDIT_CHAIN_GENESIS, hash[65];
  int64_t id = 1;
  struct audit_rec r;
  int rc = store_prepare(c,
                         "SELECT id, hash FROM audit_log ORDER BY id DESC "
                         "LIMIT 1",
                         &s, err);
  if (rc)
    return rc;
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    id = store_col_i64(s, 0) + 1;
    snprintf(prev, sizeof prev, "%s", store_col_text(s, 1));
  }
  store_stmt_done(s);
  if (rc != STORE_ROW && rc != STORE_DONE)
    return rc;
  memset(&r, 0, sizeof r);
  r.id = id;
  r.at_ms = time_now_ms();
  r.user_id = e->account_id;
  r.username = e->username;
  r.ip = e->ip;
  r.action = e->action;
  r.object_type = e->object_type;
  r.object_id = e->object_id;
  r.result = e->result ? e->result : "ok";
  r.before_json = e->before_json;
  r.after_json = e->after_json;
  r.detail = e->detail;
  if (audit_chain_hash(prev, &r, hash) != LX_OK)
    return err_set(err, LX_EINTERNAL, "audit.chain", "", "审计链损坏");
  rc = store_prepare(c,
                     "INSERT INTO audit_log(id, at, account_id, username, ip, "
                     "action, object_type, object_id, result, before_json, "
                     "after_json, detail, prev_hash, hash) VALUES (?, ?, ?, "
                     "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, r.id);
  store_bind_i64(s, 2, r.at_ms);
  if (r.user_id)
    store_bind_i64(s, 3, r.user_id);
  else
    store_bind_null(s, 3);
  store_bind_text(s, 4, r.username);
  store_bind_text(s, 5, r.ip);
  store_bind_text(s, 6, r.action);
  store_bind_text(s, 7, r.object_type);
  store_bind_text(s, 8, r.object_id);
  store_bind_text(s, 9, r.result);
  store_bind_text(s, 10, r.before_json);
  store_bind_text(s, 11, r.after_json);
  store_bind_text(s, 12, r.detail);
  store_bind_text(s, 13, prev);
  store_bind_text(s, 14, hash);
  rc = store_step(s, err);
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

static const char *col(struct store_stmt *s, int i)
{
  return store_col_is_null(s, i) ? NULL : store_col_text(s, i);
}

int audit_verify(struct store *st, int64_t *out_checked, int64_t *out_bad_id,
                 struct lx_err *err)
{
  struct store_conn *c = NULL;
  struct store_stmt *s;
  char prev[65] = AUDIT_CHAIN_GENESIS;
  int64_t expect_id = 0, n = 0;
  int rc = store_read_acquire(st, &c, err);
  *out_checked = 0;
  *out_bad_id = 0;
  if (rc)
    return rc;
  rc = store_prepare(c,
                     "SELECT id, at, account_id, username, ip, action, "
                     "object_type, object_id, result, before_json, "
                     "after_json, detail, prev_hash, hash FROM audit_log "
                     "ORDER BY id",
                     &s, err);
  if (rc)
    goto done;
  while ((rc = store_step(s, err)) == STORE_ROW) {
    struct audit_rec r;
    char hash[65];
    memset(&r, 0, sizeof r);
    r.id = store_col_i64(s, 0);
    r.at_ms = store_col_i64(s, 1);
    r.user_id = store_col_i64(s, 2);
    r.username = col(s, 3);
    r.ip = col(s, 4);
    r.action = col(s, 5);
    r.object_type = col(s, 6);
    r.object_id = col(s, 7);
    r.result = col(s, 8);
    r.before_json = col(s, 9);
    r.after_json = col(s, 10);
    r.detail = col(s, 11);
    n++;
    if ((expect_id && r.id != expect_id) ||
        strcmp(col(s, 12) ? col(s, 12) : "", prev) != 0 ||
        audit_chain_hash(prev, &r, hash) != LX_OK ||
        strcmp(hash, col(s, 13) ? col(s, 13) : "") != 0) {
      *out_bad_id = expect_id && r.id != expect_id ? expect_id : r.id;
      store_stmt_done(s);
      rc = err_setf(err, LX_ECONFLICT, "audit.broken", "",
                    "审计日志在第 %lld 条记录处被篡改或删除",
                    (long long)*out_bad_id);
      goto done;
    }
    memcpy(prev, hash, sizeof prev);
    expect_id = r.id + 1;
  }
  store_stmt_done(s);
  rc = rc == STORE_DONE ? LX_OK : rc;
done:
  *out_checked = n;
  store_read_release(st, c);
  return rc;
}
