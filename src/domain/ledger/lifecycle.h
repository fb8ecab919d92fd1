/*
 * lifecycle.h — the ledger item state machine and who may move it, plus
 * the extension-request (延期申请) rules.
 *
 *   草稿 draft ──下达 issue──▶ 已下达 issued ──签收 sign──▶ 已签收 signed
 *   ──报送进展 report──▶ 推进中 in_progress ──申请销号 request_close──▶
 *   申请销号 closure_requested ──销号 close──▶ 已销号 closed
 *   申请销号 ──退回 return (reason)──▶ 推进中
 *   any open state ──撤销 cancel (reason)──▶ 已撤销 cancelled
 *
 * Who: 督查室 (ledger.write) issues and cancels; 督查室 (ledger.close)
 * closes and returns closure requests; the lead unit's liaison
 * (ledger.report, in scope of the lead unit) signs, makes the first
 * progress report and requests closure.  Later progress reports (推进中 →
 * 推进中) need ledger.report only, so co-units may report too.  Closure
 * (requesting it and granting it) needs at least one evidence attachment.
 *
 * Checks run in this order: the action is possible from the state (409
 * "ledger.bad_transition"), the actor may do it (403), then the reason and
 * evidence (400).  Pure functions: nothing here reads or writes storage.
 */
#ifndef LEDGER_LIFECYCLE_H
#define LEDGER_LIFECYCLE_H

#include "base/lx.h"

#include <stdint.h>

struct subject;

/* "No date" in day-number fields (days since 1970-01-01). */
#define LEDGER_NO_DATE INT32_MIN
/* Longest reason (退回/撤销/延期 原因), in characters. */
#define LEDGER_REASON_MAX 1000

enum ledger_state {
  LEDGER_DRAFT = 0,
  LEDGER_ISSUED,
  LEDGER_SIGNED,
  LEDGER_IN_PROGRESS,
  LEDGER_CLOSURE_REQUESTED,
  LEDGER_CLOSED,
  LEDGER_CANCELLED,
  LEDGER_STATE_COUNT
};

enum ledger_action {
  LEDGER_ACT_ISSUE = 0,     /* 下达 */
  LEDGER_ACT_SIGN,          /* 签收 */
  LEDGER_ACT_REPORT,        /* 报送进展 */
  LEDGER_ACT_REQUEST_CLOSE, /* 申请销号 */
  LEDGER_ACT_CLOSE,         /* 销号 */
  LEDGER_ACT_RETURN,        /* 退回 */
  LEDGER_ACT_CANCEL,        /* 撤销 */
  LEDGER_ACT_COUNT
};

/* Ledger permissions the actor holds (bits). */
#define LEDGER_PERM_WRITE 0x1u  /* ledger.write */
#define LEDGER_PERM_REPORT 0x2u /* ledger.report */
#define LEDGER_PERM_REVIEW 0x4u /* ledger.review */
#define LEDGER_PERM_CLOSE 0x8u  /* ledger.close */

/* Who is acting, as far as the state machine cares. */
struct ledger_actor {
  unsigned perms;   /* LEDGER_PERM_* */
  int is_lead_unit; /* may act for the item's lead unit (牵头单位) */
};

/* Fills a from a logged-in subject: its ledger permissions, and whether
 * its ledger.report scope covers the lead unit at lead_unit_path ("/1/5/";
 * NULL = the item has no lead unit yet). */
void ledger_actor_from_subject(struct ledger_actor *a, const struct subject *s,
                               const char *lead_unit_path);

/* Stable ASCII code ("in_progress") and Chinese label ("推进中") of a
 * state or action; "" for a value out of range.  Returns static strings. */
const char *ledger_state_code(enum ledger_state s);
const char *ledger_state_label(enum ledger_state s);
const char *ledger_action_code(enum ledger_action a);
const char *ledger_action_label(enum ledger_action a);

/* The Chinese label of a timeline event action: a lifecycle action's
 * label ("下达"), or of the other events ("create" → "创建",
 * "progress_approve" → "通过进展", "milestone_done" → "节点完成" …);
 * "修改" for anything else.  Returns a static string. */
const char *ledger_event_label(const char *action);

/* Parses a state or action code.  Returns 1 and sets *out, else 0. */
int ledger_state_parse(const char *code, enum ledger_state *out);
int ledger_action_parse(const char *code, enum ledger_action *out);

/* 1 for the states in which an item is still open (not closed or
 * cancelled). */
int ledger_state_is_open(enum ledger_state s);

/* May who do act on an item in state from?  reason is required (non-blank,
 * ≤ LEDGER_REASON_MAX characters) for return and cancel, and kept optional
 * otherwise; n_evidence is the number of evidence attachments (closure
 * needs ≥ 1).  On success *out_to is the new state.
 * rc: LX_OK; LX_ECONFLICT ("ledger.bad_transition", message naming the
 * current and the target state); LX_EFORBIDDEN ("ledger.forbidden",
 * "ledger.not_lead_unit"); LX_EINVAL ("ledger.reason_required",
 * "ledger.reason_too_long", "ledger.evidence_required",
 * "ledger.bad_state" for values out of range). */
LX_MUST_CHECK int ledger_transition_check(enum ledger_state from,
                                          enum ledger_action act,
                                          const struct ledger_actor *who,
                                          const char *reason, int n_evidence,
                                          enum ledger_state *out_to,
                                          struct lx_err *err);

/* May who edit an item's content (title, dates, units, fields) in state
 * st?  Only 督查室 (ledger.write), and only before the lead unit has signed
 * for it (draft or issued); afterwards changes go through progress
 * reports and extension requests.
 * rc: LX_OK; LX_ECONFLICT ("ledger.not_editable"); LX_EFORBIDDEN
 * ("ledger.forbidden"). */
LX_MUST_CHECK int ledger_edit_check(enum ledger_state st,
                                    const struct ledger_actor *who,
                                    struct lx_err *err);

/* An item's deadlines.  original_due is the due date at issue and never
 * changes; due is the one in force; both LEDGER_NO_DATE when unset. */
struct ledger_due {
  int32_t original_due;
  int32_t due;
  int n_extensions;
};

/* May who file an extension request to new_due on day today?  Rules: the
 * item is issued, signed or in progress; who acts for the lead unit with
 * ledger.report; the request is filed no later than the due date in force
 * (the due day itself still counts: an item is overdue only after it);
 * new_due is later than the due date in force; a reason is given.
 * rc: LX_OK; LX_ECONFLICT ("ledger.extension_bad_state",
 * "ledger.extension_too_late"); LX_EFORBIDDEN; LX_EINVAL
 * ("ledger.extension_no_due", "ledger.extension_not_later",
 * "ledger.reason_required", "ledger.reason_too_long"). */
LX_MUST_CHECK int
ledger_extension_check(enum ledger_state st, const struct ledger_due *d,
                       int32_t today, int32_t new_due, const char *reason,
                       const struct ledger_actor *who, struct lx_err *err);

/* 督查室 approves a filed request: who needs ledger.write, the item must
 * still be open and past draft, and new_due must still be later than the
 * due date in force (approval may come after the due date).  On success
 * d->due = new_due, d->n_extensions++, and d->original_due keeps the first
 * due date (it is set from d->due if it was unset).
 * rc: as ledger_extension_check, without the filing-time rule. */
LX_MUST_CHECK int ledger_extension_approve(enum ledger_state st,
                                           struct ledger_due *d,
                                           int32_t new_due,
                                           const struct ledger_actor *who,
                                           struct lx_err *err);

#endif
