/*
 * test_plan.c — domain/study/plan.c on a real store: field checks as a
 * table, the normalised assignment (duplicates merged, units inside an
 * assigned subtree dropped), publish with its notifications (only members
 * with an active account; twice is 409), the completion rule (every
 * required material completed AND the reading seconds on them reach
 * min_minutes), progress by unit (child roll-up plus the unit's own
 * members) and by member, a member's own plans, completion for the
 * statistics over a due-date window, and reminders: once per member and
 * threshold (3 days, 1 day), none after the due date or for closed plans,
 * also through the daily job's wrapper (cli/study_daily.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/timeutil.h"
#include "cli/study_daily.h"
#include "domain/notify/notify.h"
#include "domain/study/plan.h"
#include "store/migrate.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[64];
static struct store *st;
static struct arena *ar;
static int64_t acct, a1, a3, p1, p2, p3, p4, p5, m1, m2, m3;
static int32_t today;

struct sql_job {
  const char *sql;
  int64_t a, b, c;
  const char *t;
  int64_t id;
};

static int sql_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct sql_job *j = ctx;
  struct store_stmt *s;
  int rc = store_prepare(c, j->sql, &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, j->a);
  store_bind_i64(s, 2, j->b);
  store_bind_i64(s, 3, j->c);
  if (j->t)
    store_bind_text(s, 4, j->t);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    j->id = store_col_i64(s, 0);
    rc = store_step(s, err);
  }
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

static int64_t sql(const char *q, int64_t a, int64_t b, int64_t c,
                   const char *t)
{
  struct sql_job j = {q, a, b, c, t, 0};
  struct lx_err e;
  if (store_write(st, sql_job, &j, &e))
    fail_msg("%s: %s", q, e.message);
  return j.id;
}

static int64_t q1(const char *q, int64_t a)
{
  struct store_conn *c;
  struct lx_err e;
  int64_t v = -1;
  if (store_read_acquire(st, &c, &e) || store_query_i64(c, q, 1, a, &v, &e))
    fail_msg("%s", q);
  store_read_release(st, c);
  return v;
}

static void unit(int64_t id, int64_t parent, const char *path)
{
  sql("INSERT INTO unit(id, parent_id, name, kind, path, depth, created_at, "
      "updated_at) VALUES (?1, nullif(?2, 0), '单位' || ?1, '党支部', ?4, 1, "
      "0, 0)",
      id, parent, 0, path);
}

static int64_t person(int64_t unit_id, const char *path)
{
  return sql("INSERT INTO person(unit_id, unit_path, name, pinyin, initials, "
             "created_at, updated_at) VALUES (?1, ?4, '党员', '', '', 0, 0) "
             "RETURNING id",
             unit_id, 0, 0, path);
}

static int64_t account(const char *username, int64_t person_id)
{
  return sql("INSERT INTO account(username, name, unit_id, person_id, "
             "password_hash, password_changed_at, created_at, updated_at) "
             "VALUES (?4, '测试', 1, nullif(?1, 0), 'x', 0, 0, 0) RETURNING id",
             person_id, 0, 0, username);
}

static int64_t material(const char *status)
{
  return sql("INSERT INTO material(title, body, min_seconds, status, "
             "owner_unit_id, owner_unit_path, created_by, creator_name, "
             "created_at, updated_at) VALUES ('学习资料', '正文', 60, ?4, 1, "
             "'/1/', ?1, '测试', 0, 0) RETURNING id",
             acct, 0, 0, status);
}

/* Reading of person on material: seconds, completed (0/1). */
static void reading(int64_t person_id, int64_t material_id, int64_t seconds,
                    int completed)
{
  sql("INSERT INTO reading(person_id, material_id, unit_id, seconds, "
      "progress, completed_at, first_at, last_at) VALUES (?1, ?2, 1, ?3, 0, "
      "CASE WHEN ?4 = '1' THEN 1 ELSE NULL END, 0, 0)",
      person_id, material_id, seconds, completed ? "1" : "0");
}

static int setup(void **state)
{
  char db[128];
  struct store_opts o = {db, 5000, 64, 0};
  struct lx_err e;
  int n;
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/luoshi-unit-XXXXXX");
  if (!mkdtemp(dir))
    return -1;
  snprintf(db, sizeof db, "%s/p.db", dir);
  if (store_open(&o, &st, &e) || migrate_apply(st, &n, &e))
    return -1;
  ar = arena_new();
  /* 1 区委 ─ 2 镇党委 ─ 3 甲支部, 4 乙支部;  1 ─ 5 丙支部 */
  unit(1, 0, "/1/");
  unit(2, 1, "/1/2/");
  unit(3, 2, "/1/2/3/");
  unit(4, 2, "/1/2/4/");
  unit(5, 1, "/1/5/");
  p1 = person(3, "/1/2/3/");
  p2 = person(3, "/1/2/3/");
  p3 = person(4, "/1/2/4/");
  p4 = person(2, "/1/2/");
  p5 = person(5, "/1/5/");
  acct = account("mgr", 0);
  a1 = account("m1", p1);
  a3 = account("m3", p3);
  account("m5", p5);
  m1 = material("published");
  m2 = material("published");
  m3 = material("draft");
  today = time_days_from_civil(2026, 11, 20);
  return 0;
}

static int teardown(void **state)
{
  char cmd[128];
  (void)state;
  arena_free(ar);
  store_close(st);
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static struct study_plan_in base_in(void)
{
  struct study_plan_in in;
  memset(&in, 0, sizeof in);
  in.title = "学习党史";
  in.start_date = "2026-11-01";
  in.due_date = "2026-11-23";
  in.min_minutes = 10;
  in.n_units = 1;
  in.units[0].unit_id = 2;
  in.units[0].subtree = 1;
  in.n_materials = 2;
  in.materials[0] = m1;
  in.materials[1] = m2;
  return in;
}

static void check_table(void **state)
{
  static const struct {
    const char *what, *title, *start, *due;
    int64_t minutes;
    int n_units, n_mats, dup;
    const char *field;
  } v[] = {
      {"ok", "计划", "2026-11-01", "2026-11-02", 0, 1, 1, 0, NULL},
      {"blank title", "  ", "2026-11-01", "2026-11-02", 0, 1, 1, 0, "title"},
      {"101 chars",
       "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五"
       "六"
       "七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"
       "二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一",
       "2026-11-01", "2026-11-02", 0, 1, 1, 0, "title"},
      {"bad start", "计划", "2026-02-30", "2026-11-02", 0, 1, 1, 0,
       "start_date"},
      {"bad due", "计划", "2026-11-01", "11/02/2026", 0, 1, 1, 0, "due_date"},
      {"due before start", "计划", "2026-11-03", "2026-11-02", 0, 1, 1, 0,
       "due_date"},
      {"minutes -1", "计划", "2026-11-01", "2026-11-02", -1, 1, 1, 0,
       "min_minutes"},
      {"minutes 10001", "计划", "2026-11-01", "2026-11-02", 10001, 1, 1, 0,
       "min_minutes"},
      {"minutes 10000", "计划", "2026-11-01", "2026-11-02", 10000, 1, 1, 0,
       NULL},
      {"no units", "计划", "2026-11-01", "2026-11-02", 0, 0, 1, 0, "units"},
      {"no materials", "计划", "2026-11-01", "2026-11-02", 0, 1, 0, 0,
       "materials"},
      {"51 materials", "计划", "2026-11-01", "2026-11-02", 0, 1, 51, 0,
       "materials"},
      {"duplicate material", "计划", "2026-11-01", "2026-11-02", 0, 1, 2, 1,
       "materials"},
  };
  (void)state;
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    struct study_plan_in in;
    struct lx_err e;
    int rc;
    memset(&in, 0, sizeof in);
    in.title = v[i].title;
    in.start_date = v[i].start;
    in.due_date = v[i].due;
    in.min_minutes = v[i].minutes;
    in.n_units = v[i].n_units;
    in.units[0].unit_id = 2;
    in.n_materials = v[i].n_mats;
    for (int k = 0; k < STUDY_PLAN_MATERIALS_MAX; k++)
      in.materials[k] = k + 1;
    if (v[i].n_mats > STUDY_PLAN_MATERIALS_MAX)
      in.n_materials = STUDY_PLAN_MATERIALS_MAX + 1;
    if (v[i].dup)
      in.materials[1] = in.materials[0];
    err_clear(&e);
    rc = study_plan_check(&in, &e);
    if (!v[i].field && rc)
      fail_msg("%s: refused (%s)", v[i].what, e.message);
    if (v[i].field && (rc != LX_EINVAL || strcmp(e.field, v[i].field)))
      fail_msg("%s: rc %d field %s (want %s)", v[i].what, rc, e.field,
               v[i].field);
  }
}

static void resolve_normalises(void **state)
{
  struct study_plan_in in = base_in();
  struct store_conn *c;
  struct lx_err e;
  (void)state;
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  /* 2 one-level, 3 subtree (inside 2's subtree only if 2 is subtree),
   * 2 subtree again → one row: 2 subtree */
  in.n_units = 3;
  in.units[0].unit_id = 2;
  in.units[0].subtree = 0;
  in.units[1].unit_id = 3;
  in.units[1].subtree = 1;
  in.units[2].unit_id = 2;
  in.units[2].subtree = 1;
  assert_int_equal(study_plan_resolve(c, ar, &in, &e), LX_OK);
  assert_int_equal(in.n_units, 1);
  assert_int_equal(in.units[0].unit_id, 2);
  assert_int_equal(in.units[0].subtree, 1);
  assert_string_equal(in.units[0].path, "/1/2/");
  /* one-level 2 and subtree 3 do not overlap: both stay */
  in = base_in();
  in.n_units = 2;
  in.units[0].unit_id = 2;
  in.units[0].subtree = 0;
  in.units[1].unit_id = 3;
  in.units[1].subtree = 1;
  assert_int_equal(study_plan_resolve(c, ar, &in, &e), LX_OK);
  assert_int_equal(in.n_units, 2);
  /* a unit that does not exist; a draft material; a missing material */
  in = base_in();
  in.units[0].unit_id = 999;
  assert_int_equal(study_plan_resolve(c, ar, &in, &e), LX_EINVAL);
  assert_string_equal(e.code, "plan.unit_invalid");
  in = base_in();
  in.materials[1] = m3;
  assert_int_equal(study_plan_resolve(c, ar, &in, &e), LX_EINVAL);
  assert_string_equal(e.code, "plan.material_invalid");
  in = base_in();
  in.materials[1] = 999;
  assert_int_equal(study_plan_resolve(c, ar, &in, &e), LX_EINVAL);
  assert_string_equal(e.code, "plan.material_invalid");
  store_read_release(st, c);
}

struct plan_job {
  int op; /* 0 create, 1 publish, 2 close, 3 delete, 4 remind, 5 update */
  struct study_plan_in in;
  int64_t id, n;
  int32_t day;
};

static int plan_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct plan_job *j = ctx;
  struct study_plan_who who = {acct, "管理员", 1, "/1/"};
  switch (j->op) {
  case 0: return study_plan_create(c, ar, &j->in, &who, &j->id, err);
  case 1: return study_plan_publish(c, j->id, &j->n, err);
  case 2: return study_plan_close(c, j->id, err);
  case 3: return study_plan_delete(c, j->id, err);
  case 4: return study_plan_remind(c, j->day, &j->n, err);
  default: return study_plan_update(c, ar, j->id, &j->in, err);
  }
}

static int run(int op, int64_t id, int64_t *n, struct lx_err *e)
{
  struct plan_job j;
  int rc;
  memset(&j, 0, sizeof j);
  j.op = op;
  j.id = id;
  j.in = base_in();
  j.day = (int32_t)id;
  rc = store_write(st, plan_job, &j, e);
  if (n)
    *n = op == 0 ? j.id : j.n;
  return rc;
}

static int64_t plan_id;

static void lifecycle_and_notifications(void **state)
{
  struct lx_err e;
  int64_t n = 0, draft = 0;
  (void)state;
  assert_int_equal(run(0, 0, &plan_id, &e), LX_OK);
  assert_true(plan_id > 0);
  assert_int_equal(run(2, plan_id, NULL, &e), LX_ECONFLICT); /* close draft */
  assert_string_equal(e.code, "plan.not_published");
  assert_int_equal(run(5, plan_id, NULL, &e), LX_OK); /* update draft */
  assert_int_equal(run(1, plan_id, &n, &e), LX_OK);
  /* members p1..p4; accounts only for p1 (a1) and p3 (a3) */
  assert_int_equal(n, 2);
  assert_int_equal(q1("SELECT count(*) FROM notification WHERE object_id = ? "
                      "AND kind = 'plan.published'",
                      plan_id),
                   2);
  assert_int_equal(
      q1("SELECT count(*) FROM notification WHERE account_id = ?", a1), 1);
  assert_int_equal(run(1, plan_id, &n, &e), LX_ECONFLICT);
  assert_string_equal(e.code, "plan.not_draft");
  assert_int_equal(run(5, plan_id, NULL, &e), LX_ECONFLICT);
  assert_int_equal(run(3, plan_id, NULL, &e), LX_ECONFLICT);
  assert_int_equal(run(1, 9999, &n, &e), LX_ENOTFOUND);
  /* a draft can be deleted */
  assert_int_equal(run(0, 0, &draft, &e), LX_OK);
  assert_int_equal(run(3, draft, NULL, &e), LX_OK);
  assert_int_equal(
      q1("SELECT count(*) FROM plan_material WHERE plan_id = ?", draft), 0);
  assert_int_equal(q1("SELECT count(*) FROM study_plan WHERE id = ?", draft),
                   0);
}

static void progress(void **state)
{
  struct store_conn *c;
  struct lx_err e;
  struct study_plan p;
  struct study_plan_tally t;
  struct study_plan_unit_row *rows;
  struct study_plan_member *ms;
  struct study_plan_mine *mine;
  int n, more;
  int64_t done, assigned;
  (void)state;
  /* p1: both completed, 700 s ≥ 600 → done; p2: one material, 2000 s;
   * p3: both completed, 300 s; p4: nothing */
  reading(p1, m1, 400, 1);
  reading(p1, m2, 300, 1);
  reading(p2, m1, 2000, 1);
  reading(p3, m1, 100, 1);
  reading(p3, m2, 200, 1);
  reading(p5, m1, 900, 1); /* not a member */
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  assert_int_equal(study_plan_get(c, ar, plan_id, &p, &e), LX_OK);
  assert_int_equal(p.n_materials, 2);
  assert_int_equal(p.n_units, 1);
  assert_string_equal(p.status, "published");
  assert_int_equal(
      study_plan_progress_units(c, ar, &p, 2, "/1/2/", &t, &rows, &n, &e),
      LX_OK);
  assert_int_equal(t.members, 4);
  assert_int_equal(t.completed, 1);
  assert_int_equal(t.seconds, 700 + 2000 + 300);
  assert_int_equal(n, 3); /* self (p4), 甲支部, 乙支部 */
  assert_true(rows[0].is_self);
  assert_int_equal(rows[0].t.members, 1);
  assert_int_equal(rows[1].unit_id, 3);
  assert_int_equal(rows[1].t.members, 2);
  assert_int_equal(rows[1].t.completed, 1);
  assert_int_equal(rows[2].unit_id, 4);
  assert_int_equal(rows[2].t.completed, 0);
  /* from the root: one child row (镇党委) with all four; 丙支部 has none */
  assert_int_equal(
      study_plan_progress_units(c, ar, &p, 1, "/1/", &t, &rows, &n, &e), LX_OK);
  assert_int_equal(n, 1);
  assert_int_equal(rows[0].unit_id, 2);
  assert_int_equal(rows[0].t.members, 4);
  assert_true(rows[0].has_children);
  /* per branch (every test unit is a 党支部): the deepest one holds each
   * member; 丙支部 has none of the plan's */
  assert_int_equal(
      study_plan_progress_branches(c, ar, &p, "/1/", &rows, &n, &e), LX_OK);
  assert_int_equal(n, 3);
  assert_int_equal(rows[0].unit_id, 2);
  assert_int_equal(rows[0].t.members, 1);
  assert_int_equal(rows[1].unit_id, 3);
  assert_int_equal(rows[1].t.members, 2);
  assert_int_equal(rows[1].t.completed, 1);
  assert_int_equal(rows[2].unit_id, 4);
  assert_int_equal(rows[2].t.seconds, 300);
  /* members of 甲支部, paged one by one */
  assert_int_equal(study_plan_progress_members(c, ar, &p, "/1/2/3/", NULL, 0, 1,
                                               &ms, &n, &more, &e),
                   LX_OK);
  assert_int_equal(n, 1);
  assert_true(more);
  assert_int_equal(ms[0].person_id, p1);
  assert_true(ms[0].done);
  assert_int_equal(ms[0].materials_done, 2);
  assert_int_equal(study_plan_progress_members(c, ar, &p, "/1/2/3/",
                                               ms[0].unit_path, ms[0].person_id,
                                               1, &ms, &n, &more, &e),
                   LX_OK);
  assert_int_equal(n, 1);
  assert_false(more);
  assert_int_equal(ms[0].person_id, p2);
  assert_false(ms[0].done);
  assert_int_equal(ms[0].seconds, 2000);
  /* my plans */
  assert_int_equal(study_plan_mine(c, ar, p1, 0, today, &mine, &n, &e), LX_OK);
  assert_int_equal(n, 1);
  assert_true(mine[0].done);
  assert_int_equal(mine[0].days_left, 3);
  assert_int_equal(mine[0].materials_done, 2);
  assert_int_equal(mine[0].material_seconds[0], 400);
  assert_int_equal(study_plan_mine(c, ar, p3, 0, today, &mine, &n, &e), LX_OK);
  assert_int_equal(n, 1);
  assert_false(mine[0].done);
  assert_int_equal(study_plan_mine(c, ar, p5, 0, today, &mine, &n, &e), LX_OK);
  assert_int_equal(n, 0);
  assert_int_equal(study_plan_mine(c, ar, 9999, 0, today, &mine, &n, &e),
                   LX_ENOTFOUND);
  /* statistics over the due-date window */
  assert_int_equal(study_plan_completion_for_unit(c, "/1/", "2026-11-01",
                                                  "2026-11-30", &done,
                                                  &assigned, &e),
                   LX_OK);
  assert_int_equal(assigned, 4);
  assert_int_equal(done, 1);
  assert_int_equal(study_plan_completion_for_unit(c, "/1/2/3/", "2026-11-23",
                                                  "2026-11-23", &done,
                                                  &assigned, &e),
                   LX_OK);
  assert_int_equal(assigned, 2);
  assert_int_equal(done, 1);
  assert_int_equal(study_plan_completion_for_unit(c, "/1/", "2026-12-01",
                                                  "2026-12-31", &done,
                                                  &assigned, &e),
                   LX_OK);
  assert_int_equal(assigned, 0);
  assert_int_equal(study_plan_completion_for_unit(c, "/1/", "bad", "2026-12-31",
                                                  &done, &assigned, &e),
                   LX_EINVAL);
  store_read_release(st, c);
}

static void reminders_once(void **state)
{
  struct lx_err e;
  int64_t n = -1;
  (void)state;
  /* 4 days before: nothing yet */
  assert_int_equal(run(4, today - 1, &n, &e), LX_OK);
  assert_int_equal(n, 0);
  /* 3 days before: not done are p2, p3, p4; only p3 has an account */
  assert_int_equal(run(4, today, &n, &e), LX_OK);
  assert_int_equal(n, 1);
  assert_int_equal(q1("SELECT count(*) FROM plan_reminder WHERE plan_id = ? "
                      "AND threshold = 3",
                      plan_id),
                   3);
  assert_int_equal(run(4, today, &n, &e), LX_OK);
  assert_int_equal(n, 0);
  assert_int_equal(run(4, today + 1, &n, &e), LX_OK); /* 2 days: same tier */
  assert_int_equal(n, 0);
  /* 1 day before: the second reminder, once */
  assert_int_equal(run(4, today + 2, &n, &e), LX_OK);
  assert_int_equal(n, 1);
  assert_int_equal(run(4, today + 3, &n, &e), LX_OK); /* due day: same tier */
  assert_int_equal(n, 0);
  assert_int_equal(run(4, today + 4, &n, &e), LX_OK); /* past due */
  assert_int_equal(n, 0);
  assert_int_equal(q1("SELECT count(*) FROM notification WHERE account_id = ? "
                      "AND kind = 'plan.due_soon'",
                      a3),
                   2);
  assert_int_equal(q1("SELECT count(*) FROM notification WHERE account_id = ? "
                      "AND kind = 'plan.due_soon'",
                      a1),
                   0); /* p1 is done */
  /* the daily job's wrapper (cli/study_daily.c) sends nothing again */
  assert_int_equal(study_daily_remind(st, today + 2, &n, &e), LX_OK);
  assert_int_equal(n, 0);
  /* a closed plan gets no reminders */
  assert_int_equal(run(2, plan_id, NULL, &e), LX_OK);
  sql("DELETE FROM plan_reminder WHERE plan_id = ?1", plan_id, 0, 0, NULL);
  assert_int_equal(run(4, today, &n, &e), LX_OK);
  assert_int_equal(n, 0);
}

static void inbox(void **state)
{
  struct store_conn *c;
  struct lx_err e;
  struct notify_msg *ms;
  int n, more;
  int64_t unread = -1;
  (void)state;
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  assert_int_equal(notify_unread_count(c, a3, &unread, &e), LX_OK);
  assert_int_equal(unread, 3); /* published + two reminders */
  assert_int_equal(notify_list(c, ar, a3, 0, 0, 2, &ms, &n, &more, &e), LX_OK);
  assert_int_equal(n, 2);
  assert_true(more);
  assert_true(ms[0].id > ms[1].id);
  assert_string_equal(ms[0].kind, "plan.due_soon");
  assert_string_equal(ms[0].link, "/study/my-plans");
  assert_int_equal(notify_list(c, ar, a3, 0, ms[1].id, 2, &ms, &n, &more, &e),
                   LX_OK);
  assert_int_equal(n, 1);
  assert_false(more);
  assert_string_equal(ms[0].kind, "plan.published");
  assert_non_null(strstr(ms[0].title, "新的学习计划：学习党史"));
  store_read_release(st, c);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(check_table),
      cmocka_unit_test(resolve_normalises),
      cmocka_unit_test(lifecycle_and_notifications),
      cmocka_unit_test(progress),
      cmocka_unit_test(reminders_once),
      cmocka_unit_test(inbox),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
