/*
 * milestone.h — marking an item's milestones (节点) done and open again.
 *
 * Who: 督查室 (ledger.write over the item) or the lead unit (ledger.report
 * covering the lead unit).  When: the item has been signed for and is
 * still open (已签收, 推进中, 申请销号).  Each change writes a timeline
 * event ("milestone_done" / "milestone_reopen") naming the milestone.
 */
#ifndef LEDGER_MILESTONE_H
#define LEDGER_MILESTONE_H

#include "base/lx.h"
#include "domain/ledger/item.h"

#include <stdint.h>

struct store_conn;

#define LEDGER_MILESTONE_COMMENT_MAX 500 /* characters */

/* May who (see ledger_actor_from_subject) mark milestones of an item in
 * state st?  rc: LX_OK; LX_ECONFLICT ("milestone.bad_state");
 * LX_EFORBIDDEN ("milestone.forbidden"). */
LX_MUST_CHECK int ledger_milestone_check(enum ledger_state st,
                                         const struct ledger_actor *who,
                                         struct lx_err *err);

/* Sets milestone mid of item id done (done = 1, at now) or open again
 * (done = 0); comment (may be NULL) goes into the timeline.  A milestone
 * already in the asked state answers 409 "milestone.unchanged".  Runs
 * inside a write job.  rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT; LX_EINVAL
 * ("field.too_long"); LX_EDB. */
LX_MUST_CHECK int ledger_milestone_set(struct store_conn *c, int64_t id,
                                       int64_t mid, int done,
                                       const char *comment,
                                       const struct ledger_who *who,
                                       struct lx_err *err);

#endif
