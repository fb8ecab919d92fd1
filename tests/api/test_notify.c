/*
 * test_notify.c — the notification inbox over real HTTP, on the org
 * fixture.  Notifications are written straight into the database (any
 * module may send them; the plan tests cover publishing).  王芳 (mem_b2)
 * lists hers newest first and pages them with the signed cursor, filters
 * unread ones, reads the unread count, marks one read (twice is fine) and
 * then all; she cannot see or mark 张书记's (404, same as a missing id);
 * a forged cursor and a bad ?unread are 400; anonymous callers get 401.
 * Marking is audited.  Teardown runs `luoshi audit verify`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "org_fixture.h"

#include <stdlib.h>

static int64_t acct_mem_b2, acct_secr_b1;

static int64_t account_of(const char *username)
{
  char q[200];
  snprintf(q, sizeof q, "SELECT id FROM account WHERE username = '%s';",
           username);
  return atoll(tst_sql(srv.db, q));
}

static void add(int64_t account, const char *title)
{
  char q[600];
  snprintf(
      q, sizeof q,
      "INSERT INTO notification(account_id, kind, title, body, link, "
      "object_type, object_id, created_at) VALUES (%lld, 'plan.published', "
      "'%s', '正文', '/study/my-plans', 'study_plan', 1, 1);",
      (long long)account, title);
  tst_sql(srv.db, q);
}

static int notify_setup(void **state)
{
  if (setup(state))
    return -1;
  acct_mem_b2 = account_of("mem_b2");
  acct_secr_b1 = account_of("secr_b1");
  if (acct_mem_b2 <= 0 || acct_secr_b1 <= 0)
    return -1;
  add(acct_mem_b2, "第一条");
  add(acct_mem_b2, "第二条");
  add(acct_mem_b2, "第三条");
  add(acct_secr_b1, "书记的通知");
  return 0;
}

static int64_t unread(struct tst_who *w)
{
  int st;
  json_t *j = tst_j(srv.port, w, "GET", "/api/v1/notifications/unread-count",
                    &st, NULL);
  int64_t n = st == 200 ? tst_ji(j, "count") : -1;
  json_decref(j);
  return n;
}

static void list_and_page(void **state)
{
  int st;
  json_t *j, *items;
  char path[600];
  (void)state;
  assert_int_equal(unread(&mem_b2), 3);
  assert_int_equal(unread(&secr_b1), 1);
  j = tst_j(srv.port, &mem_b2, "GET", "/api/v1/notifications?limit=2", &st,
            NULL);
  assert_int_equal(st, 200);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 2);
  assert_string_equal(tst_js(json_array_get(items, 0), "title"), "第三条");
  assert_string_equal(tst_js(json_array_get(items, 1), "title"), "第二条");
  assert_true(json_is_false(json_object_get(json_array_get(items, 0), "read")));
  assert_string_equal(tst_js(json_array_get(items, 0), "link"),
                      "/study/my-plans");
  assert_non_null(tst_js(j, "next_cursor"));
  snprintf(path, sizeof path, "/api/v1/notifications?limit=2&cursor=%s",
           tst_url(tst_js(j, "next_cursor")));
  json_decref(j);
  j = tst_j(srv.port, &mem_b2, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 1);
  assert_string_equal(tst_js(json_array_get(items, 0), "title"), "第一条");
  assert_true(json_is_null(json_object_get(j, "next_cursor")));
  json_decref(j);
  /* refusals */
  j = tst_j(srv.port, &mem_b2, "GET", "/api/v1/notifications?cursor=abc.def",
            &st, NULL);
  tst_expect_err(j, st, 400, "page.cursor", "cursor");
  j = tst_j(srv.port, &mem_b2, "GET", "/api/v1/notifications?unread=2", &st,
            NULL);
  tst_expect_err(j, st, 400, "query.invalid", "unread");
  j = tst_j(srv.port, &mem_b2, "GET", "/api/v1/notifications?limit=0", &st,
            NULL);
  assert_int_equal(st, 400);
  json_decref(j);
  j = tst_j(srv.port, NULL, "GET", "/api/v1/notifications", &st, NULL);
  assert_int_equal(st, 401);
  json_decref(j);
}

static void mark_read(void **state)
{
  int st;
  json_t *j, *items;
  char path[96];
  int64_t first, other;
  (void)state;
  first = atoll(tst_sql(srv.db, "SELECT min(id) FROM notification WHERE "
                                "title = '第一条';"));
  other = atoll(tst_sql(srv.db, "SELECT id FROM notification WHERE title = "
                                "'书记的通知';"));
  /* someone else's: 404 like a missing one, and nothing changes */
  snprintf(path, sizeof path, "/api/v1/notifications/%lld/read",
           (long long)other);
  j = tst_j(srv.port, &mem_b2, "POST", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  assert_int_equal(unread(&secr_b1), 1);
  j = tst_j(srv.port, &mem_b2, "POST", "/api/v1/notifications/999999/read", &st,
            NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  /* her own, twice */
  snprintf(path, sizeof path, "/api/v1/notifications/%lld/read",
           (long long)first);
  for (int k = 0; k < 2; k++) {
    j = tst_j(srv.port, &mem_b2, "POST", path, &st, NULL);
    assert_int_equal(st, 200);
    assert_int_equal(tst_ji(j, "unread"), 2);
    json_decref(j);
  }
  j = tst_j(srv.port, &mem_b2, "GET", "/api/v1/notifications?unread=1", &st,
            NULL);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 2);
  for (size_t i = 0; i < json_array_size(items); i++)
    assert_int_not_equal(tst_ji(json_array_get(items, i), "id"), first);
  json_decref(j);
  /* all */
  j = tst_j(srv.port, &mem_b2, "POST", "/api/v1/notifications/read-all", &st,
            NULL);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(j, "marked"), 2);
  json_decref(j);
  assert_int_equal(unread(&mem_b2), 0);
  assert_int_equal(unread(&secr_b1), 1);
  j = tst_j(srv.port, &mem_b2, "GET", "/api/v1/notifications", &st, NULL);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 3);
  assert_true(json_is_true(json_object_get(json_array_get(items, 0), "read")));
  assert_true(
      json_is_string(json_object_get(json_array_get(items, 0), "read_at")));
  json_decref(j);
  assert_string_equal(tst_sql(srv.db,
                              "SELECT count(*) FROM audit_log WHERE action IN "
                              "('notification.read','notification.read_all') "
                              "AND result = 'ok';"),
                      "3");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(list_and_page),
      cmocka_unit_test(mark_read),
  };
  return cmocka_run_group_tests(tests, notify_setup, teardown);
}
