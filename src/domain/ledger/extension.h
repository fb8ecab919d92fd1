/*
 * extension.h — extension requests (延期申请) over the store.  The lead
 * unit's liaison files {new_due_date, reason} while the item is open and
 * not yet overdue (and, when the settings ask for it, at least
 * extension_min_days days before the due date); at most one request per
 * item waits for review.  督查室 approves (the item's due_date becomes the
 * new date, original_due_date keeps the first deadline, health is
 * recomputed) or rejects with a comment.  Every step writes a timeline
 * event.
 *
 * The rules themselves are lifecycle.h's ledger_extension_check and
 * ledger_extension_approve; ledger_ext_filing_check adds the settings'
 * lead time.  Write functions run inside a write job on the job's
 * connection and re-check what can change meanwhile.
 */
#ifndef LEDGER_EXTENSION_H
#define LEDGER_EXTENSION_H

#include "base/lx.h"
#include "domain/ledger/item.h"
#include "domain/ledger/lifecycle.h"

#include <stdint.h>

struct arena;
struct store_conn;

#define LEDGER_EXT_COMMENT_MAX 1000 /* characters */

enum ledger_ext_state {
  LEDGER_EXT_SUBMITTED = 0,
  LEDGER_EXT_APPROVED,
  LEDGER_EXT_REJECTED
};

struct ledger_extension {
  int64_t id, item_id, requested_by, unit_id;
  const char *requester_name, *unit_name;
  const char *old_due_date, *new_due_date; /* YYYY-MM-DD */
  const char *reason;
  enum ledger_ext_state state;
  int64_t reviewed_by; /* 0 = not reviewed */
  const char *reviewer_name, *review_comment;
  int64_t created_at, reviewed_at; /* ms; reviewed_at 0 = not yet */
};

/* Code ("submitted") and Chinese label ("待审批"); static strings. */
const char *ledger_ext_state_code(enum ledger_ext_state s);
const char *ledger_ext_state_label(enum ledger_ext_state s);

/* May who file a request to new_due on day today?  ledger_extension_check
 * (state, lead unit, not overdue, later date, reason 1..1000 characters),
 * then the lead time: with min_days > 0, days_left (today → due in the
 * count mode in force, working_days says which) must be at least
 * min_days.  Errors on the new date name the field "new_due_date".
 * rc: LX_OK; LX_ECONFLICT ("ledger.extension_bad_state",
 * "ledger.extension_too_late"); LX_EFORBIDDEN ("ledger.not_lead_unit");
 * LX_EINVAL ("ledger.extension_no_due", "ledger.extension_not_later",
 * "ledger.reason_required", "ledger.reason_too_long"). */
LX_MUST_CHECK int
ledger_ext_filing_check(enum ledger_state st, const struct ledger_due *d,
                        int32_t today, int32_t new_due, const char *reason,
                        const struct ledger_actor *who, int min_days,
                        int days_left, int working_days, struct lx_err *err);

/* Files a request on item id for unit_id: the item's due date must still
 * be old_due (else 409 "ledger.due_changed") and no other request may be
 * waiting (409 "extension.pending").  Writes an "extension_request"
 * timeline event.  rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int ledger_ext_submit(struct store_conn *c, int64_t id,
                                    int64_t unit_id, const char *old_due,
                                    const char *new_due, const char *reason,
                                    const struct ledger_who *who,
                                    int64_t *out_id, struct lx_err *err);

/* Reviews request ext_id of item id.  Approve runs
 * ledger_extension_approve with actor (who needs ledger.write), moves the
 * item's due_date, sets original_due_date when it was unset and
 * recomputes health; reject needs a comment.  Only a waiting request can
 * be reviewed (409 "extension.already_reviewed").  Writes an
 * "extension_approve" / "extension_reject" timeline event.
 * rc: LX_OK; LX_EINVAL ("extension.comment_required", …); LX_EFORBIDDEN;
 * LX_ENOTFOUND; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int ledger_ext_review(struct store_conn *c, int64_t id,
                                    int64_t ext_id, int approve,
                                    const char *comment,
                                    const struct ledger_actor *actor,
                                    const struct ledger_who *who, int32_t today,
                                    struct lx_err *err);

/* One request of item id.  rc: LX_OK; LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int ledger_ext_get(struct store_conn *c, struct arena *a,
                                 int64_t id, int64_t ext_id,
                                 struct ledger_extension *out,
                                 struct lx_err *err);

/* The requests of item id, newest first.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int ledger_ext_list(struct store_conn *c, struct arena *a,
                                  int64_t id, struct ledger_extension **out,
                                  int *out_n, struct lx_err *err);

/* Number of requests of item id waiting for review (into *out).
 * rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int ledger_ext_pending(struct store_conn *c, int64_t id,
                                     int64_t *out, struct lx_err *err);

#endif
