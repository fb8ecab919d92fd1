/*
 * api_view.c — saved list views (我的视图, permission "login"): each
 * account lists, saves and deletes only its own; someone else's view
 * answers 404 like a missing one.  A view's query is checked with the
 * item list's own parser (api_item_query_check) and its sort with
 * ledger_sort_parse before it is saved.  Saves and deletes are audited.
 */
#include "api/api_ledger.h"

#include "api/api_org.h"
#include "base/arena.h"
#include "base/jw.h"
#include "domain/ledger/views.h"

#include <string.h>

static void view_json(struct jw *j, const struct ledger_view *v)
{
  jw_obj(j);
  jw_ki64(j, "id", v->id);
  jw_kstr(j, "page", v->page);
  jw_kstr(j, "name", v->name);
  jw_kstr(j, "query", v->query);
  jw_kstr(j, "sort", v->sort);
  jw_ktime(j, "created_at", v->created_at);
  jw_obj_end(j);
}

/* GET /api/v1/saved-views?page=items */
int api_view_list(struct req *r, struct resp *w)
{
  struct store_conn *c;
  struct ledger_view *v;
  const char *page = req_query(r, "page");
  struct jw j;
  int n = 0, rc;
  if (page && !*page)
    page = NULL;
  if (page && !ledger_view_page_valid(page))
    return err_set(&r->err, LX_EINVAL, "query.invalid", "page",
                   "页面无效：目前只有 items（事项列表）");
  rc = api_db(r, &c);
  if (!rc)
    rc = ledger_view_list(c, r->arena, api_subject(r)->account_id, page, &v, &n,
                          &r->err);
  if (rc)
    return rc;
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    view_json(&j, &v[i]);
  api_list_end(&j, NULL);
  return LX_OK;
}

struct view_job {
  struct req *r;
  struct ledger_view v;
  int64_t id;
};

static int create_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct view_job *jb = ctx;
  int rc = ledger_view_create(c, api_subject(jb->r)->account_id, &jb->v,
                              &jb->id, err);
  if (!rc)
    rc = api_audit(jb->r, c, "view.create", "saved_view", jb->id, "ok", NULL,
                   NULL, jb->v.name);
  return rc;
}

/* POST /api/v1/saved-views {page, name, query, sort} → 201 the view */
int api_view_create(struct req *r, struct resp *w)
{
  struct view_job *jb = arena_zalloc(r->arena, sizeof *jb);
  json_t *body = NULL;
  const char *v = NULL;
  enum ledger_sort sort;
  struct jw j;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->r = r;
  rc = api_get_str(r, body, "page", 1, 20, &v);
  if (!rc)
    jb->v.page = api_keep(r, v);
  if (!rc)
    rc = api_get_str(r, body, "name", 1, LEDGER_VIEW_NAME_MAX, &v);
  if (!rc)
    jb->v.name = api_keep(r, v);
  if (!rc)
    rc = api_get_str(r, body, "query", 0, LEDGER_VIEW_QUERY_MAX, &v);
  if (!rc)
    jb->v.query = api_keep(r, v && *v == '?' ? v + 1 : v ? v : "");
  if (!rc)
    rc = api_get_str(r, body, "sort", 0, 20, &v);
  if (!rc)
    jb->v.sort = api_keep(r, v ? v : "");
  json_decref(body);
  if (rc)
    return rc;
  if (!ledger_view_page_valid(jb->v.page))
    return err_set(&r->err, LX_EINVAL, "field.invalid", "page",
                   "页面无效：目前只有 items（事项列表）可保存视图");
  if (!ledger_sort_parse(jb->v.sort, &sort))
    return err_set(&r->err, LX_EINVAL, "field.invalid", "sort", "排序方式无效");
  if (strlen(jb->v.query) > LEDGER_VIEW_QUERY_MAX)
    return err_set(&r->err, LX_EINVAL, "field.too_long", "query",
                   "筛选条件过长");
  rc = api_item_query_check(r, jb->v.query);
  if (!rc)
    rc = api_write(r, create_job, jb);
  if (rc)
    return rc;
  jb->v.id = jb->id;
  jw_init(&j, api_json(w, 201));
  view_json(&j, &jb->v);
  return LX_OK;
}

static int delete_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct view_job *jb = ctx;
  int rc = ledger_view_delete(c, api_subject(jb->r)->account_id, jb->id, err);
  if (!rc)
    rc = api_audit(jb->r, c, "view.delete", "saved_view", jb->id, "ok", NULL,
                   NULL, NULL);
  return rc;
}

/* DELETE /api/v1/saved-views/:id → 204 */
int api_view_delete(struct req *r, struct resp *w)
{
  struct view_job *jb = arena_zalloc(r->arena, sizeof *jb);
  int rc = req_param_id(r, "id", &jb->id);
  if (rc)
    return rc;
  jb->r = r;
  rc = api_write(r, delete_job, jb);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "视图");
  if (rc)
    return rc;
  w->status = 204;
  return LX_OK;
}
