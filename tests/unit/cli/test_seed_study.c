/*
 * test_seed_study.c — the study data of `luoshi seed --scale demo`
 * (seed_study.c): the library a new user can search at once (published
 * materials over the nine topics, tags, a few visible to one town only,
 * all in the search index with their tags), and reading records with the
 * study_day aggregate that agree with each other (per person the day
 * sums equal the reading seconds; each row credited to the person's unit;
 * days inside the last 60; completion exactly when min_seconds is
 * reached), including the demo secretary's and member's own history; no
 * bench accounts at demo scale.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/timeutil.h"
#include "cli/cli.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/luoshi-seedstudy-XXXXXX";

static int64_t q1(struct store_conn *c, const char *sql)
{
  struct lx_err e;
  int64_t n = -1;
  assert_int_equal(store_query_i64(c, sql, 0, 0, &n, &e), LX_OK);
  return n;
}

static int64_t q1t(struct store_conn *c, const char *sql, const char *arg)
{
  struct store_stmt *s;
  struct lx_err e;
  int64_t n = -1;
  assert_int_equal(store_prepare(c, sql, &s, &e), LX_OK);
  store_bind_text(s, 1, arg);
  assert_int_equal(store_step(s, &e), STORE_ROW);
  n = store_col_i64(s, 0);
  store_stmt_done(s);
  return n;
}

static void demo_study(void **state)
{
  char db[128], today[16], first[16];
  char *argv[] = {"seed", "--db", db, "--scale", "demo", NULL};
  struct store_opts o = {db, 5000, 1, 1};
  struct store *st = NULL;
  struct store_conn *c;
  struct lx_err e;
  int64_t n, now;
  (void)state;
  snprintf(db, sizeof db, "%s/demo.db", dir);
  assert_int_equal(cmd_seed(5, argv), 0);
  assert_int_equal(store_open(&o, &st, &e), LX_OK);
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);

  /* the library */
  n = q1(c, "SELECT count(*) FROM material");
  assert_true(n >= 30 && n <= 40);
  assert_int_equal(q1(c, "SELECT count(*) FROM material WHERE status <> "
                         "'published' OR body_chars < 80"),
                   0);
  assert_int_equal(q1(c, "SELECT count(*) FROM study_topic"), 9);
  assert_int_equal(q1(c, "SELECT count(DISTINCT topic_id) FROM material"), 9);
  assert_int_equal(q1(c, "SELECT count(*) FROM material m WHERE NOT EXISTS "
                         "(SELECT 1 FROM material_tag t WHERE t.material_id "
                         "= m.id)"),
                   0);
  assert_true(q1t(c, "SELECT count(*) FROM material_tag WHERE tag = ?",
                  "学史明理") >= 3);
  assert_true(q1t(c, "SELECT count(*) FROM material_tag WHERE tag = ?",
                  "为民办实事") >= 3);
  /* visible to one town only: 青山镇 and 白马镇 */
  assert_true(q1(c, "SELECT count(*) FROM material WHERE visible_all = 0") >=
              3);
  assert_int_equal(q1(c, "SELECT count(*) FROM material m WHERE visible_all "
                         "= 0 AND NOT EXISTS (SELECT 1 FROM material_unit u "
                         "JOIN unit x ON x.id = u.unit_id AND x.path = "
                         "u.unit_path WHERE u.material_id = m.id)"),
                   0);
  /* every material is in the search index once, with its tags */
  assert_int_equal(q1(c, "SELECT count(*) FROM material_fts"), n);
  assert_int_equal(q1(c, "SELECT count(*) FROM material_fts WHERE tags = ''"),
                   0);

  /* readings and study_day agree */
  assert_true(q1(c, "SELECT count(*) FROM reading") > 5000);
  assert_true(q1(c, "SELECT count(*) FROM study_day") > 2000);
  assert_int_equal(
      q1(c, "SELECT count(*) FROM (SELECT person_id, sum(seconds) s FROM "
            "reading GROUP BY person_id) r LEFT JOIN (SELECT person_id, "
            "sum(seconds) s FROM study_day GROUP BY person_id) d ON "
            "d.person_id = r.person_id WHERE d.s IS NULL OR d.s <> r.s"),
      0);
  assert_int_equal(q1(c, "SELECT count(*) FROM study_day d JOIN person p ON "
                         "p.id = d.person_id WHERE d.unit_id <> p.unit_id OR "
                         "d.seconds <= 0"),
                   0);
  assert_int_equal(q1(c, "SELECT count(*) FROM reading r JOIN person p ON "
                         "p.id = r.person_id WHERE r.unit_id <> p.unit_id"),
                   0);
  /* completion exactly when the material's min_seconds is reached */
  assert_int_equal(
      q1(c, "SELECT count(*) FROM reading r JOIN material m ON m.id = "
            "r.material_id WHERE (r.completed_at IS NOT NULL) <> (r.seconds "
            ">= m.min_seconds) OR (r.completed_at IS NOT NULL AND "
            "r.progress <> 100) OR r.last_at < r.first_at"),
      0);
  assert_true(q1(c, "SELECT count(*) FROM reading WHERE completed_at IS NOT "
                    "NULL") > 1000);
  /* only published materials everyone may see are read */
  assert_int_equal(q1(c, "SELECT count(*) FROM reading r JOIN material m ON "
                         "m.id = r.material_id WHERE m.visible_all = 0"),
                   0);
  /* the days: inside the 60 days before today (local) */
  now = time_now_ms() + (int64_t)time_get_offset_min() * 60000;
  time_format_date((int32_t)(now / 86400000), today, sizeof today);
  time_format_date((int32_t)(now / 86400000) - 60, first, sizeof first);
  assert_int_equal(
      q1t(c, "SELECT count(*) FROM study_day WHERE day >= ?", today), 0);
  assert_int_equal(
      q1t(c, "SELECT count(*) FROM study_day WHERE day < ?", first), 0);
  /* the demo secretary and member have their own history */
  assert_true(q1(c,
                 "SELECT count(*) FROM study_day d JOIN account a ON "
                 "a.person_id = d.person_id WHERE a.username = 'shuji'") > 0);
  assert_true(q1(c, "SELECT count(*) FROM reading r JOIN account a ON "
                    "a.person_id = r.person_id WHERE a.username = "
                    "'dangyuan'") > 0);
  /* participation is realistic: not everyone, not no one */
  n = q1(c, "SELECT count(DISTINCT person_id) * 100 / (SELECT count(*) FROM "
            "person) FROM study_day");
  assert_true(n >= 50 && n <= 98);
  /* bench accounts only at district scale */
  assert_int_equal(
      q1(c, "SELECT count(*) FROM account WHERE username LIKE 'bench%'"), 0);
  store_read_release(st, c);
  store_close(st);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(demo_study),
  };
  int rc;
  if (!mkdtemp(dir))
    return 1;
  rc = cmocka_run_group_tests(tests, NULL, NULL);
  {
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
      rc = rc ? rc : 1;
  }
  return rc;
}
