/*
 * api_milestone.c — POST /api/v1/items/:id/milestones/:milestone_id/done
 * {done: true|false, comment?}: 督查室 or the lead unit marks a milestone
 * (节点) done or open again.  Items outside the caller's scope answer 404;
 * the change is audited in the same job as its timeline event.
 */
#include "api/api_org.h"
#include "api/api_ledger.h"

#include "base/arena.h"
#include "domain/ledger/milestone.h"

#include <string.h>

struct milestone_job {
  struct req *r;
  int64_t id, mid;
  int done;
  const char *comment;
  struct ledger_who who;
};

static int milestone_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct milestone_job *jb = ctx;
  struct req *r = jb->r;
  int rc = ledger_milestone_set(c, jb->id, jb->mid, jb->done, jb->comment,
                                &jb->who, err);
  if (!rc)
    rc = api_audit(
        r, c, jb->done ? "item.milestone_done" : "item.milestone_reopen",
        "item", jb->id, "ok",
        arena_printf(r->arena, "{\"milestone_id\":%lld,\"done\":%s}",
                     (long long)jb->mid, jb->done ? "false" : "true"),
        arena_printf(r->arena, "{\"milestone_id\":%lld,\"done\":%s}",
                     (long long)jb->mid, jb->done ? "true" : "false"),
        jb->comment);
  return rc;
}

int api_milestone_done(struct req *r, struct resp *w)
{
  struct milestone_job *jb = arena_zalloc(r->arena, sizeof *jb);
  const struct subject *s = api_subject(r);
  struct ledger_item it;
  struct ledger_actor who;
  const char *comment = NULL;
  json_t *body = NULL;
  int present = 0, rc = req_param_id(r, "milestone_id", &jb->mid);
  if (!rc)
    rc = api_item_load(r, "ledger.read", 0, &it);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_bool(r, body, "done", &jb->done, &present);
  if (!rc && !present)
    rc = err_set(&r->err, LX_EINVAL, "field.required", "done",
                 "请说明节点是否完成（done: true 或 false）");
  if (!rc)
    rc = api_get_str(r, body, "comment", 0, LEDGER_MILESTONE_COMMENT_MAX,
                     &comment);
  if (!rc)
    jb->comment = comment && *comment ? api_keep(r, comment) : NULL;
  json_decref(body);
  if (rc)
    return rc;
  ledger_actor_from_subject(&who, s, it.lead_unit_path);
  rc = ledger_milestone_check(it.state, &who, &r->err);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = it.id;
  api_ledger_who(r, &jb->who);
  rc = api_write(r, milestone_job, jb);
  if (rc)
    return rc;
  {
    struct jw j;
    jw_init(&j, api_json(w, 200));
    jw_obj(&j);
    jw_ki64(&j, "id", jb->mid);
    jw_ki64(&j, "item_id", jb->id);
    jw_kbool(&j, "done", jb->done);
    jw_obj_end(&j);
  }
  return LX_OK;
}
