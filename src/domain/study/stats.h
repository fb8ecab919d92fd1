/*
 * stats.h — study statistics (学习统计) for branch secretaries and the
 * organization department (组织部): over a unit and a period of days,
 * one row per direct child unit (level "unit") or per member of the
 * unit's subtree (level "member"), a totals row for the whole subtree,
 * and a daily trend series for charts.
 *
 * Every minute and participant comes from the maintained aggregate
 * study_day (per person and local day, credited to the person's unit at
 * the time), never from the raw readings; materials completed come from
 * reading.completed_at through an index on (unit_id, completed_at).
 * Unit subtrees are ranges of unit.path (path >= '/1/5/' AND
 * path < '/1/50'), so every figure is an index range scan.
 *
 *  - members       persons whose unit is in the subtree (today's org);
 *  - participants  distinct persons with study seconds > 0 in the period,
 *                  credited to a unit of the subtree;
 *  - seconds       study seconds credited in the period;
 *  - completed     readings completed (completed_at) in the period.
 *
 * Plans, reflections, sessions and 学史力行 links come from the modules
 * that own them (plan.h, reflection.h, session.h, action.h), per subtree;
 * the 本级 row (the unit's own persons) has none of them (-1, "not
 * available").
 *
 * The scope check (may the caller see this unit?) is the caller's.
 */
#ifndef STUDY_STATS_H
#define STUDY_STATS_H

#include "base/lx.h"

#include <stdint.h>

struct arena;
struct store_conn;

/* Longest period, in days (both ends included). */
#define STUDY_STATS_MAX_DAYS 366
/* Most member rows one answer holds (level "member" on a large unit). */
#define STUDY_STATS_MAX_MEMBERS 5000

enum study_stats_level { STUDY_STATS_UNITS = 0, STUDY_STATS_MEMBERS = 1 };

/* A period of local days, both ends included. */
struct study_stats_period {
  int32_t from_day, to_day; /* days since 1970-01-01 */
  char from[11], to[11];    /* the same as YYYY-MM-DD */
  int64_t from_ms, to_ms;   /* [from_ms, to_ms): the period as instants */
};

/* One row of the table (and the totals row). */
struct study_stats_row {
  int64_t id;       /* unit id (level unit) or person id (level member) */
  const char *name; /* unit or person name */
  const char *kind; /* unit kind (党支部 …) or the person's position */
  const char *unit_name; /* member rows: the person's unit */
  int self;           /* unit rows: the persons directly in the parent unit */
  int64_t n_children; /* unit rows: child units (drill-down possible) */
  int64_t members, participants, seconds, completed;
  int64_t active_days; /* member rows: days with study */
  char last_day[11];   /* member rows: last day with study, "" if none */
  /* from other modules; -1 = not available */
  int64_t plan_done, plan_assigned;
  int64_t refl_submitted, refl_approved, refl_featured;
  int64_t sessions_held, attend_expected, attend_present;
  int64_t action_links, action_accepted;
};

/* The answer: rows in org order, the totals of the subtree. */
struct study_stats {
  enum study_stats_level level;
  struct study_stats_row *rows; /* arena-owned */
  int n_rows;
  struct study_stats_row totals;
};

/* One day of the trend series. */
struct study_stats_day {
  char day[11];
  int64_t seconds, participants;
};

/* Reads the period from "YYYY-MM-DD" texts (NULL or "" = default: the
 * month of today, from its first day to its last).  today is days since
 * 1970-01-01 (local); offset_min the local offset east of UTC.
 * rc: LX_OK; LX_EINVAL with field "from" or "to" (not a date; to before
 * from; longer than STUDY_STATS_MAX_DAYS; only one end given). */
LX_MUST_CHECK int study_stats_period_parse(const char *from, const char *to,
                                           int32_t today, int offset_min,
                                           struct study_stats_period *out,
                                           struct lx_err *err);

/* Computes the table for the unit (id, path) over p at level.  Level
 * unit: a row for the persons directly in the unit (when there are any,
 * self = 1), then one row per direct child unit in sort order.  Level
 * member: one row per person of the subtree in org order (at most
 * STUDY_STATS_MAX_MEMBERS, else LX_EINVAL "stats.too_many_members",
 * field "level").  Reads only: use a read connection (ideally inside
 * store_read_begin).  rc: LX_OK; LX_EINVAL; LX_ENOMEM; LX_EDB.
 * Returns in *out rows allocated from a (caller's arena). */
LX_MUST_CHECK int study_stats_table(struct store_conn *c, struct arena *a,
                                    int64_t unit_id, const char *unit_path,
                                    const struct study_stats_period *p,
                                    enum study_stats_level level,
                                    struct study_stats *out,
                                    struct lx_err *err);

/* The daily series of the unit's subtree over p: one entry per day of the
 * period (days without study have zeros).  rc: LX_OK; LX_ENOMEM; LX_EDB.
 * Returns in *out an array of *out_n entries from a. */
LX_MUST_CHECK int study_stats_trend(struct store_conn *c, struct arena *a,
                                    const char *unit_path,
                                    const struct study_stats_period *p,
                                    struct study_stats_day **out, int *out_n,
                                    struct lx_err *err);

#endif
