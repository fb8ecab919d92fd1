/*
 * api_auditlog.c — /api/v1/audit for the 审计管理员 (audit.read): the audit
 * log newest first with filters and a signed keyset cursor, one entry, and
 * the same list as an Excel workbook (?format=xlsx).  Read only: there is
 * no route that changes or deletes an entry (PUT/DELETE answer 405).  An
 * export is itself audited ("audit.export") before the file is sent; if
 * that entry cannot be written the export is refused (fail closed).
 */
#include "api/api_org.h"

#include "api/api_cursor.h"
#include "api/api_export.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "domain/org/org.h"
#include "store/sql_intern.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most rows one export may hold; narrow the filters beyond it. */
#define AUDIT_EXPORT_MAX 200000

struct audit_filter {
  const char *username, *action, *object_type, *object_id, *result;
  int action_prefix; /* action ends with '.': a prefix match */
  char action_like[160];
  int64_t from_ms, to_ms; /* [from, to), 0 = open */
  int64_t before_id;      /* keyset: ids below it (0 = newest) */
};

static int64_t local_midnight_ms(int32_t days)
{
  return (int64_t)days * 86400000 - (int64_t)time_get_offset_min() * 60000;
}

static int read_date(struct req *r, const char *name, int32_t *out,
                     int *present)
{
  const char *v = req_query(r, name);
  *present = 0;
  if (!v || !*v)
    return LX_OK;
  if (!time_parse_date(v, out))
    return err_setf(&r->err, LX_EINVAL, "query.date", name,
                    "参数 %s 必须是有效日期，格式为 YYYY-MM-DD", name);
  *present = 1;
  return LX_OK;
}

static int read_text(struct req *r, const char *name, size_t max,
                     const char **out)
{
  const char *v = req_query(r, name);
  *out = NULL;
  if (!v || !*v)
    return LX_OK;
  if (strlen(v) > max || v[0] == '\x01')
    return err_setf(&r->err, LX_EINVAL, "query.invalid", name,
                    "参数 %s 无效或过长", name);
  *out = v;
  return LX_OK;
}

static int read_filter(struct req *r, struct audit_filter *f)
{
  int32_t from = 0, to = 0;
  int has_from, has_to;
  int rc = read_text(r, "username", 64, &f->username);
  if (!rc)
    rc = read_text(r, "action", 64, &f->action);
  if (!rc)
    rc = read_text(r, "object_type", 32, &f->object_type);
  if (!rc)
    rc = read_text(r, "object_id", 32, &f->object_id);
  if (!rc)
    rc = read_text(r, "result", 8, &f->result);
  if (!rc && f->result && strcmp(f->result, "ok") &&
      strcmp(f->result, "fail") && strcmp(f->result, "deny"))
    rc = err_set(&r->err, LX_EINVAL, "query.invalid", "result",
                 "result 只能是 ok、fail 或 deny");
  if (!rc)
    rc = read_date(r, "from", &from, &has_from);
  if (!rc)
    rc = read_date(r, "to", &to, &has_to);
  if (rc)
    return rc;
  if (has_from && has_to && to < from)
    return err_set(&r->err, LX_EINVAL, "query.range", "to",
                   "结束日期不能早于开始日期");
  f->from_ms = has_from ? local_midnight_ms(from) : 0;
  f->to_ms = has_to ? local_midnight_ms(to + 1) : 0;
  if (f->action && f->action[strlen(f->action) - 1] == '.') {
    char esc[140];
    if (!org_like_escape(f->action, esc, sizeof esc))
      return err_set(&r->err, LX_EINVAL, "query.invalid", "action",
                     "参数 action 无效或过长");
    snprintf(f->action_like, sizeof f->action_like, "%s%%", esc);
    f->action_prefix = 1;
  }
  return LX_OK;
}

/* Builds and prepares the query for f (newest first, at most limit rows;
 * limit 0 = no limit).  Values are bound; the text comes from fixed
 * fragments and is interned for the statement cache. */
static int prepare(struct req *r, struct store_conn *c,
                   const struct audit_filter *f, int limit,
                   struct store_stmt **out)
{
  struct {
    const char *t;
    int64_t i;
  } v[12];
  int n = 0, rc;
  char buf[1024];
  struct sb sb;
  const char *sql;
  sb_init(&sb, NULL, buf, sizeof buf, sizeof buf - 1);
  sb_puts(&sb, "SELECT id, at, account_id, username, ip, action, "
               "object_type, object_id, result, before_json, after_json, "
               "detail FROM audit_log WHERE 1 = 1");
#define TEXT(frag, val)                                                        \
  do {                                                                         \
    sb_puts(&sb, frag);                                                        \
    v[n].t = (val);                                                            \
    v[n++].i = 0;                                                              \
  } while (0)
#define INT(frag, val)                                                         \
  do {                                                                         \
    sb_puts(&sb, frag);                                                        \
    v[n].t = NULL;                                                             \
    v[n++].i = (val);                                                          \
  } while (0)
  if (f->before_id)
    INT(" AND id < ?", f->before_id);
  if (f->username)
    TEXT(" AND username = ?", f->username);
  if (f->action && f->action_prefix)
    TEXT(" AND action LIKE ? ESCAPE '\\'", f->action_like);
  else if (f->action)
    TEXT(" AND action = ?", f->action);
  if (f->object_type)
    TEXT(" AND object_type = ?", f->object_type);
  if (f->object_id)
    TEXT(" AND object_id = ?", f->object_id);
  if (f->result)
    TEXT(" AND result = ?", f->result);
  if (f->from_ms)
    INT(" AND at >= ?", f->from_ms);
  if (f->to_ms)
    INT(" AND at < ?", f->to_ms);
  sb_puts(&sb, " ORDER BY id DESC");
  if (limit)
    INT(" LIMIT ?", limit);
#undef TEXT
#undef INT
  sql = sb_err(&sb) ? NULL : store_sql_intern(sb.buf);
  if (!sql)
    return err_set(&r->err, LX_EINTERNAL, "db.sql", "", "查询构造失败");
  rc = store_prepare(c, sql, out, &r->err);
  if (rc)
    return rc;
  for (int i = 0; i < n; i++) {
    if (v[i].t)
      store_bind_text(*out, i + 1, v[i].t);
    else
      store_bind_i64(*out, i + 1, v[i].i);
  }
  return LX_OK;
}

/* A stored before/after document: raw when it parses as JSON (it was
 * written by jw), else as a string (a row edited by hand must not break
 * the answer). */
static void doc(struct jw *j, const char *k, const char *text)
{
  json_t *t;
  jw_key(j, k);
  if (!text) {
    jw_null(j);
    return;
  }
  t = json_loads(text, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
  if (t)
    jw_raw(j, text);
  else
    jw_str(j, text);
  json_decref(t);
}

static void entry_json(struct jw *j, struct store_stmt *s)
{
  jw_obj(j);
  jw_ki64(j, "id", store_col_i64(s, 0));
  jw_ktime(j, "at", store_col_i64(s, 1));
  jw_key(j, "account_id");
  if (store_col_is_null(s, 2))
    jw_null(j);
  else
    jw_i64(j, store_col_i64(s, 2));
  jw_kstr(j, "username", store_col_text(s, 3));
  jw_kstr(j, "ip", store_col_text(s, 4));
  jw_kstr(j, "action", store_col_text(s, 5));
  jw_kstr(j, "object_type", store_col_text(s, 6));
  jw_kstr(j, "object_id", store_col_text(s, 7));
  jw_kstr(j, "result", store_col_text(s, 8));
  doc(j, "before", store_col_text(s, 9));
  doc(j, "after", store_col_text(s, 10));
  jw_kstr(j, "detail", store_col_text(s, 11));
  jw_obj_end(j);
}

static int export_xlsx(struct req *r, struct resp *w,
                       const struct audit_filter *f);

/* GET /api/v1/audit?username=&action=&object_type=&object_id=&result=
 *   &from=&to=&limit=&cursor=[&format=xlsx] */
int api_audit_list(struct req *r, struct resp *w)
{
  struct audit_filter f = {0};
  struct store_conn *c;
  struct store_stmt *s;
  const char *cur[1], *next = NULL;
  int limit, present, n = 0, xlsx;
  int64_t last = 0;
  struct jw j;
  int rc = read_filter(r, &f);
  if (!rc)
    rc = api_export_format(r, &xlsx);
  if (rc)
    return rc;
  if (xlsx)
    return export_xlsx(r, w, &f);
  rc = api_limit(r, &limit);
  if (!rc)
    rc = api_cursor_decode(r, "audit", cur, 1, &present);
  if (!rc && present) {
    char *end;
    long long id = strtoll(cur[0], &end, 10);
    if (*end || end == cur[0] || id <= 0)
      rc = err_set(&r->err, LX_EINVAL, "page.cursor", "cursor",
                   "分页游标无效，请从第一页重新查询");
    f.before_id = id;
  }
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = prepare(r, c, &f, limit + 1, &s);
  if (rc)
    return rc;
  api_list_begin(&j, w);
  while ((rc = store_step(s, &r->err)) == STORE_ROW) {
    if (n == limit) {
      char id[24];
      const char *fields[1] = {id};
      snprintf(id, sizeof id, "%lld", (long long)last);
      next = api_cursor_encode(r, "audit", fields, 1);
      rc = STORE_DONE;
      break;
    }
    entry_json(&j, s);
    last = store_col_i64(s, 0);
    n++;
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  api_list_end(&j, next);
  return LX_OK;
}

/* GET /api/v1/audit/:id */
int api_audit_get(struct req *r, struct resp *w)
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
                       "SELECT id, at, account_id, username, ip, action, "
                       "object_type, object_id, result, before_json, "
                       "after_json, detail FROM audit_log WHERE id = ?",
                       &s, &r->err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, &r->err);
  if (rc == STORE_ROW) {
    jw_init(&j, api_json(w, 200));
    entry_json(&j, s);
    rc = LX_OK;
  } else if (rc == STORE_DONE) {
    rc = api_not_found(r, "审计记录");
  }
  store_stmt_done(s);
  return rc;
}

/* ---- Excel export -------------------------------------------------------- */

static const struct xlsx_col cols[] = {
    {"序号", 10},   {"时间", 20},     {"用户名", 14},   {"IP 地址", 16},
    {"操作", 22},   {"对象类型", 12}, {"对象编号", 10}, {"结果", 8},
    {"变更前", 40}, {"变更后", 40},   {"说明", 40},
};

static const char *result_label(const char *res)
{
  if (!res)
    return NULL;
  if (!strcmp(res, "ok"))
    return "成功";
  if (!strcmp(res, "fail"))
    return "失败";
  if (!strcmp(res, "deny"))
    return "拒绝";
  return res;
}

static const char *const filter_keys[] = {"username",  "action", "object_type",
                                          "object_id", "result", "from",
                                          "to",        NULL};

static const struct api_export_spec export_spec = {
    .sheet = "审计日志",
    .file_utf8 = "审计日志.xlsx",
    .file_ascii = "audit-log.xlsx",
    .action = "audit.export",
    .object_type = "audit_log",
    .cols = cols,
    .n_cols = (int)LX_COUNT(cols),
    .max_rows = AUDIT_EXPORT_MAX,
    .filters = filter_keys,
};

static int export_xlsx(struct req *r, struct resp *w,
                       const struct audit_filter *f)
{
  struct api_export e;
  struct store_conn *c;
  struct store_stmt *s = NULL;
  int rc = api_export_begin(&e, r, &export_spec);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = prepare(r, c, f, AUDIT_EXPORT_MAX + 1, &s);
  while (!rc && (rc = store_step(s, &r->err)) == STORE_ROW) {
    struct xlsx *x = e.x;
    xlsx_number(x, 0, (double)store_col_i64(s, 0));
    xlsx_time(x, 1, store_col_i64(s, 1));
    xlsx_text(x, 2, store_col_text(s, 3));
    xlsx_text(x, 3, store_col_text(s, 4));
    xlsx_text(x, 4, store_col_text(s, 5));
    xlsx_text(x, 5, store_col_text(s, 6));
    xlsx_text(x, 6, store_col_text(s, 7));
    xlsx_text(x, 7, result_label(store_col_text(s, 8)));
    xlsx_text(x, 8, store_col_text(s, 9));
    xlsx_text(x, 9, store_col_text(s, 10));
    xlsx_text(x, 10, store_col_text(s, 11));
    rc = api_export_row_end(&e);
  }
  if (rc == STORE_DONE)
    rc = LX_OK;
  if (s)
    store_stmt_done(s);
  return api_export_end(&e, rc, w);
}
