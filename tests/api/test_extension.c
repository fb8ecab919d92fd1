/*
 * test_extension.c — extension requests (延期申请) over real HTTP: the
 * lead unit's liaison files one for an item due in 30 days; a second
 * while it waits is refused (409); 督查室 rejects it (a comment is
 * required) and approves the next: the item's due date moves, the
 * original deadline stays beside it, health is recomputed, the timeline
 * and the audit log hold every step.  Refusals: a bad or earlier date,
 * no or an overlong reason, a draft item (409), another unit's liaison
 * (404, like a missing item), 督查室 filing and a liaison reviewing
 * (403), reviewing twice (409), an unknown request (404), a bad decision
 * (400), the settings' lead time (409), and filing after the due date
 * once the test clock has passed it (409).  Teardown runs `luoshi audit
 * verify`.
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
#include <time.h>

#define PW_ADMIN "Xt#2026-passwd!"
#define PW_USER "Extension#2026x!"

static struct tst_server srv;
static struct tst_who sys1, sup, lia_a, lia_b;
static int64_t u_a, u_b, ms_type, item, draft;
static char due[16], due_plus30[16], due_plus60[16];

static int64_t mk_unit(const char *name)
{
  int st;
  json_t *j =
      tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"%s\",\"kind\":\"部门\"}", name);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static const char *day_from_now(int delta, char *buf)
{
  time_t t = time(NULL) + 8 * 3600 + (time_t)delta * 86400;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, 16, "%Y-%m-%d", &tm);
  return buf;
}

static int64_t mk_item(const char *title)
{
  int st;
  char a[16];
  json_t *j = tst_j(srv.port, &sup, "POST", "/api/v1/items", &st,
                    "{\"type_id\":%lld,\"title\":\"%s\",\"lead_unit_id\":%lld,"
                    "\"start_date\":\"%s\",\"due_date\":\"%s\","
                    "\"fields\":{\"category\":\"养老\"}}",
                    (long long)ms_type, title, (long long)u_a,
                    day_from_now(-30, a), due);
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
  day_from_now(30, due);
  day_from_now(60, due_plus30);
  day_from_now(90, due_plus60);
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "sys1", PW_ADMIN, "sysadmin", NULL, 0) != 0 ||
      tst_server_start(&srv, extra) != 0 ||
      tst_as(srv.port, "sys1", PW_ADMIN, &sys1) != 200)
    return -1;
  u_a = mk_unit("区委办公室");
  u_b = mk_unit("区教育局");
  if (!u_a || !u_b ||
      tst_make_user(srv.port, &sys1, "sup1", "督查员", 1, 0,
                    "[{\"role_id\":4,\"scope\":\"all\"}]", PW_USER,
                    &sup) <= 0 ||
      tst_make_user(srv.port, &sys1, "lia_a", "办公室联络员", u_a, 0,
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
  item = mk_item("机关作风整治专项行动");
  draft = mk_item("草稿事项");
  if (!ms_type || !item || !draft || move(&sup, item, "issue") != 200 ||
      move(&lia_a, item, "sign") != 200)
    return -1;
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

static json_t *file_ext(struct tst_who *w, int64_t id, int *st,
                        const char *body)
{
  char path[80];
  snprintf(path, sizeof path, "/api/v1/items/%lld/extensions", (long long)id);
  return tst_j(srv.port, w, "POST", path, st, "%s", body);
}

static json_t *review(struct tst_who *w, int64_t ext, int *st, const char *body)
{
  char path[120];
  snprintf(path, sizeof path, "/api/v1/items/%lld/extensions/%lld/review",
           (long long)item, (long long)ext);
  return tst_j(srv.port, w, "POST", path, st, "%s", body);
}

static json_t *get_item(void)
{
  int st;
  char path[64];
  json_t *j;
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)item);
  j = tst_j(srv.port, &lia_a, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  return j;
}

static const char *n_ext(void)
{
  return tst_sql(srv.db, "SELECT count(*) FROM item_extension");
}

static void bad_input(void **state)
{
  int st;
  json_t *j;
  char body[4200], earlier[16];
  (void)state;
  j = file_ext(&lia_a, item, &st,
               "{\"new_due_date\":\"2026-02-30\",\"reason\":\"原因\"}");
  tst_expect_err(j, st, 400, "field.type", "new_due_date");
  j = file_ext(&lia_a, item, &st, "{\"reason\":\"原因\"}");
  tst_expect_err(j, st, 400, "field.required", "new_due_date");
  snprintf(body, sizeof body, "{\"new_due_date\":\"%s\",\"reason\":\"提前\"}",
           day_from_now(10, earlier));
  j = file_ext(&lia_a, item, &st, body);
  tst_expect_err(j, st, 400, "ledger.extension_not_later", "new_due_date");
  snprintf(body, sizeof body, "{\"new_due_date\":\"%s\",\"reason\":\"\"}", due);
  j = file_ext(&lia_a, item, &st, body);
  tst_expect_err(j, st, 400, "ledger.extension_not_later", "new_due_date");
  snprintf(body, sizeof body, "{\"new_due_date\":\"%s\",\"reason\":\" \"}",
           due_plus30);
  j = file_ext(&lia_a, item, &st, body);
  tst_expect_err(j, st, 400, "ledger.reason_required", "reason");
  {
    int n = snprintf(body, sizeof body,
                     "{\"new_due_date\":\"%s\",\"reason\":\"", due_plus30);
    for (int i = 0; i < 1001; i++)
      body[n++] = 'x';
    snprintf(body + n, sizeof body - (size_t)n, "\"}");
  }
  j = file_ext(&lia_a, item, &st, body);
  tst_expect_err(j, st, 400, "ledger.reason_too_long", "reason");
  snprintf(body, sizeof body, "{\"new_due_date\":\"%s\",\"reason\":\"草稿\"}",
           due_plus30);
  j = file_ext(&lia_a, draft, &st, body);
  tst_expect_err(j, st, 409, "ledger.extension_bad_state", NULL);
  j = file_ext(&lia_b, item, &st, body);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = file_ext(&sup, item, &st, body);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = file_ext(&lia_a, 999999, &st, body);
  tst_expect_err(j, st, 404, "not_found", NULL);
  /* the settings' lead time: 40 days before a due date 30 days away */
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/ledger-settings", &st,
            "{\"extension_min_days\":40}");
  assert_int_equal(st, 200);
  json_decref(j);
  j = file_ext(&lia_a, item, &st, body);
  assert_int_equal(st, 409);
  assert_non_null(strstr(tst_js(json_object_get(j, "error"), "message"),
                         "至少 40 个自然日"));
  json_decref(j);
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/ledger-settings", &st,
            "{\"extension_min_days\":0}");
  assert_int_equal(st, 200);
  json_decref(j);
  assert_string_equal(n_ext(), "0");
}

static void reject_then_approve(void **state)
{
  int st;
  int64_t e1, e2;
  json_t *j;
  char body[200];
  (void)state;
  snprintf(body, sizeof body,
           "{\"new_due_date\":\"%s\",\"reason\":\"上级政策调整，需重新论证\"}",
           due_plus30);
  j = file_ext(&lia_a, item, &st, body);
  assert_int_equal(st, 201);
  e1 = tst_ji(j, "id");
  assert_string_equal(tst_js(j, "state"), "submitted");
  assert_string_equal(tst_js(j, "old_due_date"), due);
  assert_string_equal(tst_js(j, "new_due_date"), due_plus30);
  assert_int_equal(tst_ji(j, "unit_id"), u_a);
  json_decref(j);
  j = file_ext(&lia_a, item, &st, body);
  tst_expect_err(j, st, 409, "extension.pending", NULL);
  /* review refusals */
  j = review(&lia_a, e1, &st, "{\"decision\":\"approve\"}");
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = review(&sup, e1, &st, "{\"decision\":\"reject\"}");
  tst_expect_err(j, st, 400, "extension.comment_required", "comment");
  j = review(&sup, e1, &st, "{\"decision\":\"maybe\"}");
  tst_expect_err(j, st, 400, "extension.decision_invalid", "decision");
  j = review(&sup, 999999, &st, "{\"decision\":\"approve\"}");
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = review(&sup, e1, &st,
             "{\"decision\":\"reject\",\"comment\":\"理由不充分\"}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "state"), "rejected");
  assert_string_equal(tst_js(j, "review_comment"), "理由不充分");
  json_decref(j);
  j = review(&sup, e1, &st, "{\"decision\":\"approve\"}");
  tst_expect_err(j, st, 409, "extension.already_reviewed", "state");
  j = get_item();
  assert_string_equal(tst_js(j, "due_date"), due);
  json_decref(j);
  /* a second request, approved */
  snprintf(body, sizeof body,
           "{\"new_due_date\":\"%s\",\"reason\":\"补充论证材料后再次申请\"}",
           due_plus60);
  j = file_ext(&lia_a, item, &st, body);
  assert_int_equal(st, 201);
  e2 = tst_ji(j, "id");
  json_decref(j);
  j = review(&sup, e2, &st, "{\"decision\":\"approve\",\"comment\":\"同意\"}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "state"), "approved");
  json_decref(j);
  j = get_item();
  assert_string_equal(tst_js(j, "due_date"), due_plus60);
  assert_string_equal(tst_js(j, "original_due_date"), due);
  json_decref(j);
  /* list: newest first, visible to the lead unit, not to unit B */
  {
    char path[80];
    snprintf(path, sizeof path, "/api/v1/items/%lld/extensions",
             (long long)item);
    j = tst_j(srv.port, &lia_a, "GET", path, &st, NULL);
    assert_int_equal(st, 200);
    assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
    assert_int_equal(
        tst_ji(json_array_get(json_object_get(j, "items"), 0), "id"), e2);
    json_decref(j);
    j = tst_j(srv.port, &lia_b, "GET", path, &st, NULL);
    tst_expect_err(j, st, 404, "not_found", NULL);
  }
}

static void timeline_and_audit(void **state)
{
  int st, req = 0, appr = 0, rej = 0;
  json_t *j, *ev, *e;
  size_t i;
  char path[80];
  (void)state;
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)item);
  j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  ev = json_object_get(j, "timeline");
  json_array_foreach(ev, i, e)
  {
    const char *a = tst_js(e, "action");
    req += !strcmp(a, "extension_request");
    appr += !strcmp(a, "extension_approve");
    rej += !strcmp(a, "extension_reject");
    if (!strcmp(a, "extension_approve"))
      assert_string_equal(tst_js(e, "action_label"), "批准延期");
  }
  json_decref(j);
  assert_int_equal(req, 2);
  assert_int_equal(appr, 1);
  assert_int_equal(rej, 1);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE "
                                      "action LIKE 'item.extension_%'"),
                      "4");
}

static void too_late(void **state)
{
  int st;
  json_t *j;
  char body[200], later[16];
  (void)state;
  /* 100 days on, the item (now due in 90) is overdue */
  tst_clock_set(&srv, 100LL * 86400000);
  assert_int_equal(tst_as(srv.port, "lia_a", PW_USER, &lia_a), 200);
  snprintf(body, sizeof body,
           "{\"new_due_date\":\"%s\",\"reason\":\"逾期后申请\"}",
           day_from_now(200, later));
  j = file_ext(&lia_a, item, &st, body);
  tst_expect_err(j, st, 409, "ledger.extension_too_late", NULL);
  tst_clock_set(&srv, 0);
  assert_string_equal(n_ext(), "2");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(bad_input),
      cmocka_unit_test(reject_then_approve),
      cmocka_unit_test(timeline_and_audit),
      cmocka_unit_test(too_late),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
