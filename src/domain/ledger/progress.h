/*
 * progress.h — progress reports (进展) on ledger items: the lead unit or a
 * co-unit submits {text, percent, indicator value?}; 督查室 approves
 * (通过) or returns (退回, with a comment).  The item's progress and
 * indicator actual change only when a report is approved; health is then
 * recomputed.  The first report on a signed item moves it to in_progress
 * through ledger_item_move (action "report"), so the timeline shows it.
 *
 * Who may report and whether the state allows it is decided by the caller
 * with ledger_transition_check (LEDGER_ACT_REPORT); these functions re-check
 * what can change meanwhile (state, current progress, review state).
 * Write functions run inside a write job on the job's connection.
 */
#ifndef LEDGER_PROGRESS_H
#define LEDGER_PROGRESS_H

#include "base/lx.h"
#include "domain/ledger/item.h"

#include <stdint.h>

struct arena;
struct store_conn;

#define LEDGER_PROGRESS_TEXT_MAX 5000   /* characters */
#define LEDGER_PROGRESS_COMMENT_MAX 1000 /* characters */

enum ledger_progress_state {
  LEDGER_PROGRESS_SUBMITTED = 0,
  LEDGER_PROGRESS_APPROVED,
  LEDGER_PROGRESS_RETURNED
};

struct ledger_progress {
  int64_t id, item_id, submitted_by, unit_id;
  const char *submitter_name, *unit_name;
  const char *text;
  int percent;
  int has_indicator;
  double indicator_value;
  enum ledger_progress_state state;
  const char *review_comment;
  int64_t reviewed_by; /* 0 = not reviewed */
  const char *reviewer_name;
  int64_t reviewed_at, created_at;
};

struct ledger_progress_in {
  const char *text;
  int percent;
  int has_indicator;
  double indicator_value;
  int64_t unit_id; /* the unit the reporter acts for */
};

/* Code ("submitted") and Chinese label ("待审核"); static strings. */
const char *ledger_progress_state_code(enum ledger_progress_state s);
const char *ledger_progress_state_label(enum ledger_progress_state s);

/* Checks text (required, ≤ LEDGER_PROGRESS_TEXT_MAX characters) and
 * percent (0..100).  rc: LX_OK; LX_EINVAL naming "text" or "percent". */
LX_MUST_CHECK int ledger_progress_check(const struct ledger_progress_in *in,
                                        struct lx_err *err);

/* Records a submitted report on item id, which must still be in from
 * (to is from's report target, in_progress); percent may not be below the
 * item's current progress (400 "progress.percent_below", field percent).
 * Writes the "report" timeline event through ledger_item_move.
 * rc: LX_OK; LX_EINVAL; LX_ENOTFOUND; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int ledger_progress_submit(struct store_conn *c, int64_t id,
                                         enum ledger_state from,
                                         enum ledger_state to,
                                         const struct ledger_progress_in *in,
                                         const struct ledger_who *who,
                                         int32_t today, int64_t *out_id,
                                         struct lx_err *err);

/* Reviews report progress_id of item id: approve sets the item's progress
 * (and indicator actual when the report has one) and recomputes health;
 * return keeps them and needs a comment.  Only a submitted report can be
 * reviewed (409 "progress.already_reviewed").  Writes a timeline event
 * ("progress_approve" / "progress_return").
 * rc: LX_OK; LX_EINVAL ("progress.comment_required"); LX_ENOTFOUND;
 * LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int ledger_progress_review(struct store_conn *c, int64_t id,
                                         int64_t progress_id, int approve,
                                         const char *comment,
                                         const struct ledger_who *who,
                                         int32_t today, struct lx_err *err);

/* One report of item id.  rc: LX_OK; LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int ledger_progress_get(struct store_conn *c, struct arena *a,
                                      int64_t id, int64_t progress_id,
                                      struct ledger_progress *out,
                                      struct lx_err *err);

/* The reports of item id, newest first.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int ledger_progress_list(struct store_conn *c, struct arena *a,
                                       int64_t id, struct ledger_progress **out,
                                       int *out_n, struct lx_err *err);

#endif
