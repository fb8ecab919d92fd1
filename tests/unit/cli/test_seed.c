/*
 * test_seed.c — `luoshi seed` ledger data (issue 5):
 *  - the demo seed has the shape the browser tests and `make demo` rely
 *    on: all nine types, every state, the liaison's 区委办公室 leading
 *    items in several states, approved / returned / submitted reports, an
 *    item awaiting closure, backdated timelines;
 *  - a scaled-down district run (--items 600 --reports 3000) is
 *    consistent: codes unique and sequential per type and year with the
 *    counters advanced, lead and co-unit paths equal their units' paths,
 *    due dates not before start dates, field values that validate, health
 *    equal to ledger_item_health, report counts as asked;
 *  - item_scope (migration 0008) holds exactly the items the path-range
 *    scope test selects, for every unit, after seeding and after edits;
 *  - bad arguments are usage errors and a non-empty database is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/timeutil.h"
#include "cli/cli.h"
#include "domain/ledger/item.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/luoshi-seedtest-XXXXXX";

static int seed(const char *db, const char *scale, const char *items,
                const char *reports)
{
  char *argv[10];
  int n = 0;
  argv[n++] = "seed";
  argv[n++] = "--db";
  argv[n++] = (char *)db;
  argv[n++] = "--scale";
  argv[n++] = (char *)scale;
  if (items) {
    argv[n++] = "--items";
    argv[n++] = (char *)items;
  }
  if (reports) {
    argv[n++] = "--reports";
    argv[n++] = (char *)reports;
  }
  argv[n] = NULL;
  return cmd_seed(n, argv);
}

static struct store *open_db(const char *db)
{
  struct store_opts o = {db, 5000, 1, 1};
  struct store *st = NULL;
  struct lx_err e;
  assert_int_equal(store_open(&o, &st, &e), LX_OK);
  return st;
}

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

/* For every unit: the items the path-range scope selects (lead unit or
 * a co-unit in the subtree) equal the item_scope rows of that unit. */
static void scope_matches(struct store_conn *c)
{
  assert_true(q1(c, "SELECT count(*) FROM item_scope") > 0);
  assert_int_equal(
      q1(c, "SELECT count(*) FROM ("
            " SELECT u.id, i.id FROM unit u JOIN ledger_item i"
            "  ON i.lead_unit_path >= u.path"
            " AND i.lead_unit_path < substr(u.path, 1, length(u.path) - 1)"
            " || '0'"
            " UNION SELECT u.id, cu.item_id FROM unit u JOIN item_co_unit cu"
            "  ON cu.unit_path >= u.path"
            " AND cu.unit_path < substr(u.path, 1, length(u.path) - 1) || '0'"
            " EXCEPT SELECT unit_id, item_id FROM item_scope)"),
      0);
  assert_int_equal(
      q1(c, "SELECT count(*) FROM ("
            " SELECT unit_id, item_id FROM item_scope EXCEPT"
            " SELECT u.id, i.id FROM unit u JOIN ledger_item i"
            "  ON i.lead_unit_path >= u.path"
            " AND i.lead_unit_path < substr(u.path, 1, length(u.path) - 1)"
            " || '0'"
            " EXCEPT SELECT u.id, cu.item_id FROM unit u JOIN item_co_unit cu"
            "  ON cu.unit_path >= u.path"
            " AND cu.unit_path < substr(u.path, 1, length(u.path) - 1)"
            " || '0')"),
      0);
}

/* Checks that hold for every seeded database. */
static void consistent(struct store_conn *c)
{
  struct store_stmt *s;
  struct lx_err e;
  int32_t today =
      (int32_t)((time_now_ms() + (int64_t)time_get_offset_min() * 60000) /
                86400000);
  int rc, rows = 0;
  /* paths copy the units' paths */
  assert_int_equal(q1(c, "SELECT count(*) FROM ledger_item i JOIN unit u ON "
                         "u.id = i.lead_unit_id WHERE i.lead_unit_path <> "
                         "u.path"),
                   0);
  assert_int_equal(q1(c, "SELECT count(*) FROM item_co_unit c JOIN unit u ON "
                         "u.id = c.unit_id WHERE c.unit_path <> u.path"),
                   0);
  assert_int_equal(
      q1(c, "SELECT count(*) FROM item_co_unit c JOIN ledger_item i ON "
            "i.id = c.item_id WHERE c.unit_id = i.lead_unit_id"),
      0);
  /* codes: unique, formatted from (type, year, seq), sequential 1..n per
   * type and year, counters at the last number */
  assert_int_equal(q1(c, "SELECT count(*) - count(DISTINCT code) FROM "
                         "ledger_item"),
                   0);
  assert_int_equal(
      q1(c, "SELECT count(*) FROM ledger_item i JOIN ledger_type t ON t.id = "
            "i.type_id WHERE i.code <> t.code || '-' || i.year || '-' || "
            "substr('0000' || i.seq, -4)"),
      0);
  assert_int_equal(
      q1(c, "SELECT count(*) FROM (SELECT type_id, year, count(*) n, "
            "min(seq) lo, max(seq) hi FROM ledger_item GROUP BY 1, 2) g "
            "LEFT JOIN ledger_counter k ON k.type_id = g.type_id AND k.year "
            "= g.year WHERE g.lo <> 1 OR g.hi <> g.n OR k.last_seq IS NULL "
            "OR k.last_seq <> g.hi"),
      0);
  /* within a type and year, numbers follow creation (id) order */
  assert_int_equal(
      q1(c, "SELECT count(*) FROM ledger_item a JOIN ledger_item b ON "
            "b.type_id = a.type_id AND b.year = a.year AND b.seq = a.seq + 1 "
            "WHERE b.id < a.id"),
      0);
  /* dates */
  assert_int_equal(q1(c, "SELECT count(*) FROM ledger_item WHERE start_date "
                         "IS NOT NULL AND due_date < start_date"),
                   0);
  assert_int_equal(q1(c, "SELECT count(*) FROM item_milestone m JOIN "
                         "ledger_item i ON i.id = m.item_id WHERE m.due_date "
                         "> i.due_date"),
                   0);
  assert_int_equal(q1(c, "SELECT count(*) FROM ledger_item WHERE state <> "
                         "'draft' AND original_due_date IS NULL"),
                   0);
  /* the required 民生实事 category and 巡察 finding are always there */
  assert_int_equal(
      q1(c, "SELECT count(*) FROM ledger_item i JOIN ledger_type t ON t.id = "
            "i.type_id WHERE t.code IN ('MS', 'XC') AND NOT EXISTS (SELECT 1 "
            "FROM item_field f WHERE f.item_id = i.id AND f.field_key IN "
            "('category', 'finding'))"),
      0);
  /* reports: percent never above 100, the item's progress is its last
   * approved report (or 0), and every reviewed report has a reviewer */
  assert_int_equal(q1(c, "SELECT count(*) FROM item_progress WHERE state <> "
                         "'submitted' AND (reviewed_at IS NULL OR "
                         "reviewed_by IS NULL)"),
                   0);
  assert_int_equal(
      q1(c, "SELECT count(*) FROM ledger_item i WHERE i.progress <> "
            "coalesce((SELECT p.percent FROM item_progress p WHERE p.item_id "
            "= i.id AND p.state = 'approved' ORDER BY p.id DESC LIMIT 1), 0)"),
      0);
  assert_int_equal(q1(c, "SELECT count(*) FROM ledger_item WHERE state IN "
                         "('closed', 'closure_requested') AND progress <> "
                         "100"),
                   0);
  /* health is what the engine computes */
  assert_int_equal(store_prepare(c,
                                 "SELECT state, start_date, due_date, "
                                 "progress, health FROM ledger_item",
                                 &s, &e),
                   LX_OK);
  while ((rc = store_step(s, &e)) == STORE_ROW) {
    enum ledger_state st = LEDGER_DRAFT;
    assert_true(ledger_state_parse(store_col_text(s, 0), &st));
    assert_string_equal(ledger_health_code(ledger_item_health(
                            st, store_col_text(s, 1), store_col_text(s, 2),
                            (int)store_col_i64(s, 3), today)),
                        store_col_text(s, 4));
    rows++;
  }
  store_stmt_done(s);
  assert_int_equal(rc, STORE_DONE);
  assert_true(rows > 0);
  scope_matches(c);
}

static void demo_shape(void **state)
{
  char db[128];
  struct store *st;
  struct store_conn *c;
  struct lx_err e;
  int64_t n;
  (void)state;
  snprintf(db, sizeof db, "%s/demo.db", dir);
  assert_int_equal(seed(db, "demo", NULL, NULL), 0);
  st = open_db(db);
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  n = q1(c, "SELECT count(*) FROM ledger_item");
  assert_true(n >= 40 && n <= 60);
  assert_int_equal(q1(c, "SELECT count(DISTINCT type_id) FROM ledger_item"), 9);
  assert_int_equal(q1(c, "SELECT count(DISTINCT state) FROM ledger_item"), 7);
  /* 区委办公室 (the liaison lianluo's unit) leads items in several states,
   * among them one awaiting closure and one with a returned report */
  assert_true(q1(c, "SELECT count(DISTINCT i.state) FROM ledger_item i JOIN "
                    "account a ON a.unit_id = i.lead_unit_id WHERE "
                    "a.username = 'lianluo'") >= 5);
  assert_true(q1(c, "SELECT count(*) FROM ledger_item i JOIN account a ON "
                    "a.unit_id = i.lead_unit_id WHERE a.username = 'lianluo' "
                    "AND i.state = 'closure_requested'") >= 1);
  assert_true(q1(c, "SELECT count(*) FROM item_progress p JOIN ledger_item i "
                    "ON i.id = p.item_id JOIN account a ON a.unit_id = "
                    "i.lead_unit_id WHERE a.username = 'lianluo' AND p.state "
                    "= 'returned'") >= 1);
  assert_true(
      q1t(c, "SELECT count(*) FROM unit WHERE name = ?", "区委办公室") == 1);
  /* reports in every review state, from the liaison's own account too */
  assert_int_equal(q1(c, "SELECT count(DISTINCT state) FROM item_progress"), 3);
  assert_true(q1(c, "SELECT count(*) FROM item_progress p JOIN account a ON "
                    "a.id = p.submitted_by WHERE a.username = 'lianluo'") >= 3);
  assert_true(q1(c, "SELECT count(*) FROM item_co_unit") >= 5);
  assert_true(q1(c, "SELECT count(*) FROM ledger_item WHERE health = "
                    "'overdue'") >= 1);
  /* timelines read like months of work: events are backdated, in order */
  assert_true(q1(c, "SELECT max(at) - min(at) FROM item_event") >
              60LL * 86400000);
  assert_int_equal(q1(c, "SELECT count(*) FROM item_event a JOIN item_event "
                         "b ON b.item_id = a.item_id AND b.id > a.id WHERE "
                         "b.at < a.at"),
                   0);
  /* the hand-written item the old browser tests know is still there */
  assert_int_equal(q1t(c, "SELECT count(*) FROM ledger_item WHERE title = ?",
                       "城东污水处理厂扩建工程"),
                   1);
  consistent(c);
  store_read_release(st, c);
  store_close(st);
}

static void district_like(void **state)
{
  char db[128];
  struct store *st;
  struct store_conn *c;
  struct lx_err e;
  int64_t story;
  (void)state;
  snprintf(db, sizeof db, "%s/demo0.db", dir);
  assert_int_equal(seed(db, "demo", NULL, NULL), 0);
  st = open_db(db);
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  story = q1(c, "SELECT count(*) FROM item_progress");
  store_read_release(st, c);
  store_close(st);

  snprintf(db, sizeof db, "%s/district.db", dir);
  assert_int_equal(seed(db, "demo", "600", "3000"), 0);
  st = open_db(db);
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  assert_int_equal(q1(c, "SELECT count(*) FROM item_progress"), story + 3000);
  assert_true(q1(c, "SELECT count(*) FROM ledger_item") >= 600 + 40);
  assert_int_equal(q1(c, "SELECT count(DISTINCT type_id) FROM ledger_item"), 9);
  /* codes of two years (the generated items go two years back) */
  assert_true(q1(c, "SELECT count(DISTINCT year) FROM ledger_item") >= 2);
  /* most are under way, some closed, a few drafts and overdue */
  assert_true(q1(c, "SELECT count(*) FROM ledger_item WHERE state = "
                    "'in_progress'") > 250);
  assert_true(q1(c, "SELECT count(*) FROM ledger_item WHERE state = "
                    "'closed'") > 60);
  assert_true(q1(c, "SELECT count(*) FROM ledger_item WHERE state = "
                    "'draft'") > 3);
  assert_true(q1(c, "SELECT count(*) FROM ledger_item WHERE health = "
                    "'overdue'") > 3);
  assert_int_equal(q1(c, "SELECT count(DISTINCT state) FROM item_progress"), 3);
  assert_true(q1(c, "SELECT count(*) FROM item_milestone") > 600);
  assert_true(q1(c, "SELECT count(*) FROM item_co_unit") > 60);
  /* timeline: one create event per item */
  assert_int_equal(q1(c, "SELECT count(*) FROM ledger_item i WHERE (SELECT "
                         "count(*) FROM item_event e WHERE e.item_id = i.id "
                         "AND e.action = 'create') <> 1"),
                   0);
  consistent(c);
  store_read_release(st, c);
  store_close(st);
}

struct move_ctx {
  int64_t item, unit, co;
};

static int move_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct move_ctx *m = ctx;
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "UPDATE ledger_item SET lead_unit_id = ?, "
                         "lead_unit_path = (SELECT path FROM unit WHERE id = "
                         "?) WHERE id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, m->unit);
  store_bind_i64(s, 2, m->unit);
  store_bind_i64(s, 3, m->item);
  rc = store_step(s, err);
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  rc = store_exec(c,
                  "DELETE FROM item_co_unit WHERE rowid IN (SELECT rowid "
                  "FROM item_co_unit LIMIT 3)",
                  err);
  if (!rc)
    rc = store_prepare(c,
                       "INSERT INTO item_co_unit(item_id, unit_id, unit_path) "
                       "SELECT ?, id, path FROM unit WHERE id = ?",
                       &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, m->item);
  store_bind_i64(s, 2, m->co);
  rc = store_step(s, err);
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

/* item_scope follows a new lead unit and co-units changed by any writer */
static void scope_follows_edits(void **state)
{
  char db[128];
  struct store *st;
  struct store_conn *c;
  struct lx_err e;
  struct move_ctx m;
  int64_t before;
  (void)state;
  snprintf(db, sizeof db, "%s/demo.db", dir);
  {
    struct store_opts o = {db, 5000, 1, 0};
    assert_int_equal(store_open(&o, &st, &e), LX_OK);
  }
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  m.item = q1(c, "SELECT min(id) FROM ledger_item");
  m.unit = q1(c, "SELECT max(id) FROM unit WHERE kind = '党支部'");
  m.co = q1(c, "SELECT min(id) FROM unit WHERE kind = '乡镇'");
  before = q1(c, "SELECT count(*) FROM item_scope");
  store_read_release(st, c);
  assert_int_equal(store_write(st, move_job, &m, &e), LX_OK);
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  assert_true(q1(c, "SELECT count(*) FROM item_scope") != before);
  scope_matches(c);
  store_read_release(st, c);
  store_close(st);
}

static void bad_arguments(void **state)
{
  char db[128];
  (void)state;
  snprintf(db, sizeof db, "%s/bad.db", dir);
  assert_int_equal(seed(db, "demo", "-1", NULL), 2);
  assert_int_equal(seed(db, "demo", "abc", NULL), 2);
  assert_int_equal(seed(db, "demo", "10", "9999999"), 2);
  assert_int_equal(seed(db, "nope", NULL, NULL), 2);
  /* a database that already has data is refused */
  snprintf(db, sizeof db, "%s/demo.db", dir);
  assert_int_equal(seed(db, "demo", NULL, NULL), 1);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(demo_shape),
      cmocka_unit_test(district_like),
      cmocka_unit_test(scope_follows_edits),
      cmocka_unit_test(bad_arguments),
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
