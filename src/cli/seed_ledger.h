/*
 * seed_ledger.h — bulk ledger data for `luoshi seed` (district scale and
 * the scaled-down runs of the tests): items over all nine preset types
 * with titles from per-type templates, custom field values normalised by
 * ledger_field_validate, codes numbered per type and year in creation
 * order, dates spread over the two years before today, realistic states,
 * health from ledger_item_health, co-units, milestones, the timeline of
 * every move, and progress reports (approved / returned / submitted).
 *
 * Rows are written with prepared statements straight into the migrated
 * schema (the engine's per-item functions would cost seconds per
 * thousand items); what they write is what the engine would have written.
 */
#ifndef SEED_LEDGER_H
#define SEED_LEDGER_H

#include "base/lx.h"

#include <stdint.h>

struct store_conn;

struct seed_ledger_opts {
  int n_items;   /* items to add */
  int n_reports; /* progress reports to add (spread over the items) */
  uint64_t seed; /* random seed: same seed, same data */
  int32_t today; /* days since 1970-01-01 */
};

struct seed_ledger_stats {
  int64_t items, reports, events, milestones, co_units;
};

/* Adds o->n_items items and o->n_reports reports over the units, leaders
 * and accounts already in the database (the preset types, the duchashi and
 * lianluo accounts must exist; the counters ledger_counter are advanced so
 * later items continue the numbering).  Runs inside a write job on c.
 * rc: LX_OK; LX_EINVAL (no units or types); LX_ENOMEM; LX_EDB. */
LX_MUST_CHECK int seed_ledger_bulk(struct store_conn *c,
                                   const struct seed_ledger_opts *o,
                                   struct seed_ledger_stats *out,
                                   struct lx_err *err);

#endif
