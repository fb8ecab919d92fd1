/*
 * api_ledger.c — /api/v1/ledger-types and /api/v1/items: the ledger
 * types with their custom fields, the scope-filtered item list (signed
 * keyset cursor, newest first), one item with its co-units, milestones,
 * custom fields and timeline, create and edit by 督查室, and state
 * transitions decided by the lifecycle module (the route only needs
 * ledger.read; ledger_transition_check decides who may do what, 409 for
 * the wrong state and 403 for the wrong actor).  Every write is audited
 * in the same job as its timeline event.  Items outside the caller's
 * scope answer 404 like missing ones.
 */
#include "api/api_org.h"

#include "api/api_cursor.h"
#include "api/api_ledger.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "domain/ledger/attachment.h"
#include "domain/ledger/item.h"
#include "domain/ledger/tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const P_READ = "ledger.read";
static const char *const P_WRITE = "ledger.write";

/* ---- JSON ----------------------------------------------------------- */

static void jw_kdate(struct jw *j, const char *k, const char *v)
{
  jw_kstr(j, k, v && *v ? v : NULL);
}

static void jw_kid(struct jw *j, const char *k, int64_t v)
{
  jw_key(j, k);
  if (v)
    jw_i64(j, v);
  else
    jw_null(j);
}

/* The item's members.  The list (full = 0) answers a summary — what a
 * list page shows and sorts by (the filters' and sorts' fields); the
 * detail (full = 1) everything. */
static void item_json(struct jw *j, const struct ledger_item *it, int full)
{
  jw_ki64(j, "id", it->id);
  jw_ki64(j, "type_id", it->type_id);
  if (full)
    jw_kstr(j, "type_code", it->type_code);
  jw_kstr(j, "type_name", it->type_name);
  jw_kstr(j, "code", it->code);
  if (full)
    jw_ki64(j, "year", it->year);
  jw_kstr(j, "title", it->title);
  if (full)
    jw_kstr(j, "description", it->description);
  jw_kid(j, "parent_id", it->parent_id);
  if (full) {
    jw_ki64(j, "depth", it->depth);
    jw_kid(j, "lead_leader_person_id", it->leader_id);
  }
  jw_kstr(j, "lead_leader_name", it->leader_name);
  jw_ki64(j, "lead_unit_id", it->lead_unit_id);
  jw_kstr(j, "lead_unit_name", it->lead_unit_name);
  if (full) {
    jw_kid(j, "owner_account_id", it->owner_account_id);
    jw_kstr(j, "owner_name", it->owner_name);
    jw_kdate(j, "start_date", it->start_date);
  }
  jw_kdate(j, "due_date", it->due_date);
  jw_kdate(j, "original_due_date", it->original_due_date);
  jw_kstr(j, "state", ledger_state_code(it->state));
  jw_kstr(j, "state_label", ledger_state_label(it->state));
  jw_kstr(j, "health", ledger_health_code(it->health));
  jw_kstr(j, "health_label", ledger_health_label(it->health));
  jw_ki64(j, "progress", it->progress);
  jw_kstr(j, "priority", it->priority);
  if (full) {
    jw_key(j, "indicator_target");
    if (it->has_target)
      jw_double(j, it->target);
    else
      jw_null(j);
    jw_key(j, "indicator_actual");
    if (it->has_actual)
      jw_double(j, it->actual);
    else
      jw_null(j);
    jw_kstr(j, "indicator_unit", it->indicator_unit);
    jw_ki64(j, "created_by", it->created_by);
    jw_ktime(j, "created_at", it->created_at);
  }
  jw_ktime(j, "updated_at", it->updated_at);
  api_item_tags_json(j, it);
}

/* The detail: item_json plus co-units, milestones, custom fields (private
 * ones only for 督查室 and the lead unit) and the timeline. */
static void item_detail_json(struct jw *j, struct req *r,
                             const struct ledger_item *it,
                             const struct ledger_type *t)
{
  const struct subject *s = api_subject(r);
  struct ledger_actor who;
  int see_private;
  ledger_actor_from_subject(&who, s, it->lead_unit_path);
  see_private =
      who.is_lead_unit || policy_allows(s, P_WRITE, it->lead_unit_path, 0, 0);
  jw_obj(j);
  item_json(j, it, 1);
  jw_key(j, "co_units");
  jw_arr(j);
  for (int i = 0; i < it->n_co; i++) {
    jw_obj(j);
    jw_ki64(j, "id", it->co[i].unit_id);
    jw_kstr(j, "name", it->co[i].name);
    jw_obj_end(j);
  }
  jw_arr_end(j);
  jw_key(j, "milestones");
  jw_arr(j);
  for (int i = 0; i < it->n_milestones; i++) {
    const struct ledger_milestone *m = &it->milestones[i];
    jw_obj(j);
    jw_ki64(j, "id", m->id);
    jw_kstr(j, "title", m->title);
    jw_kstr(j, "due_date", m->due_date);
    jw_key(j, "done_at");
    jw_time(j, m->done_at, 1);
    jw_obj_end(j);
  }
  jw_arr_end(j);
  jw_key(j, "fields");
  jw_obj(j);
  for (int i = 0; i < it->n_fields; i++) {
    int priv = 0;
    for (int k = 0; t && k < t->n_fields; k++)
      if (!strcmp(t->fields[k].def.key, it->fields[i].key))
        priv = t->fields[k].is_private;
    if (!priv || see_private)
      jw_kstr(j, it->fields[i].key, it->fields[i].value);
  }
  jw_obj_end(j);
  jw_key(j, "timeline");
  jw_arr(j);
  for (int i = 0; i < it->n_events; i++) {
    const struct ledger_event *e = &it->events[i];
    jw_obj(j);
    jw_ki64(j, "id", e->id);
    jw_ktime(j, "at", e->at);
    jw_ki64(j, "account_id", e->account_id);
    jw_kstr(j, "actor_name", e->actor_name);
    jw_kstr(j, "action", e->action);
    jw_kstr(j, "action_label", ledger_event_label(e->action));
    jw_kstr(j, "from_state", e->from_state);
    jw_kstr(j, "to_state", e->to_state);
    jw_kstr(j, "comment", e->comment);
    jw_obj_end(j);
  }
  jw_arr_end(j);
  api_item_children_json(j, it);
  jw_obj_end(j);
}

/* A compact document for the audit log. */
static const char *item_doc(struct req *r, const struct ledger_item *it)
{
  return arena_printf(r->arena, "{\"id\":%lld,\"state\":\"%s\"}",
                      (long long)it->id, ledger_state_code(it->state));
}

static void field_def_json(struct jw *j, const struct ledger_field_rec *f)
{
  jw_obj(j);
  jw_ki64(j, "id", f->id);
  jw_kbool(j, "archived", f->archived);
  jw_kstr(j, "key", f->def.key);
  jw_kstr(j, "label", f->def.label);
  jw_kstr(j, "type", ledger_field_type_code(f->def.type));
  jw_kstr(j, "type_label", ledger_field_type_label(f->def.type));
  jw_kbool(j, "required", f->def.required);
  jw_kbool(j, "private", f->is_private);
  jw_key(j, "options");
  jw_arr(j);
  for (int k = 0; k < f->def.n_options; k++)
    jw_str(j, f->def.options[k]);
  jw_arr_end(j);
  jw_key(j, "min");
  if (f->def.has_min)
    jw_double(j, f->def.min);
  else
    jw_null(j);
  jw_key(j, "max");
  if (f->def.has_max)
    jw_double(j, f->def.max);
  else
    jw_null(j);
  jw_obj_end(j);
}

static void type_json(struct jw *j, const struct ledger_type *t, int fields)
{
  jw_obj(j);
  jw_ki64(j, "id", t->id);
  jw_kstr(j, "code", t->code);
  jw_kstr(j, "name", t->name);
  jw_kstr(j, "description", t->description);
  jw_kbool(j, "builtin", t->builtin);
  jw_ki64(j, "sort", t->sort);
  if (fields) {
    jw_key(j, "fields");
    jw_arr(j);
    for (int i = 0; i < t->n_fields; i++)
      field_def_json(j, &t->fields[i]);
    jw_arr_end(j);
  }
  jw_obj_end(j);
}

void api_ledger_type_json(struct jw *j, const struct ledger_type *t)
{
  type_json(j, t, 1);
}

/* ---- types ---------------------------------------------------------- */

/* GET /api/v1/ledger-types */
int api_ledger_type_list(struct req *r, struct resp *w)
{
  struct store_conn *c;
  struct ledger_type *t;
  struct jw j;
  int n, rc = api_db(r, &c);
  if (!rc)
    rc = ledger_type_list(c, r->arena, &t, &n, &r->err);
  if (rc)
    return rc;
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    type_json(&j, &t[i], 0);
  api_list_end(&j, NULL);
  return LX_OK;
}

/* GET /api/v1/ledger-types/:id — with its fields. */
int api_ledger_type_get(struct req *r, struct resp *w)
{
  struct store_conn *c;
  struct ledger_type t;
  struct jw j;
  int64_t id;
  int rc = req_param_id(r, "id", &id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = ledger_type_get(c, r->arena, id, &t, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "台账类型");
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  type_json(&j, &t, 1);
  return LX_OK;
}

/* ---- items: reading ------------------------------------------------- */

int api_item_load(struct req *r, const char *perm, int full,
                  struct ledger_item *it)
{
  struct store_conn *c;
  int64_t id;
  int rc = req_param_id(r, "id", &id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = ledger_item_get(c, r->arena, id, full, it, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "事项");
  if (!rc && !ledger_item_visible(api_subject(r), perm, it))
    return api_out_of_scope(r, "事项");
  return rc;
}

void api_ledger_who(struct req *r, struct ledger_who *who)
{
  const struct subject *s = api_subject(r);
  who->account_id = s->account_id;
  who->name = s->name[0] ? s->name : s->username;
}

static int render_item(struct req *r, struct resp *w, int status, int64_t id)
{
  struct store_conn *c;
  struct ledger_item it;
  struct ledger_type t;
  struct jw j;
  int rc = api_db(r, &c);
  if (!rc)
    rc = ledger_item_get(c, r->arena, id, 1, &it, &r->err);
  if (!rc)
    rc = ledger_type_get(c, r->arena, it.type_id, &t, &r->err);
  if (!rc)
    rc = ledger_item_children(c, r->arena, id, &it.children, &it.n_children,
                              &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, status));
  item_detail_json(&j, r, &it, &t);
  return LX_OK;
}

/* GET /api/v1/items/:id */
int api_item_get(struct req *r, struct resp *w)
{
  struct ledger_item it;
  int rc = api_item_load(r, P_READ, 0, &it);
  if (rc)
    return rc;
  return render_item(r, w, 200, it.id);
}

static int query_date(struct req *r, const char *name, const char **out)
{
  const char *v = req_query(r, name);
  int32_t d;
  *out = NULL;
  if (!v || !*v)
    return LX_OK;
  if (!time_parse_date(v, &d))
    return err_setf(&r->err, LX_EINVAL, "query.invalid", name,
                    "%s 不是有效日期（格式 YYYY-MM-DD）", name);
  *out = v;
  return LX_OK;
}

/* Reads the list filters shared by GET /api/v1/items and its Excel export
 * (api_import.c) into q (limit and cursor are the caller's).
 * rc: LX_OK; LX_EINVAL ("query.invalid", field = the parameter). */
int api_item_query(struct req *r, struct ledger_query *q)
{
  enum ledger_state st;
  int present;
  int rc = api_query_int(r, "type_id", 1, INT64_MAX, &q->type_id, &present);
  if (!rc)
    rc = api_query_int(r, "lead_unit_id", 1, INT64_MAX, &q->lead_unit_id,
                       &present);
  if (!rc)
    rc = api_query_int(r, "leader", 1, INT64_MAX, &q->leader_id, &present);
  if (!rc) {
    q->state = req_query(r, "state");
    if (q->state && !*q->state)
      q->state = NULL;
    if (q->state && !ledger_state_parse(q->state, &st))
      rc = err_set(&r->err, LX_EINVAL, "query.invalid", "state", "状态无效");
  }
  if (!rc) {
    int ok = 0;
    q->health = req_query(r, "health");
    if (q->health && !*q->health)
      q->health = NULL;
    for (int h = 0; q->health && h < LEDGER_HEALTH_COUNT; h++)
      ok |= !strcmp(q->health, ledger_health_code((enum ledger_health)h));
    if (q->health && !ok)
      rc = err_set(&r->err, LX_EINVAL, "query.invalid", "health", "健康度无效");
  }
  if (!rc)
    rc = query_date(r, "due_from", &q->due_from);
  if (!rc)
    rc = query_date(r, "due_to", &q->due_to);
  if (!rc) {
    q->q = req_query(r, "q");
    if (q->q && !*q->q)
      q->q = NULL;
  }
  if (!rc)
    rc = api_item_query_more(r, q); /* subtree, tag, parent_id, sort */
  return rc;
}

/* GET /api/v1/items?type_id=&state=&health=&lead_unit_id=&leader=
 *   &due_from=&due_to=&q=&limit=&cursor= */
int api_item_list(struct req *r, struct resp *w)
{
  struct ledger_query q = {0};
  struct policy_filter f;
  struct store_conn *c;
  struct ledger_item *rows;
  const char *next = NULL;
  int n, more, limit;
  struct jw j;
  int rc = policy_filter(api_subject(r), P_READ, &f);
  if (rc)
    return err_set(&r->err, LX_EFORBIDDEN, "auth.forbidden", "",
                   "没有权限执行此操作");
  rc = api_limit(r, &limit);
  if (!rc)
    rc = api_item_query(r, &q);
  if (!rc)
    rc = api_item_cursor_decode(r, &q); /* for q.sort */
  if (!rc)
    rc = api_db(r, &c);
  q.limit = limit;
  q.summary = 1; /* item_json(…, 0) shows no description or owner */
  if (!rc)
    rc = ledger_item_list(c, r->arena, &f, &q, &rows, &n, &more, &r->err);
  if (rc)
    return rc;
  if (more && n > 0)
    next = api_item_cursor_next(r, &q, &rows[n - 1]);
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++) {
    jw_obj(&j);
    item_json(&j, &rows[i], 0);
    jw_obj_end(&j);
  }
  api_list_end(&j, next);
  return LX_OK;
}

/* ---- items: writing ------------------------------------------------- */

static int bad_type(struct req *r, const char *field, const char *msg)
{
  return err_set(&r->err, LX_EINVAL, "field.type", field, msg);
}

static int opt_str(struct req *r, json_t *body, const char *key, size_t max,
                   const char **dst)
{
  const char *v = NULL;
  int rc = api_get_str(r, body, key, 0, max, &v);
  if (!rc && api_has(body, key))
    *dst = v && *v ? api_keep(r, v) : NULL;
  return rc;
}

static int opt_id(struct req *r, json_t *body, const char *key, int64_t *dst)
{
  int64_t v = 0;
  int present = 0;
  int rc = api_get_int(r, body, key, 0, 1, INT64_MAX, &v, &present);
  if (!rc && api_has(body, key))
    *dst = present ? v : 0;
  return rc;
}

static int opt_num(struct req *r, json_t *body, const char *key, int *has,
                   double *dst)
{
  json_t *v = json_object_get(body, key);
  if (!v)
    return LX_OK;
  if (json_is_null(v)) {
    *has = 0;
    return LX_OK;
  }
  if (!json_is_number(v))
    return bad_type(r, key, "应为数字");
  *has = 1;
  *dst = json_number_value(v);
  return LX_OK;
}

static int read_co(struct req *r, json_t *body, struct ledger_item_in *in)
{
  json_t *a = json_object_get(body, "co_unit_ids"), *v;
  size_t i;
  if (!a)
    return LX_OK;
  in->set_co = 1;
  in->n_co = 0;
  if (json_is_null(a))
    return LX_OK;
  if (!json_is_array(a))
    return bad_type(r, "co_unit_ids", "配合单位应为单位编号数组");
  if (json_array_size(a) > LEDGER_MAX_CO_UNITS)
    return err_setf(&r->err, LX_EINVAL, "field.too_many", "co_unit_ids",
                    "配合单位最多 %d 个", LEDGER_MAX_CO_UNITS);
  json_array_foreach(a, i, v)
  {
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
      return bad_type(r, "co_unit_ids", "配合单位应为单位编号数组");
    in->co[in->n_co++] = json_integer_value(v);
  }
  return LX_OK;
}

static int read_fields(struct req *r, json_t *body, struct ledger_item_in *in)
{
  json_t *o = json_object_get(body, "fields"), *v;
  const char *key;
  size_t n;
  if (!o)
    return LX_OK;
  in->set_fields = 1;
  in->n_fields = 0;
  if (json_is_null(o))
    return LX_OK;
  if (!json_is_object(o))
    return bad_type(r, "fields", "自定义字段应为对象");
  n = json_object_size(o);
  if (n > 100)
    return err_set(&r->err, LX_EINVAL, "field.too_many", "fields",
                   "自定义字段过多");
  in->fields = arena_zalloc(r->arena, sizeof *in->fields * (n + 1));
  json_object_foreach(o, key, v)
  {
    struct ledger_kv *kv = &in->fields[in->n_fields];
    char f[96];
    if (json_is_null(v))
      continue;
    kv->key = api_keep(r, key);
    if (json_is_string(v))
      kv->value = api_keep(r, json_string_value(v));
    else if (json_is_integer(v))
      kv->value =
          arena_printf(r->arena, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
      kv->value = arena_printf(r->arena, "%.15g", json_real_value(v));
    else {
      snprintf(f, sizeof f, "fields.%.80s", key);
      return bad_type(r, f, "自定义字段的值应为文字或数字");
    }
    in->n_fields++;
  }
  return LX_OK;
}

static int read_milestones(struct req *r, json_t *body,
                           struct ledger_item_in *in)
{
  json_t *a = json_object_get(body, "milestones"), *v;
  size_t i;
  if (!a)
    return LX_OK;
  in->set_milestones = 1;
  in->n_milestones = 0;
  if (json_is_null(a))
    return LX_OK;
  if (!json_is_array(a))
    return bad_type(r, "milestones", "节点应为数组");
  if (json_array_size(a) > LEDGER_MAX_MILESTONES)
    return err_setf(&r->err, LX_EINVAL, "field.too_many", "milestones",
                    "节点最多 %d 个", LEDGER_MAX_MILESTONES);
  in->milestones =
      arena_zalloc(r->arena, sizeof *in->milestones * (json_array_size(a) + 1));
  json_array_foreach(a, i, v)
  {
    struct ledger_milestone_in *m = &in->milestones[i];
    json_t *t = json_object_get(v, "title"),
           *d = json_object_get(v, "due_date");
    char f[48];
    snprintf(f, sizeof f, "milestones[%zu]", i);
    if (!json_is_object(v))
      return bad_type(r, f, "节点应为对象 {title, due_date}");
    if ((t && !json_is_string(t)) || (d && !json_is_string(d)))
      return bad_type(r, f, "节点名称和时限应为文字");
    m->title = t ? api_keep(r, json_string_value(t)) : NULL;
    m->due_date = d ? api_keep(r, json_string_value(d)) : NULL;
    in->n_milestones++;
  }
  return LX_OK;
}

/* Reads body over in (absent members keep their value). */
static int read_item_body(struct req *r, json_t *body,
                          struct ledger_item_in *in)
{
  int rc = LX_OK;
  if (api_has(body, "title")) {
    const char *v = NULL;
    rc = api_get_str(r, body, "title", 1, LEDGER_TITLE_MAX, &v);
    if (!rc)
      in->title = api_keep(r, v);
  }
  if (!rc)
    rc = opt_str(r, body, "description", LEDGER_DESC_MAX, &in->description);
  if (!rc)
    rc = opt_id(r, body, "lead_leader_person_id", &in->leader_id);
  if (!rc)
    rc = opt_id(r, body, "lead_unit_id", &in->lead_unit_id);
  if (!rc)
    rc = opt_id(r, body, "owner_account_id", &in->owner_account_id);
  if (!rc)
    rc = opt_str(r, body, "start_date", 20, &in->start_date);
  if (!rc)
    rc = opt_str(r, body, "due_date", 20, &in->due_date);
  if (!rc)
    rc = opt_num(r, body, "indicator_target", &in->has_target, &in->target);
  if (!rc)
    rc = opt_num(r, body, "indicator_actual", &in->has_actual, &in->actual);
  if (!rc)
    rc = opt_str(r, body, "indicator_unit", LEDGER_UNIT_TEXT_MAX,
                 &in->indicator_unit);
  if (!rc && api_has(body, "priority")) {
    const char *v = NULL;
    rc = api_get_str(r, body, "priority", 1, 10, &v);
    if (!rc)
      in->priority = api_keep(r, v);
  }
  if (!rc)
    rc = read_co(r, body, in);
  if (!rc)
    rc = read_fields(r, body, in);
  if (!rc)
    rc = read_milestones(r, body, in);
  if (!rc)
    rc = api_item_read_tags(r, body, in);
  return rc;
}

struct item_job {
  struct req *r;
  int64_t id;
  struct ledger_item_in in;
  struct ledger_who who;
  /* transitions */
  enum ledger_state from, to;
  enum ledger_action act;
  const char *reason;
};

static void job_who(struct req *r, struct item_job *jb)
{
  jb->r = r;
  api_ledger_who(r, &jb->who);
}

static int create_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct item_job *jb = ctx;
  struct req *r = jb->r;
  struct ledger_item it;
  int rc = ledger_item_create(c, r->arena, &jb->in, &jb->who, api_today(),
                              &jb->id, err);
  if (!rc)
    rc = ledger_item_get(c, r->arena, jb->id, 0, &it, err);
  if (!rc)
    rc = api_audit(r, c, "item.create", "item", jb->id, "ok", NULL,
                   item_doc(r, &it), it.code);
  return rc;
}

/* The lead unit must be one the caller may write for (400 otherwise, as
 * for a missing unit). */
static int check_lead_unit(struct req *r, const struct ledger_item_in *in)
{
  struct store_conn *c;
  struct org_unit u;
  struct lx_err e;
  int rc;
  if (!in->lead_unit_id)
    return LX_OK; /* ledger_item_check names it */
  rc = api_db(r, &c);
  if (rc)
    return rc;
  if (org_unit_get(c, r->arena, in->lead_unit_id, &u, &e) != LX_OK ||
      !policy_allows(api_subject(r), P_WRITE, u.path, 0, 0))
    return err_set(&r->err, LX_EINVAL, "ledger.unit_missing", "lead_unit_id",
                   "所选牵头单位不存在或不在您的管理范围内");
  return LX_OK;
}

/* POST /api/v1/items → 201 the item (draft). */
int api_item_create(struct req *r, struct resp *w)
{
  struct item_job *jb = arena_zalloc(r->arena, sizeof *jb);
  json_t *body = NULL;
  int present = 0;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  job_who(r, jb);
  jb->in.priority = "normal";
  rc = api_get_int(r, body, "type_id", 1, 1, INT64_MAX, &jb->in.type_id,
                   &present);
  if (!rc)
    rc = opt_id(r, body, "parent_id", &jb->in.parent_id);
  if (!rc)
    rc = read_item_body(r, body, &jb->in);
  json_decref(body);
  if (!rc && jb->in.parent_id) {
    struct store_conn *c;
    struct ledger_item parent;
    struct lx_err e;
    rc = api_db(r, &c);
    if (!rc && (ledger_item_get(c, r->arena, jb->in.parent_id, 0, &parent,
                                &e) != LX_OK ||
                !ledger_item_visible(api_subject(r), P_READ, &parent)))
      rc = err_set(&r->err, LX_EINVAL, "ledger.parent_missing", "parent_id",
                   "上级事项不存在");
  }
  if (!rc)
    rc = ledger_item_check(&jb->in, &r->err);
  if (!rc)
    rc = check_lead_unit(r, &jb->in);
  if (!rc)
    rc = api_write(r, create_job, jb);
  if (rc)
    return rc;
  return render_item(r, w, 201, jb->id);
}

static int update_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct item_job *jb = ctx;
  struct req *r = jb->r;
  struct ledger_item before, after;
  struct ledger_actor who;
  int rc = ledger_item_get(c, r->arena, jb->id, 0, &before, err);
  if (!rc) {
    ledger_actor_from_subject(&who, api_subject(r), before.lead_unit_path);
    rc = ledger_edit_check(before.state, &who, err);
  }
  if (!rc)
    rc = ledger_item_update(c, r->arena, jb->id, &jb->in, &jb->who, api_today(),
                            err);
  if (!rc)
    rc = ledger_item_get(c, r->arena, jb->id, 0, &after, err);
  if (!rc)
    rc = api_audit(r, c, "item.update", "item", jb->id, "ok",
                   item_doc(r, &before), item_doc(r, &after), after.code);
  return rc;
}

/* PUT /api/v1/items/:id — absent members keep their value; co_unit_ids,
 * fields and milestones given replace the whole list.  Only in draft or
 * issued (409 ledger.not_editable), only by ledger.write in scope. */
int api_item_update(struct req *r, struct resp *w)
{
  struct item_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct ledger_item cur;
  struct ledger_actor who;
  json_t *body = NULL;
  int rc = api_item_load(r, P_READ, 1, &cur);
  if (!rc && !ledger_item_visible(api_subject(r), P_WRITE, &cur))
    rc = api_out_of_scope(r, "事项");
  if (rc)
    return rc;
  ledger_actor_from_subject(&who, api_subject(r), cur.lead_unit_path);
  rc = ledger_edit_check(cur.state, &who, &r->err);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  job_who(r, jb);
  jb->id = cur.id;
  jb->in.type_id = cur.type_id;
  jb->in.title = cur.title;
  jb->in.description = cur.description;
  jb->in.leader_id = cur.leader_id;
  jb->in.lead_unit_id = cur.lead_unit_id;
  jb->in.owner_account_id = cur.owner_account_id;
  jb->in.start_date = cur.start_date;
  jb->in.due_date = cur.due_date;
  jb->in.has_target = cur.has_target;
  jb->in.target = cur.target;
  jb->in.has_actual = cur.has_actual;
  jb->in.actual = cur.actual;
  jb->in.indicator_unit = cur.indicator_unit;
  jb->in.priority = cur.priority;
  jb->in.n_co = cur.n_co;
  for (int i = 0; i < cur.n_co; i++)
    jb->in.co[i] = cur.co[i].unit_id;
  jb->in.n_milestones = cur.n_milestones;
  jb->in.milestones = arena_zalloc(
      r->arena, sizeof *jb->in.milestones * (size_t)(cur.n_milestones + 1));
  for (int i = 0; i < cur.n_milestones; i++) {
    jb->in.milestones[i].title = cur.milestones[i].title;
    jb->in.milestones[i].due_date = cur.milestones[i].due_date;
  }
  rc = read_item_body(r, body, &jb->in);
  if (!rc)
    rc = api_item_read_parent(r, body, &jb->in);
  json_decref(body);
  if (!rc)
    rc = ledger_item_check(&jb->in, &r->err);
  if (!rc && jb->in.lead_unit_id != cur.lead_unit_id)
    rc = check_lead_unit(r, &jb->in);
  if (!rc)
    rc = api_write(r, update_job, jb);
  if (rc)
    return rc;
  return render_item(r, w, 200, jb->id);
}

static int transition_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct item_job *jb = ctx;
  struct req *r = jb->r;
  char action[64];
  int rc = ledger_item_move(c, jb->id, jb->from, jb->to, jb->act, jb->reason,
                            &jb->who, api_today(), err);
  snprintf(action, sizeof action, "item.%s", ledger_action_code(jb->act));
  if (!rc)
    rc = api_audit(
        r, c, action, "item", jb->id, "ok",
        arena_printf(r->arena, "{\"state\":\"%s\"}",
                     ledger_state_code(jb->from)),
        arena_printf(r->arena, "{\"state\":\"%s\"}", ledger_state_code(jb->to)),
        jb->reason);
  return rc;
}

/* POST /api/v1/items/:id/transition {action, reason?} → 200 the item. */
int api_item_transition(struct req *r, struct resp *w)
{
  struct item_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct ledger_item cur;
  struct ledger_actor who;
  struct store_conn *c;
  const char *action = NULL, *reason = NULL;
  json_t *body = NULL;
  int n_evidence = 0;
  int rc = api_item_load(r, P_READ, 0, &cur);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "action", 1, 32, &action);
  if (!rc)
    rc = api_get_str(r, body, "reason", 0, LEDGER_REASON_MAX * 2, &reason);
  if (!rc && !ledger_action_parse(action, &jb->act))
    rc = err_set(&r->err, LX_EINVAL, "ledger.action_invalid", "action",
                 "操作无效：可用 issue、sign、request_close、close、"
                 "return、cancel");
  if (!rc && jb->act == LEDGER_ACT_REPORT)
    rc = err_set(&r->err, LX_EINVAL, "ledger.action_invalid", "action",
                 "报送进展请通过进展报送办理");
  if (!rc)
    jb->reason = reason && *reason ? api_keep(r, reason) : NULL;
  json_decref(body);
  if (rc)
    return rc;
  ledger_actor_from_subject(&who, api_subject(r), cur.lead_unit_path);
  /* closure (申请销号, 销号) needs evidence attachments (api_attachment.c) */
  rc = api_db(r, &c);
  if (!rc)
    rc = ledger_attachment_count_evidence(c, cur.id, &n_evidence, &r->err);
  if (!rc)
    rc = ledger_transition_check(cur.state, jb->act, &who, jb->reason,
                                 n_evidence, &jb->to, &r->err);
  if (rc)
    return rc;
  job_who(r, jb);
  jb->id = cur.id;
  jb->from = cur.state;
  rc = api_write(r, transition_job, jb);
  if (rc)
    return rc;
  return render_item(r, w, 200, jb->id);
}
