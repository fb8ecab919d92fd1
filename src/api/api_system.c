/*
 * api_system.c — health, metrics, version and the browser error report.
 */
#include "api/api.h"
#include "api/api_cursor.h"

#include "base/jw.h"
#include "base/timeutil.h"
#include "http/metrics.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* GET /healthz: 200 {"status":"ok"} when the database answers. */
int api_system_healthz(struct req *r, struct resp *w)
{
  struct store_conn *c;
  int64_t one = 0;
  int rc = api_db(r, &c);
  if (!rc)
    rc = store_query_i64(c, "SELECT 1", 0, 0, &one, &r->err);
  if (rc)
    return err_set(&r->err, LX_EBUSY, "health.db", "", "数据库不可用");
  sb_puts(api_json(w, 200), "{\"status\":\"ok\"}");
  return LX_OK;
}

/* GET /metrics: Prometheus text format. */
int api_system_metrics(struct req *r, struct resp *w)
{
  struct app *app = r->app;
  w->status = 200;
  w->content_type = "text/plain; version=0.0.4; charset=utf-8";
  metrics_render(&w->body, app->store);
  return LX_OK;
}

/* GET /api/v1/version */
int api_system_version(struct req *r, struct resp *w)
{
  struct app *app = r->app;
  struct jw j;
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_kstr(&j, "name", "luoshi");
  jw_kstr(&j, "version", app->version);
  jw_kstr(&j, "store", store_engine_version());
  jw_obj_end(&j);
  return LX_OK;
}

struct client_error {
  const char *ip, *url, *message, *stack, *user_agent;
  int64_t id;
};

static int insert_client_error(struct store_conn *c, void *vctx,
                               struct lx_err *err)
{
  struct client_error *ce = vctx;
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "INSERT INTO client_error(at, ip, url, message, "
                         "stack, user_agent) VALUES (?, ?, ?, ?, ?, ?) "
                         "RETURNING id",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, time_now_ms());
  store_bind_text(s, 2, ce->ip);
  store_bind_text(s, 3, ce->url);
  store_bind_text(s, 4, ce->message);
  store_bind_text(s, 5, ce->stack);
  store_bind_text(s, 6, ce->user_agent);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    ce->id = store_col_i64(s, 0);
    rc = LX_OK;
  }
  store_stmt_done(s);
  return rc;
}

/* POST /api/v1/client-errors {message, url, stack?}: the web UI reports a
 * script error or a failed call.  201 {"id":N}. */
int api_system_client_error(struct req *r, struct resp *w)
{
  struct app *app = r->app;
  struct client_error ce = {0};
  json_t *body = NULL;
  struct jw j;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "message", 1, 2000, &ce.message);
  if (!rc)
    rc = api_get_str(r, body, "url", 1, 2000, &ce.url);
  if (!rc)
    rc = api_get_str(r, body, "stack", 0, 8000, &ce.stack);
  if (rc)
    goto done;
  ce.ip = r->ip;
  ce.user_agent = req_header(r, "User-Agent");
  if (ce.user_agent && strlen(ce.user_agent) > 500)
    ce.user_agent = NULL;
  rc = store_write(app->store, insert_client_error, &ce, &r->err);
  if (rc)
    goto done;
  jw_init(&j, api_json(w, 201));
  jw_obj(&j);
  jw_ki64(&j, "id", ce.id);
  jw_obj_end(&j);
done:
  json_decref(body);
  return rc;
}

static void client_error_json(struct jw *j, struct store_stmt *s)
{
  jw_obj(j);
  jw_ki64(j, "id", store_col_i64(s, 0));
  jw_ktime(j, "at", store_col_i64(s, 1));
  jw_kstr(j, "ip", store_col_text(s, 2));
  jw_kstr(j, "url", store_col_text(s, 3));
  jw_kstr(j, "message", store_col_text(s, 4));
  jw_kstr(j, "stack", store_col_text(s, 5));
  jw_kstr(j, "user_agent", store_col_text(s, 6));
  jw_obj_end(j);
}

/* GET /api/v1/client-errors?limit=&cursor= — newest first. */
int api_system_client_errors(struct req *r, struct resp *w)
{
  struct store_conn *c;
  struct store_stmt *s;
  struct jw j;
  int limit, n = 0, rc, present;
  int64_t cursor = 0, last = 0;
  const char *cur[1];
  rc = api_limit(r, &limit);
  if (!rc)
    rc = api_cursor_decode(r, "client_errors", cur, 1, &present);
  if (!rc && present) {
    char *end;
    long long v = strtoll(cur[0], &end, 10);
    if (*end || end == cur[0] || v <= 0)
      return err_set(&r->err, LX_EINVAL, "page.cursor", "cursor",
                     "分页游标无效");
    cursor = v;
  }
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = store_prepare(c,
                       "SELECT id, at, ip, url, message, stack, user_agent "
                       "FROM client_error WHERE (? = 0 OR id < ?) "
                       "ORDER BY id DESC LIMIT ?",
                       &s, &r->err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, cursor);
  store_bind_i64(s, 2, cursor);
  store_bind_i64(s, 3, limit + 1);
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_key(&j, "items");
  jw_arr(&j);
  while ((rc = store_step(s, &r->err)) == STORE_ROW) {
    if (n == limit)
      break;
    client_error_json(&j, s);
    last = store_col_i64(s, 0);
    n++;
  }
  jw_arr_end(&j);
  jw_key(&j, "next_cursor");
  if (rc == STORE_ROW) {
    char buf[24];
    const char *f[1] = {buf};
    snprintf(buf, sizeof buf, "%lld", (long long)last);
    jw_str(&j, api_cursor_encode(r, "client_errors", f, 1));
    rc = STORE_DONE;
  } else {
    jw_null(&j);
  }
  jw_obj_end(&j);
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

/* GET /api/v1/client-errors/:id */
int api_system_client_error_get(struct req *r, struct resp *w)
{
  struct store_conn *c;
  struct store_stmt *s;
  struct jw j;
  int64_t id;
  int rc = req_param_id(r, "id", &id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = store_prepare(c,
                       "SELECT id, at, ip, url, message, stack, user_agent "
                       "FROM client_error WHERE id = ?",
                       &s, &r->err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, &r->err);
  if (rc == STORE_ROW) {
    jw_init(&j, api_json(w, 200));
    client_error_json(&j, s);
    rc = LX_OK;
  } else if (rc == STORE_DONE) {
    rc = err_set(&r->err, LX_ENOTFOUND, "client_error.not_found", "id",
                 "记录不存在");
  }
  store_stmt_done(s);
  return rc;
}
