/*
 * lifecycle.c — the item state machine as one table of allowed moves
 * (state, action → state, permission, lead unit?, reason?, evidence?) and
 * the extension-request rules (see lifecycle.h).
 */
#include "domain/ledger/lifecycle.h"

#include "base/timeutil.h"
#include "base/utf8.h"
#include "domain/ledger/ledger_int.h"
#include "domain/policy/policy.h"

#include <string.h>

static const struct {
  const char *code, *label;
} states[LEDGER_STATE_COUNT] = {
    {"draft", "草稿"},
    {"issued", "已下达"},
    {"signed", "已签收"},
    {"in_progress", "推进中"},
    {"closure_requested", "申请销号"},
    {"closed", "已销号"},
    {"cancelled", "已撤销"},
};

static const struct {
  const char *code, *label;
  enum ledger_state target; /* where the action normally leads */
} actions[LEDGER_ACT_COUNT] = {
    {"issue", "下达", LEDGER_ISSUED},
    {"sign", "签收", LEDGER_SIGNED},
    {"report", "报送进展", LEDGER_IN_PROGRESS},
    {"request_close", "申请销号", LEDGER_CLOSURE_REQUESTED},
    {"close", "销号", LEDGER_CLOSED},
    {"return", "退回", LEDGER_IN_PROGRESS},
    {"cancel", "撤销", LEDGER_CANCELLED},
};

#define LEAD 0x1     /* only for the lead unit */
#define REASON 0x2   /* a reason is required */
#define EVIDENCE 0x4 /* at least one evidence attachment */

/* The allowed moves.  A (from, action) pair not listed is a 409. */
static const struct move {
  enum ledger_state from;
  enum ledger_action act;
  enum ledger_state to;
  unsigned perm;
  unsigned flags;
} moves[] = {
    {LEDGER_DRAFT, LEDGER_ACT_ISSUE, LEDGER_ISSUED, LEDGER_PERM_WRITE, 0},
    {LEDGER_ISSUED, LEDGER_ACT_SIGN, LEDGER_SIGNED, LEDGER_PERM_REPORT, LEAD},
    {LEDGER_SIGNED, LEDGER_ACT_REPORT, LEDGER_IN_PROGRESS, LEDGER_PERM_REPORT,
     LEAD},
    {LEDGER_IN_PROGRESS, LEDGER_ACT_REPORT, LEDGER_IN_PROGRESS,
     LEDGER_PERM_REPORT, 0},
    {LEDGER_IN_PROGRESS, LEDGER_ACT_REQUEST_CLOSE, LEDGER_CLOSURE_REQUESTED,
     LEDGER_PERM_REPORT, LEAD | EVIDENCE},
    {LEDGER_CLOSURE_REQUESTED, LEDGER_ACT_CLOSE, LEDGER_CLOSED,
     LEDGER_PERM_CLOSE, EVIDENCE},
    {LEDGER_CLOSURE_REQUESTED, LEDGER_ACT_RETURN, LEDGER_IN_PROGRESS,
     LEDGER_PERM_CLOSE, REASON},
    {LEDGER_DRAFT, LEDGER_ACT_CANCEL, LEDGER_CANCELLED, LEDGER_PERM_WRITE,
     REASON},
    {LEDGER_ISSUED, LEDGER_ACT_CANCEL, LEDGER_CANCELLED, LEDGER_PERM_WRITE,
     REASON},
    {LEDGER_SIGNED, LEDGER_ACT_CANCEL, LEDGER_CANCELLED, LEDGER_PERM_WRITE,
     REASON},
    {LEDGER_IN_PROGRESS, LEDGER_ACT_CANCEL, LEDGER_CANCELLED, LEDGER_PERM_WRITE,
     REASON},
    {LEDGER_CLOSURE_REQUESTED, LEDGER_ACT_CANCEL, LEDGER_CANCELLED,
     LEDGER_PERM_WRITE, REASON},
};

void ledger_actor_from_subject(struct ledger_actor *a, const struct subject *s,
                               const char *lead_unit_path)
{
  a->perms = 0;
  if (policy_has(s, "ledger.write"))
    a->perms |= LEDGER_PERM_WRITE;
  if (policy_has(s, "ledger.report"))
    a->perms |= LEDGER_PERM_REPORT;
  if (policy_has(s, "ledger.review"))
    a->perms |= LEDGER_PERM_REVIEW;
  if (policy_has(s, "ledger.close"))
    a->perms |= LEDGER_PERM_CLOSE;
  a->is_lead_unit = lead_unit_path && lead_unit_path[0] &&
                    policy_allows(s, "ledger.report", lead_unit_path, 0, 0);
}

const char *ledger_state_code(enum ledger_state s)
{
  return (unsigned)s < LEDGER_STATE_COUNT ? states[s].code : "";
}

const char *ledger_state_label(enum ledger_state s)
{
  return (unsigned)s < LEDGER_STATE_COUNT ? states[s].label : "";
}

const char *ledger_action_code(enum ledger_action a)
{
  return (unsigned)a < LEDGER_ACT_COUNT ? actions[a].code : "";
}

const char *ledger_action_label(enum ledger_action a)
{
  return (unsigned)a < LEDGER_ACT_COUNT ? actions[a].label : "";
}

const char *ledger_event_label(const char *action)
{
  static const struct {
    const char *code, *label;
  } events[] = {
      {"create", "创建"},
      {"update", "修改"},
      {"assign", "分派"},
      {"import", "导入"},
      {"progress_approve", "通过进展"},
      {"progress_return", "退回进展"},
      {"attach", "上传附件"},
      {"comment", "评论"},
      {"milestone_done", "节点完成"},
      {"milestone_reopen", "节点重开"},
      {"extension_request", "申请延期"},
      {"extension_approve", "批准延期"},
      {"extension_reject", "驳回延期"},
  };
  enum ledger_action act;
  if (action && ledger_action_parse(action, &act))
    return ledger_action_label(act);
  for (size_t i = 0; action && i < LX_COUNT(events); i++)
    if (!strcmp(action, events[i].code))
      return events[i].label;
  return "修改";
}

int ledger_state_parse(const char *code, enum ledger_state *out)
{
  for (int i = 0; code && i < LEDGER_STATE_COUNT; i++)
    if (strcmp(code, states[i].code) == 0) {
      *out = (enum ledger_state)i;
      return 1;
    }
  return 0;
}

int ledger_action_parse(const char *code, enum ledger_action *out)
{
  for (int i = 0; code && i < LEDGER_ACT_COUNT; i++)
    if (strcmp(code, actions[i].code) == 0) {
      *out = (enum ledger_action)i;
      return 1;
    }
  return 0;
}

int ledger_state_is_open(enum ledger_state s)
{
  return (unsigned)s < LEDGER_CLOSED;
}

/* Checks a required reason: present, not blank, valid text, not too long.
 * what names the act in the message ("退回"). */
static int reason_check(const char *reason, const char *what,
                        struct lx_err *err)
{
  const char *p = reason;
  size_t n = reason ? strlen(reason) : 0;
  ledger_trim(&p, &n);
  if (n == 0)
    return err_setf(err, LX_EINVAL, "ledger.reason_required", "reason",
                    "%s须填写原因", what);
  if (!utf8_valid(reason, strlen(reason)) ||
      utf8_len(reason) > LEDGER_REASON_MAX)
    return err_setf(err, LX_EINVAL, "ledger.reason_too_long", "reason",
                    "原因不能超过%d个字，且须为有效文本", LEDGER_REASON_MAX);
  return LX_OK;
}

int ledger_transition_check(enum ledger_state from, enum ledger_action act,
                            const struct ledger_actor *who, const char *reason,
                            int n_evidence, enum ledger_state *out_to,
                            struct lx_err *err)
{
  const struct move *m = NULL;
  int rc;
  if ((unsigned)from >= LEDGER_STATE_COUNT || (unsigned)act >= LEDGER_ACT_COUNT)
    return err_set(err, LX_EINVAL, "ledger.bad_state", "state",
                   "事项状态或操作无效");
  for (size_t i = 0; i < LX_COUNT(moves) && !m; i++)
    if (moves[i].from == from && moves[i].act == act)
      m = &moves[i];
  if (!m)
    return err_setf(err, LX_ECONFLICT, "ledger.bad_transition", "state",
                    "事项处于「%s」状态，不能%s（变为「%s」）",
                    states[from].label, actions[act].label,
                    states[actions[act].target].label);
  if (!who || !(who->perms & m->perm))
    return err_setf(err, LX_EFORBIDDEN, "ledger.forbidden", "",
                    "没有%s事项的权限", actions[act].label);
  if ((m->flags & LEAD) && !who->is_lead_unit)
    return err_setf(err, LX_EFORBIDDEN, "ledger.not_lead_unit", "",
                    "只有牵头单位可以%s", actions[act].label);
  if (m->flags & REASON) {
    rc = reason_check(reason, actions[act].label, err);
    if (rc)
      return rc;
  }
  if ((m->flags & EVIDENCE) && n_evidence < 1)
    return err_setf(err, LX_EINVAL, "ledger.evidence_required", "evidence",
                    "%s须至少有一份佐证材料", actions[act].label);
  *out_to = m->to;
  return LX_OK;
}

static int extension_common(enum ledger_state st, const struct ledger_due *d,
                            int32_t new_due, struct lx_err *err)
{
  char a[16];
  if (st != LEDGER_ISSUED && st != LEDGER_SIGNED && st != LEDGER_IN_PROGRESS &&
      st != LEDGER_CLOSURE_REQUESTED)
    return err_setf(err, LX_ECONFLICT, "ledger.extension_bad_state", "state",
                    "事项处于「%s」状态，不能申请延期", ledger_state_label(st));
  if (d->due == LEDGER_NO_DATE)
    return err_set(err, LX_EINVAL, "ledger.extension_no_due", "due_date",
                   "事项没有截止日期，不需要延期");
  if (new_due == LEDGER_NO_DATE || new_due <= d->due) {
    time_format_date(d->due, a, sizeof a);
    return err_setf(err, LX_EINVAL, "ledger.extension_not_later", "new_due",
                    "延期后的截止日期须晚于当前截止日期（%s）", a);
  }
  return LX_OK;
}

int ledger_extension_check(enum ledger_state st, const struct ledger_due *d,
                           int32_t today, int32_t new_due, const char *reason,
                           const struct ledger_actor *who, struct lx_err *err)
{
  char a[16];
  int rc;
  if (st == LEDGER_CLOSURE_REQUESTED) /* filing needs work still to do */
    return err_setf(err, LX_ECONFLICT, "ledger.extension_bad_state", "state",
                    "事项处于「%s」状态，不能申请延期", ledger_state_label(st));
  rc = extension_common(st, d, new_due, err);
  if (rc)
    return rc;
  if (!who || !(who->perms & LEDGER_PERM_REPORT) || !who->is_lead_unit)
    return err_set(err, LX_EFORBIDDEN, "ledger.not_lead_unit", "",
                   "只有牵头单位可以申请延期");
  if (today > d->due) {
    time_format_date(d->due, a, sizeof a);
    return err_setf(err, LX_ECONFLICT, "ledger.extension_too_late", "",
                    "延期申请须在截止日期（%s）前提出，现已逾期", a);
  }
  return reason_check(reason, "申请延期", err);
}

int ledger_extension_approve(enum ledger_state st, struct ledger_due *d,
                             int32_t new_due, const struct ledger_actor *who,
                             struct lx_err *err)
{
  int rc = extension_common(st, d, new_due, err);
  if (rc)
    return rc;
  if (!who || !(who->perms & LEDGER_PERM_WRITE))
    return err_set(err, LX_EFORBIDDEN, "ledger.forbidden", "",
                   "没有批准延期的权限");
  if (d->original_due == LEDGER_NO_DATE)
    d->original_due = d->due;
  d->due = new_due;
  d->n_extensions++;
  return LX_OK;
}

int ledger_edit_check(enum ledger_state st, const struct ledger_actor *who,
                      struct lx_err *err)
{
  if ((unsigned)st >= LEDGER_STATE_COUNT)
    return err_set(err, LX_EINVAL, "ledger.bad_state", "state", "事项状态无效");
  if (st != LEDGER_DRAFT && st != LEDGER_ISSUED)
    return err_setf(err, LX_ECONFLICT, "ledger.not_editable", "state",
                    "事项已%s，不能再修改；请通过进展报送或延期申请办理",
                    ledger_state_label(st));
  if (!(who->perms & LEDGER_PERM_WRITE))
    return err_set(err, LX_EFORBIDDEN, "ledger.forbidden", "",
                   "只有督查室可以修改事项");
  return LX_OK;
}
