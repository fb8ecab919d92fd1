/*
 * test_item_list.c — the item list slice of issue 5 over real HTTP:
 * every filter (type, state, health, lead unit with and without its
 * sub-units, leader, due range, tag, keyword in the description, parent)
 * and every sort; paging through all rows by the signed cursor for two
 * sorts without duplicates or gaps; a forged cursor and a cursor of
 * another sort are 400; bad parameters are 400 naming them.  Tags on
 * create/update with their limits and the scope-filtered suggestions;
 * saved views private to their account; bulk assignment all-or-nothing
 * (one id outside the caller's scope changes nothing); the parent's
 * progress rolled up from an approved child report and a cancelled
 * child; parent checks (depth, closed parent, own child).
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
#define PW_USER "ItemList#2026x!"
#define N_ITEMS 23

static struct tst_server srv;
static struct tst_who sys1, sup, sup_a, lia_a, lia_b;
static int64_t u_a, u_a1, u_b, ms_type, zd_type, person1;
static int64_t items[N_ITEMS];

static int64_t mk_unit(int64_t parent, const char *name)
{
  int st;
  json_t *j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
                    "{\"parent_id\":%lld,\"name\":\"%s\",\"kind\":\"部门\"}",
                    (long long)parent, name);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static int64_t type_id(const char *code)
{
  int st;
  json_t *j = tst_j(srv.port, &sup, "GET", "/api/v1/ledger-types", &st, NULL);
  json_t *it;
  size_t i;
  int64_t id = 0;
  json_array_foreach(json_object_get(j, "items"), i,
                     it) if (!strcmp(tst_js(it, "code"), code)) id =
      tst_ji(it, "id");
  json_decref(j);
  return id;
}

/* An item; extra is more JSON members (with a leading comma) or "". */
static int64_t mk_item(int64_t type, const char *title, int64_t unit,
                       const char *due, const char *extra)
{
  int st;
  json_t *j = tst_j(
      srv.port, &sup, "POST", "/api/v1/items", &st,
      "{\"type_id\":%lld,\"title\":\"%s\",\"lead_unit_id\":%lld,"
      "\"start_date\":\"2000-01-01\",\"due_date\":\"%s\"%s%s}",
      (long long)type, title, (long long)unit, due,
      type == ms_type ? ",\"fields\":{\"category\":\"就业\"}" : "", extra);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  if (st != 201)
    fprintf(stderr, "mk_item %s: %d %s\n", title, st, tst_last.body);
  json_decref(j);
  return id;
}

static int move(struct tst_who *w, int64_t id, const char *action)
{
  int st;
  char path[80];
  json_t *j;
  snprintf(path, sizeof path, "/api/v1/items/%lld/transition", (long long)id);
  j = tst_j(srv.port, w, "POST", path, &st,
            "{\"action\":\"%s\",\"reason\":\"测试\"}", action);
  json_decref(j);
  return st;
}

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  char roles[96];
  int st;
  json_t *j;
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "sys1", PW_ADMIN, "sysadmin", NULL, 0) != 0 ||
      tst_server_start(&srv, extra) != 0 ||
      tst_as(srv.port, "sys1", PW_ADMIN, &sys1) != 200)
    return -1;
  u_a = mk_unit(1, "农业农村局");
  u_b = mk_unit(1, "交通运输局");
  u_a1 = u_a ? mk_unit(u_a, "农技站") : 0;
  if (!u_a || !u_b || !u_a1)
    return -1;
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/people", &st,
            "{\"unit_id\":%lld,\"name\":\"王副区长\"}", (long long)u_a);
  person1 = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  snprintf(roles, sizeof roles, "[{\"role_id\":4,\"scope\":\"subtree\"}]");
  if (!person1 ||
      tst_make_user(srv.port, &sys1, "sup1", "督查员", 1, 0,
                    "[{\"role_id\":4,\"scope\":\"all\"}]", PW_USER,
                    &sup) <= 0 ||
      tst_make_user(srv.port, &sys1, "sup_a", "农业督查", u_a, 0, roles,
                    PW_USER, &sup_a) <= 0 ||
      tst_make_user(srv.port, &sys1, "lia_a", "农业联络员", u_a, 0,
                    "[{\"role_id\":6,\"scope\":\"unit\"}]", PW_USER,
                    &lia_a) <= 0 ||
      tst_make_user(srv.port, &sys1, "lia_b", "交通联络员", u_b, 0,
                    "[{\"role_id\":6,\"scope\":\"unit\"}]", PW_USER,
                    &lia_b) <= 0)
    return -1;
  ms_type = type_id("MS");
  zd_type = type_id("ZD");
  if (!ms_type || !zd_type)
    return -1;
  /* N_ITEMS items: due dates with ties (every 3rd shares a day), two
   * types, three units, a leader on some, tags on some */
  for (int i = 0; i < N_ITEMS; i++) {
    char title[64], due[16], extra2[200];
    int64_t unit = i % 3 == 0 ? u_a : i % 3 == 1 ? u_a1 : u_b;
    snprintf(title, sizeof title, "列表事项%02d", i);
    snprintf(due, sizeof due, "2099-%02d-%02d", 1 + (i / 3) % 12,
             1 + (i % 2) * 10);
    snprintf(extra2, sizeof extra2, "%s%s",
             i % 4 == 0 ? ",\"tags\":[\"乡村振兴\",\"民生\"]" : "",
             i == 5 ? ",\"description\":\"高标准农田建设\"" : "");
    if (i % 5 == 0) /* a lead leader on every 5th */
      snprintf(extra2 + strlen(extra2), sizeof extra2 - strlen(extra2),
               ",\"lead_leader_person_id\":%lld", (long long)person1);
    items[i] = mk_item(i % 2 ? zd_type : ms_type, title, unit, due, extra2);
    if (!items[i])
      return -1;
  }
  /* some states */
  if (move(&sup, items[0], "issue") != 200 ||
      move(&sup, items[1], "issue") != 200 ||
      move(&sup, items[2], "cancel") != 200)
    return -1;
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

/* GET the list as w with query qs; returns the items' ids into out and
 * the count; *next gets a copy of next_cursor (or ""). */
static int list(struct tst_who *w, const char *qs, int64_t *out, int max,
                char *next, size_t next_len)
{
  int st, n = 0;
  char path[1200];
  json_t *j, *it;
  size_t i;
  snprintf(path, sizeof path, "/api/v1/items?%s", qs);
  j = tst_j(srv.port, w, "GET", path, &st, NULL);
  if (st != 200)
    fail_msg("GET %s: %d %s", path, st, tst_last.body);
  json_array_foreach(json_object_get(j, "items"), i, it) if (n < max) out[n++] =
      tst_ji(it, "id");
  if (next) {
    json_t *c = json_object_get(j, "next_cursor");
    snprintf(next, next_len, "%s",
             json_is_string(c) ? json_string_value(c) : "");
  }
  json_decref(j);
  return n;
}

static int count(struct tst_who *w, const char *qs)
{
  int64_t ids[200];
  char q[600];
  snprintf(q, sizeof q, "limit=200&%s", qs);
  return list(w, q, ids, 200, NULL, 0);
}

static void filters(void **state)
{
  char q[300];
  (void)state;
  assert_int_equal(count(&sup, ""), N_ITEMS);
  snprintf(q, sizeof q, "type_id=%lld", (long long)zd_type);
  assert_int_equal(count(&sup, q), N_ITEMS / 2);
  assert_int_equal(count(&sup, "state=issued"), 2);
  assert_int_equal(count(&sup, "state=cancelled"), 1);
  assert_int_equal(count(&sup, "health=done"), 0);
  snprintf(q, sizeof q, "lead_unit_id=%lld", (long long)u_a);
  assert_int_equal(count(&sup, q), 8);
  snprintf(q, sizeof q, "lead_unit_id=%lld&subtree=1", (long long)u_a);
  assert_int_equal(count(&sup, q), 16);
  snprintf(q, sizeof q, "leader=%lld", (long long)person1);
  assert_int_equal(count(&sup, q), 5);
  assert_int_equal(count(&sup, "due_from=2099-02-01&due_to=2099-02-28"), 3);
  snprintf(q, sizeof q, "tag=%s", tst_url("乡村振兴"));
  assert_int_equal(count(&sup, q), 6);
  snprintf(q, sizeof q, "q=%s", tst_url("高标准农田"));
  assert_int_equal(count(&sup, q), 1);
  snprintf(q, sizeof q, "q=%s", tst_url("列表事项0"));
  assert_int_equal(count(&sup, q), 10);
  /* combined, and under a liaison's scope (its own unit only) */
  snprintf(q, sizeof q, "tag=%s&lead_unit_id=%lld", tst_url("民生"),
           (long long)u_a);
  assert_int_equal(count(&sup, q), 2);
  assert_int_equal(count(&lia_a, ""), 8);
  snprintf(q, sizeof q, "tag=%s", tst_url("乡村振兴"));
  assert_int_equal(count(&lia_b, q), 2);
}

static void bad_parameters(void **state)
{
  static const struct {
    const char *qs, *field;
  } bad[] = {
      {"sort=title", "sort"},
      {"sort=-code", "sort"},
      {"tag=%E4%B8%80%E4%BA%8C%E4%B8%89%E5%9B%9B%E4%BA%94%E5%85%AD%E4%B8%83"
       "%E5%85%AB%E4%B9%9D%E5%8D%81%E4%B8%80%E4%BA%8C%E4%B8%89%E5%9B%9B%E4%BA"
       "%94%E5%85%AD%E4%B8%83%E5%85%AB%E4%B9%9D%E5%8D%81%E4%B8%80",
       "tag"},
      {"subtree=1", "subtree"},
      {"lead_unit_id=1&subtree=yes", "subtree"},
      {"lead_unit_id=999999&subtree=1", "lead_unit_id"},
      {"parent_id=abc", "parent_id"},
      {"parent_id=0", "parent_id"},
      {"due_from=2099-13-01", "due_from"},
      {"state=open", "state"},
      {"health=red", "health"},
      {"type_id=-1", "type_id"},
      {"q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "q"},
  };
  int st;
  char path[400];
  json_t *j;
  (void)state;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    snprintf(path, sizeof path, "/api/v1/items?%s", bad[i].qs);
    j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
    tst_expect_err(j, st, 400, "query.invalid", bad[i].field);
  }
}

static int cmp_i64(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

/* Pages through sort with limit 4 and checks every row comes once and in
 * order (by the value of key in each row). */
static void page_all(const char *sort, const char *key, int desc)
{
  int64_t seen[N_ITEMS + 8];
  char cursor[600] = "", q[800], prev[64] = "";
  int n = 0, pages = 0;
  for (;;) {
    int st;
    char path[900];
    json_t *j, *it, *c;
    size_t i;
    snprintf(q, sizeof q, "limit=4&sort=%s%s%s", sort,
             cursor[0] ? "&cursor=" : "", cursor);
    snprintf(path, sizeof path, "/api/v1/items?%s", q);
    j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
    assert_int_equal(st, 200);
    json_array_foreach(json_object_get(j, "items"), i, it)
    {
      char v[64];
      json_t *kv = json_object_get(it, key);
      if (json_is_string(kv))
        snprintf(v, sizeof v, "%s", json_string_value(kv));
      else
        snprintf(v, sizeof v, "%08lld", (long long)json_integer_value(kv));
      if (prev[0])
        assert_true(desc ? strcmp(prev, v) >= 0 : strcmp(prev, v) <= 0);
      snprintf(prev, sizeof prev, "%s", v);
      assert_true(n < N_ITEMS);
      seen[n++] = tst_ji(it, "id");
    }
    c = json_object_get(j, "next_cursor");
    snprintf(cursor, sizeof cursor, "%s",
             json_is_string(c) ? tst_url(json_string_value(c)) : "");
    json_decref(j);
    pages++;
    if (!cursor[0])
      break;
    assert_true(pages < 20);
  }
  assert_int_equal(n, N_ITEMS);
  qsort(seen, (size_t)n, sizeof *seen, cmp_i64);
  for (int i = 1; i < n; i++)
    assert_true(seen[i] != seen[i - 1]);
}

static void sorts_and_cursors(void **state)
{
  int64_t ids[8];
  char next[600], path[900];
  int st;
  json_t *j;
  (void)state;
  page_all("due_date", "due_date", 0);
  page_all("-progress", "progress", 1);
  page_all("-due_date", "due_date", 1);
  page_all("code", "code", 0);
  page_all("updated_at", "updated_at", 0);
  /* the first of due_date ascending is item 0 or 1's day (2099-01-01) */
  assert_int_equal(
      list(&sup, "limit=1&sort=due_date", ids, 8, next, sizeof next), 1);
  assert_int_equal(ids[0], items[0]);
  /* a cursor of another sort, a forged one, an old-style one */
  snprintf(path, sizeof path, "/api/v1/items?sort=code&cursor=%s",
           tst_url(next));
  j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
  tst_expect_err(j, st, 400, "page.cursor", "cursor");
  snprintf(path, sizeof path, "/api/v1/items?cursor=%s", tst_url(next));
  j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
  tst_expect_err(j, st, 400, "page.cursor", "cursor");
  next[3] = next[3] == 'A' ? 'B' : 'A';
  snprintf(path, sizeof path, "/api/v1/items?sort=due_date&cursor=%s",
           tst_url(next));
  j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
  tst_expect_err(j, st, 400, "page.cursor", "cursor");
  j = tst_j(srv.port, &sup, "GET", "/api/v1/items?sort=due_date&cursor=MTIz",
            &st, NULL);
  tst_expect_err(j, st, 400, "page.cursor", "cursor");
}

static void tags(void **state)
{
  int st;
  char path[80];
  json_t *j, *t;
  (void)state;
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)items[3]);
  j = tst_j(srv.port, &sup, "PUT", path, &st,
            "{\"tags\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\","
            "\"10\",\"11\"]}");
  tst_expect_err(j, st, 400, "ledger.tag_too_many", "tags");
  j = tst_j(srv.port, &sup, "PUT", path, &st, "{\"tags\":[\"养老\",\"养老\"]}");
  tst_expect_err(j, st, 400, "ledger.tag_duplicate", "tags");
  j = tst_j(srv.port, &sup, "PUT", path, &st,
            "{\"tags\":[\"一二三四五六七八九十一二三四五六七八九十一\"]}");
  tst_expect_err(j, st, 400, "ledger.tag_invalid", "tags");
  j = tst_j(srv.port, &sup, "PUT", path, &st, "{\"tags\":[\"a,b\"]}");
  tst_expect_err(j, st, 400, "ledger.tag_invalid", "tags");
  j = tst_j(srv.port, &sup, "PUT", path, &st, "{\"tags\":\"养老\"}");
  tst_expect_err(j, st, 400, "field.type", "tags");
  j = tst_j(srv.port, &sup, "PUT", path, &st,
            "{\"tags\":[\"养老服务\",\"重点\"]}");
  assert_int_equal(st, 200);
  t = json_object_get(j, "tags");
  assert_int_equal(json_array_size(t), 2);
  assert_string_equal(json_string_value(json_array_get(t, 0)), "养老服务");
  json_decref(j);
  /* absent tags keep them */
  j = tst_j(srv.port, &sup, "PUT", path, &st, "{\"title\":\"改名事项\"}");
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "tags")), 2);
  json_decref(j);
  /* suggestions: in scope only (items[3] is unit A's) */
  snprintf(path, sizeof path, "/api/v1/item-tags?q=%s", tst_url("养老"));
  j = tst_j(srv.port, &lia_a, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  json_decref(j);
  j = tst_j(srv.port, &lia_b, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
  json_decref(j);
  j = tst_j(srv.port, &sup, "GET", "/api/v1/item-tags", &st, NULL);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 4);
  json_decref(j);
  j = tst_j(srv.port, &sup, "GET", "/api/v1/item-tags?q=%0A", &st, NULL);
  tst_expect_err(j, st, 400, "query.invalid", "q");
}

static void saved_views(void **state)
{
  int st;
  int64_t v1;
  char path[64];
  json_t *j;
  (void)state;
  j = tst_j(srv.port, &sup, "POST", "/api/v1/saved-views", &st,
            "{\"page\":\"items\",\"name\":\"乡村振兴在办\","
            "\"query\":\"tag=%%E4%%B9%%A1%%E6%%9D%%91%%E6%%8C%%AF%%E5%%85%%B4"
            "&state=issued\",\"sort\":\"due_date\"}");
  assert_int_equal(st, 201);
  v1 = tst_ji(j, "id");
  assert_true(v1 > 0);
  json_decref(j);
  j = tst_j(srv.port, &sup, "POST", "/api/v1/saved-views", &st,
            "{\"page\":\"items\",\"name\":\"乡村振兴在办\",\"query\":\"\"}");
  tst_expect_err(j, st, 409, "view.name_taken", "name");
  j = tst_j(srv.port, &sup, "POST", "/api/v1/saved-views", &st,
            "{\"page\":\"items\",\"name\":\"坏\",\"query\":\"limit=5\"}");
  tst_expect_err(j, st, 400, "view.query", "query");
  j = tst_j(srv.port, &sup, "POST", "/api/v1/saved-views", &st,
            "{\"page\":\"items\",\"name\":\"坏\",\"query\":\"state=red\"}");
  tst_expect_err(j, st, 400, "query.invalid", "query");
  j = tst_j(srv.port, &sup, "POST", "/api/v1/saved-views", &st,
            "{\"page\":\"items\",\"name\":\"坏\",\"query\":\"\","
            "\"sort\":\"title\"}");
  tst_expect_err(j, st, 400, "field.invalid", "sort");
  j = tst_j(srv.port, &sup, "POST", "/api/v1/saved-views", &st,
            "{\"page\":\"people\",\"name\":\"坏\",\"query\":\"\"}");
  tst_expect_err(j, st, 400, "field.invalid", "page");
  j = tst_j(srv.port, &sup, "POST", "/api/v1/saved-views", &st,
            "{\"page\":\"items\",\"name\":\"\",\"query\":\"\"}");
  tst_expect_err(j, st, 400, "field.required", "name");
  /* another account: sees none, cannot delete it, may use the name */
  j = tst_j(srv.port, &lia_a, "GET", "/api/v1/saved-views?page=items", &st,
            NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/saved-views/%lld", (long long)v1);
  j = tst_j(srv.port, &lia_a, "DELETE", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = tst_j(srv.port, &lia_a, "POST", "/api/v1/saved-views", &st,
            "{\"page\":\"items\",\"name\":\"乡村振兴在办\",\"query\":\"\"}");
  assert_int_equal(st, 201);
  json_decref(j);
  j = tst_j(srv.port, &sup, "GET", "/api/v1/saved-views", &st, NULL);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  assert_string_equal(
      tst_js(json_array_get(json_object_get(j, "items"), 0), "sort"),
      "due_date");
  json_decref(j);
  /* at most 20 */
  for (int i = 0; i < 19; i++) {
    j = tst_j(srv.port, &sup, "POST", "/api/v1/saved-views", &st,
              "{\"page\":\"items\",\"name\":\"视图%d\",\"query\":\"\"}", i);
    assert_int_equal(st, 201);
    json_decref(j);
  }
  j = tst_j(srv.port, &sup, "POST", "/api/v1/saved-views", &st,
            "{\"page\":\"items\",\"name\":\"第二十一\",\"query\":\"\"}");
  tst_expect_err(j, st, 409, "view.too_many", NULL);
  j = tst_j(srv.port, &sup, "DELETE", path, &st, NULL);
  assert_int_equal(st, 204);
  json_decref(j);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM saved_view"), "20");
}

static void bulk_assign(void **state)
{
  int st;
  char sql[200];
  json_t *j;
  (void)state;
  /* sup_a's scope is unit A's subtree: items[3] (A) and items[4] (A1) are
   * in it, items[5] (B) is not */
  j = tst_j(srv.port, &sup_a, "POST", "/api/v1/items/bulk-assign", &st,
            "{\"ids\":[%lld,%lld,%lld],\"lead_unit_id\":%lld}",
            (long long)items[3], (long long)items[4], (long long)items[5],
            (long long)u_a1);
  tst_expect_err(j, st, 404, "not_found", "ids");
  assert_non_null(strstr(tst_last.body, "以下事项"));
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM ledger_item WHERE lead_unit_id = %lld",
           (long long)u_a1);
  assert_string_equal(tst_sql(srv.db, sql), "8");
  /* a unit outside the caller's scope */
  j = tst_j(srv.port, &sup_a, "POST", "/api/v1/items/bulk-assign", &st,
            "{\"ids\":[%lld],\"lead_unit_id\":%lld}", (long long)items[3],
            (long long)u_b);
  tst_expect_err(j, st, 400, "ledger.unit_missing", "lead_unit_id");
  j = tst_j(srv.port, &sup_a, "POST", "/api/v1/items/bulk-assign", &st,
            "{\"ids\":[]}");
  tst_expect_err(j, st, 400, "field.invalid", "ids");
  j = tst_j(srv.port, &sup_a, "POST", "/api/v1/items/bulk-assign", &st,
            "{\"ids\":[%lld]}", (long long)items[3]);
  tst_expect_err(j, st, 400, "field.required", NULL);
  j = tst_j(srv.port, &sup_a, "POST", "/api/v1/items/bulk-assign", &st,
            "{\"ids\":[%lld,%lld],\"lead_unit_id\":%lld}", (long long)items[3],
            (long long)items[3], (long long)u_a1);
  tst_expect_err(j, st, 400, "field.duplicate", "ids");
  /* a cancelled item cannot take a new lead unit */
  j = tst_j(srv.port, &sup, "POST", "/api/v1/items/bulk-assign", &st,
            "{\"ids\":[%lld,%lld],\"lead_unit_id\":%lld}", (long long)items[2],
            (long long)items[3], (long long)u_a1);
  tst_expect_err(j, st, 409, "ledger.not_assignable", "ids");
  j = tst_j(srv.port, &lia_a, "POST", "/api/v1/items/bulk-assign", &st,
            "{\"ids\":[%lld],\"lead_unit_id\":%lld}", (long long)items[3],
            (long long)u_a1);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  assert_string_equal(tst_sql(srv.db, sql), "8");
  /* the good batch: draft items[3] and [6] (both in A) to A1 with a
   * leader */
  j = tst_j(srv.port, &sup_a, "POST", "/api/v1/items/bulk-assign", &st,
            "{\"ids\":[%lld,%lld],\"lead_unit_id\":%lld,"
            "\"lead_leader_person_id\":%lld}",
            (long long)items[3], (long long)items[6], (long long)u_a1,
            (long long)person1);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(j, "updated"), 2);
  json_decref(j);
  assert_string_equal(tst_sql(srv.db, sql), "10");
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM item_event WHERE action = 'assign' AND "
           "item_id IN (%lld, %lld)",
           (long long)items[3], (long long)items[6]);
  assert_string_equal(tst_sql(srv.db, sql), "2");
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE "
                                      "action = 'item.bulk_assign'"),
                      "1");
}

static json_t *child(int64_t parent, const char *title, int *st)
{
  return tst_j(srv.port, &sup, "POST", "/api/v1/items", st,
               "{\"type_id\":%lld,\"title\":\"%s\",\"lead_unit_id\":%lld,"
               "\"start_date\":\"2000-01-01\",\"due_date\":\"2099-12-31\","
               "\"parent_id\":%lld}",
               (long long)zd_type, title, (long long)u_a, (long long)parent);
}

static int progress_of(int64_t id)
{
  char sql[96];
  snprintf(sql, sizeof sql, "SELECT progress FROM ledger_item WHERE id = %lld",
           (long long)id);
  return atoi(tst_sql(srv.db, sql));
}

static void rollup(void **state)
{
  int st;
  int64_t goal, c1, c2, g1, rep;
  char path[120];
  json_t *j;
  (void)state;
  goal = mk_item(zd_type, "总目标", u_a, "2099-12-31", "");
  j = child(goal, "任务一", &st);
  assert_int_equal(st, 201);
  c1 = tst_ji(j, "id");
  assert_int_equal(tst_ji(j, "depth"), 1);
  json_decref(j);
  j = child(goal, "任务二", &st);
  c2 = tst_ji(j, "id");
  json_decref(j);
  j = child(c1, "子任务", &st);
  assert_int_equal(st, 201);
  g1 = tst_ji(j, "id");
  json_decref(j);
  j = child(g1, "太深", &st);
  tst_expect_err(j, st, 400, "ledger.too_deep", "parent_id");
  j = child(items[2], "撤销的上级", &st);
  tst_expect_err(j, st, 400, "ledger.parent_closed", "parent_id");
  j = child(999999, "没有上级", &st);
  tst_expect_err(j, st, 400, "ledger.parent_missing", "parent_id");
  /* an item with children cannot move; one cannot be its own parent */
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)c1);
  j = tst_j(srv.port, &sup, "PUT", path, &st, "{\"parent_id\":%lld}",
            (long long)c2);
  tst_expect_err(j, st, 409, "ledger.has_children", "parent_id");
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)c2);
  j = tst_j(srv.port, &sup, "PUT", path, &st, "{\"parent_id\":%lld}",
            (long long)c2);
  tst_expect_err(j, st, 400, "ledger.parent_self", "parent_id");
  /* children in the detail and the list */
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)goal);
  j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
  assert_int_equal(json_array_size(json_object_get(j, "children")), 2);
  json_decref(j);
  snprintf(path, sizeof path, "parent_id=%lld", (long long)goal);
  assert_int_equal(count(&sup, path), 2);
  /* c1: issue, sign, report 60 %, approve → goal = (60 + 0) / 2 = 30 */
  assert_int_equal(move(&sup, c1, "issue"), 200);
  assert_int_equal(move(&lia_a, c1, "sign"), 200);
  snprintf(path, sizeof path, "/api/v1/items/%lld/progress", (long long)c1);
  j = tst_j(srv.port, &lia_a, "POST", path, &st,
            "{\"text\":\"完成过半\",\"percent\":60}");
  assert_int_equal(st, 201);
  rep = tst_ji(j, "id");
  json_decref(j);
  assert_int_equal(progress_of(goal), 0);
  snprintf(path, sizeof path, "/api/v1/items/%lld/progress/%lld/review",
           (long long)c1, (long long)rep);
  j = tst_j(srv.port, &sup, "POST", path, &st,
            "{\"decision\":\"approve\",\"comment\":\"同意\"}");
  assert_int_equal(st, 200);
  json_decref(j);
  assert_int_equal(progress_of(c1), 60);
  assert_int_equal(progress_of(goal), 30);
  /* cancelling c2 leaves c1 alone in the average */
  assert_int_equal(move(&sup, c2, "cancel"), 200);
  assert_int_equal(progress_of(goal), 60);
  /* a new child brings it down again */
  j = child(goal, "任务三", &st);
  assert_int_equal(st, 201);
  json_decref(j);
  assert_int_equal(progress_of(goal), 30);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(filters),
      cmocka_unit_test(bad_parameters),
      cmocka_unit_test(sorts_and_cursors),
      cmocka_unit_test(tags),
      cmocka_unit_test(saved_views),
      cmocka_unit_test(bulk_assign),
      cmocka_unit_test(rollup),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
