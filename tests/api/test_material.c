/*
 * test_material.c — the study materials library over real HTTP
 * (api_material.c, api_topic.c): the default topic tree and its
 * administration (create under a parent, duplicate 409, delete only when
 * empty); materials created as drafts by a branch secretary (owner unit =
 * the caller's), bad fields answered 400 naming the field, a member 403 on
 * writes; visibility per unit (drafts and materials for other units are
 * 404 to members, exactly like missing ids); the publish / withdraw /
 * re-publish state machine with 409s and drafts-only delete; the manage
 * list (scope, status, topic subtree, tag, keyword, cursor) and its Excel
 * export; bodies rendered safely (no script reaches body_html); Markdown
 * only to managers; import of .txt/.md/.docx with refusals that write
 * nothing; attachments up and down with Content-Disposition; related
 * materials by shared tags.  Everything is audited; teardown runs
 * `luoshi audit verify`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tst_admin.h"
#include "tst_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

/* Sends the request, then checks the error envelope against the status
 * the call stored in the caller's st (after the call, not before). */
#define EXPECT_ERR(call, want, code, field)                                    \
  do {                                                                         \
    json_t *j_ = (call);                                                       \
    tst_expect_err(j_, st, (want), (code), (field));                           \
  } while (0)

#define PW_ADMIN "Xt#2026-passwd!"
#define PW_USER "Material#2026x!"

static struct tst_server srv;
static struct tst_who sys1, mgr, sec_a, sec_b, mem_a, mem_b, sup;
static int64_t u_a, u_b, u_a1;

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

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "sys1", PW_ADMIN, "sysadmin", NULL, 0) != 0 ||
      tst_server_start(&srv, extra) != 0 ||
      tst_as(srv.port, "sys1", PW_ADMIN, &sys1) != 200)
    return -1;
  u_a = mk_unit(1, "第一党支部");
  u_b = mk_unit(1, "第二党支部");
  u_a1 = u_a ? mk_unit(u_a, "第一党小组") : 0;
  if (!u_a || !u_b || !u_a1)
    return -1;
  /* built-in role ids: supervisor 4, secretary 7, member 8 */
  if (tst_make_user(srv.port, &sys1, "mgr", "组织部", 1, 0,
                    "[{\"role_id\":7,\"scope\":\"all\"}]", PW_USER,
                    &mgr) <= 0 ||
      tst_make_user(srv.port, &sys1, "sec_a", "一支部书记", u_a, 0,
                    "[{\"role_id\":7,\"scope\":\"subtree\"}]", PW_USER,
                    &sec_a) <= 0 ||
      tst_make_user(srv.port, &sys1, "sec_b", "二支部书记", u_b, 0,
                    "[{\"role_id\":7,\"scope\":\"subtree\"}]", PW_USER,
                    &sec_b) <= 0 ||
      tst_make_user(srv.port, &sys1, "mem_a", "一支部党员", u_a1, 0,
                    "[{\"role_id\":8,\"scope\":\"self\"}]", PW_USER,
                    &mem_a) <= 0 ||
      tst_make_user(srv.port, &sys1, "mem_b", "二支部党员", u_b, 0,
                    "[{\"role_id\":8,\"scope\":\"self\"}]", PW_USER,
                    &mem_b) <= 0 ||
      tst_make_user(srv.port, &sys1, "sup1", "督查员", 1, 0,
                    "[{\"role_id\":4,\"scope\":\"all\"}]", PW_USER, &sup) <= 0)
    return -1;
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

static int64_t count_materials(void)
{
  const char *v = tst_sql(srv.db, "SELECT count(*) FROM material");
  return v ? atoll(v) : -1;
}

/* Creates a material as w with the JSON fields extra (without braces);
 * returns its id (fails on anything but 201). */
static int64_t mk_material(const struct tst_who *w, const char *title,
                           const char *extra)
{
  int st;
  json_t *j =
      tst_j(srv.port, w, "POST", "/api/v1/materials", &st,
            "{\"title\":\"%s\",%s%s%s%s}", title,
            extra && strstr(extra, "\"body\"") ? "" : "\"body\":\"正文内容：",
            extra && strstr(extra, "\"body\"") ? "" : title,
            extra && strstr(extra, "\"body\"") ? "" : "。\",",
            extra ? extra : "\"tags\":[]");
  int64_t id = tst_ji(j, "id");
  if (st != 201)
    fail_msg("create %s: %d %s", title, st, tst_last.body);
  json_decref(j);
  return id;
}

static int act(const struct tst_who *w, const char *method, int64_t id,
               const char *what)
{
  int st;
  char path[120];
  json_t *j;
  snprintf(path, sizeof path, "/api/v1/materials/%lld%s", (long long)id,
           what ? what : "");
  j = tst_j(srv.port, w, method, path, &st, NULL);
  json_decref(j);
  return st;
}

static json_t *get_material(const struct tst_who *w, int64_t id, int *st)
{
  char path[80];
  snprintf(path, sizeof path, "/api/v1/materials/%lld", (long long)id);
  return tst_j(srv.port, w, "GET", path, st, NULL);
}

/* 1 if the list answer j holds id. */
static int list_has(json_t *j, int64_t id)
{
  json_t *it;
  size_t i;
  json_array_foreach(json_object_get(j, "items"), i,
                     it) if (tst_ji(it, "id") == id) return 1;
  return 0;
}

static int list_count(json_t *j)
{
  return (int)json_array_size(json_object_get(j, "items"));
}

/* POSTs raw bytes to path as w with X-File-Name name (percent-encoded). */
static json_t *upload(const struct tst_who *w, const char *path,
                      const char *name, const void *data, size_t len, int *st)
{
  char head[1024];
  size_t hl;
  char *req;
  hl = (size_t)snprintf(
      head, sizeof head,
      "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
      "Cookie: %s\r\nX-CSRF-Token: %s\r\n"
      "Content-Type: application/octet-stream\r\n%s%s%sContent-Length: %zu"
      "\r\n\r\n",
      path, w->cookie, w->csrf, name ? "X-File-Name: " : "", name ? name : "",
      name ? "\r\n" : "", len);
  req = malloc(hl + len + 1);
  memcpy(req, head, hl);
  if (len)
    memcpy(req + hl, data, len);
  tst_resp_free(&tst_last);
  if (tst_raw(srv.port, req, hl + len, 10000, &tst_last) != 0)
    fail_msg("upload: no answer");
  free(req);
  *st = tst_last.status;
  return json_loads(tst_last.body ? tst_last.body : "", 0, NULL);
}

/* ---- topics ---------------------------------------------------------- */

static void test_topics(void **state)
{
  json_t *j, *items;
  int st;
  int64_t child;
  (void)state;
  j = tst_j(srv.port, &mem_a, "GET", "/api/v1/study-topics", &st, NULL);
  assert_int_equal(st, 200);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 9);
  assert_string_equal(tst_js(json_array_get(items, 0), "name"), "党史");
  assert_string_equal(tst_js(json_array_get(items, 8), "name"), "先进典型");
  json_decref(j);
  /* a member may not edit topics */
  j = tst_j(srv.port, &mem_a, "POST", "/api/v1/study-topics", &st,
            "{\"name\":\"x\"}");
  assert_int_equal(st, 403);
  json_decref(j);
  j = tst_j(srv.port, &mgr, "POST", "/api/v1/study-topics", &st,
            "{\"name\":\"新民主主义革命时期\",\"parent_id\":1,\"sort\":1}");
  assert_int_equal(st, 201);
  child = tst_ji(j, "id");
  assert_int_equal(tst_ji(j, "parent_id"), 1);
  assert_string_equal(tst_js(j, "path"),
                      tst_sql(srv.db, "SELECT '/1/' || max(id) || '/' FROM "
                                      "study_topic"));
  json_decref(j);
  EXPECT_ERR(tst_j(srv.port, &mgr, "POST", "/api/v1/study-topics", &st,
                   "{\"name\":\"新民主主义革命时期\",\"parent_id\":1}"),
             409, "topic.duplicate", "name");
  EXPECT_ERR(tst_j(srv.port, &mgr, "POST", "/api/v1/study-topics", &st,
                   "{\"name\":\"\"}"),
             400, "field.required", "name");
  EXPECT_ERR(
      tst_j(srv.port, &mgr, "POST", "/api/v1/study-topics", &st,
            "{\"name\":\"%s\"}",
            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二"
            "三四五六七八九十一二三四五六七八九十一"),
      400, "field.too_long", "name");
  EXPECT_ERR(tst_j(srv.port, &mgr, "POST", "/api/v1/study-topics", &st,
                   "{\"name\":\"孤儿\",\"parent_id\":9999}"),
             400, "topic.parent_missing", "parent_id");
  /* the tree nests the child */
  j = tst_j(srv.port, &mem_a, "GET", "/api/v1/study-topics", &st, NULL);
  items = json_object_get(json_array_get(json_object_get(j, "items"), 0),
                          "children");
  assert_int_equal(json_array_size(items), 1);
  json_decref(j);
  /* rename; a parent with a child cannot go */
  j = tst_j(srv.port, &mgr, "PUT", "/api/v1/study-topics/1", &st,
            "{\"name\":\"中共党史\",\"sort\":1}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "name"), "中共党史");
  json_decref(j);
  EXPECT_ERR(
      tst_j(srv.port, &mgr, "DELETE", "/api/v1/study-topics/1", &st, NULL), 409,
      "topic.not_empty", NULL);
  {
    char path[64];
    snprintf(path, sizeof path, "/api/v1/study-topics/%lld", (long long)child);
    j = tst_j(srv.port, &mgr, "DELETE", path, &st, NULL);
    assert_int_equal(st, 204);
    json_decref(j);
    j = tst_j(srv.port, &mgr, "DELETE", path, &st, NULL);
    assert_int_equal(st, 404);
    json_decref(j);
  }
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE action LIKE "
                      "'topic.%'"),
      "3");
}

/* ---- create, fields, roles -------------------------------------------- */

static void test_bad_fields(void **state)
{
  static const struct {
    const char *body, *code, *field;
  } v[] = {
      {"{\"body\":\"x\"}", "field.required", "title"},
      {"{\"title\":\"  \",\"body\":\"x\"}", "field.required", "title"},
      {"{\"title\":\"t\"}", "field.required", "body"},
      {"{\"title\":\"t\",\"body\":\"  \"}", "field.required", "body"},
      {"{\"title\":\"t\",\"body\":\"x\",\"publish_date\":\"2026-02-30\"}",
       "field.date", "publish_date"},
      {"{\"title\":\"t\",\"body\":\"x\",\"publish_date\":\"昨天\"}",
       "field.date", "publish_date"},
      {"{\"title\":\"t\",\"body\":\"x\",\"tags\":[\"1\",\"2\",\"3\",\"4\","
       "\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]}",
       "field.too_many", "tags"},
      {"{\"title\":\"t\",\"body\":\"x\",\"tags\":[\"一二三四五六七八九十一二三"
       "四五六七八九十一\"]}",
       "field.too_long", "tags[0]"},
      {"{\"title\":\"t\",\"body\":\"x\",\"tags\":[\"ok\",\"\"]}",
       "field.required", "tags[1]"},
      {"{\"title\":\"t\",\"body\":\"x\",\"tags\":\"党史\"}", "field.type",
       "tags"},
      {"{\"title\":\"t\",\"body\":\"x\",\"min_seconds\":5}", "field.range",
       "min_seconds"},
      {"{\"title\":\"t\",\"body\":\"x\",\"min_seconds\":36001}", "field.range",
       "min_seconds"},
      {"{\"title\":\"t\",\"body\":\"x\",\"topic_id\":999}", "topic.not_found",
       "topic_id"},
      {"{\"title\":\"t\",\"body\":\"x\",\"visible_all\":false}",
       "field.required", "unit_ids"},
      {"{\"title\":\"t\",\"body\":\"x\",\"visible_all\":false,"
       "\"unit_ids\":[99999]}",
       "unit.not_found", "unit_ids[0]"},
      {"{\"title\":\"t\",\"body\":\"x\",\"source\":\"一二三四五六七八九十一二三"
       "四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八"
       "九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三"
       "四五六七八九十一二三四五六七八九十一二三四五六七八九十一\"}",
       "field.too_long", "source"},
      {"{\"title\":1,\"body\":\"x\"}", "field.type", "title"},
  };
  int st;
  int64_t before = count_materials();
  (void)state;
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
    EXPECT_ERR(tst_j(srv.port, &sec_a, "POST", "/api/v1/materials", &st, "%s",
                     v[i].body),
               400, v[i].code, v[i].field);
  /* a visible unit outside the secretary's subtree */
  EXPECT_ERR(tst_j(srv.port, &sec_a, "POST", "/api/v1/materials", &st,
                   "{\"title\":\"t\",\"body\":\"x\",\"visible_all\":false,"
                   "\"unit_ids\":[%lld]}",
                   (long long)u_b),
             400, "unit.out_of_scope", "unit_ids[0]");
  /* wrong roles */
  EXPECT_ERR(tst_j(srv.port, &mem_a, "POST", "/api/v1/materials", &st,
                   "{\"title\":\"t\",\"body\":\"x\"}"),
             403, "auth.forbidden", NULL);
  EXPECT_ERR(tst_j(srv.port, &sup, "POST", "/api/v1/materials", &st,
                   "{\"title\":\"t\",\"body\":\"x\"}"),
             403, "auth.forbidden", NULL);
  assert_int_equal(count_materials(), before);
}

/* ---- visibility and the state machine ----------------------------------- */

static void test_visibility_and_states(void **state)
{
  json_t *j;
  int st;
  int64_t m, pub_all;
  char extra[300], path[80];
  (void)state;
  snprintf(extra, sizeof extra,
           "\"topic_id\":1,\"tags\":[\"党史\",\"初心\",\"党史\"],"
           "\"source\":\"人民日报\",\"publish_date\":\"2021-07-01\","
           "\"visible_all\":false,\"unit_ids\":[%lld]",
           (long long)u_a);
  m = mk_material(&sec_a, "一支部专属学习资料", extra);
  snprintf(path, sizeof path, "/api/v1/materials/%lld", (long long)m);
  /* the manager sees the draft with its Markdown */
  j = get_material(&sec_a, m, &st);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "status"), "draft");
  assert_string_equal(tst_js(j, "status_label"), "草稿");
  assert_int_equal(tst_ji(j, "owner_unit_id"), u_a);
  assert_non_null(tst_js(j, "body"));
  assert_int_equal(json_array_size(json_object_get(j, "tags")), 2);
  assert_int_equal(tst_ji(j, "min_seconds"), 30);
  assert_true(json_is_true(json_object_get(j, "can_manage")));
  assert_string_equal(
      tst_js(json_array_get(json_object_get(j, "topic_path"), 0), "name"),
      "中共党史");
  assert_int_equal(
      json_integer_value(json_array_get(json_object_get(j, "unit_ids"), 0)),
      u_a);
  json_decref(j);
  /* members: a draft is 404, like a missing id */
  EXPECT_ERR(get_material(&mem_a, m, &st), 404, "not_found", NULL);
  EXPECT_ERR(get_material(&mem_a, 999999, &st), 404, "not_found", NULL);
  j = tst_j(srv.port, &mem_a, "GET", "/api/v1/materials", &st, NULL);
  assert_int_equal(st, 200);
  assert_false(list_has(j, m));
  json_decref(j);
  /* another branch's secretary cannot see or edit it */
  EXPECT_ERR(get_material(&sec_b, m, &st), 404, "not_found", NULL);
  EXPECT_ERR(tst_j(srv.port, &sec_b, "PUT", path, &st,
                   "{\"title\":\"改\",\"body\":\"x\"}"),
             404, "not_found", NULL);
  assert_int_equal(act(&sec_b, "POST", m, "/publish"), 404);
  /* a draft cannot be withdrawn */
  assert_int_equal(act(&sec_a, "POST", m, "/withdraw"), 409);
  /* publish: the member in the subtree sees it, the other branch does not */
  j = tst_j(srv.port, &sec_a, "POST",
            (snprintf(path, sizeof path, "/api/v1/materials/%lld/publish",
                      (long long)m),
             path),
            &st, NULL);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "status"), "published");
  assert_non_null(tst_js(j, "published_at"));
  json_decref(j);
  j = get_material(&mem_a, m, &st);
  assert_int_equal(st, 200);
  assert_true(json_is_null(json_object_get(j, "body"))); /* no Markdown */
  assert_non_null(strstr(tst_js(j, "body_html"), "正文内容"));
  assert_false(json_is_true(json_object_get(j, "can_manage")));
  json_decref(j);
  EXPECT_ERR(get_material(&mem_b, m, &st), 404, "not_found", NULL);
  j = tst_j(srv.port, &mem_a, "GET", "/api/v1/materials", &st, NULL);
  assert_true(list_has(j, m));
  json_decref(j);
  j = tst_j(srv.port, &mem_b, "GET", "/api/v1/materials", &st, NULL);
  assert_false(list_has(j, m));
  json_decref(j);
  /* members cannot write */
  assert_int_equal(act(&mem_a, "POST", m, "/withdraw"), 403);
  assert_int_equal(act(&mem_a, "DELETE", m, NULL), 403);
  /* the state machine */
  assert_int_equal(act(&sec_a, "POST", m, "/publish"), 409);
  assert_int_equal(act(&sec_a, "DELETE", m, NULL), 409);
  assert_int_equal(act(&sec_a, "POST", m, "/withdraw"), 200);
  assert_int_equal(act(&sec_a, "POST", m, "/withdraw"), 409);
  EXPECT_ERR(get_material(&mem_a, m, &st), 404, "not_found", NULL);
  assert_int_equal(act(&sec_a, "DELETE", m, NULL), 409);
  assert_int_equal(act(&sec_a, "POST", m, "/publish"), 200);
  j = get_material(&mem_a, m, &st);
  assert_int_equal(st, 200);
  json_decref(j);
  /* the organisation department (scope all) manages it too */
  assert_int_equal(act(&mgr, "POST", m, "/withdraw"), 200);
  assert_int_equal(act(&mgr, "POST", m, "/publish"), 200);
  /* visible to all: the other branch's member sees it */
  pub_all = mk_material(&mgr, "全区学习资料", "\"tags\":[\"全会\"]");
  assert_int_equal(act(&mgr, "POST", pub_all, "/publish"), 200);
  j = get_material(&mem_b, pub_all, &st);
  assert_int_equal(st, 200);
  json_decref(j);
  /* a draft is deleted, then gone */
  {
    int64_t d = mk_material(&sec_a, "待删除草稿", "\"tags\":[\"x\"]");
    assert_int_equal(act(&sec_b, "DELETE", d, NULL), 404);
    assert_int_equal(act(&sec_a, "DELETE", d, NULL), 204);
    assert_int_equal(act(&sec_a, "DELETE", d, NULL), 404);
    assert_string_equal(
        tst_sql(srv.db, "SELECT count(*) FROM material_tag WHERE tag = 'x'"),
        "0");
  }
  /* edit: fields replaced, Markdown kept, tags replaced */
  snprintf(path, sizeof path, "/api/v1/materials/%lld", (long long)m);
  j = tst_j(srv.port, &sec_a, "PUT", path, &st,
            "{\"title\":\"一支部专属学习资料（修订）\",\"body\":\"# 标题\\n\\n"
            "正文\",\"topic_id\":1,\"tags\":[\"党史\",\"修订\"],"
            "\"visible_all\":false,\"unit_ids\":[%lld],\"min_seconds\":120}",
            (long long)u_a);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "title"), "一支部专属学习资料（修订）");
  assert_string_equal(tst_js(j, "body"), "# 标题\n\n正文");
  assert_int_equal(tst_ji(j, "min_seconds"), 120);
  assert_int_equal(tst_ji(j, "body_chars"), 4);
  assert_string_equal(tst_js(j, "status"), "published");
  json_decref(j);
  EXPECT_ERR(tst_j(srv.port, &sec_a, "PUT", path, &st,
                   "{\"title\":\"\",\"body\":\"x\"}"),
             400, "field.required", "title");
  /* audited */
  assert_string_equal(tst_sql(srv.db,
                              "SELECT count(*) FROM audit_log WHERE action IN "
                              "('material.create','material.publish',"
                              "'material.withdraw','material.delete',"
                              "'material.update')"),
                      "11");
}

/* ---- safe rendering and preview ------------------------------------------ */

static void test_safe_body(void **state)
{
  json_t *j;
  int st;
  int64_t m;
  const char *html;
  (void)state;
  m = mk_material(&mgr, "XSS",
                  "\"body\":\"<script>alert(1)</script>\\n\\n"
                  "<img src=x onerror=alert(1)>\\n\\n[x](javascript:alert(1))"
                  "\\n\\n<iframe src=//evil></iframe>\\n\\n**粗体**\"");
  assert_int_equal(act(&mgr, "POST", m, "/publish"), 200);
  j = get_material(&mem_a, m, &st);
  assert_int_equal(st, 200);
  html = tst_js(j, "body_html");
  assert_non_null(html);
  assert_null(strstr(html, "<script"));
  assert_null(strstr(html, "onerror"));
  assert_null(strstr(html, "javascript:"));
  assert_null(strstr(html, "<iframe"));
  assert_non_null(strstr(html, "<strong>粗体</strong>"));
  json_decref(j);
  j = tst_j(srv.port, &mgr, "POST", "/api/v1/materials/preview", &st,
            "{\"body\":\"# 预览\\n\\n<script>alert(1)</script>[a](vbscript:x)"
            "\"}");
  assert_int_equal(st, 200);
  assert_non_null(strstr(tst_js(j, "html"), "<h1>预览</h1>"));
  assert_null(strstr(tst_js(j, "html"), "<script"));
  assert_null(strstr(tst_js(j, "html"), "vbscript"));
  json_decref(j);
  j = tst_j(srv.port, &mem_a, "POST", "/api/v1/materials/preview", &st,
            "{\"body\":\"x\"}");
  assert_int_equal(st, 403);
  json_decref(j);
}

/* ---- the manage list, filters, cursor, export ---------------------------- */

static void test_lists(void **state)
{
  json_t *j;
  int st, n = 0, pages = 0;
  int64_t d1, d2, p1;
  char path[300];
  const char *cursor;
  (void)state;
  d1 = mk_material(&sec_b, "二支部草稿甲", "\"topic_id\":2,\"tags\":[\"甲\"]");
  d2 = mk_material(&sec_b, "二支部草稿乙_100%", "\"topic_id\":2");
  p1 = mk_material(&sec_b, "二支部已发布", "\"topic_id\":3,\"tags\":[\"甲\"]");
  assert_int_equal(act(&sec_b, "POST", p1, "/publish"), 200);
  /* sec_b manages only its own branch's materials, in every status */
  j = tst_j(srv.port, &sec_b, "GET", "/api/v1/materials?manage=1", &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(list_count(j), 3);
  assert_true(list_has(j, d1) && list_has(j, d2) && list_has(j, p1));
  json_decref(j);
  /* the organisation department manages everything */
  j = tst_j(srv.port, &mgr, "GET", "/api/v1/materials?manage=1&limit=200", &st,
            NULL);
  assert_true(list_has(j, d1));
  assert_int_equal(list_count(j), atoi(tst_sql(srv.db, "SELECT count(*) "
                                                       "FROM material")));
  json_decref(j);
  /* members: no manage view, no status filter, no export */
  j = tst_j(srv.port, &mem_b, "GET", "/api/v1/materials?manage=1", &st, NULL);
  assert_int_equal(st, 403);
  json_decref(j);
  EXPECT_ERR(tst_j(srv.port, &mem_b, "GET", "/api/v1/materials?status=draft",
                   &st, NULL),
             400, "query.invalid", "status");
  j = tst_j(srv.port, &mem_b, "GET", "/api/v1/materials?format=xlsx", &st,
            NULL);
  assert_int_equal(st, 403);
  json_decref(j);
  EXPECT_ERR(tst_j(srv.port, &sec_b, "GET",
                   "/api/v1/materials?manage=1&status=gone", &st, NULL),
             400, "query.invalid", "status");
  /* filters */
  j = tst_j(srv.port, &sec_b, "GET", "/api/v1/materials?manage=1&status=draft",
            &st, NULL);
  assert_int_equal(list_count(j), 2);
  json_decref(j);
  j = tst_j(srv.port, &sec_b, "GET", "/api/v1/materials?manage=1&topic_id=3",
            &st, NULL);
  assert_int_equal(list_count(j), 1);
  assert_true(list_has(j, p1));
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/materials?manage=1&tag=%s",
           tst_url("甲"));
  j = tst_j(srv.port, &sec_b, "GET", path, &st, NULL);
  assert_int_equal(list_count(j), 2);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/materials?manage=1&q=%s",
           tst_url("草稿"));
  j = tst_j(srv.port, &sec_b, "GET", path, &st, NULL);
  assert_int_equal(list_count(j), 2);
  json_decref(j);
  /* LIKE wildcards are text */
  snprintf(path, sizeof path, "/api/v1/materials?manage=1&q=%s",
           tst_url("_100%"));
  j = tst_j(srv.port, &sec_b, "GET", path, &st, NULL);
  assert_int_equal(list_count(j), 1);
  assert_true(list_has(j, d2));
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/materials?manage=1&q=%s", tst_url("%"));
  j = tst_j(srv.port, &sec_b, "GET", path, &st, NULL);
  assert_int_equal(list_count(j), 1);
  json_decref(j);
  /* topic subtree: a child topic's material shows under the parent */
  {
    int64_t child, m;
    char extra[64];
    j = tst_j(srv.port, &mgr, "POST", "/api/v1/study-topics", &st,
              "{\"name\":\"子分类\",\"parent_id\":2}");
    child = tst_ji(j, "id");
    json_decref(j);
    snprintf(extra, sizeof extra, "\"topic_id\":%lld", (long long)child);
    m = mk_material(&sec_b, "子分类资料", extra);
    j = tst_j(srv.port, &sec_b, "GET", "/api/v1/materials?manage=1&topic_id=2",
              &st, NULL);
    assert_int_equal(list_count(j), 3);
    assert_true(list_has(j, m));
    json_decref(j);
    /* a topic with a material cannot be deleted */
    snprintf(path, sizeof path, "/api/v1/study-topics/%lld", (long long)child);
    EXPECT_ERR(tst_j(srv.port, &mgr, "DELETE", path, &st, NULL), 409,
               "topic.not_empty", NULL);
  }
  /* keyset pages of 1 cover every row once */
  snprintf(path, sizeof path, "/api/v1/materials?manage=1&limit=1");
  for (;;) {
    j = tst_j(srv.port, &sec_b, "GET", path, &st, NULL);
    assert_int_equal(st, 200);
    n += list_count(j);
    pages++;
    cursor = tst_js(j, "next_cursor");
    if (!cursor) {
      json_decref(j);
      break;
    }
    snprintf(path, sizeof path, "/api/v1/materials?manage=1&limit=1&cursor=%s",
             tst_url(cursor));
    json_decref(j);
    assert_true(pages < 10);
  }
  assert_int_equal(n, 4);
  EXPECT_ERR(tst_j(srv.port, &sec_b, "GET",
                   "/api/v1/materials?manage=1&cursor=forged.x", &st, NULL),
             400, "page.cursor", "cursor");
  /* the Excel export, audited */
  j = tst_j(srv.port, &sec_b, "GET", "/api/v1/materials?manage=1&format=xlsx",
            &st, NULL);
  assert_int_equal(st, 200);
  assert_true(tst_last.body_len > 100 && !memcmp(tst_last.body, "PK", 2));
  json_decref(j);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE "
                                      "action = 'material.export'"),
                      "1");
}

/* ---- import ------------------------------------------------------------- */

static unsigned char *mk_docx(const char *body_xml, size_t *out_len)
{
  char path[] = "/tmp/luoshi-mdocx-XXXXXX";
  char doc[4096];
  int fd = mkstemp(path), err = 0;
  zip_t *z;
  FILE *f;
  unsigned char *buf;
  long len;
  assert_true(fd >= 0);
  close(fd);
  snprintf(doc, sizeof doc,
           "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\""
           "http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
           "<w:body>%s</w:body></w:document>",
           body_xml);
  z = zip_open(path, ZIP_TRUNCATE, &err);
  assert_non_null(z);
  assert_true(zip_file_add(z, "[Content_Types].xml",
                           zip_source_buffer(z, "<Types/>", 8, 0), 0) >= 0);
  assert_true(zip_file_add(z, "word/document.xml",
                           zip_source_buffer(z, strdup(doc), strlen(doc), 1),
                           0) >= 0);
  assert_int_equal(zip_close(z), 0);
  f = fopen(path, "rb");
  fseek(f, 0, SEEK_END);
  len = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = malloc((size_t)len);
  assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
  fclose(f);
  unlink(path);
  *out_len = (size_t)len;
  return buf;
}

static void test_import(void **state)
{
  static const char txt[] = "学习党史的体会\r\n\r\n第一段：学史明理。\r\n"
                            "第二段：学史增信。\r\n";
  static const char md[] = "# 初心使命\n\n正文 **重点** 内容。\n";
  json_t *j;
  int st;
  size_t len;
  unsigned char *b;
  int64_t before;
  (void)state;
  j = upload(&sec_a, "/api/v1/materials/import?topic_id=8", "notes.txt", txt,
             sizeof txt - 1, &st);
  assert_int_equal(st, 201);
  assert_string_equal(tst_js(j, "title"), "学习党史的体会");
  assert_string_equal(tst_js(j, "status"), "draft");
  assert_int_equal(tst_ji(j, "topic_id"), 8);
  assert_non_null(strstr(tst_js(j, "body"), "第一段：学史明理。"));
  json_decref(j);
  j = upload(&sec_a, "/api/v1/materials/import", "%E5%88%9D%E5%BF%83.md", md,
             sizeof md - 1, &st);
  assert_int_equal(st, 201);
  assert_string_equal(tst_js(j, "title"), "初心使命");
  assert_non_null(strstr(tst_js(j, "body_html"), "<strong>重点</strong>"));
  json_decref(j);
  b = mk_docx(
      "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>"
      "伟大建党精神</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val=\"2\"/>"
      "</w:pPr><w:r><w:t>一、坚持真理</w:t></w:r></w:p><w:p><w:r><w:t>"
      "坚守理想。</w:t></w:r></w:p>",
      &len);
  j = upload(&sec_a, "/api/v1/materials/import", "spirit.docx", b, len, &st);
  free(b);
  assert_int_equal(st, 201);
  assert_string_equal(tst_js(j, "title"), "伟大建党精神");
  assert_non_null(strstr(tst_js(j, "body"), "## 一、坚持真理"));
  assert_non_null(strstr(tst_js(j, "body_html"), "<h2>一、坚持真理</h2>"));
  json_decref(j);
  /* refusals write nothing */
  before = count_materials();
  b = tf_pdf(&len);
  EXPECT_ERR(upload(&sec_a, "/api/v1/materials/import", "a.pdf", b, len, &st),
             415, "import.bad_type", "file");
  free(b);
  b = tf_exe(&len);
  EXPECT_ERR(upload(&sec_a, "/api/v1/materials/import", "a.txt", b, len, &st),
             400, "import.not_text", "file");
  free(b);
  EXPECT_ERR(upload(&sec_a, "/api/v1/materials/import", "a.exe", txt,
                    sizeof txt - 1, &st),
             415, "import.bad_type", "file");
  EXPECT_ERR(upload(&sec_a, "/api/v1/materials/import", "a.txt", "", 0, &st),
             400, "import.empty", "file");
  EXPECT_ERR(
      upload(&sec_a, "/api/v1/materials/import", "a.txt", "\n  \n", 4, &st),
      400, "import.empty", "file");
  b = mk_docx("<w:p><w:r><w:t>x</w:t></w:r></w:p>", &len);
  EXPECT_ERR(upload(&sec_a, "/api/v1/materials/import", "a.txt", b, len, &st),
             415, "import.ext_mismatch", "file");
  /* a broken docx */
  b[len / 2] ^= 0x5a;
  b[len / 2 + 1] ^= 0x5a;
  j = upload(&sec_a, "/api/v1/materials/import", "a.docx", b, len / 2, &st);
  assert_true(st == 400 || st == 415);
  json_decref(j);
  free(b);
  /* a member may not import */
  j = upload(&mem_a, "/api/v1/materials/import", "a.txt", txt, sizeof txt - 1,
             &st);
  assert_int_equal(st, 403);
  json_decref(j);
  assert_int_equal(count_materials(), before);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE "
                                      "action = 'material.import'"),
                      "3");
}

/* ---- attachments -------------------------------------------------------- */

static void test_attachments(void **state)
{
  json_t *j;
  int st;
  size_t len;
  unsigned char *b;
  int64_t m, fid;
  char path[120], hdr[300];
  char extra[80];
  (void)state;
  snprintf(extra, sizeof extra, "\"visible_all\":false,\"unit_ids\":[%lld]",
           (long long)u_a);
  m = mk_material(&sec_a, "带附件的资料", extra);
  snprintf(path, sizeof path, "/api/v1/materials/%lld/files", (long long)m);
  b = tf_pdf(&len);
  j = upload(&sec_a, path, "%E5%8E%9F%E6%96%87.pdf", b, len, &st);
  assert_int_equal(st, 201);
  fid = tst_ji(j, "id");
  assert_string_equal(tst_js(j, "filename"), "原文.pdf");
  assert_string_equal(tst_js(j, "mime"), "application/pdf");
  json_decref(j);
  /* another branch's secretary may not attach */
  j = upload(&sec_b, path, "x.pdf", b, len, &st);
  assert_int_equal(st, 404);
  json_decref(j);
  free(b);
  b = tf_exe(&len);
  EXPECT_ERR(upload(&sec_a, path, "x.exe", b, len, &st), 415,
             "attachment.bad_type", "file");
  free(b);
  /* the file is listed in the material */
  j = get_material(&sec_a, m, &st);
  assert_int_equal(json_array_size(json_object_get(j, "files")), 1);
  json_decref(j);
  /* download: the manager yes; members only once published and visible */
  snprintf(path, sizeof path, "/api/v1/materials/%lld/files/%lld", (long long)m,
           (long long)fid);
  j = tst_j(srv.port, &sec_a, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_true(!memcmp(tst_last.body, "%PDF", 4));
  assert_non_null(
      tst_header(&tst_last, "Content-Disposition", hdr, sizeof hdr));
  assert_non_null(strstr(hdr, "attachment"));
  assert_non_null(strstr(hdr, "%E5%8E%9F%E6%96%87.pdf"));
  json_decref(j);
  j = tst_j(srv.port, &mem_a, "GET", path, &st, NULL);
  assert_int_equal(st, 404);
  json_decref(j);
  assert_int_equal(act(&sec_a, "POST", m, "/publish"), 200);
  j = tst_j(srv.port, &mem_a, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  json_decref(j);
  j = tst_j(srv.port, &mem_b, "GET", path, &st, NULL);
  assert_int_equal(st, 404);
  json_decref(j);
  /* members cannot delete; the manager can, once */
  j = tst_j(srv.port, &mem_a, "DELETE", path, &st, NULL);
  assert_int_equal(st, 403);
  json_decref(j);
  j = tst_j(srv.port, &sec_a, "DELETE", path, &st, NULL);
  assert_int_equal(st, 204);
  json_decref(j);
  j = tst_j(srv.port, &sec_a, "DELETE", path, &st, NULL);
  assert_int_equal(st, 404);
  json_decref(j);
  j = tst_j(srv.port, &sec_a, "GET", path, &st, NULL);
  assert_int_equal(st, 404);
  json_decref(j);
  assert_string_equal(tst_sql(srv.db,
                              "SELECT count(*) FROM audit_log WHERE action IN "
                              "('material.attach','material.detach')"),
                      "2");
}

/* ---- related ------------------------------------------------------------ */

static void test_related(void **state)
{
  json_t *j, *rel;
  int st;
  int64_t base, two, one, topic_only, other, draft;
  (void)state;
  base = mk_material(&mgr, "相关基准",
                     "\"topic_id\":9,\"tags\":[\"榜样\","
                     "\"奉献\",\"基层\"]");
  two = mk_material(&mgr, "共享两个标签",
                    "\"topic_id\":6,\"tags\":[\"榜样\","
                    "\"奉献\"]");
  one = mk_material(&mgr, "共享一个标签", "\"topic_id\":6,\"tags\":[\"基层\"]");
  topic_only = mk_material(&mgr, "同一分类", "\"topic_id\":9");
  other = mk_material(&mgr, "无关资料", "\"topic_id\":7,\"tags\":[\"别的\"]");
  draft = mk_material(&mgr, "草稿不算", "\"topic_id\":9,\"tags\":[\"榜样\"]");
  assert_int_equal(act(&mgr, "POST", base, "/publish"), 200);
  assert_int_equal(act(&mgr, "POST", topic_only, "/publish"), 200);
  assert_int_equal(act(&mgr, "POST", one, "/publish"), 200);
  assert_int_equal(act(&mgr, "POST", two, "/publish"), 200);
  assert_int_equal(act(&mgr, "POST", other, "/publish"), 200);
  j = get_material(&mem_b, base, &st);
  assert_int_equal(st, 200);
  rel = json_object_get(j, "related");
  assert_int_equal(json_array_size(rel), 3);
  assert_int_equal(tst_ji(json_array_get(rel, 0), "id"), two);
  assert_int_equal(tst_ji(json_array_get(rel, 0), "shared_tags"), 2);
  assert_int_equal(tst_ji(json_array_get(rel, 1), "id"), one);
  assert_int_equal(tst_ji(json_array_get(rel, 2), "id"), topic_only);
  json_decref(j);
  (void)draft;
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_topics),
      cmocka_unit_test(test_bad_fields),
      cmocka_unit_test(test_visibility_and_states),
      cmocka_unit_test(test_safe_body),
      cmocka_unit_test(test_lists),
      cmocka_unit_test(test_import),
      cmocka_unit_test(test_attachments),
      cmocka_unit_test(test_related),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
