/*
 * test_progress.c — progress reports (进展) over real HTTP: the lead
 * unit's liaison reports on a signed item (the item moves to in_progress,
 * the report waits for review, the item's progress stays), 督查室 returns
 * it with a comment, the liaison reports again and 督查室 approves (the
 * item's progress and indicator actual change, health is recomputed).
 * Refusals: reporting on a draft or issued item (409), percent out of
 * range or below the current progress and empty text (400), another
 * unit's liaison (404), a liaison reviewing (403), reviewing twice (409),
 * returning without a comment (400).  The timeline and the audit log hold
 * every step; teardown runs `luoshi audit verify`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tst_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW_ADMIN "Xt#2026-passwd!"
#define PW_USER "Progress#2026x!"

static struct tst_server srv;
static struct tst_who sys1, sup, lia_a, lia_b;
static int64_t u_a, u_b, ms_type, item, draft, issued, rep1, rep2;

static int64_t mk_unit(const char *name)
{
  int st;
  json_t *j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
                    "{\"parent_id\":1,\"name\":\"%s\",\"kind\":\"部门\"}", name);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

/* A 民生实事 item led by unit A; start and due far apart so that health
 * does not depend on the day the test runs (elapsed ≈ 25–35 %). */
static int64_t mk_item(const char *title)
{
  int st;
  json_t *j = tst_j(srv.port, &sup, "POST", "/api/v1/items", &st,
                    "{\"type_id\":%lld,\"title\":\"%s\",\"lead_unit_id\":%lld,"
                    "\"start_date\":\"2000-01-01\",\"due_date\":\"2099-12-31\","
                    "\"indicator_target\":3,\"indicator_unit\":\"个\","
                    "\"fields\":{\"category\":\"养老\"}}",
                    (long long)ms_type, title, (long long)u_a);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static int move(struct tst_who *w, int64_t id, const char *action)
{
  int st;
  char path[80];
  json_t *j;
  snprintf(path, sizeof path, "/api/v1/items/%lld/transition", (long long)id);
  j = tst_j(srv.port, w, "POST", path, &st, "{\"action\":\"%s\"}", action);
  json_decref(j);
  return st;
}

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  json_t *j, *items, *it;
  size_t i;
  int st;
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "sys1", PW_ADMIN, "sysadmin", NULL, 0) != 0 ||
      tst_server_start(&srv, extra) != 0 ||
      tst_as(srv.port, "sys1", PW_ADMIN, &sys1) != 200)
    return -1;
  u_a = mk_unit("民政局");
  u_b = mk_unit("教育局");
  if (!u_a || !u_b)
    return -1;
  /* built-in role ids: supervisor 4, liaison 6 */
  if (tst_make_user(srv.port, &sys1, "sup1", "督查员", 1, 0,
                    "[{\"role_id\":4,\"scope\":\"all\"}]", PW_USER, &sup) <= 0 ||
      tst_make_user(srv.port, &sys1, "lia_a", "民政联络员", u_a, 0,
                    "[{\"role_id\":6,\"scope\":\"unit\"}]", PW_USER,
                    &lia_a) <= 0 ||
      tst_make_user(srv.port, &sys1, "lia_b", "教育联络员", u_b, 0,
                    "[{\"role_id\":6,\"scope\":\"unit\"}]", PW_USER,
                    &lia_b) <= 0)
    return -1;
  j = tst_j(srv.port, &sup, "GET", "/api/v1/ledger-types", &st, NULL);
  items = json_object_get(j, "items");
  json_array_foreach(items, i, it) if (!strcmp(tst_js(it, "code"), "MS"))
      ms_type = tst_ji(it, "id");
  json_decref(j);
  item = mk_item("新建社区养老服务中心");
  draft = mk_item("草稿事项");
  issued = mk_item("已下达事项");
  if (!ms_type || !item || !draft || !issued ||
      move(&sup, item, "issue") != 200 || move(&lia_a, item, "sign") != 200 ||
      move(&sup, issued, "issue") != 200)
    return -1;
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

static json_t *report(struct tst_who *w, int64_t id, int *st, const char *body)
{
  char path[80];
  snprintf(path, sizeof path, "/api/v1/items/%lld/progress", (long long)id);
  return tst_j(srv.port, w, "POST", path, st, "%s", body);
}

static json_t *review(struct tst_who *w, int64_t rep, int *st,
                      const char *body)
{
  char path[120];
  snprintf(path, sizeof path, "/api/v1/items/%lld/progress/%lld/review",
           (long long)item, (long long)rep);
  return tst_j(srv.port, w, "POST", path, st, "%s", body);
}

static json_t *get_item(struct tst_who *w)
{
  int st;
  char path[64];
  json_t *j;
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)item);
  j = tst_j(srv.port, w, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  return j;
}

static void wrong_state(void **state)
{
  int st;
  json_t *j;
  (void)state;
  j = report(&lia_a, draft, &st, "{\"text\":\"开始推进\",\"percent\":10}");
  tst_expect_err(j, st, 409, "ledger.bad_transition", NULL);
  j = report(&lia_a, issued, &st, "{\"text\":\"开始推进\",\"percent\":10}");
  tst_expect_err(j, st, 409, "ledger.bad_transition", NULL);
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM item_progress"), "0");
}

static void bad_input(void **state)
{
  int st;
  json_t *j;
  (void)state;
  j = report(&lia_a, item, &st, "{\"text\":\"超了\",\"percent\":101}");
  tst_expect_err(j, st, 400, "field.range", "percent");
  j = report(&lia_a, item, &st, "{\"text\":\"负数\",\"percent\":-1}");
  tst_expect_err(j, st, 400, "field.range", "percent");
  j = report(&lia_a, item, &st, "{\"text\":\"\",\"percent\":10}");
  tst_expect_err(j, st, 400, "field.required", "text");
  j = report(&lia_a, item, &st, "{\"percent\":10}");
  tst_expect_err(j, st, 400, "field.required", "text");
  j = report(&lia_a, item, &st,
             "{\"text\":\"文字\",\"percent\":10,\"indicator_value\":\"一\"}");
  tst_expect_err(j, st, 400, "field.type", "indicator_value");
  j = report(&lia_b, item, &st, "{\"text\":\"越权\",\"percent\":10}");
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = report(&sup, item, &st, "{\"text\":\"督查室\",\"percent\":10}");
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM item_progress"), "0");
  j = get_item(&lia_a);
  assert_string_equal(tst_js(j, "state"), "signed");
  json_decref(j);
}

static void report_and_return(void **state)
{
  int st;
  json_t *j;
  (void)state;
  j = report(&lia_a, item, &st,
             "{\"text\":\"已完成选址\",\"percent\":30,\"indicator_value\":1}");
  assert_int_equal(st, 201);
  rep1 = tst_ji(j, "id");
  assert_string_equal(tst_js(j, "state"), "submitted");
  assert_int_equal(tst_ji(j, "percent"), 30);
  assert_int_equal(tst_ji(j, "unit_id"), u_a);
  assert_string_equal(tst_js(j, "unit_name"), "民政局");
  json_decref(j);
  j = get_item(&lia_a);
  assert_string_equal(tst_js(j, "state"), "in_progress");
  assert_int_equal(tst_ji(j, "progress"), 0); /* not until approved */
  assert_true(json_is_null(json_object_get(j, "indicator_actual")));
  assert_string_equal(tst_js(j, "health"), "lagging");
  json_decref(j);
  /* a liaison may not review */
  j = review(&lia_a, rep1, &st, "{\"decision\":\"approve\"}");
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = review(&sup, rep1, &st, "{\"decision\":\"return\"}");
  tst_expect_err(j, st, 400, "progress.comment_required", "comment");
  j = review(&sup, rep1, &st, "{\"decision\":\"return\",\"comment\":\"  \"}");
  tst_expect_err(j, st, 400, "progress.comment_required", "comment");
  j = review(&sup, rep1, &st, "{\"decision\":\"maybe\"}");
  tst_expect_err(j, st, 400, "progress.decision_invalid", "decision");
  j = review(&sup, 999999, &st, "{\"decision\":\"approve\"}");
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = review(&sup, rep1, &st,
             "{\"decision\":\"return\",\"comment\":\"请补充选址论证材料\"}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "state"), "returned");
  assert_string_equal(tst_js(j, "review_comment"), "请补充选址论证材料");
  assert_string_equal(tst_js(j, "reviewer_name"), "督查员");
  json_decref(j);
  j = review(&sup, rep1, &st, "{\"decision\":\"approve\"}");
  tst_expect_err(j, st, 409, "progress.already_reviewed", NULL);
  j = get_item(&sup);
  assert_int_equal(tst_ji(j, "progress"), 0);
  assert_true(json_is_null(json_object_get(j, "indicator_actual")));
  json_decref(j);
}

static void report_and_approve(void **state)
{
  int st;
  char path[64];
  json_t *j, *items;
  (void)state;
  j = report(&lia_a, item, &st,
             "{\"text\":\"选址论证已补充，主体施工过半\",\"percent\":60,"
             "\"indicator_value\":2}");
  assert_int_equal(st, 201);
  rep2 = tst_ji(j, "id");
  json_decref(j);
  j = review(&sup, rep2, &st, "{\"decision\":\"approve\",\"comment\":\"同意\"}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "state"), "approved");
  json_decref(j);
  j = review(&sup, rep2, &st, "{\"decision\":\"return\",\"comment\":\"再退\"}");
  tst_expect_err(j, st, 409, "progress.already_reviewed", NULL);
  j = get_item(&lia_a);
  assert_string_equal(tst_js(j, "state"), "in_progress");
  assert_int_equal(tst_ji(j, "progress"), 60);
  assert_true(json_real_value(json_object_get(j, "indicator_actual")) == 2.0 ||
              json_integer_value(json_object_get(j, "indicator_actual")) == 2);
  assert_string_equal(tst_js(j, "health"), "normal");
  json_decref(j);
  /* not below the approved progress */
  j = report(&lia_a, item, &st, "{\"text\":\"倒退\",\"percent\":50}");
  tst_expect_err(j, st, 400, "progress.percent_below", "percent");
  /* the list, newest first; out of scope is 404 */
  snprintf(path, sizeof path, "/api/v1/items/%lld/progress", (long long)item);
  j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 2);
  assert_int_equal(tst_ji(json_array_get(items, 0), "id"), rep2);
  assert_int_equal(tst_ji(json_array_get(items, 1), "id"), rep1);
  assert_string_equal(tst_js(json_array_get(items, 1), "state"), "returned");
  json_decref(j);
  j = tst_j(srv.port, &lia_a, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  json_decref(j);
  j = tst_j(srv.port, &lia_b, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
}

static void timeline_and_audit(void **state)
{
  static const char *const want[] = {"create", "issue", "sign", "report",
                                     "progress_return", "report",
                                     "progress_approve"};
  char path[64];
  int st;
  json_t *j, *tl;
  (void)state;
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)item);
  j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  tl = json_object_get(j, "timeline");
  assert_int_equal(json_array_size(tl), sizeof want / sizeof want[0]);
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    assert_string_equal(tst_js(json_array_get(tl, i), "action"), want[i]);
  assert_string_equal(tst_js(json_array_get(tl, 3), "from_state"), "signed");
  assert_string_equal(tst_js(json_array_get(tl, 3), "to_state"),
                      "in_progress");
  json_decref(j);
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE action IN "
                      "('item.report','item.progress_return',"
                      "'item.progress_approve')"),
      "4");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(wrong_state),
      cmocka_unit_test(bad_input),
      cmocka_unit_test(report_and_return),
      cmocka_unit_test(report_and_approve),
      cmocka_unit_test(timeline_and_audit),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
