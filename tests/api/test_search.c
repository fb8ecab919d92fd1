/*
 * test_search.c — GET /api/v1/search/materials over real HTTP.  A
 * secretary (scope all) writes materials through the materials API: one
 * published for every unit, one published for branch A only, one for
 * branch B only, a draft and a withdrawn one, all about 学史明理.
 * Checks: a member of A finds the public and A's materials (ranked,
 * highlighted with <mark>, HTML-escaped), never B's, the draft or the
 * withdrawn one; a member of B the mirror; FTS syntax in q is text (200,
 * never 500); bad q (missing, blank, 101 characters), bad dates, offset,
 * limit and tag answer 400 naming the field; filters (topic, tag, dates)
 * and paging (offset/limit/total) (the 403 without study.read is in
 * tests/authz/test_matrix.c); an edit is searchable at once (the index follows
 * through triggers).
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
#define PW_USER "Search#2026x!"

static struct tst_server srv;
static struct tst_who sys1, secr, mem_a, mem_b;
static int64_t u_a, u_b, m_pub, m_a, m_b, m_draft, m_wd, m_xss;

static int64_t mk_unit(const char *name)
{
  int st;
  json_t *j =
      tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"%s\",\"kind\":\"党支部\"}", name);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static int64_t mk_person(int64_t unit, const char *name)
{
  int st;
  json_t *j =
      tst_j(srv.port, &sys1, "POST", "/api/v1/people", &st,
            "{\"unit_id\":%lld,\"name\":\"%s\"}", (long long)unit, name);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

/* Creates a material (extra: more JSON members) and publishes it unless
 * state is "draft"; "withdrawn" also withdraws it. */
static int64_t mk_material(const char *title, const char *body,
                           const char *extra, const char *state)
{
  int st;
  char path[80];
  json_t *j = tst_j(srv.port, &secr, "POST", "/api/v1/materials", &st,
                    "{\"title\":\"%s\",\"body\":\"%s\",\"topic_id\":1%s}",
                    title, body, extra ? extra : "");
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  if (!id) {
    print_error("material %s: %d %s\n", title, st, tst_last.body);
    return 0;
  }
  if (strcmp(state, "draft") != 0) {
    snprintf(path, sizeof path, "/api/v1/materials/%lld/publish",
             (long long)id);
    json_decref(tst_j(srv.port, &secr, "POST", path, &st, "{}"));
    if (st != 200)
      return 0;
  }
  if (strcmp(state, "withdrawn") == 0) {
    snprintf(path, sizeof path, "/api/v1/materials/%lld/withdraw",
             (long long)id);
    json_decref(tst_j(srv.port, &secr, "POST", path, &st, "{}"));
    if (st != 200)
      return 0;
  }
  return id;
}

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  char roles[120];
  int64_t p_a, p_b;
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "sys1", PW_ADMIN, "sysadmin", NULL, 0) != 0 ||
      tst_server_start(&srv, extra) != 0 ||
      tst_as(srv.port, "sys1", PW_ADMIN, &sys1) != 200)
    return -1;
  u_a = mk_unit("检索一支部");
  u_b = mk_unit("检索二支部");
  p_a = mk_person(u_a, "甲党员");
  p_b = mk_person(u_b, "乙党员");
  if (!u_a || !u_b || !p_a || !p_b)
    return -1;
  /* built-in roles: supervisor 4, secretary 7, member 8 */
  snprintf(roles, sizeof roles, "[{\"role_id\":7,\"scope\":\"all\"}]");
  if (tst_make_user(srv.port, &sys1, "secr", "书记", 1, 0, roles, PW_USER,
                    &secr) <= 0 ||
      tst_make_user(srv.port, &sys1, "mem_a", "甲党员", u_a, p_a,
                    "[{\"role_id\":8,\"scope\":\"self\"}]", PW_USER,
                    &mem_a) <= 0 ||
      tst_make_user(srv.port, &sys1, "mem_b", "乙党员", u_b, p_b,
                    "[{\"role_id\":8,\"scope\":\"self\"}]", PW_USER,
                    &mem_b) <= 0)
    return -1;
  m_pub = mk_material(
      "学史明理专题辅导",
      "学史明理是党史学习教育的首要目标。学史明理，明的是理论之理。",
      ",\"tags\":[\"学史力行\"],\"publish_date\":\"2021-04-01\",\"summary\":"
      "\"学史明理专题\","
      "\"source\":\"测试来源\"",
      "published");
  {
    char ea[80], eb[80];
    snprintf(ea, sizeof ea, ",\"visible_all\":false,\"unit_ids\":[%lld]",
             (long long)u_a);
    snprintf(eb, sizeof eb, ",\"visible_all\":false,\"unit_ids\":[%lld]",
             (long long)u_b);
    m_a = mk_material("一支部学习材料", "支部学习讨论学史明理。", ea,
                      "published");
    m_b =
        mk_material("二支部学习材料", "二支部也在学史明理。", eb, "published");
  }
  m_draft = mk_material("学史明理草稿", "草稿内容学史明理。", NULL, "draft");
  m_wd = mk_material("学史明理已下架", "下架内容学史明理。", NULL, "withdrawn");
  m_xss = mk_material("<b>标签</b>与学史明理",
                      "正文里有 <script>alert(1)</script> 与学史明理。",
                      ",\"publish_date\":\"2022-06-01\"", "published");
  if (!m_pub || !m_a || !m_b || !m_draft || !m_wd || !m_xss)
    return -1;
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

/* Searches as who; returns the parsed answer and the status. */
static json_t *search(struct tst_who *who, const char *query, int *st)
{
  char path[1400];
  snprintf(path, sizeof path, "/api/v1/search/materials?%s", query);
  return tst_j(srv.port, who, "GET", path, st, NULL);
}

static int has_id(json_t *j, int64_t id)
{
  json_t *it;
  size_t i;
  json_array_foreach(json_object_get(j, "items"), i,
                     it) if (tst_ji(it, "id") == id) return 1;
  return 0;
}

static void test_visibility(void **state)
{
  int st;
  json_t *j;
  char q[200];
  (void)state;
  snprintf(q, sizeof q, "q=%s", tst_url("学史明理"));
  j = search(&mem_a, q, &st);
  assert_int_equal(st, 200);
  assert_true(has_id(j, m_pub));
  assert_true(has_id(j, m_a));
  assert_true(has_id(j, m_xss));
  assert_false(has_id(j, m_b));
  assert_false(has_id(j, m_draft));
  assert_false(has_id(j, m_wd));
  assert_int_equal(tst_ji(j, "total"), 3);
  json_decref(j);
  j = search(&mem_b, q, &st);
  assert_int_equal(st, 200);
  assert_true(has_id(j, m_b));
  assert_false(has_id(j, m_a));
  assert_false(has_id(j, m_draft));
  assert_false(has_id(j, m_wd));
  json_decref(j);
}

static void test_ranking_and_html(void **state)
{
  int st;
  json_t *j, *first, *it;
  size_t i;
  char q[200];
  (void)state;
  snprintf(q, sizeof q, "q=%s", tst_url("学史明理"));
  j = search(&mem_a, q, &st);
  /* the two title matches first (in a collection this small BM25's
   * IDF is clamped, so their mutual order is not asserted), then the
   * body-only match */
  assert_int_equal(json_array_size(json_object_get(j, "items")), 3);
  first = json_array_get(json_object_get(j, "items"), 0);
  if (tst_ji(first, "id") != m_pub)
    first = json_array_get(json_object_get(j, "items"), 1);
  assert_int_equal(tst_ji(first, "id"), m_pub);
  assert_int_equal(tst_ji(json_array_get(json_object_get(j, "items"), 2), "id"),
                   m_a);
  assert_string_equal(tst_js(first, "title_html"),
                      "<mark>学史明理</mark>专题辅导");
  assert_non_null(
      strstr(tst_js(first, "snippet_html"), "<mark>学史明理</mark>"));
  assert_string_equal(tst_js(first, "source"), "测试来源");
  assert_string_equal(tst_js(first, "publish_date"), "2021-04-01");
  assert_string_equal(
      json_string_value(json_array_get(json_object_get(first, "tags"), 0)),
      "学史力行");
  assert_int_equal(tst_ji(json_object_get(first, "topic"), "id"), 1);
  /* escaped: the only tags are <mark> */
  json_array_foreach(json_object_get(j, "items"), i, it)
  {
    if (tst_ji(it, "id") != m_xss)
      continue;
    assert_string_equal(tst_js(it, "title_html"),
                        "&lt;b&gt;标签&lt;/b&gt;与<mark>学史明理</mark>");
    assert_null(strstr(tst_js(it, "snippet_html"), "<script"));
    assert_non_null(strstr(tst_js(it, "snippet_html"), "&lt;script&gt;"));
  }
  json_decref(j);
}

static void test_syntax_is_text(void **state)
{
  static const char *const qs[] = {
      "\"学史明理",  "学史明理\"",   "学史*",        "NEAR(学史明理",
      "(学史明理",   "学史明理)",    "^学史明理",    "title:学史明理",
      "学史明理 OR", "NOT 学史明理", "-学史明理",    "\"\"\"",
      "*",           "()",           "学史 明理 AND"};
  (void)state;
  for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
    char q[200];
    int st;
    json_t *j;
    snprintf(q, sizeof q, "q=%s", tst_url(qs[i]));
    j = search(&mem_a, q, &st);
    if (st != 200)
      fail_msg("q=[%s]: %d %s", qs[i], st, tst_last.body);
    assert_non_null(json_object_get(j, "items"));
    json_decref(j);
  }
  {
    /* quotes and parentheses around the phrase still find it */
    char q[200];
    int st;
    json_t *j;
    snprintf(q, sizeof q, "q=%s", tst_url("\"(学史明理)\""));
    j = search(&mem_a, q, &st);
    assert_int_equal(st, 200);
    assert_true(has_id(j, m_pub));
    json_decref(j);
  }
}

static void test_bad_input(void **state)
{
  static const struct {
    const char *query, *field;
  } cases[] = {
      {"", "q"},
      {"q=", "q"},
      {"q=%20%20%E3%80%80", "q"}, /* spaces and an ideographic space */
      {"q=%FF%FE", "q"},          /* not UTF-8 */
      {"q=a&from=2021-02-30", "from"},
      {"q=a&to=20210101", "to"},
      {"q=a&from=2021-05-01&to=2021-04-01", "to"},
      {"q=a&offset=-1", "offset"},
      {"q=a&offset=1000", "offset"},
      {"q=a&limit=0", "limit"},
      {"q=a&limit=51", "limit"},
      {"q=a&topic_id=x", "topic_id"},
      {"q=a&tag=%E4%B8%80%E4%BA%8C%E4%B8%89%E5%9B%9B%E4%BA%94%E5%85%AD%E4%B8"
       "%83%E5%85%AB%E4%B9%9D%E5%8D%81%E4%B8%80%E4%BA%8C%E4%B8%89%E5%9B%9B"
       "%E4%BA%94%E5%85%AD%E4%B8%83%E5%85%AB%E4%B9%9D%E5%8D%81%E4%B8%80",
       "tag"},
  };
  char q[1200];
  int st;
  json_t *j;
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    j = search(&mem_a, cases[i].query, &st);
    if (st != 400)
      fail_msg("[%s]: %d %s", cases[i].query, st, tst_last.body);
    {
      const char *f = tst_js(json_object_get(j, "error"), "field");
      if (!f || strcmp(f, cases[i].field) != 0)
        fail_msg("[%s]: field %s, want %s", cases[i].query, f ? f : "-",
                 cases[i].field);
    }
    json_decref(j);
  }
  /* 101 characters: 400; 100: fine */
  {
    char text[400] = "";
    for (int k = 0; k < 100; k++)
      strcat(text, "学");
    snprintf(q, sizeof q, "q=%s", tst_url(text));
    json_decref(search(&mem_a, q, &st));
    assert_int_equal(st, 200);
    strcat(text, "x");
    snprintf(q, sizeof q, "q=%s", tst_url(text));
    json_decref(search(&mem_a, q, &st));
    assert_int_equal(st, 400);
  }
}

static void test_filters_paging(void **state)
{
  int st;
  json_t *j, *j2;
  char q[300];
  (void)state;
  /* tag */
  snprintf(q, sizeof q, "q=%s&tag=%s", tst_url("学史明理"),
           tst_url("学史力行"));
  j = search(&mem_a, q, &st);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  assert_true(has_id(j, m_pub));
  json_decref(j);
  /* dates */
  snprintf(q, sizeof q, "q=%s&from=2022-01-01&to=2022-12-31",
           tst_url("学史明理"));
  j = search(&mem_a, q, &st);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  assert_true(has_id(j, m_xss));
  json_decref(j);
  /* topic 1 (党史) holds them all; topic 2 none */
  snprintf(q, sizeof q, "q=%s&topic_id=1", tst_url("学史明理"));
  j = search(&mem_a, q, &st);
  assert_int_equal(tst_ji(j, "total"), 3);
  json_decref(j);
  snprintf(q, sizeof q, "q=%s&topic_id=2", tst_url("学史明理"));
  j = search(&mem_a, q, &st);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(j, "total"), 0);
  json_decref(j);
  /* paging: limit 2 then offset 2 */
  snprintf(q, sizeof q, "q=%s&limit=2", tst_url("学史明理"));
  j = search(&mem_a, q, &st);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
  assert_int_equal(tst_ji(j, "total"), 3);
  snprintf(q, sizeof q, "q=%s&limit=2&offset=2", tst_url("学史明理"));
  j2 = search(&mem_a, q, &st);
  assert_int_equal(json_array_size(json_object_get(j2, "items")), 1);
  assert_int_equal(tst_ji(j2, "offset"), 2);
  assert_false(
      has_id(j, tst_ji(json_array_get(json_object_get(j2, "items"), 0), "id")));
  json_decref(j);
  json_decref(j2);
}

static void test_edit_follows(void **state)
{
  int st;
  json_t *j;
  char path[80], q[200];
  (void)state;
  snprintf(path, sizeof path, "/api/v1/materials/%lld", (long long)m_pub);
  j = tst_j(srv.port, &secr, "PUT", path, &st,
            "{\"title\":\"红船精神专题辅导\",\"body\":\"红船精神代代相传。\","
            "\"topic_id\":1}");
  if (st != 200)
    fail_msg("update: %d %s", st, tst_last.body);
  json_decref(j);
  snprintf(q, sizeof q, "q=%s", tst_url("红船精神"));
  j = search(&mem_a, q, &st);
  assert_true(has_id(j, m_pub));
  json_decref(j);
  snprintf(q, sizeof q, "q=%s&tag=%s", tst_url("学史明理"),
           tst_url("学史力行"));
  j = search(&mem_a, q, &st);
  assert_false(has_id(j, m_pub));
  json_decref(j);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_visibility),
      cmocka_unit_test(test_ranking_and_html),
      cmocka_unit_test(test_syntax_is_text),
      cmocka_unit_test(test_bad_input),
      cmocka_unit_test(test_filters_paging),
      cmocka_unit_test(test_edit_follows),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
