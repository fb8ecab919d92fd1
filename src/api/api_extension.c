/*
 * api_extension.c — /api/v1/items/:id/extensions: extension requests
 * (延期申请).  The lead unit's liaison (ledger.report) files
 * {new_due_date, reason} while the item is open and before its due date
 * (at least extension_min_days before it when the settings ask for it);
 * 督查室 (ledger.review) approves — the item's due date moves, the
 * original one is kept — or rejects with a comment.  Items outside the
 * caller's scope answer 404 like missing ones; every write is audited in
 * the job that writes its timeline event.
 */
#include "api/api_org.h"
#include "api/api_ledger.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "domain/ledger/extension.h"
#include "domain/ledger/settings.h"

#include <stdio.h>
#include <string.h>

static const char *const P_READ = "ledger.read";
static const char *const P_REPORT = "ledger.report";
static const char *const P_REVIEW = "ledger.review";

static void ext_json(struct jw *j, const struct ledger_extension *x)
{
  jw_obj(j);
  jw_ki64(j, "id", x->id);
  jw_ki64(j, "item_id", x->item_id);
  jw_ki64(j, "requested_by", x->requested_by);
  jw_kstr(j, "requester_name", x->requester_name);
  jw_ki64(j, "unit_id", x->unit_id);
  jw_kstr(j, "unit_name", x->unit_name);
  jw_kstr(j, "old_due_date", x->old_due_date);
  jw_kstr(j, "new_due_date", x->new_due_date);
  jw_kstr(j, "reason", x->reason);
  jw_kstr(j, "state", ledger_ext_state_code(x->state));
  jw_kstr(j, "state_label", ledger_ext_state_label(x->state));
  jw_key(j, "reviewed_by");
  if (x->reviewed_by)
    jw_i64(j, x->reviewed_by);
  else
    jw_null(j);
  jw_kstr(j, "reviewer_name", x->reviewer_name);
  jw_kstr(j, "review_comment", x->review_comment);
  jw_ktime(j, "created_at", x->created_at);
  jw_key(j, "reviewed_at");
  jw_time(j, x->reviewed_at, 1);
  jw_obj_end(j);
}

static int render_ext(struct req *r, struct resp *w, int status,
                      int64_t item_id, int64_t ext_id)
{
  struct store_conn *c;
  struct ledger_extension x;
  struct jw j;
  int rc = api_db(r, &c);
  if (!rc)
    rc = ledger_ext_get(c, r->arena, item_id, ext_id, &x, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, status));
  ext_json(&j, &x);
  return LX_OK;
}

/* GET /api/v1/items/:id/extensions — newest first. */
int api_extension_list(struct req *r, struct resp *w)
{
  struct ledger_item it;
  struct ledger_extension *rows;
  struct store_conn *c;
  struct jw j;
  int n, rc = api_item_load(r, P_READ, 0, &it);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = ledger_ext_list(c, r->arena, it.id, &rows, &n, &r->err);
  if (rc)
    return rc;
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    ext_json(&j, &rows[i]);
  api_list_end(&j, NULL);
  return LX_OK;
}

struct ext_job {
  struct req *r;
  int64_t id, ext_id, unit_id;
  struct ledger_who who;
  struct ledger_actor actor;
  const char *old_due, *new_due, *reason, *comment;
  int approve;
};

static void job_who(struct req *r, struct ext_job *jb)
{
  jb->r = r;
  api_ledger_who(r, &jb->who);
}

static int submit_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct ext_job *jb = ctx;
  struct req *r = jb->r;
  int rc = ledger_ext_submit(c, jb->id, jb->unit_id, jb->old_due, jb->new_due,
                             jb->reason, &jb->who, &jb->ext_id, err);
  if (!rc)
    rc = api_audit(r, c, "item.extension_request", "item", jb->id, "ok",
                   arena_printf(r->arena, "{\"due_date\":\"%s\"}", jb->old_due),
                   arena_printf(r->arena,
                                "{\"extension_id\":%lld,\"new_due_date\":"
                                "\"%s\",\"state\":\"submitted\"}",
                                (long long)jb->ext_id, jb->new_due),
                   jb->reason);
  return rc;
}

/* POST /api/v1/items/:id/extensions {new_due_date, reason} → 201. */
int api_extension_submit(struct req *r, struct resp *w)
{
  struct ext_job *jb = arena_zalloc(r->arena, sizeof *jb);
  const struct subject *s = api_subject(r);
  struct ledger_item cur;
  struct ledger_actor who;
  struct ledger_settings set;
  struct ledger_due d = {LEDGER_NO_DATE, LEDGER_NO_DATE, 0};
  struct store_conn *c;
  const char *nd = NULL, *reason = NULL;
  int32_t today = api_today(), new_due = LEDGER_NO_DATE;
  int64_t pending = 0;
  json_t *body = NULL;
  int rc = api_item_load(r, P_REPORT, 0, &cur);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "new_due_date", 1, 10, &nd);
  if (!rc && !time_parse_date(nd, &new_due))
    rc = err_set(&r->err, LX_EINVAL, "field.type", "new_due_date",
                 "延期后的截止日期不是有效日期（应为 YYYY-MM-DD）");
  if (!rc)
    rc = api_get_str(r, body, "reason", 0, 100000, &reason);
  if (!rc) {
    jb->new_due = api_keep(r, nd);
    jb->reason = api_keep(r, reason ? reason : "");
  }
  json_decref(body);
  if (rc)
    return rc;
  ledger_actor_from_subject(&who, s, cur.lead_unit_path);
  if (cur.due_date && !time_parse_date(cur.due_date, &d.due))
    d.due = LEDGER_NO_DATE;
  if (cur.original_due_date &&
      !time_parse_date(cur.original_due_date, &d.original_due))
    d.original_due = LEDGER_NO_DATE;
  ledger_rules_settings(&set);
  rc = ledger_ext_filing_check(
      cur.state, &d, today, new_due, jb->reason, &who, set.extension_min_days,
      d.due == LEDGER_NO_DATE ? 0 : ledger_rules_span(today, d.due),
      set.count_mode == LEDGER_COUNT_WORKING, &r->err);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = ledger_ext_pending(c, cur.id, &pending, &r->err);
  if (!rc && pending)
    rc = err_set(&r->err, LX_ECONFLICT, "extension.pending", "",
                 "该事项已有待审批的延期申请，请等待督查室审批");
  if (rc)
    return rc;
  job_who(r, jb);
  jb->id = cur.id;
  jb->unit_id = cur.lead_unit_id;
  jb->old_due = api_keep(r, cur.due_date);
  rc = api_write(r, submit_job, jb);
  if (rc)
    return rc;
  return render_ext(r, w, 201, jb->id, jb->ext_id);
}

static int review_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct ext_job *jb = ctx;
  struct req *r = jb->r;
  int rc = ledger_ext_review(c, jb->id, jb->ext_id, jb->approve, jb->comment,
                             &jb->actor, &jb->who, api_today(), err);
  if (!rc)
    rc = api_audit(
        r, c, jb->approve ? "item.extension_approve" : "item.extension_reject",
        "item", jb->id, "ok",
        arena_printf(r->arena,
                     "{\"extension_id\":%lld,\"state\":\"submitted\","
                     "\"due_date\":\"%s\"}",
                     (long long)jb->ext_id, jb->old_due),
        arena_printf(r->arena,
                     "{\"extension_id\":%lld,\"state\":\"%s\","
                     "\"due_date\":\"%s\"}",
                     (long long)jb->ext_id,
                     jb->approve ? "approved" : "rejected",
                     jb->approve ? jb->new_due : jb->old_due),
        jb->comment);
  return rc;
}

/* POST /api/v1/items/:id/extensions/:ext_id/review
 * {decision: approve|reject, comment?} → 200 the request. */
int api_extension_review(struct req *r, struct resp *w)
{
  struct ext_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct ledger_item cur;
  struct ledger_extension x;
  struct store_conn *c;
  const char *decision = NULL, *comment = NULL;
  json_t *body = NULL;
  int rc = api_item_load(r, P_REVIEW, 0, &cur);
  if (!rc)
    rc = req_param_id(r, "ext_id", &jb->ext_id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = ledger_ext_get(c, r->arena, cur.id, jb->ext_id, &x, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "延期申请");
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "decision", 1, 16, &decision);
  if (!rc)
    rc = api_get_str(r, body, "comment", 0, LEDGER_EXT_COMMENT_MAX, &comment);
  if (!rc && strcmp(decision, "approve") && strcmp(decision, "reject"))
    rc = err_set(&r->err, LX_EINVAL, "extension.decision_invalid", "decision",
                 "审批结论只能是 approve（批准）或 reject（驳回）");
  if (!rc) {
    jb->approve = !strcmp(decision, "approve");
    jb->comment = comment && *comment ? api_keep(r, comment) : NULL;
    if (!jb->approve && !jb->comment)
      rc = err_set(&r->err, LX_EINVAL, "extension.comment_required", "comment",
                   "驳回延期申请时请填写驳回意见");
  }
  json_decref(body);
  if (rc)
    return rc;
  if (x.state != LEDGER_EXT_SUBMITTED)
    return err_setf(&r->err, LX_ECONFLICT, "extension.already_reviewed",
                    "state", "该延期申请已%s，不能重复审批",
                    ledger_ext_state_label(x.state));
  job_who(r, jb);
  ledger_actor_from_subject(&jb->actor, api_subject(r), cur.lead_unit_path);
  jb->id = cur.id;
  jb->old_due = api_keep(r, cur.due_date);
  jb->new_due = x.new_due_date;
  rc = api_write(r, review_job, jb);
  if (rc)
    return rc;
  return render_ext(r, w, 200, jb->id, jb->ext_id);
}
