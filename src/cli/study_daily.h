/*
 * study_daily.h — the daily study upkeep the server runs after each local
 * midnight (called from the daily thread in ledger_daily.c) and `luoshi
 * study remind` runs by hand: deadline reminders of study plans
 * (study_plan_remind, idempotent).
 */
#ifndef STUDY_DAILY_H
#define STUDY_DAILY_H

#include "base/lx.h"

#include <stdint.h>

struct store;

/* Sends the due-soon reminders for local day today (days since
 * 1970-01-01) in one write job; *out_sent = notifications added.
 * rc: LX_OK; LX_EDB; LX_EBUSY. */
LX_MUST_CHECK int study_daily_remind(struct store *st, int32_t today,
                                     int64_t *out_sent, struct lx_err *err);

#endif
