/*
 * reading.h — timed reading (学习记录): the reading page sends a heartbeat
 * {material_id, progress} every 15 s while it is visible, and the server
 * credits the time.  The rules (all on the server's wall clock):
 *
 *  - one material at a time per person: reading_state holds the material
 *    of the last heartbeat and its time.  A heartbeat for another material
 *    (or the first ever) credits 0 and moves the state; two tabs on two
 *    materials therefore never double-count;
 *  - otherwise the credit is the time since the last heartbeat, at most
 *    cap seconds (a longer gap means the member was probably away);
 *  - never more than the wall clock: credit is whole seconds and the
 *    sub-second rest stays in the state (last_beat_at advances by exactly
 *    what was credited), so a flood of heartbeats credits at most the
 *    time that really passed; a clock that went backwards credits 0;
 *  - the reading row (person, material) adds the credit, keeps the
 *    furthest scroll position, and gets completed_at the first time its
 *    seconds reach the material's min_seconds; study_day (the aggregate
 *    the statistics read) gets the credit on the local day(s) it fell in
 *    (split at local midnight).
 *
 * A heartbeat writes three rows in one write job and is not audited (one
 * audit row every 15 s per reader would swamp the log); the completion of
 * a material, once per person and material, is (by the API layer, which
 * is told by study_reading_beat).
 *
 * Functions whose name says "pure" touch no store; the others run on the
 * connection they are given (write functions inside a write job).
 */
#ifndef STUDY_READING_H
#define STUDY_READING_H

#include "base/lx.h"

#include <stdint.h>

struct arena;
struct store_conn;

#define STUDY_READING_CAP_DEFAULT 30 /* seconds credited per heartbeat max */
#define STUDY_READING_STREAK_MAX 366 /* days a streak is counted back */

/* ---- the pure rules ------------------------------------------------------ */

/* The state of a person before a heartbeat (reading_state). */
struct study_reading_state {
  int present;          /* 0: no state row yet */
  int64_t material_id;  /* material of the last heartbeat */
  int64_t last_beat_at; /* ms */
};

/* Pure: the seconds credited for a heartbeat on material_id at now_ms
 * given the state st, with at most cap_s seconds per heartbeat, and the
 * last_beat_at the state must take afterwards (*out_last: now_ms, or the
 * previous beat plus the credited seconds when the gap was within the
 * cap, so the rest below a second carries over).  See the rules above. */
int study_reading_credit(const struct study_reading_state *st,
                         int64_t material_id, int64_t now_ms, int cap_s,
                         int64_t *out_last);

/* Pure: the local day (days since 1970-01-01) of ms at tz_offset_min
 * minutes east of UTC. */
int32_t study_reading_day(int64_t ms, int tz_offset_min);

/* One local day's share of a credit. */
struct study_reading_share {
  int32_t day;
  int seconds;
};

/* Pure: splits credit_s seconds that ended at end_ms into the local days
 * they fell in (at most two: the credit is shorter than a day).  Writes
 * out[0] (the earlier day) and maybe out[1]; returns how many (0 when
 * credit_s is 0). */
int study_reading_split(int64_t end_ms, int credit_s, int tz_offset_min,
                        struct study_reading_share out[2]);

/* ---- over the store ------------------------------------------------------ */

/* What a heartbeat needs to know about its material and its reader. */
struct study_reading_target {
  int64_t material_id;
  const char *title;
  int min_seconds;
  int64_t unit_id;       /* the person's unit */
  const char *unit_path; /* … and its path */
};

/* Loads material_id for person_id when the person may read it: it exists,
 * is published, and is visible to every unit or to a unit whose subtree
 * holds the person's unit.  rc: LX_OK; LX_ENOTFOUND (field "material_id":
 * missing, unpublished or not visible; field "person_id": no such
 * person); LX_EDB.  Returns: out's strings are a-owned. */
LX_MUST_CHECK int study_reading_target_get(struct store_conn *c,
                                           struct arena *a, int64_t person_id,
                                           int64_t material_id,
                                           struct study_reading_target *out,
                                           struct lx_err *err);

struct study_reading_beat_in {
  int64_t person_id, unit_id, material_id;
  int progress; /* 0..100 */
  int min_seconds;
  int64_t now_ms;
  int cap_s;
  int tz_offset_min;
};

struct study_reading_beat_out {
  int credited;         /* seconds credited by this heartbeat */
  int64_t seconds;      /* the reading's total */
  int progress;         /* the furthest position */
  int64_t completed_at; /* ms, 0 = not completed */
  int newly_completed;  /* this heartbeat completed it */
  int first;            /* this heartbeat created the reading row */
};

/* Checks a heartbeat's values: progress 0..100, cap 1..3600 s, ids
 * positive.  rc: LX_OK; LX_EINVAL (field "progress", "material_id"). */
LX_MUST_CHECK int
study_reading_beat_check(const struct study_reading_beat_in *in,
                         struct lx_err *err);

/* Records one heartbeat (write job): reads the state, credits per the
 * rules, upserts reading, study_day and reading_state.
 * rc: LX_OK; LX_EINVAL; LX_EDB. */
LX_MUST_CHECK int study_reading_beat(struct store_conn *c,
                                     const struct study_reading_beat_in *in,
                                     struct study_reading_beat_out *out,
                                     struct lx_err *err);

/* A reading row (with what the lists show beside it). */
struct study_reading {
  int64_t person_id, material_id, unit_id;
  const char *person_name, *unit_name, *title; /* a-owned */
  int64_t seconds;
  int progress;
  int min_seconds;
  int64_t completed_at;      /* 0 = not completed */
  int64_t first_at, last_at; /* 0 = no record (study_reading_get) */
};

/* The reading of person_id on material_id; all zeros (seconds 0, first_at
 * 0) when there is none.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int study_reading_get(struct store_conn *c, struct arena *a,
                                    int64_t person_id, int64_t material_id,
                                    struct study_reading *out,
                                    struct lx_err *err);

/* A keyset page: rows after (after_last_at, after_material_id) when
 * has_after, newest first. */
struct study_reading_page {
  int limit; /* 1..200 */
  int has_after;
  int64_t after_last_at, after_person_id, after_material_id;
};

/* person_id's readings, newest (last_at) first, with titles.
 * rc: LX_OK; LX_EDB.  Returns in *out an a-owned array of *out_n rows;
 * *out_more says whether another page follows. */
LX_MUST_CHECK int study_reading_mine(struct store_conn *c, struct arena *a,
                                     int64_t person_id,
                                     const struct study_reading_page *pg,
                                     struct study_reading **out, int *out_n,
                                     int *out_more, struct lx_err *err);

struct study_reading_summary {
  int64_t today_seconds, week_seconds, total_seconds;
  int64_t materials; /* materials opened */
  int64_t completed; /* materials completed */
  int streak_days;   /* consecutive days with study, up to today (or
                        yesterday when today has none yet) */
};

/* person_id's summary as of local day today (days since 1970-01-01); the
 * week starts on Monday.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int study_reading_summary_get(struct store_conn *c,
                                            int64_t person_id, int32_t today,
                                            struct study_reading_summary *out,
                                            struct lx_err *err);

/* The records of a unit's members (secretaries and the organisation
 * department): readings whose unit (the person's unit when the reading
 * began) lies in [path_lo, path_hi), optionally only unit_id itself
 * (unit_only), one person, and last_at in [from_ms, to_ms) (0 = open). */
enum study_reading_plan {
  STUDY_READING_PLAN_AUTO = 0,
  STUDY_READING_PLAN_PERSON, /* one person's readings (person_id, last_at) */
  STUDY_READING_PLAN_WIDE,   /* newest first over reading_last_idx */
  STUDY_READING_PLAN_NARROW  /* the range's units, their readings, sorted */
};

struct study_reading_query {
  const char *path_lo, *path_hi;
  int64_t unit_only;            /* 0 = the whole range */
  int64_t person_id;            /* 0 = everyone */
  int64_t from_ms, to_ms;       /* 0 = open */
  enum study_reading_plan plan; /* AUTO unless a test forces one */
};

/* The plan study_reading_list uses for q: q->plan when set; else PERSON
 * for one person, WIDE for the whole tree, the root or a unit directly
 * under it (a town, a department: a large share of all readings, where
 * the newest-first index finds a page at once), NARROW below (a branch:
 * a few thousand readings, sorted). */
enum study_reading_plan
study_reading_plan_for(const struct study_reading_query *q);

/* One page of q, newest first (keyset on last_at, person, material), by
 * the plan study_reading_plan_for chooses (each returns the same rows).
 * rc: LX_OK; LX_EDB.  Returns a-owned rows as for study_reading_mine. */
LX_MUST_CHECK int study_reading_list(struct store_conn *c, struct arena *a,
                                     const struct study_reading_query *q,
                                     const struct study_reading_page *pg,
                                     struct study_reading **out, int *out_n,
                                     int *out_more, struct lx_err *err);

#endif
