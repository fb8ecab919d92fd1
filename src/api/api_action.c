/*
 * api_action.c — 学史力行: /api/v1/action-links, /api/v1/action-proposals
 * and /api/v1/items/:id/study-links.  A reflection's author or reviewer,
 * or a session's organiser, may cite ledger items they can read
 * (ledger.read and the item in their scope; a member has no ledger.read
 * and proposes instead) and may propose a new item; a supervisor
 * (ledger.write whose scope covers the source's unit) accepts a proposal
 * — the draft item is created through the ledger's own create function
 * in the same write job, with the link and the timeline event — or
 * rejects it with a comment.  Sources outside the caller's reach answer
 * 404; every change is audited.
 */
#include "api/api_reflection.h"

#include "api/api_cursor.h"
#include "api/api_ledger.h"
#include "api/api_org.h"

#include "base/arena.h"
#include "base/jw.h"
#include "domain/notify/notify.h"
#include "domain/org/org.h"
#include "domain/policy/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const P_LREAD = "ledger.read";
static const char *const P_LWRITE = "ledger.write";

static void link_json(struct jw *j, const struct study_action_link *l)
{
  enum ledger_state st;
  jw_obj(j);
  jw_ki64(j, "id", l->id);
  jw_kstr(j, "source_kind", study_source_kind_code(l->kind));
  jw_ki64(j, "source_id", l->source_id);
  jw_kstr(j, "source_title", l->source_title);
  jw_kstr(j, "source_author", l->source_author);
  jw_ki64(j, "item_id", l->item_id);
  jw_kstr(j, "item_code", l->item_code);
  jw_kstr(j, "item_title", l->item_title);
  jw_kstr(j, "item_state", l->item_state);
  jw_kstr(j, "item_state_label",
          ledger_state_parse(l->item_state, &st) ? ledger_state_label(st) : "");
  jw_kstr(j, "creator_name", l->creator_name);
  jw_ktime(j, "created_at", l->created_at);
  jw_obj_end(j);
}

static void proposal_json(struct jw *j, const struct study_proposal *p)
{
  jw_obj(j);
  jw_ki64(j, "id", p->id);
  jw_kstr(j, "source_kind", study_source_kind_code(p->kind));
  jw_ki64(j, "source_id", p->source_id);
  jw_kstr(j, "source_title", p->source_title);
  jw_ki64(j, "type_id", p->type_id);
  jw_kstr(j, "type_name", p->type_name);
  jw_kstr(j, "title", p->title);
  jw_kstr(j, "description", p->description);
  jw_key(j, "lead_unit_id");
  if (p->lead_unit_id)
    jw_i64(j, p->lead_unit_id);
  else
    jw_null(j);
  jw_kstr(j, "lead_unit_name", p->lead_unit_name);
  jw_kstr(j, "status", study_proposal_status_code(p->status));
  jw_kstr(j, "status_label", study_proposal_status_label(p->status));
  jw_key(j, "item_id");
  if (p->item_id)
    jw_i64(j, p->item_id);
  else
    jw_null(j);
  jw_kstr(j, "item_code", p->item_code);
  jw_kstr(j, "proposer_name", p->proposer_name);
  jw_kstr(j, "decider_name", p->decider_name);
  jw_key(j, "decided_at");
  jw_time(j, p->decided_at, 1);
  jw_kstr(j, "decision_comment", p->decision_comment);
  jw_ktime(j, "created_at", p->created_at);
  jw_obj_end(j);
}

/* Reads source_kind and source_id (from the body when body, else from
 * the query) and loads the source readable by the caller (404 else). */
static int load_source(struct req *r, json_t *body, struct study_source *src)
{
  const char *kind = NULL;
  int64_t id = 0;
  int present = 0;
  enum study_source_kind k;
  struct store_conn *c;
  int rc;
  if (body) {
    rc = api_get_str(r, body, "source_kind", 1, 16, &kind);
    if (!rc)
      rc = api_get_int(r, body, "source_id", 1, 1, INT64_MAX, &id, &present);
  } else {
    kind = req_query(r, "source_kind");
    rc = api_query_int(r, "source_id", 1, INT64_MAX, &id, &present);
    if (!rc && !present)
      rc = err_set(&r->err, LX_EINVAL, "query.invalid", "source_id",
                   "缺少参数 source_id");
  }
  if (rc)
    return rc;
  if (!study_source_kind_parse(kind, &k))
    return err_set(
        &r->err, LX_EINVAL, body ? "field.invalid" : "query.invalid",
        "source_kind",
        "source_kind 只能是 reflection（心得）或 session（专题学习）");
  rc = api_db(r, &c);
  if (!rc)
    rc = study_source_get(c, r->arena, k, id, src, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, k == STUDY_SOURCE_REFLECTION ? "心得" : "专题学习");
  if (!rc && !api_source_readable(api_subject(r), src))
    return api_out_of_scope(r,
                            k == STUDY_SOURCE_REFLECTION ? "心得" : "专题学习");
  return rc;
}

/* 1 if s may cite items on src: it may act on the source, or it holds
 * ledger.write over the source's unit (督查室 connecting study and
 * action). */
static int may_cite(const struct subject *s, const struct study_source *src)
{
  return policy_has(s, P_LREAD) &&
         (api_source_actionable(s, src) ||
          policy_allows(s, P_LWRITE, src->unit_path, 0, 0));
}

struct act_job {
  struct req *r;
  int64_t id, item_id, out_id;
  struct study_source src;
  struct study_proposal_in pin;
  struct ledger_item_in in;
  struct ledger_who who;
  const char *comment;
  const struct study_action_link *link;
};

static int link_add_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct act_job *jb = ctx;
  struct req *r = jb->r;
  int rc = study_action_link_add(c, jb->src.kind, jb->src.id, jb->src.unit_path,
                                 jb->item_id, &jb->who, &jb->out_id, err);
  if (!rc)
    rc = api_audit(r, c, "action_link.create", "action_link", jb->out_id, "ok",
                   NULL,
                   arena_printf(r->arena,
                                "{\"source_kind\":\"%s\",\"source_id\":%lld,"
                                "\"item_id\":%lld}",
                                study_source_kind_code(jb->src.kind),
                                (long long)jb->src.id, (long long)jb->item_id),
                   NULL);
  return rc;
}

/* POST /api/v1/action-links {source_kind, source_id, item_id} → 201 the
 * link.  The caller must read the item (400 "action.item_missing" else,
 * as for a missing item). */
int api_action_link_create(struct req *r, struct resp *w)
{
  struct act_job *jb = arena_zalloc(r->arena, sizeof *jb);
  const struct subject *s = api_subject(r);
  struct study_action_link l;
  struct ledger_item it;
  struct store_conn *c;
  struct lx_err e;
  json_t *body = NULL;
  int present = 0;
  struct jw j;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = load_source(r, body, &jb->src);
  if (!rc)
    rc = api_get_int(r, body, "item_id", 1, 1, INT64_MAX, &jb->item_id,
                     &present);
  json_decref(body);
  if (rc)
    return rc;
  if (!may_cite(s, &jb->src))
    return err_set(&r->err, LX_EFORBIDDEN, "action.cite_forbidden", "",
                   "只有心得作者、审核人或专题学习组织者可以关联事项");
  rc = api_db(r, &c);
  if (rc)
    return rc;
  if (ledger_item_get(c, r->arena, jb->item_id, 0, &it, &e) != LX_OK ||
      !ledger_item_visible(s, P_LREAD, &it))
    return err_set(&r->err, LX_EINVAL, "action.item_missing", "item_id",
                   "所选事项不存在");
  jb->r = r;
  api_ledger_who(r, &jb->who);
  rc = api_write(r, link_add_job, jb);
  if (!rc)
    rc = study_action_link_get(c, r->arena, jb->out_id, &l, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 201));
  link_json(&j, &l);
  return LX_OK;
}

static int link_del_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct act_job *jb = ctx;
  struct req *r = jb->r;
  int rc = study_action_link_remove(c, jb->id, err);
  if (!rc)
    rc = api_audit(r, c, "action_link.delete", "action_link", jb->id, "ok",
                   arena_printf(r->arena,
                                "{\"source_kind\":\"%s\",\"source_id\":%lld,"
                                "\"item_id\":%lld}",
                                study_source_kind_code(jb->link->kind),
                                (long long)jb->link->source_id,
                                (long long)jb->link->item_id),
                   NULL, NULL);
  return rc;
}

/* DELETE /api/v1/action-links/:id → 204.  Whoever may cite on the
 * source (or made the link). */
int api_action_link_delete(struct req *r, struct resp *w)
{
  struct act_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct study_action_link *l = arena_zalloc(r->arena, sizeof *l);
  const struct subject *s = api_subject(r);
  struct store_conn *c;
  int rc = req_param_id(r, "id", &jb->id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_action_link_get(c, r->arena, jb->id, l, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "关联");
  if (!rc)
    rc =
        study_source_get(c, r->arena, l->kind, l->source_id, &jb->src, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "关联");
  if (rc)
    return rc;
  if (!api_source_readable(s, &jb->src) ||
      (!may_cite(s, &jb->src) && l->created_by != s->account_id))
    return api_out_of_scope(r, "关联");
  jb->r = r;
  jb->link = l;
  rc = api_write(r, link_del_job, jb);
  if (rc)
    return rc;
  w->status = 204;
  return LX_OK;
}

/* GET /api/v1/action-links?source_kind=&source_id= → {"links":[…],
 * "proposals":[…], "types":[{id,code,name}], "can_cite", "can_propose"}
 * for a source the caller may read (the ledger types are for the proposal
 * form). */
int api_action_link_list(struct req *r, struct resp *w)
{
  const struct subject *s = api_subject(r);
  struct study_source src;
  struct study_action_link *links;
  struct study_proposal *props;
  struct study_proposal_query q = {0};
  struct ledger_type *types = NULL;
  struct store_conn *c;
  int n_links = 0, n_props = 0, n_types = 0, more = 0;
  struct jw j;
  int rc = load_source(r, NULL, &src);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_action_links(c, r->arena, src.kind, src.id, 0, &links, &n_links,
                            &r->err);
  q.has_source = 1;
  q.kind = src.kind;
  q.source_id = src.id;
  q.limit = 100;
  if (!rc)
    rc = study_proposal_list(c, r->arena, &q, &props, &n_props, &more, &r->err);
  if (!rc)
    rc = ledger_type_list(c, r->arena, &types, &n_types, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_key(&j, "links");
  jw_arr(&j);
  for (int i = 0; i < n_links; i++)
    link_json(&j, &links[i]);
  jw_arr_end(&j);
  jw_key(&j, "proposals");
  jw_arr(&j);
  for (int i = 0; i < n_props; i++)
    proposal_json(&j, &props[i]);
  jw_arr_end(&j);
  jw_key(&j, "types"); /* for the proposal form: members lack ledger.read */
  jw_arr(&j);
  for (int i = 0; i < n_types; i++) {
    jw_obj(&j);
    jw_ki64(&j, "id", types[i].id);
    jw_kstr(&j, "code", types[i].code);
    jw_kstr(&j, "name", types[i].name);
    jw_obj_end(&j);
  }
  jw_arr_end(&j);
  jw_kbool(&j, "can_cite", may_cite(s, &src));
  jw_kbool(&j, "can_propose", api_source_actionable(s, &src));
  jw_obj_end(&j);
  return LX_OK;
}

/* ---- proposals ---------------------------------------------------------- */

static int render_proposal(struct req *r, struct resp *w, int status,
                           int64_t id)
{
  struct study_proposal p;
  struct store_conn *c;
  struct jw j;
  int rc = api_db(r, &c);
  if (!rc)
    rc = study_proposal_get(c, r->arena, id, &p, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, status));
  proposal_json(&j, &p);
  return LX_OK;
}

static int propose_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct act_job *jb = ctx;
  struct req *r = jb->r;
  int rc =
      study_proposal_create(c, &jb->src, &jb->pin, &jb->who, &jb->out_id, err);
  if (!rc)
    rc = api_audit(r, c, "action_proposal.create", "action_proposal",
                   jb->out_id, "ok", NULL,
                   arena_printf(r->arena,
                                "{\"source_kind\":\"%s\",\"source_id\":%lld,"
                                "\"type_id\":%lld,\"status\":\"proposed\"}",
                                study_source_kind_code(jb->src.kind),
                                (long long)jb->src.id,
                                (long long)jb->pin.type_id),
                   jb->pin.title);
  return rc;
}

/* POST /api/v1/action-proposals {source_kind, source_id, type_id, title,
 * description?, lead_unit_id?} → 201 the proposal. */
int api_action_proposal_create(struct req *r, struct resp *w)
{
  struct act_job *jb = arena_zalloc(r->arena, sizeof *jb);
  const char *title = NULL, *desc = NULL;
  json_t *body = NULL;
  int present = 0;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = load_source(r, body, &jb->src);
  if (!rc)
    rc = api_get_int(r, body, "type_id", 1, 1, INT64_MAX, &jb->pin.type_id,
                     &present);
  if (!rc)
    rc = api_get_str(r, body, "title", 1, STUDY_PROPOSAL_TITLE_MAX, &title);
  if (!rc)
    rc = api_get_str(r, body, "description", 0, STUDY_PROPOSAL_DESC_MAX, &desc);
  if (!rc)
    rc = api_get_int(r, body, "lead_unit_id", 0, 1, INT64_MAX,
                     &jb->pin.lead_unit_id, &present);
  if (!rc) {
    jb->pin.title = api_keep(r, title);
    jb->pin.description = api_keep(r, desc ? desc : "");
    rc = study_proposal_check(&jb->pin, &r->err);
  }
  json_decref(body);
  if (rc)
    return rc;
  if (!api_source_actionable(api_subject(r), &jb->src))
    return err_set(&r->err, LX_EFORBIDDEN, "action.propose_forbidden", "",
                   "只有心得作者、审核人或专题学习组织者可以提出建议");
  jb->r = r;
  api_ledger_who(r, &jb->who);
  rc = api_write(r, propose_job, jb);
  if (rc)
    return rc;
  return render_proposal(r, w, 201, jb->out_id);
}

static int read_cursor(struct req *r, int64_t *before)
{
  const char *f[1];
  int present = 0;
  long long v;
  char *end;
  int rc = api_cursor_decode(r, "action-proposals", f, 1, &present);
  *before = 0;
  if (rc || !present)
    return rc;
  v = strtoll(f[0], &end, 10);
  if (*end || v <= 0)
    return err_set(&r->err, LX_EINVAL, "page.cursor", "cursor", "分页游标无效");
  *before = v;
  return LX_OK;
}

/* GET /api/v1/action-proposals?status=&limit=&cursor= — for ledger.write
 * holders, the proposals from sources within their scope, newest first. */
int api_action_proposal_list(struct req *r, struct resp *w)
{
  const struct subject *s = api_subject(r);
  struct study_proposal_query q = {0};
  struct study_proposal *rows;
  struct policy_filter f;
  struct store_conn *c;
  const char *st = req_query(r, "status"), *next = NULL;
  char hi[300];
  int n, more, limit = 20;
  struct jw j;
  int rc = policy_filter(s, P_LWRITE, &f);
  if (rc)
    return err_set(&r->err, LX_EFORBIDDEN, "auth.forbidden", "",
                   "没有权限执行此操作");
  if (st && *st) {
    if (!study_proposal_status_parse(st, &q.status))
      return err_set(&r->err, LX_EINVAL, "query.invalid", "status", "状态无效");
    q.has_status = 1;
  }
  rc = api_limit(r, &limit);
  if (!rc)
    rc = read_cursor(r, &q.before_id);
  if (!rc)
    rc = api_db(r, &c);
  if (rc)
    return rc;
  q.limit = limit;
  if (f.scope == SCOPE_SUBTREE) {
    q.unit_lo = f.path_lo;
    q.unit_hi = f.path_hi;
  } else if (f.scope == SCOPE_UNIT) {
    policy_path_hi(s->unit_path, hi, sizeof hi);
    q.unit_lo = s->unit_path;
    q.unit_hi = hi;
  } else if (f.scope == SCOPE_SELF) {
    q.proposed_by = s->account_id;
  }
  rc = study_proposal_list(c, r->arena, &q, &rows, &n, &more, &r->err);
  if (rc)
    return rc;
  if (more && n > 0) {
    char buf[24];
    const char *fl[1] = {buf};
    snprintf(buf, sizeof buf, "%lld", (long long)rows[n - 1].id);
    next = api_cursor_encode(r, "action-proposals", fl, 1);
  }
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    proposal_json(&j, &rows[i]);
  api_list_end(&j, next);
  return LX_OK;
}

/* The proposal of :id whose source unit the caller's ledger.write scope
 * covers (404 otherwise). */
static int load_proposal(struct req *r, struct study_proposal *p)
{
  struct store_conn *c;
  int64_t id;
  int rc = req_param_id(r, "id", &id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_proposal_get(c, r->arena, id, p, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "建议");
  if (!rc &&
      !policy_allows(api_subject(r), P_LWRITE, p->unit_path, p->proposed_by, 0))
    return api_out_of_scope(r, "建议");
  return rc;
}

static int undecided(struct req *r, const struct study_proposal *p)
{
  if (p->status == STUDY_PROPOSAL_PROPOSED)
    return LX_OK;
  return err_setf(&r->err, LX_ECONFLICT, "action.already_decided", "status",
                  "该建议已处理（%s），不能重复处理",
                  study_proposal_status_label(p->status));
}

/* Tells the proposer how proposal id was decided (消息中心), in the job. */
static int notify_proposer(struct req *r, struct store_conn *c, int64_t id,
                           struct lx_err *err)
{
  struct study_proposal p;
  struct notify_in n = {0};
  int rc = study_proposal_get(c, r->arena, id, &p, err);
  if (rc)
    return rc;
  n.kind = p.status == STUDY_PROPOSAL_ACCEPTED ? "action_proposal.accepted"
                                               : "action_proposal.rejected";
  n.title = arena_printf(
      r->arena, "您提出的建议“%s”%s", p.title,
      p.status == STUDY_PROPOSAL_ACCEPTED ? "已采纳，转入台账" : "未被采纳");
  n.body = p.status == STUDY_PROPOSAL_ACCEPTED
               ? arena_printf(r->arena, "事项编号 %s",
                              p.item_code ? p.item_code : "")
               : p.decision_comment;
  n.link = p.kind == STUDY_SOURCE_REFLECTION
               ? arena_printf(r->arena, "/study/reflections/%lld/edit",
                              (long long)p.source_id)
               : "/study/my-sessions";
  n.object_type = "action_proposal";
  n.object_id = p.id;
  return notify_add(c, p.proposed_by, &n, err);
}

static int accept_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct act_job *jb = ctx;
  struct req *r = jb->r;
  struct ledger_item it;
  int rc = study_proposal_accept(c, r->arena, jb->id, &jb->in, &jb->who,
                                 api_today(), &jb->item_id, err);
  if (!rc)
    rc = ledger_item_get(c, r->arena, jb->item_id, 0, &it, err);
  if (!rc)
    rc = api_audit(r, c, "item.create", "item", jb->item_id, "ok", NULL,
                   arena_printf(r->arena,
                                "{\"code\":\"%s\",\"state\":\"draft\","
                                "\"from_proposal\":%lld}",
                                it.code, (long long)jb->id),
                   it.code);
  if (!rc)
    rc = api_audit(r, c, "action_proposal.accept", "action_proposal", jb->id,
                   "ok", "{\"status\":\"proposed\"}",
                   arena_printf(r->arena,
                                "{\"status\":\"accepted\",\"item_id\":%lld}",
                                (long long)jb->item_id),
                   it.code);
  if (!rc)
    rc = notify_proposer(r, c, jb->id, err);
  return rc;
}

/* Reads "fields" {key: text|number} of an accept body into in. */
static int read_fields(struct req *r, json_t *body, struct ledger_item_in *in)
{
  json_t *o = json_object_get(body, "fields"), *v;
  const char *key;
  if (!o || json_is_null(o))
    return LX_OK;
  if (!json_is_object(o) || json_object_size(o) > 100)
    return err_set(&r->err, LX_EINVAL, "field.type", "fields",
                   "自定义字段应为对象");
  in->set_fields = 1;
  in->fields =
      arena_zalloc(r->arena, sizeof *in->fields * (json_object_size(o) + 1));
  json_object_foreach(o, key, v)
  {
    struct ledger_kv *kv = &in->fields[in->n_fields];
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
    else
      return err_set(&r->err, LX_EINVAL, "field.type",
                     arena_printf(r->arena, "fields.%.60s", key),
                     "自定义字段的值应为文字或数字");
    in->n_fields++;
  }
  return LX_OK;
}

/* POST /api/v1/action-proposals/:id/accept {due_date, lead_unit_id?,
 * start_date?, fields?} → 200 the proposal, now with item_id: the draft
 * item created in the same job (lead unit: the body's, else the
 * suggested one; it must be one the caller may write for). */
int api_action_proposal_accept(struct req *r, struct resp *w)
{
  struct act_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct study_proposal p;
  struct store_conn *c;
  struct org_unit u;
  struct lx_err e;
  const char *due = NULL, *start = NULL;
  json_t *body = NULL;
  int present = 0;
  int rc = load_proposal(r, &p);
  if (!rc)
    rc = undecided(r, &p);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->in.lead_unit_id = p.lead_unit_id;
  rc = api_get_int(r, body, "lead_unit_id", 0, 1, INT64_MAX,
                   &jb->in.lead_unit_id, &present);
  if (!rc)
    rc = api_get_str(r, body, "due_date", 1, 20, &due);
  if (!rc)
    rc = api_get_str(r, body, "start_date", 0, 20, &start);
  if (!rc)
    rc = read_fields(r, body, &jb->in);
  if (!rc) {
    jb->in.due_date = api_keep(r, due);
    jb->in.start_date = start && *start ? api_keep(r, start) : NULL;
  }
  json_decref(body);
  if (!rc && !jb->in.lead_unit_id)
    rc = err_set(&r->err, LX_EINVAL, "field.required", "lead_unit_id",
                 "请选择牵头单位");
  if (!rc)
    rc = api_db(r, &c);
  if (!rc && (org_unit_get(c, r->arena, jb->in.lead_unit_id, &u, &e) != LX_OK ||
              !policy_allows(api_subject(r), P_LWRITE, u.path, 0, 0)))
    rc = err_set(&r->err, LX_EINVAL, "action.unit_missing", "lead_unit_id",
                 "所选牵头单位不存在或不在您的管理范围内");
  if (rc)
    return rc;
  jb->r = r;
  jb->id = p.id;
  jb->in.priority = "normal";
  api_ledger_who(r, &jb->who);
  rc = api_write(r, accept_job, jb);
  if (rc)
    return rc;
  return render_proposal(r, w, 200, jb->id);
}

static int reject_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct act_job *jb = ctx;
  struct req *r = jb->r;
  int rc = study_proposal_reject(c, jb->id, jb->comment, &jb->who, err);
  if (!rc)
    rc = api_audit(r, c, "action_proposal.reject", "action_proposal", jb->id,
                   "ok", "{\"status\":\"proposed\"}",
                   "{\"status\":\"rejected\"}", jb->comment);
  if (!rc)
    rc = notify_proposer(r, c, jb->id, err);
  return rc;
}

/* POST /api/v1/action-proposals/:id/reject {comment} (2–500) → 200. */
int api_action_proposal_reject(struct req *r, struct resp *w)
{
  struct act_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct study_proposal p;
  const char *comment = NULL;
  json_t *body = NULL;
  int rc = load_proposal(r, &p);
  if (!rc)
    rc = undecided(r, &p);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "comment", 0, STUDY_PROPOSAL_COMMENT_MAX, &comment);
  if (!rc)
    jb->comment = api_keep(r, comment);
  json_decref(body);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = p.id;
  api_ledger_who(r, &jb->who);
  rc = api_write(r, reject_job, jb);
  if (rc)
    return rc;
  return render_proposal(r, w, 200, jb->id);
}

/* GET /api/v1/items/:id/study-links — the reflections and sessions the
 * item came from or was cited by (学史力行来源). */
int api_item_study_links(struct req *r, struct resp *w)
{
  struct ledger_item it;
  struct study_action_link *links;
  struct store_conn *c;
  int n;
  struct jw j;
  int rc = api_item_load(r, P_LREAD, 0, &it);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_action_links(c, r->arena, STUDY_SOURCE_REFLECTION, 0, it.id,
                            &links, &n, &r->err);
  if (rc)
    return rc;
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    link_json(&j, &links[i]);
  api_list_end(&j, NULL);
  return LX_OK;
}
