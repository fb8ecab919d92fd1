/*
 * settings.h — the ledger's configurable rules over the store: the
 * thresholds of the health rules (台账设置), the work calendar's special
 * days (工作日历) by year, and an in-memory copy of both that every
 * health computation reads.
 *
 * Settings (table ledger_setting, a missing key takes its default):
 *   warn_days           预警: due within N days (0..60, default 7);
 *   count_mode          0 natural days, 1 working days on the calendar —
 *                       for warn_days, elapsed time and
 *                       extension_min_days;
 *   lag_threshold       滞后: progress behind elapsed time by more than N
 *                       points (1..100, default 20);
 *   lag_warn_threshold  预警 for a smaller lag (0..lag_threshold−1,
 *                       default 10);
 *   extension_min_days  an extension must be filed at least N days before
 *                       the due date (0..60; 0 = any time up to the due
 *                       date itself).
 *
 * The in-memory copy ("the rules"): ledger_rules_reload reads settings
 * and calendar from a connection and swaps them in under a lock, bumping
 * a generation counter; readers (ledger_rules_health …) take the lock
 * shared, so health computation is thread-safe and costs a binary search
 * per calendar lookup.  Until the first reload the rules are the
 * defaults with the built-in calendar.
 *
 * Write functions run inside a write job on the job's connection; the
 * recompute helper queues its own jobs.
 */
#ifndef LEDGER_SETTINGS_H
#define LEDGER_SETTINGS_H

#include "base/lx.h"
#include "domain/ledger/calendar.h"
#include "domain/ledger/health.h"

#include <stdint.h>

struct store;
struct store_conn;

enum { LEDGER_COUNT_NATURAL = 0, LEDGER_COUNT_WORKING = 1 };

struct ledger_settings {
  int warn_days;
  int count_mode;
  int lag_threshold;
  int lag_warn_threshold;
  int extension_min_days;
};

/* The defaults (see the file comment). */
void ledger_settings_default(struct ledger_settings *s);

/* Checks every value's range.  rc: LX_OK; LX_EINVAL ("settings.range",
 * field the key, a Chinese message naming the allowed range). */
LX_MUST_CHECK int ledger_settings_check(const struct ledger_settings *s,
                                        struct lx_err *err);

/* The health rules these settings give. */
void ledger_settings_rules(const struct ledger_settings *s,
                           struct ledger_health_rules *r);

/* Reads the stored settings (defaults for missing keys).
 * rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int ledger_settings_load(struct store_conn *c,
                                       struct ledger_settings *out,
                                       struct lx_err *err);

/* Stores s (checked first).  rc: LX_OK; LX_EINVAL; LX_EDB. */
LX_MUST_CHECK int ledger_settings_save(struct store_conn *c,
                                       const struct ledger_settings *s,
                                       struct lx_err *err);

/* ---- the calendar in the store --------------------------------------- */

/* Installs every built-in year (2026) that has no row in
 * work_calendar_year: its special days, and the year row.  Idempotent.
 * rc: LX_OK; LX_EDB; LX_EINTERNAL (the built-in text is broken). */
LX_MUST_CHECK int ledger_calendar_install(struct store_conn *c,
                                          struct lx_err *err);

/* Loads the special days of year (or every year when year is 0) into the
 * empty out; *out_maintained (may be NULL) says whether the year has a
 * work_calendar_year row.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int ledger_calendar_load(struct store_conn *c, int year,
                                       struct ledger_cal *out,
                                       int *out_maintained, struct lx_err *err);

/* Replaces the special days of year with days (all of which lie in that
 * year) and marks the year maintained with source ("edit", "import").
 * rc: LX_OK; LX_EINVAL (a day outside the year); LX_EDB. */
LX_MUST_CHECK int ledger_calendar_save_year(struct store_conn *c, int year,
                                            const struct ledger_cal *days,
                                            const char *source,
                                            struct lx_err *err);

/* ---- the in-memory rules --------------------------------------------- */

/* Reloads settings and the whole calendar from c and swaps them in.
 * rc: LX_OK; LX_EDB (the old rules stay). */
LX_MUST_CHECK int ledger_rules_reload(struct store_conn *c, struct lx_err *err);

/* Bumped by every reload. */
uint64_t ledger_rules_generation(void);

/* The settings in force. */
void ledger_rules_settings(struct ledger_settings *out);

/* ledger_health_eval with the rules and calendar in force. */
void ledger_rules_health(const struct ledger_health_in *in,
                         struct ledger_health_out *out);

/* Days from a to b (b − a) in the count mode in force: calendar days, or
 * working days d with a < d <= b on the calendar in force. */
int ledger_rules_span(int32_t a, int32_t b);

/* Frees the in-memory rules (at shut-down; they fall back to defaults). */
void ledger_rules_shutdown(void);

/* ---- recompute ---------------------------------------------------------- */

/* Items per recompute write job. */
#define LEDGER_RECOMPUTE_BATCH 500

/* Recomputes, with the rules in force, the health of at most limit open
 * items (issued, signed, in progress, closure requested) with id >
 * after_id, in id order, and writes the ones that changed.  *out_last is
 * the last id looked at (0 when none was left), *out_changed adds the
 * number written.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int ledger_recompute_batch(struct store_conn *c, int64_t after_id,
                                         int limit, int32_t today,
                                         int64_t *out_last, int *out_seen,
                                         int *out_changed, struct lx_err *err);

/* Recomputes every open item in write jobs of LEDGER_RECOMPUTE_BATCH
 * items through st's writer.  *out_seen and *out_changed get the totals.
 * rc: LX_OK; LX_EDB; LX_EBUSY. */
LX_MUST_CHECK int ledger_recompute_all(struct store *st, int32_t today,
                                       int *out_seen, int *out_changed,
                                       struct lx_err *err);

#endif
