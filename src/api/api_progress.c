/*
 * api_progress.c — /api/v1/items/:id/progress: progress reports (进展).
 * The lead unit's liaison (or a co-unit's, once the item is in progress)
 * submits {text, percent, indicator_value?}; 督查室 (ledger.review)
 * approves or returns them with a comment.  Whether a report is possible
 * in the item's state, and by whom, is the lifecycle module's report
 * action (409 from the wrong state, 403 for the wrong actor).  The item's
 * progress and indicator actual change only on approval.  Every write is
 * audited in the same job as its timeline event; items outside the
 * caller's scope answer 404 like missing ones.  A report may carry
 * attachment_ids: files uploaded before by the same caller with purpose
 * "progress" (POST /items/:id/attachments); they are linked in the same
 * job, and one bad id refuses the whole report.  Reports are listed with
 * their attachments.
 */
#include "api/api_org.h"
#include "api/api_ledger.h"

#include "api/api_attachment.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "domain/ledger/progress.h"

#include <stdio.h>
#include <string.h>

static const char *const P_READ = "ledger.read";
static const char *const P_REPORT = "ledger.report";
static const char *const P_REVIEW = "ledger.review";

static void progress_json(struct jw *j, const struct ledger_progress *p,
                          const struct ledger_attachment *xs, int n_xs)
{
  jw_obj(j);
  jw_ki64(j, "id", p->id);
  jw_ki64(j, "item_id", p->item_id);
  jw_ki64(j, "submitted_by", p->submitted_by);
  jw_kstr(j, "submitter_name", p->submitter_name);
  jw_ki64(j, "unit_id", p->unit_id);
  jw_kstr(j, "unit_name", p->unit_name);
  jw_kstr(j, "text", p->text);
  jw_ki64(j, "percent", p->percent);
  jw_key(j, "indicator_value");
  if (p->has_indicator)
    jw_double(j, p->indicator_value);
  else
    jw_null(j);
  jw_kstr(j, "state", ledger_progress_state_code(p->state));
  jw_kstr(j, "state_label", ledger_progress_state_label(p->state));
  jw_kstr(j, "review_comment", p->review_comment);
  jw_key(j, "reviewed_by");
  if (p->reviewed_by)
    jw_i64(j, p->reviewed_by);
  else
    jw_null(j);
  jw_kstr(j, "reviewer_name", p->reviewer_name);
  jw_key(j, "reviewed_at");
  jw_time(j, p->reviewed_at, 1);
  jw_ktime(j, "created_at", p->created_at);
  jw_key(j, "attachments");
  api_attachments_of_progress(j, xs, n_xs, p->id);
  jw_obj_end(j);
}

static int render_progress(struct req *r, struct resp *w, int status,
                           int64_t item_id, int64_t progress_id)
{
  struct store_conn *c;
  struct ledger_progress p;
  struct ledger_attachment *xs;
  struct jw j;
  int n_xs, rc = api_db(r, &c);
  if (!rc)
    rc = ledger_progress_get(c, r->arena, item_id, progress_id, &p, &r->err);
  if (!rc)
    rc = ledger_attachment_list(c, r->arena, item_id, &xs, &n_xs, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, status));
  progress_json(&j, &p, xs, n_xs);
  return LX_OK;
}

/* GET /api/v1/items/:id/progress — newest first. */
int api_progress_list(struct req *r, struct resp *w)
{
  struct ledger_item it;
  struct ledger_progress *rows;
  struct ledger_attachment *xs;
  struct store_conn *c;
  struct jw j;
  int n, n_xs, rc = api_item_load(r, P_READ, 0, &it);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = ledger_progress_list(c, r->arena, it.id, &rows, &n, &r->err);
  if (!rc)
    rc = ledger_attachment_list(c, r->arena, it.id, &xs, &n_xs, &r->err);
  if (rc)
    return rc;
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    progress_json(&j, &rows[i], xs, n_xs);
  api_list_end(&j, NULL);
  return LX_OK;
}

struct progress_job {
  struct req *r;
  int64_t id, progress_id;
  struct ledger_who who;
  enum ledger_state from, to;
  struct ledger_progress_in in;
  int approve;
  const char *comment;
  int n_att;
  int64_t att[LEDGER_ATTACH_LINK_MAX];
};

static void job_who(struct req *r, struct progress_job *jb)
{
  jb->r = r;
  api_ledger_who(r, &jb->who);
}

static int submit_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct progress_job *jb = ctx;
  struct req *r = jb->r;
  int rc = ledger_progress_submit(c, jb->id, jb->from, jb->to, &jb->in,
                                  &jb->who, api_today(), &jb->progress_id, err);
  if (!rc && jb->n_att)
    rc = ledger_attachment_link(c, jb->id, jb->progress_id, jb->att, jb->n_att,
                                jb->who.account_id, err);
  if (!rc)
    rc = api_audit(
        r, c, "item.report", "item", jb->id, "ok",
        arena_printf(r->arena, "{\"state\":\"%s\"}",
                     ledger_state_code(jb->from)),
        arena_printf(r->arena,
                     "{\"state\":\"%s\",\"progress_id\":%lld,\"percent\":%d,"
                     "\"attachments\":%d}",
                     ledger_state_code(jb->to), (long long)jb->progress_id,
                     jb->in.percent, jb->n_att),
        NULL);
  return rc;
}

/* Reads the optional attachment_ids: an array of at most
 * LEDGER_ATTACH_LINK_MAX positive integers. */
static int read_attachment_ids(struct req *r, json_t *body,
                               struct progress_job *jb)
{
  json_t *a = json_object_get(body, "attachment_ids"), *v;
  size_t i;
  if (!a || json_is_null(a))
    return LX_OK;
  if (!json_is_array(a))
    return err_set(&r->err, LX_EINVAL, "field.type", "attachment_ids",
                   "attachment_ids 应为附件编号的数组");
  if (json_array_size(a) > LEDGER_ATTACH_LINK_MAX)
    return err_setf(&r->err, LX_EINVAL, "attachment.too_many", "attachment_ids",
                    "每份进展报告最多附 %d 个附件", LEDGER_ATTACH_LINK_MAX);
  json_array_foreach(a, i, v)
  {
    if (!json_is_integer(v) || json_integer_value(v) < 1)
      return err_setf(&r->err, LX_EINVAL, "field.type",
                      arena_printf(r->arena, "attachment_ids[%zu]", i),
                      "第 %zu 个附件编号无效", i + 1);
    jb->att[jb->n_att++] = json_integer_value(v);
  }
  return LX_OK;
}

/* POST /api/v1/items/:id/progress {text, percent, indicator_value?,
 * attachment_ids?} → 201 the report (submitted). */
int api_progress_submit(struct req *r, struct resp *w)
{
  struct progress_job *jb = arena_zalloc(r->arena, sizeof *jb);
  const struct subject *s = api_subject(r);
  struct ledger_item cur;
  struct ledger_actor who;
  const char *text = NULL;
  int64_t percent = 0;
  int present = 0;
  json_t *body = NULL, *iv;
  int rc = api_item_load(r, P_REPORT, 0, &cur);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "text", 1, LEDGER_PROGRESS_TEXT_MAX, &text);
  if (!rc)
    rc = api_get_int(r, body, "percent", 1, 0, 100, &percent, &present);
  iv = json_object_get(body, "indicator_value");
  if (!rc && iv && !json_is_null(iv)) {
    if (!json_is_number(iv))
      rc = err_set(&r->err, LX_EINVAL, "field.type", "indicator_value",
                   "指标完成值应为数字");
    else {
      jb->in.has_indicator = 1;
      jb->in.indicator_value = json_number_value(iv);
    }
  }
  if (!rc)
    rc = read_attachment_ids(r, body, jb);
  if (!rc) {
    jb->in.text = api_keep(r, text);
    jb->in.percent = (int)percent;
    rc = ledger_progress_check(&jb->in, &r->err);
  }
  json_decref(body);
  if (rc)
    return rc;
  ledger_actor_from_subject(&who, s, cur.lead_unit_path);
  rc = ledger_transition_check(cur.state, LEDGER_ACT_REPORT, &who, NULL, 0,
                               &jb->to, &r->err);
  if (rc == LX_ECONFLICT)
    rc = err_setf(&r->err, LX_ECONFLICT, "ledger.bad_transition", "state",
                  "事项处于「%s」状态，不能报送进展（签收后方可报送）",
                  ledger_state_label(cur.state));
  if (rc)
    return rc;
  if (cur.progress > jb->in.percent)
    return err_setf(&r->err, LX_EINVAL, "progress.percent_below", "percent",
                    "完成进度不能低于事项当前进度 %d%%", cur.progress);
  /* the unit reported for: the lead unit, else the first co-unit in scope */
  jb->in.unit_id = 0;
  if (who.is_lead_unit)
    jb->in.unit_id = cur.lead_unit_id;
  for (int i = 0; !jb->in.unit_id && i < cur.n_co; i++)
    if (policy_allows(s, P_REPORT, cur.co[i].path, 0, 0))
      jb->in.unit_id = cur.co[i].unit_id;
  if (!jb->in.unit_id)
    jb->in.unit_id = cur.lead_unit_id; /* scope self: owner or leader */
  job_who(r, jb);
  jb->id = cur.id;
  jb->from = cur.state;
  rc = api_write(r, submit_job, jb);
  if (rc)
    return rc;
  return render_progress(r, w, 201, jb->id, jb->progress_id);
}

static int review_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct progress_job *jb = ctx;
  struct req *r = jb->r;
  int rc = ledger_progress_review(c, jb->id, jb->progress_id, jb->approve,
                                  jb->comment, &jb->who, api_today(), err);
  if (!rc)
    rc = api_audit(
        r, c, jb->approve ? "item.progress_approve" : "item.progress_return",
        "item", jb->id, "ok", "{\"state\":\"submitted\"}",
        arena_printf(r->arena, "{\"progress_id\":%lld,\"state\":\"%s\"}",
                     (long long)jb->progress_id,
                     jb->approve ? "approved" : "returned"),
        jb->comment);
  return rc;
}

/* POST /api/v1/items/:id/progress/:progress_id/review
 * {decision: approve|return, comment?} → 200 the report. */
int api_progress_review(struct req *r, struct resp *w)
{
  struct progress_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct ledger_item cur;
  struct ledger_progress p;
  struct store_conn *c;
  const char *decision = NULL, *comment = NULL;
  json_t *body = NULL;
  int rc = api_item_load(r, P_REVIEW, 0, &cur);
  if (!rc)
    rc = req_param_id(r, "progress_id", &jb->progress_id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = ledger_progress_get(c, r->arena, cur.id, jb->progress_id, &p, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "进展报告");
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "decision", 1, 16, &decision);
  if (!rc)
    rc = api_get_str(r, body, "comment", 0, LEDGER_PROGRESS_COMMENT_MAX,
                     &comment);
  if (!rc && strcmp(decision, "approve") && strcmp(decision, "return"))
    rc = err_set(&r->err, LX_EINVAL, "progress.decision_invalid", "decision",
                 "审核结论只能是 approve（通过）或 return（退回）");
  if (!rc) {
    jb->approve = !strcmp(decision, "approve");
    jb->comment = comment && *comment ? api_keep(r, comment) : NULL;
    if (!jb->approve && !jb->comment)
      rc = err_set(&r->err, LX_EINVAL, "progress.comment_required", "comment",
                   "退回进展报告时请填写退回意见");
  }
  json_decref(body);
  if (rc)
    return rc;
  if (p.state != LEDGER_PROGRESS_SUBMITTED)
    return err_setf(&r->err, LX_ECONFLICT, "progress.already_reviewed", "state",
                    "该进展报告已%s，不能重复审核",
                    ledger_progress_state_label(p.state));
  job_who(r, jb);
  jb->id = cur.id;
  rc = api_write(r, review_job, jb);
  if (rc)
    return rc;
  return render_progress(r, w, 200, jb->id, jb->progress_id);
}
