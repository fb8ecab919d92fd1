/*
 * plan.h — study plans (学习计划): a manager assigns required materials and
 * a minimum of study minutes to units (a unit's whole subtree, or only the
 * unit's own members) between a start date and a due date.  Publishing
 * sends every targeted member's account a notification (kind
 * "plan.published") in the same write job; near the due date
 * study_plan_remind sends "plan.due_soon" to members not yet done.
 *
 * Members of a plan: the persons whose unit_path is in an assigned
 * subtree, or whose unit is an assigned one-level unit.  The assignment
 * is normalised on save (duplicates merged; a unit already covered by an
 * assigned subtree dropped), so members never count twice.
 *
 * Completion (decided here, used by progress, reminders and statistics):
 * a member has completed the plan when every required material has
 * reading.completed_at set AND the member's reading.seconds summed over
 * the plan's required materials reach min_minutes × 60.  The time counted
 * is the whole credited reading time on those materials (also time read
 * before the plan started: the plan asks that the texts be studied, not
 * when); minutes shown are that sum / 60, rounded down.
 *
 * Progress is computed from reading at query time (no stored aggregate):
 * one index range of person per assigned unit and one primary-key lookup
 * of reading per member and material.
 *
 * Write functions run inside a write job on the job's connection; read
 * functions on a read connection.  Strings returned are arena-owned.
 */
#ifndef STUDY_PLAN_H
#define STUDY_PLAN_H

#include "base/lx.h"

#include <stdint.h>

struct arena;
struct store_conn;
struct policy_filter;

#define STUDY_PLAN_TITLE_MAX 100 /* characters */
#define STUDY_PLAN_DESC_MAX 2000 /* characters */
#define STUDY_PLAN_MINUTES_MAX 10000
#define STUDY_PLAN_MATERIALS_MAX 50
#define STUDY_PLAN_UNITS_MAX 50

struct study_plan_unit {
  int64_t unit_id;
  const char *unit_name, *unit_path;
  int subtree; /* 1 = whole subtree, 0 = the unit's own members */
};

struct study_plan_material {
  int64_t material_id;
  const char *title, *status;
};

struct study_plan {
  int64_t id;
  const char *title, *description, *start_date, *due_date;
  int min_minutes;
  const char *status; /* draft | published | closed */
  int64_t owner_unit_id;
  const char *owner_unit_path, *owner_unit_name;
  int64_t created_by;
  const char *creator_name;
  int64_t published_at, closed_at, created_at, updated_at; /* ms, 0 = none */
  int n_units, n_materials;
  struct study_plan_unit *units;
  struct study_plan_material *materials;
};

/* What create and update take.  Unit paths are filled in by
 * study_plan_resolve. */
struct study_plan_in {
  const char *title, *description, *start_date, *due_date;
  int64_t min_minutes;
  int n_units, n_materials;
  struct {
    int64_t unit_id;
    int subtree;
    const char *path; /* set by study_plan_resolve */
  } units[STUDY_PLAN_UNITS_MAX];
  int64_t materials[STUDY_PLAN_MATERIALS_MAX];
};

/* Who creates a plan: the plan's owner unit is the creator's unit. */
struct study_plan_who {
  int64_t account_id;
  const char *name;
  int64_t unit_id;
  const char *unit_path;
};

/* Status label: 草稿 / 已发布 / 已结束.  Static. */
const char *study_plan_status_label(const char *status);

/* Checks the fields of in: title 1..100 characters, description ≤ 2000,
 * dates valid YYYY-MM-DD with start ≤ due, min_minutes 0..10000, 1..50
 * units and 1..50 distinct materials.
 * rc: LX_OK; LX_EINVAL naming the field. */
LX_MUST_CHECK int study_plan_check(const struct study_plan_in *in,
                                   struct lx_err *err);

/* study_plan_check, then looks every unit up (400 "plan.unit_invalid",
 * field "units") and every material (must exist and be published: 400
 * "plan.material_invalid", field "materials"), fills in->units[i].path
 * (arena-owned) and normalises the assignment (see above).  The caller
 * checks the paths against its scope.  rc: LX_OK; LX_EINVAL; LX_EDB. */
LX_MUST_CHECK int study_plan_resolve(struct store_conn *c, struct arena *a,
                                     struct study_plan_in *in,
                                     struct lx_err *err);

/* Creates a draft plan from a resolved in (write job).
 * rc: LX_OK (*out_id); LX_EINVAL; LX_EDB. */
LX_MUST_CHECK int study_plan_create(struct store_conn *c, struct arena *a,
                                    struct study_plan_in *in,
                                    const struct study_plan_who *who,
                                    int64_t *out_id, struct lx_err *err);

/* Replaces a draft plan's fields, units and materials (write job).
 * rc: LX_OK; LX_EINVAL; LX_ENOTFOUND; LX_ECONFLICT ("plan.not_draft");
 * LX_EDB. */
LX_MUST_CHECK int study_plan_update(struct store_conn *c, struct arena *a,
                                    int64_t id, struct study_plan_in *in,
                                    struct lx_err *err);

/* Publishes a draft (write job) and, in the same job, adds the
 * notification "新的学习计划：<title>" (kind plan.published, link
 * /study/my-plans) for every active account whose person is a member,
 * with one INSERT … SELECT.  *out_notified = notifications added.
 * rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT ("plan.not_draft"); LX_EDB. */
LX_MUST_CHECK int study_plan_publish(struct store_conn *c, int64_t id,
                                     int64_t *out_notified, struct lx_err *err);

/* Closes a published plan (write job): it leaves members' lists and gets
 * no more reminders; its progress stays readable.
 * rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT ("plan.not_published"); LX_EDB. */
LX_MUST_CHECK int study_plan_close(struct store_conn *c, int64_t id,
                                   struct lx_err *err);

/* Deletes a draft with its units and materials (write job).
 * rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT ("plan.not_draft"); LX_EDB. */
LX_MUST_CHECK int study_plan_delete(struct store_conn *c, int64_t id,
                                    struct lx_err *err);

/* One plan with its units and materials.
 * rc: LX_OK; LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int study_plan_get(struct store_conn *c, struct arena *a,
                                 int64_t id, struct study_plan *out,
                                 struct lx_err *err);

/* Plans whose owner unit is within f (the caller's study.manage scope;
 * SCOPE_SELF: plans created by f->account_id), status NULL = any, with
 * id < before_id (0 = from the newest), newest first, at most limit
 * (units and materials not loaded: n_units/n_materials are counts).
 * rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int study_plan_list(struct store_conn *c, struct arena *a,
                                  const struct policy_filter *f,
                                  const char *status, int64_t before_id,
                                  int limit, struct study_plan **out,
                                  int *out_n, int *out_more,
                                  struct lx_err *err);

/* Totals over some members of a plan. */
struct study_plan_tally {
  int64_t members, completed, seconds;
};

/* One row of the unit roll-up: a child unit of the unit asked for
 * (members of its whole subtree), or (is_self) the unit's own members. */
struct study_plan_unit_row {
  int64_t unit_id;
  const char *name, *kind, *path;
  int is_self, has_children;
  struct study_plan_tally t;
};

/* Progress of plan p under unit unit_id (its path unit_path): the total
 * in *out_total and one row per child unit with members, plus a row for
 * the unit's own members when it has any, in org order.
 * rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int study_plan_progress_units(
    struct store_conn *c, struct arena *a, const struct study_plan *p,
    int64_t unit_id, const char *unit_path, struct study_plan_tally *out_total,
    struct study_plan_unit_row **out, int *out_n, struct lx_err *err);

/* Progress of plan p per 党支部 (unit kind 党支部) in the subtree of
 * unit_path, each rolled up over its own subtree, in org order; branches
 * without members of the plan are left out.  Members in no branch are
 * not listed (the unit roll-up counts them).
 * rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int study_plan_progress_branches(struct store_conn *c,
                                               struct arena *a,
                                               const struct study_plan *p,
                                               const char *unit_path,
                                               struct study_plan_unit_row **out,
                                               int *out_n, struct lx_err *err);

struct study_plan_member {
  int64_t person_id, unit_id;
  const char *name, *unit_name, *unit_path;
  int materials_done, materials_total;
  int64_t seconds;
  int done;
};

/* Members of plan p under unit_path, in (unit_path, person id) order
 * after (after_path, after_id) (after_path NULL = from the start), at
 * most limit (0 = all, for exports); *out_more says whether more follow.
 * rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int
study_plan_progress_members(struct store_conn *c, struct arena *a,
                            const struct study_plan *p, const char *unit_path,
                            const char *after_path, int64_t after_id, int limit,
                            struct study_plan_member **out, int *out_n,
                            int *out_more, struct lx_err *err);

/* A plan as one member sees it. */
struct study_plan_mine {
  struct study_plan plan; /* units not loaded */
  int days_left;          /* due − today (negative when past) */
  int materials_done;
  int64_t seconds;
  int done;
  int64_t *material_seconds; /* per plan.materials[i] */
  int *material_done;        /* per plan.materials[i]: 0/1 */
};

/* The published plans (closed ones too when with_closed) that person
 * person_id is a member of (through the person's current unit), nearest
 * due date first, with the person's progress; today is the local day
 * (days since 1970-01-01) for days_left.
 * rc: LX_OK; LX_ENOTFOUND (no such person); LX_EDB. */
LX_MUST_CHECK int study_plan_mine(struct store_conn *c, struct arena *a,
                                  int64_t person_id, int with_closed,
                                  int32_t today, struct study_plan_mine **out,
                                  int *out_n, struct lx_err *err);

/* For the statistics (H7): over the plans published (status published or
 * closed) whose due_date is in [from, to] ('YYYY-MM-DD', inclusive), the
 * member-plan pairs whose member is in the subtree of unit_path
 * (*members_assigned) and how many of them completed the plan
 * (*members_done) by the rule above.  A member of two such plans counts
 * twice.  Runs on a read connection (or inside a write job).
 * rc: LX_OK; LX_EINVAL (a bad date); LX_EDB. */
LX_MUST_CHECK int
study_plan_completion_for_unit(struct store_conn *c, const char *unit_path,
                               const char *from, const char *to,
                               int64_t *members_done, int64_t *members_assigned,
                               struct lx_err *err);

/* Deadline reminders (write job): for each published plan due within 3
 * days of today_day (days since 1970-01-01, local), each member not yet
 * done who has no reminder for the threshold gets one notification
 * "plan.due_soon" — threshold 3 while 2–3 days are left, 1 when 0–1 day
 * is left — and a plan_reminder row, so running it again sends nothing.
 * *out_sent = notifications added.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int study_plan_remind(struct store_conn *c, int32_t today_day,
                                    int64_t *out_sent, struct lx_err *err);

#endif
