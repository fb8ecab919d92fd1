/*
 * seed_study.h — study data for `luoshi seed` (seed_study.c).
 *
 * Every scale: the nine default topics when study_topic is empty, and a
 * demo library of hand-written materials (original texts on Party
 * history, 学史明理/学史增信/学史崇德/学史力行, 三会一课, 为民办实事,
 * 乡村振兴 …) across the topics, with tags, a few visible to one town
 * only, so a new user can search at once.  Then reading records and the
 * study_day aggregate for every person over the last days (demo: 60 days
 * over the library), consistent with each other: each reading belongs to
 * one day, and study_day.seconds is the sum of that day's readings.
 *
 * District scale adds n_bulk generated materials (bodies of 800–3000
 * characters composed from phrase tables by a deterministic generator)
 * and n_readings reading records over the last 365 days, and bench
 * accounts bench01..benchNN (role member, linked to persons).
 *
 * Rows are written with prepared statements straight into the migrated
 * schema inside the caller's write job; the search index follows the
 * material table through its triggers.
 */
#ifndef SEED_STUDY_H
#define SEED_STUDY_H

#include "base/lx.h"

#include <stdint.h>

struct store_conn;

struct seed_study_opts {
  int n_bulk;             /* generated materials (0 at demo scale) */
  int64_t n_readings;     /* reading records in all (0: demo default) */
  int window_days;        /* days of reading history before today */
  int n_bench;            /* bench accounts bench01.. (0 = none) */
  const char *bench_hash; /* their password hash (argon2id text) */
  uint64_t seed;          /* same seed and day, same rows */
  int32_t today;          /* days since 1970-01-01, local */
};

struct seed_study_stats {
  int64_t materials, readings, study_days, bench_accounts;
  int64_t ms_materials, ms_readings; /* time spent writing each part */
};

/* Writes the library, readings and study_day rows (see above) over the
 * units, people and accounts already in the database (the zuzhibu account
 * or, failing that, any account is the materials' creator).  Runs inside
 * a write job on c.  rc: LX_OK; LX_EINVAL (no people or accounts);
 * LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int seed_study(struct store_conn *c,
                             const struct seed_study_opts *o,
                             struct seed_study_stats *out, struct lx_err *err);

#endif
