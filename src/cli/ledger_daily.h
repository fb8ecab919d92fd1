/*
 * ledger_daily.h — the server's daily health recompute: a thread that
 * recomputes the health of every open ledger item at start-up and again
 * shortly after each local midnight (cfg tz_offset_min; the test clock
 * of clock_offset_file moves it too), in write jobs of 500 items, logging
 * how many changed.
 */
#ifndef LEDGER_DAILY_H
#define LEDGER_DAILY_H

#include "base/lx.h"

#include <stdint.h>

struct store;

/* Starts the thread for st.  rc: LX_OK; LX_EINTERNAL (no thread). */
LX_MUST_CHECK int ledger_daily_start(struct store *st, struct lx_err *err);

/* Stops and joins the thread (before the store closes).  Safe to call
 * when it was never started. */
void ledger_daily_stop(void);

/* Today's day number in the configured offset (days since 1970-01-01). */
int32_t ledger_daily_today(void);

/* Reloads the rules from the database and recomputes every open item now
 * (used by the thread and by `luoshi ledger recompute`).
 * rc: LX_OK; LX_EDB; LX_EBUSY. */
LX_MUST_CHECK int ledger_daily_run(struct store *st, int *out_seen,
                                   int *out_changed, struct lx_err *err);

#endif
