/*
 * api_item_filter.c — the item list slice of issue 5 around
 * api_ledger.c: the extra list parameters (lead unit subtree, tag,
 * parent, sort) with the sort-aware signed cursor, the saved-view check
 * of a filter query string, tags and children in item JSON, reading tags
 * and parent from item bodies, tag suggestions (GET /api/v1/item-tags)
 * and bulk assignment (POST /api/v1/items/bulk-assign).
 *
 * Cursor: "items" kind, three fields {sort code ("id" for newest), sort
 * key of the last row, its id}; a cursor of another sort is refused.
 */
#include "api/api_ledger.h"

#include "api/api_cursor.h"
#include "api/api_org.h"
#include "base/arena.h"
#include "base/jw.h"
#include "base/sb.h"
#include "base/utf8.h"
#include "domain/ledger/assign.h"
#include "domain/ledger/tags.h"
#include "domain/ledger/tree.h"
#include "domain/org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const P_READ = "ledger.read";
static const char *const P_WRITE = "ledger.write";

static int bad_query(struct req *r, const char *field, const char *msg)
{
  return err_set(&r->err, LX_EINVAL, "query.invalid", field, msg);
}

int api_item_query_more(struct req *r, struct ledger_query *q)
{
  const char *v;
  int present = 0, rc;
  rc = api_query_int(r, "parent_id", 1, INT64_MAX, &q->parent_id, &present);
  if (rc)
    return rc;
  if (q->q &&
      (!utf8_valid(q->q, strlen(q->q)) || utf8_len(q->q) > LEDGER_QUERY_MAX))
    return err_setf(&r->err, LX_EINVAL, "query.invalid", "q",
                    "搜索内容不能超过 %d 个字", LEDGER_QUERY_MAX);
  v = req_query(r, "tag");
  if (v && *v) {
    if (!ledger_tag_valid(v))
      return bad_query(r, "tag", "标签无效（1至20个字）");
    q->tag = v;
  }
  v = req_query(r, "sort");
  if (!ledger_sort_parse(v, &q->sort))
    return bad_query(r, "sort",
                     "排序方式无效：可用 due_date、-due_date、updated_at、"
                     "-updated_at、code、progress、-progress");
  v = req_query(r, "subtree");
  if (v && *v && strcmp(v, "0") && strcmp(v, "false")) {
    struct store_conn *c;
    struct org_unit u;
    struct lx_err e;
    char *hi;
    if (strcmp(v, "1") && strcmp(v, "true"))
      return bad_query(r, "subtree", "subtree 只能是 1 或 0");
    if (!q->lead_unit_id)
      return bad_query(r, "subtree", "包含下级单位需要先选择牵头单位");
    rc = api_db(r, &c);
    if (rc)
      return rc;
    if (org_unit_get(c, r->arena, q->lead_unit_id, &u, &e) != LX_OK)
      return bad_query(r, "lead_unit_id", "所选牵头单位不存在");
    hi = arena_alloc(r->arena, strlen(u.path) + 8);
    policy_path_hi(u.path, hi, strlen(u.path) + 8);
    q->unit_lo = u.path;
    q->unit_hi = hi;
    q->lead_unit_id = 0; /* the range includes the unit itself */
  }
  return LX_OK;
}

static int bad_cursor(struct req *r, const char *msg)
{
  return err_set(&r->err, LX_EINVAL, "page.cursor", "cursor", msg);
}

int api_item_cursor_decode(struct req *r, struct ledger_query *q)
{
  const char *cur[3];
  const char *want =
      q->sort == LEDGER_SORT_NEWEST ? "id" : ledger_sort_code(q->sort);
  char *end;
  long long id;
  int present = 0;
  int rc = api_cursor_decode(r, "items", cur, 3, &present);
  if (rc || !present)
    return rc;
  if (strcmp(cur[0], want))
    return bad_cursor(r, "分页游标与当前排序方式不符，请从第一页重新查询");
  id = strtoll(cur[2], &end, 10);
  if (*end || end == cur[2] || id <= 0)
    return bad_cursor(r, "分页游标无效，请从第一页重新查询");
  if (q->sort == LEDGER_SORT_NEWEST) {
    q->before_id = id;
    return LX_OK;
  }
  if (!ledger_sort_key_valid(q->sort, cur[1]))
    return bad_cursor(r, "分页游标无效，请从第一页重新查询");
  q->after_key = cur[1];
  q->after_id = id;
  return LX_OK;
}

const char *api_item_cursor_next(struct req *r, const struct ledger_query *q,
                                 const struct ledger_item *last)
{
  char key[64], id[24];
  const char *f[3];
  f[0] = q->sort == LEDGER_SORT_NEWEST ? "id" : ledger_sort_code(q->sort);
  ledger_sort_key(q->sort, last, key, sizeof key);
  snprintf(id, sizeof id, "%lld", (long long)last->id);
  f[1] = key;
  f[2] = id;
  return api_cursor_encode(r, "items", f, 3);
}

/* The parameters a saved view's query may hold. */
static const char *const view_params[] = {
    "type_id",  "state",  "health", "lead_unit_id", "subtree",  "leader",
    "due_from", "due_to", "q",      "tag",          "parent_id"};

int api_item_query_check(struct req *r, const char *qs)
{
  struct ledger_query q = {0};
  const char *saved = r->raw_uri;
  char *uri;
  int rc;
  for (const char *p = qs; p && *p;) {
    const char *amp = strchr(p, '&'), *eq;
    size_t len = amp ? (size_t)(amp - p) : strlen(p), kl;
    int ok = 0;
    eq = memchr(p, '=', len);
    kl = eq ? (size_t)(eq - p) : len;
    for (size_t i = 0; kl && i < sizeof view_params / sizeof *view_params; i++)
      ok |= strlen(view_params[i]) == kl && !memcmp(view_params[i], p, kl);
    if (!ok)
      return err_setf(&r->err, LX_EINVAL, "view.query", "query",
                      "筛选条件含有不支持的参数「%.*s」",
                      (int)(kl > 32 ? 32 : kl), p);
    p += len;
    if (*p == '&')
      p++;
  }
  uri = arena_alloc(r->arena, strlen(qs ? qs : "") + 4);
  sprintf(uri, "/?%s", qs ? qs : "");
  r->raw_uri = uri;
  rc = api_item_query(r, &q);
  r->raw_uri = saved;
  if (rc == LX_EINVAL) /* name the parameter inside the query */
    snprintf(r->err.field, sizeof r->err.field, "query");
  return rc;
}

void api_item_tags_json(struct jw *j, const struct ledger_item *it)
{
  jw_key(j, "tags");
  jw_arr(j);
  for (int i = 0; i < it->n_tags; i++)
    jw_str(j, it->tags[i]);
  jw_arr_end(j);
}

void api_item_children_json(struct jw *j, const struct ledger_item *it)
{
  if (!it->children)
    return;
  jw_key(j, "children");
  jw_arr(j);
  for (int i = 0; i < it->n_children; i++) {
    const struct ledger_child *ch = &it->children[i];
    jw_obj(j);
    jw_ki64(j, "id", ch->id);
    jw_kstr(j, "code", ch->code);
    jw_kstr(j, "title", ch->title);
    jw_kstr(j, "state", ledger_state_code(ch->state));
    jw_kstr(j, "state_label", ledger_state_label(ch->state));
    jw_kstr(j, "health", ledger_health_code(ch->health));
    jw_kstr(j, "health_label", ledger_health_label(ch->health));
    jw_ki64(j, "progress", ch->progress);
    jw_kstr(j, "due_date", ch->due_date);
    jw_obj_end(j);
  }
  jw_arr_end(j);
}

int api_item_read_tags(struct req *r, json_t *body, struct ledger_item_in *in)
{
  json_t *a = json_object_get(body, "tags"), *v;
  size_t i;
  if (!a)
    return LX_OK;
  in->set_tags = 1;
  in->n_tags = 0;
  if (json_is_null(a))
    return LX_OK;
  if (!json_is_array(a))
    return err_set(&r->err, LX_EINVAL, "field.type", "tags",
                   "标签应为文字数组");
  if (json_array_size(a) > LEDGER_MAX_TAGS)
    return err_setf(&r->err, LX_EINVAL, "ledger.tag_too_many", "tags",
                    "标签最多 %d 个", LEDGER_MAX_TAGS);
  json_array_foreach(a, i, v)
  {
    if (!json_is_string(v))
      return err_set(&r->err, LX_EINVAL, "field.type", "tags",
                     "标签应为文字数组");
    in->tags[in->n_tags++] = api_keep(r, json_string_value(v));
  }
  return ledger_tags_check(in->tags, in->n_tags, &r->err);
}

int api_item_read_parent(struct req *r, json_t *body, struct ledger_item_in *in)
{
  json_t *v = json_object_get(body, "parent_id");
  struct store_conn *c;
  struct ledger_item parent;
  struct lx_err e;
  int rc;
  if (!v)
    return LX_OK;
  in->set_parent = 1;
  in->parent_id = 0;
  if (json_is_null(v) || (json_is_integer(v) && json_integer_value(v) == 0))
    return LX_OK;
  if (!json_is_integer(v) || json_integer_value(v) < 0)
    return err_set(&r->err, LX_EINVAL, "field.type", "parent_id",
                   "上级事项应为事项编号");
  in->parent_id = json_integer_value(v);
  rc = api_db(r, &c);
  if (rc)
    return rc;
  if (ledger_item_get(c, r->arena, in->parent_id, 0, &parent, &e) != LX_OK ||
      !ledger_item_visible(api_subject(r), P_READ, &parent))
    return err_set(&r->err, LX_EINVAL, "ledger.parent_missing", "parent_id",
                   "上级事项不存在");
  return LX_OK;
}

/* ---- GET /api/v1/item-tags?q= ---------------------------------------- */

int api_item_tags(struct req *r, struct resp *w)
{
  struct policy_filter f;
  struct store_conn *c;
  const char **tags, *q = req_query(r, "q");
  struct jw j;
  int n = 0, rc;
  if (policy_filter(api_subject(r), P_READ, &f) != LX_OK)
    return err_set(&r->err, LX_EFORBIDDEN, "auth.forbidden", "",
                   "没有权限执行此操作");
  if (q && (!*q || strlen(q) > 80 || !ledger_tag_valid(q))) {
    if (*q)
      return bad_query(r, "q", "搜索内容应为1至20个字的标签文字");
    q = NULL;
  }
  rc = api_db(r, &c);
  if (!rc)
    rc = ledger_tags_suggest(c, r->arena, &f, q, 20, &tags, &n, &r->err);
  if (rc)
    return rc;
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    jw_str(&j, tags[i]);
  api_list_end(&j, NULL);
  return LX_OK;
}

/* ---- POST /api/v1/items/bulk-assign ----------------------------------- */

struct bulk_job {
  struct req *r;
  int n;
  int64_t ids[LEDGER_BULK_MAX];
  struct ledger_assign as;
  struct ledger_who who;
};

/* "12, 15, 20" of the ids in v[0..n). */
static const char *id_list(struct req *r, const int64_t *v, int n)
{
  struct sb sb;
  sb_init(&sb, r->arena, NULL, 0, 4096);
  for (int i = 0; i < n; i++)
    sb_appendf(&sb, "%s%lld", i ? ", " : "", (long long)v[i]);
  return sb.buf ? sb.buf : "";
}

static int bulk_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct bulk_job *jb = ctx;
  struct req *r = jb->r;
  struct ledger_item *items =
      arena_zalloc(r->arena, sizeof *items * (size_t)jb->n);
  int64_t *bad = arena_zalloc(r->arena, sizeof *bad * (size_t)jb->n);
  int n_missing = 0, n_state = 0, n_co = 0;
  struct sb after;
  int rc = ledger_assign_resolve(c, r->arena, &jb->as, err);
  if (rc)
    return rc;
  for (int i = 0; i < jb->n; i++) {
    struct lx_err e;
    if (ledger_item_get(c, r->arena, jb->ids[i], 0, &items[i], &e) != LX_OK ||
        !ledger_item_visible(api_subject(r), P_WRITE, &items[i]))
      bad[n_missing++] = jb->ids[i];
  }
  if (n_missing)
    return err_setf(err, LX_ENOTFOUND, "not_found", "ids",
                    "以下事项不存在或不在您的管理范围内：%s",
                    id_list(r, bad, n_missing));
  for (int i = 0; i < jb->n; i++)
    if (!ledger_assign_state_ok(&items[i], &jb->as))
      bad[n_state++] = jb->ids[i];
  if (n_state)
    return err_setf(err, LX_ECONFLICT, "ledger.not_assignable", "ids",
                    jb->as.lead_unit_id
                        ? "以下事项已签收、已销号或已撤销，不能改派牵头单位：%s"
                        : "以下事项已销号或已撤销，不能分派：%s",
                    id_list(r, bad, n_state));
  for (int i = 0; i < jb->n; i++)
    if (ledger_assign_co_conflict(&items[i], &jb->as))
      bad[n_co++] = jb->ids[i];
  if (n_co)
    return err_setf(err, LX_EINVAL, "ledger.co_unit_is_lead", "lead_unit_id",
                    "所选牵头单位已是以下事项的配合单位：%s",
                    id_list(r, bad, n_co));
  for (int i = 0; !rc && i < jb->n; i++)
    rc = ledger_item_assign(c, r->arena, &items[i], &jb->as, &jb->who, err);
  if (rc)
    return rc;
  sb_init(&after, r->arena, NULL, 0, 8192);
  sb_appendf(&after, "{\"ids\":[%s]", id_list(r, jb->ids, jb->n));
  if (jb->as.lead_unit_id)
    sb_appendf(&after, ",\"lead_unit_id\":%lld",
               (long long)jb->as.lead_unit_id);
  if (jb->as.owner_account_id)
    sb_appendf(&after, ",\"owner_account_id\":%lld",
               (long long)jb->as.owner_account_id);
  if (jb->as.leader_id)
    sb_appendf(&after, ",\"lead_leader_person_id\":%lld",
               (long long)jb->as.leader_id);
  sb_puts(&after, "}");
  return api_audit(r, c, "item.bulk_assign", "item", 0, "ok", NULL, after.buf,
                   arena_printf(r->arena, "批量分派 %d 个事项", jb->n));
}

int api_item_bulk_assign(struct req *r, struct resp *w)
{
  struct bulk_job *jb = arena_zalloc(r->arena, sizeof *jb);
  const struct subject *s = api_subject(r);
  json_t *body = NULL, *ids, *v;
  struct jw j;
  size_t i;
  int present = 0;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->r = r;
  api_ledger_who(r, &jb->who);
  ids = json_object_get(body, "ids");
  if (!json_is_array(ids) || json_array_size(ids) < 1 ||
      json_array_size(ids) > LEDGER_BULK_MAX)
    rc = err_setf(&r->err, LX_EINVAL, "field.invalid", "ids",
                  "请选择1至%d个事项", LEDGER_BULK_MAX);
  if (!rc)
    json_array_foreach(ids, i, v)
    {
      if (!json_is_integer(v) || json_integer_value(v) <= 0) {
        rc = err_set(&r->err, LX_EINVAL, "field.type", "ids",
                     "ids 应为事项编号数组");
        break;
      }
      for (int k = 0; k < jb->n; k++)
        if (jb->ids[k] == json_integer_value(v)) {
          rc = err_setf(&r->err, LX_EINVAL, "field.duplicate", "ids",
                        "事项 %lld 重复", (long long)jb->ids[k]);
          break;
        }
      if (rc)
        break;
      jb->ids[jb->n++] = json_integer_value(v);
    }
  if (!rc)
    rc = api_get_int(r, body, "lead_unit_id", 0, 1, INT64_MAX,
                     &jb->as.lead_unit_id, &present);
  if (!rc)
    rc = api_get_int(r, body, "owner_account_id", 0, 1, INT64_MAX,
                     &jb->as.owner_account_id, &present);
  if (!rc)
    rc = api_get_int(r, body, "lead_leader_person_id", 0, 1, INT64_MAX,
                     &jb->as.leader_id, &present);
  json_decref(body);
  if (rc)
    return rc;
  if (jb->as.lead_unit_id) { /* a unit the caller may write for */
    struct store_conn *c;
    struct org_unit u;
    struct lx_err e;
    rc = api_db(r, &c);
    if (rc)
      return rc;
    if (org_unit_get(c, r->arena, jb->as.lead_unit_id, &u, &e) != LX_OK ||
        !policy_allows(s, P_WRITE, u.path, 0, 0))
      return err_set(&r->err, LX_EINVAL, "ledger.unit_missing", "lead_unit_id",
                     "所选牵头单位不存在或不在您的管理范围内");
  }
  rc = api_write(r, bulk_job, jb);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_ki64(&j, "updated", jb->n);
  jw_key(&j, "ids");
  jw_arr(&j);
  for (int k = 0; k < jb->n; k++)
    jw_i64(&j, jb->ids[k]);
  jw_arr_end(&j);
  jw_obj_end(&j);
  return LX_OK;
}
