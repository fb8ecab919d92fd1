/*
 * test_reflection.c — reflections (心得体会) over real HTTP: a member of
 * branch A writes a draft, cannot submit it while it is shorter than the
 * minimum (study setting reflection_min_chars), submits; the branch
 * secretary returns it with a comment, the author edits and submits
 * again, the secretary approves and features it; the featured reflection
 * is read by another member of branch A but not by branch B.  Refusals:
 * no person (409 no_person), bad fields (400 naming the field), others'
 * drafts and out-of-scope reviewers (404), members reviewing (403), wrong
 * states (409: editing a submitted reflection, reviewing twice, featuring
 * a returned one, deleting a submitted one), the settings endpoint
 * (403 without scope all, 400 for unknown keys and ranges).  Teardown
 * runs `luoshi audit verify`.
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
#define PW_USER "Reflect#2026x!"

static struct tst_server srv;
static struct tst_who sys1, sup, mem_a, mem_a2, mem_b, sec_a, sec_b, sec_all;
static int64_t u_a, u_b, refl, refl2;

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

static int64_t mk_person(const char *name, int64_t unit)
{
  int st;
  json_t *j = tst_j(srv.port, &sys1, "POST", "/api/v1/people", &st,
                    "{\"name\":\"%s\",\"unit_id\":%lld,\"gender\":\"男\"}",
                    name, (long long)unit);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static int64_t role_id(const char *code)
{
  int st;
  json_t *j = tst_j(srv.port, &sys1, "GET", "/api/v1/roles", &st, NULL);
  json_t *items = json_object_get(j, "items"), *it;
  size_t i;
  int64_t id = 0;
  json_array_foreach(items, i, it) if (!strcmp(tst_js(it, "code"), code)) id =
      tst_ji(it, "id");
  json_decref(j);
  return id;
}

static int mk_user(const char *username, int64_t unit, int64_t person,
                   const char *role, const char *scope, struct tst_who *w)
{
  char rj[96];
  snprintf(rj, sizeof rj, "[{\"role_id\":%lld,\"scope\":\"%s\"}]",
           (long long)role_id(role), scope);
  return tst_make_user(srv.port, &sys1, username, username, unit, person, rj,
                       PW_USER, w) > 0
             ? 0
             : -1;
}

/* n Chinese characters (and a few blanks that do not count). */
static char *text(int n)
{
  char *s = malloc((size_t)n * 3 + 16), *p = s;
  for (int i = 0; i < n; i++) {
    memcpy(p, i % 2 ? "史" : "学", 3);
    p += 3;
    if (i % 10 == 9)
      *p++ = ' ';
  }
  *p = 0;
  return s;
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
  u_a = mk_unit("第一党支部");
  u_b = mk_unit("第二党支部");
  if (!u_a || !u_b)
    return -1;
  if (mk_user("mem_a", u_a, mk_person("孙伟", u_a), "member", "self", &mem_a) ||
      mk_user("mem_a2", u_a, mk_person("李娜", u_a), "member", "self",
              &mem_a2) ||
      mk_user("mem_b", u_b, mk_person("王强", u_b), "member", "self", &mem_b) ||
      mk_user("sec_a", u_a, mk_person("赵海燕", u_a), "secretary", "subtree",
              &sec_a) ||
      mk_user("sec_b", u_b, 0, "secretary", "subtree", &sec_b) ||
      mk_user("sec_all", 1, 0, "secretary", "all", &sec_all) ||
      mk_user("sup1", 1, 0, "supervisor", "all", &sup))
    return -1;
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

static json_t *call(struct tst_who *w, const char *method, int64_t id,
                    const char *suffix, int *st, const char *body)
{
  char path[600];
  if (id)
    snprintf(path, sizeof path, "/api/v1/reflections/%lld%s", (long long)id,
             suffix);
  else
    snprintf(path, sizeof path, "/api/v1/reflections%s", suffix);
  return body ? tst_j(srv.port, w, method, path, st, "%s", body)
              : tst_j(srv.port, w, method, path, st, NULL);
}

static void settings(void **state)
{
  int st;
  json_t *j;
  (void)state;
  j = tst_j(srv.port, &mem_a, "GET", "/api/v1/study-settings", &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(j, "reflection_min_chars"), 300);
  json_decref(j);
  j = tst_j(srv.port, &sec_a, "PUT", "/api/v1/study-settings", &st,
            "{\"reflection_min_chars\":20}");
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = tst_j(srv.port, &mem_a, "PUT", "/api/v1/study-settings", &st,
            "{\"reflection_min_chars\":20}");
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = tst_j(srv.port, &sec_all, "PUT", "/api/v1/study-settings", &st,
            "{\"reflection_min_chars\":20,\"nonsense\":1}");
  tst_expect_err(j, st, 400, "settings.unknown", "nonsense");
  j = tst_j(srv.port, &sec_all, "PUT", "/api/v1/study-settings", &st,
            "{\"reflection_min_chars\":5001}");
  tst_expect_err(j, st, 400, "settings.range", "reflection_min_chars");
  j = tst_j(srv.port, &sec_all, "PUT", "/api/v1/study-settings", &st,
            "{\"reflection_min_chars\":\"20\"}");
  tst_expect_err(j, st, 400, "field.type", "reflection_min_chars");
  j = tst_j(srv.port, &sec_all, "PUT", "/api/v1/study-settings", &st, "{}");
  tst_expect_err(j, st, 400, "field.required", NULL);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM setting WHERE "
                                      "key LIKE 'study.%'"),
                      "0");
  j = tst_j(srv.port, &sec_all, "PUT", "/api/v1/study-settings", &st,
            "{\"reflection_min_chars\":20}");
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(j, "reflection_min_chars"), 20);
  json_decref(j);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE "
                                      "action = 'study.settings'"),
                      "1");
}

static void bad_input(void **state)
{
  int st;
  json_t *j;
  char body[200];
  (void)state;
  j = call(&sup, "POST", 0, "", &st, "{\"title\":\"心得\",\"body\":\"x\"}");
  tst_expect_err(j, st, 409, "no_person", NULL);
  j = call(&sup, "GET", 0, "", &st, NULL);
  tst_expect_err(j, st, 409, "no_person", NULL);
  j = call(&mem_a, "POST", 0, "", &st, "{\"body\":\"正文\"}");
  tst_expect_err(j, st, 400, "field.required", "title");
  j = call(&mem_a, "POST", 0, "", &st, "{\"title\":\"  \",\"body\":\"正文\"}");
  tst_expect_err(j, st, 400, "field.required", "title");
  j = call(&mem_a, "POST", 0, "", &st, "{\"title\":\"标题\",\"body\":7}");
  tst_expect_err(j, st, 400, "field.type", "body");
  j = call(&mem_a, "POST", 0, "", &st,
           "{\"title\":\"标题\",\"material_id\":0}");
  tst_expect_err(j, st, 400, "field.range", "material_id");
  j = call(&mem_a, "POST", 0, "", &st,
           "{\"title\":\"标题\",\"material_id\":999999}");
  tst_expect_err(j, st, 400, "reflection.material_missing", "material_id");
  j = call(&mem_a, "POST", 0, "", &st,
           "{\"title\":\"标题\",\"plan_id\":\"3\"}");
  tst_expect_err(j, st, 400, "field.type", "plan_id");
  j = call(&mem_a, "POST", 0, "", &st,
           "{\"title\":\"标题\",\"submit\":\"是\"}");
  tst_expect_err(j, st, 400, "field.type", "submit");
  memset(body, 0, sizeof body);
  strcpy(body, "{\"title\":\"");
  for (int i = 0; i < 101; i++)
    strcat(body, "a");
  strcat(body, "\"}");
  j = call(&mem_a, "POST", 0, "", &st, body);
  tst_expect_err(j, st, 400, "field.too_long", "title");
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM reflection"), "0");
}

static void draft_and_submit(void **state)
{
  int st;
  json_t *j;
  char *b = text(25), body[400];
  (void)state;
  j = call(&mem_a, "POST", 0, "", &st,
           "{\"title\":\"学党史悟思想\",\"body\":\"学史明理 学史增信\"}");
  assert_int_equal(st, 201);
  refl = tst_ji(j, "id");
  assert_string_equal(tst_js(j, "status"), "draft");
  assert_int_equal(tst_ji(j, "chars"), 8); /* the blank does not count */
  assert_string_equal(tst_js(j, "author_name"), "孙伟");
  assert_int_equal(tst_ji(j, "unit_id"), u_a);
  json_decref(j);
  /* too short for the minimum (20) */
  j = call(&mem_a, "POST", refl, "/submit", &st, NULL);
  tst_expect_err(j, st, 400, "reflection.too_short", "body");
  /* someone else's draft: 404 for a member and for the secretary */
  j = call(&mem_a2, "GET", refl, "", &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = call(&sec_a, "GET", refl, "", &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = call(&mem_a2, "PUT", refl, "", &st, "{\"title\":\"改\"}");
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = call(&mem_a2, "POST", refl, "/submit", &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = call(&sec_a, "POST", refl, "/review", &st, "{\"decision\":\"approve\"}");
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = call(&sec_a, "GET", 0, "", &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
  json_decref(j);
  /* long enough: save and submit in one request */
  snprintf(body, sizeof body,
           "{\"title\":\"学党史悟思想\",\"body\":\"%s\",\"submit\":true}", b);
  j = call(&mem_a, "PUT", refl, "", &st, body);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "status"), "submitted");
  assert_int_equal(tst_ji(j, "chars"), 25);
  json_decref(j);
  j = call(&mem_a, "PUT", refl, "", &st, body);
  tst_expect_err(j, st, 409, "reflection.bad_state", "status");
  j = call(&mem_a, "POST", refl, "/submit", &st, NULL);
  tst_expect_err(j, st, 409, "reflection.bad_state", "status");
  j = call(&mem_a, "DELETE", refl, "", &st, NULL);
  tst_expect_err(j, st, 409, "reflection.bad_state", "status");
  free(b);
}

static void review(void **state)
{
  int st;
  json_t *j;
  char *b = text(30), body[400];
  (void)state;
  j = call(&mem_a2, "POST", refl, "/review", &st, "{\"decision\":\"approve\"}");
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = call(&sec_b, "POST", refl, "/review", &st, "{\"decision\":\"approve\"}");
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = call(&sec_b, "GET", refl, "", &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = call(&sec_a, "POST", refl, "/review", &st, "{\"decision\":\"return\"}");
  tst_expect_err(j, st, 400, "reflection.comment_required", "comment");
  j = call(&sec_a, "POST", refl, "/review", &st,
           "{\"decision\":\"return\",\"comment\":\"短\"}");
  tst_expect_err(j, st, 400, "reflection.comment_required", "comment");
  j = call(&sec_a, "POST", refl, "/review", &st,
           "{\"decision\":\"maybe\",\"comment\":\"再想想\"}");
  tst_expect_err(j, st, 400, "reflection.decision_invalid", "decision");
  j = call(&sec_a, "POST", refl, "/feature", &st, "{\"featured\":true}");
  tst_expect_err(j, st, 409, "reflection.not_approved", "status");
  j = call(&sec_a, "POST", refl, "/review", &st,
           "{\"decision\":\"return\",\"comment\":\"请结合本职工作谈体会\"}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "status"), "returned");
  assert_string_equal(tst_js(j, "review_comment"), "请结合本职工作谈体会");
  json_decref(j);
  j = call(&sec_a, "POST", refl, "/review", &st, "{\"decision\":\"approve\"}");
  tst_expect_err(j, st, 409, "reflection.bad_state", "status");
  /* the author sees the comment, edits and submits again */
  j = call(&mem_a, "GET", 0, "?mine=1", &st, NULL);
  assert_int_equal(st, 200);
  assert_string_equal(
      tst_js(json_array_get(json_object_get(j, "items"), 0), "status"),
      "returned");
  json_decref(j);
  snprintf(body, sizeof body,
           "{\"title\":\"学党史悟思想（修改）\",\"body\":\"%s\"}", b);
  j = call(&mem_a, "PUT", refl, "", &st, body);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "status"), "returned");
  json_decref(j);
  j = call(&mem_a, "POST", refl, "/submit", &st, NULL);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "status"), "submitted");
  json_decref(j);
  /* the secretary's list: status filter, unit filter in and out of scope */
  j = call(&sec_a, "GET", 0, "?status=submitted", &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  json_decref(j);
  j = call(&sec_b, "GET", 0, "?status=submitted", &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
  json_decref(j);
  j = call(&sec_a, "GET", 0, "?status=nope", &st, NULL);
  tst_expect_err(j, st, 400, "query.invalid", "status");
  snprintf(body, sizeof body, "?unit_id=%lld", (long long)u_b);
  j = call(&sec_a, "GET", 0, body, &st, NULL);
  tst_expect_err(j, st, 400, "query.invalid", "unit_id");
  j = call(&sec_a, "POST", refl, "/review", &st,
           "{\"decision\":\"approve\",\"comment\":\"联系实际，很好\"}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "status"), "approved");
  assert_string_equal(tst_js(j, "reviewer_name"), "sec_a");
  json_decref(j);
  free(b);
}

static int featured_has(struct tst_who *w, int64_t id)
{
  int st, found = 0;
  json_t *j = tst_j(srv.port, w, "GET", "/api/v1/reflections/featured", &st,
                    NULL),
         *it;
  size_t i;
  assert_int_equal(st, 200);
  json_array_foreach(json_object_get(j, "items"), i,
                     it) if (tst_ji(it, "id") == id) found = 1;
  json_decref(j);
  return found;
}

static void feature(void **state)
{
  int st;
  json_t *j;
  (void)state;
  assert_false(featured_has(&mem_a2, refl));
  j = call(&mem_a2, "GET", refl, "", &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = call(&sec_a, "POST", refl, "/feature", &st, "{}");
  tst_expect_err(j, st, 400, "field.required", "featured");
  j = call(&sec_a, "POST", refl, "/feature", &st, "{\"featured\":\"yes\"}");
  tst_expect_err(j, st, 400, "field.type", "featured");
  j = call(&sec_b, "POST", refl, "/feature", &st, "{\"featured\":true}");
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = call(&sec_a, "POST", refl, "/feature", &st, "{\"featured\":true}");
  assert_int_equal(st, 200);
  assert_true(json_is_true(json_object_get(j, "featured")));
  json_decref(j);
  /* every member of branch A reads it; branch B does not */
  assert_true(featured_has(&mem_a2, refl));
  assert_true(featured_has(&sec_all, refl)); /* the root: an ancestor */
  assert_false(featured_has(&mem_b, refl));
  j = call(&mem_a2, "GET", refl, "", &st, NULL);
  assert_int_equal(st, 200);
  assert_non_null(tst_js(j, "body"));
  assert_false(
      json_is_true(json_object_get(json_object_get(j, "can"), "edit")));
  json_decref(j);
  j = call(&mem_b, "GET", refl, "", &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = call(&sec_a, "POST", refl, "/feature", &st, "{\"featured\":false}");
  assert_int_equal(st, 200);
  json_decref(j);
  assert_false(featured_has(&mem_a2, refl));
  j = call(&sec_a, "POST", refl, "/feature", &st, "{\"featured\":true}");
  assert_int_equal(st, 200);
  json_decref(j);
}

static void delete_and_paging(void **state)
{
  int st;
  json_t *j;
  char q[200];
  const char *cur;
  (void)state;
  j = call(&mem_a, "POST", 0, "", &st, "{\"title\":\"草稿二\"}");
  assert_int_equal(st, 201);
  refl2 = tst_ji(j, "id");
  json_decref(j);
  j = call(&mem_a2, "DELETE", refl2, "", &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = call(&mem_a, "GET", 0, "?mine=1&limit=1", &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(json_array_get(json_object_get(j, "items"), 0), "id"),
                   refl2);
  cur = tst_js(j, "next_cursor");
  assert_non_null(cur);
  snprintf(q, sizeof q, "?mine=1&limit=1&cursor=%s", tst_url(cur));
  json_decref(j);
  j = call(&mem_a, "GET", 0, q, &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(json_array_get(json_object_get(j, "items"), 0), "id"),
                   refl);
  assert_true(json_is_null(json_object_get(j, "next_cursor")));
  json_decref(j);
  j = call(&mem_a, "GET", 0, "?mine=1&cursor=bogus", &st, NULL);
  tst_expect_err(j, st, 400, "page.cursor", "cursor");
  j = call(&mem_a, "DELETE", refl2, "", &st, NULL);
  assert_int_equal(st, 204);
  json_decref(j);
  j = call(&mem_a, "GET", refl2, "", &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = call(&mem_a, "GET", 999999, "", &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  /* the member cannot export; the secretary can */
  j = call(&mem_a, "GET", 0, "?format=xlsx", &st, NULL);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = call(&sec_a, "GET", 0, "?format=xlsx", &st, NULL);
  assert_int_equal(st, 200);
  json_decref(j);
}

static void audit(void **state)
{
  (void)state;
  assert_string_equal(
      tst_sql(srv.db,
              "SELECT group_concat(action, ',') FROM (SELECT action FROM "
              "audit_log WHERE object_type = 'reflection' AND object_id = "
              "CAST((SELECT min(id) FROM reflection) AS TEXT) ORDER BY id)"),
      "reflection.create,reflection.update_submit,reflection.return,"
      "reflection.update,reflection.submit,reflection.approve,"
      "reflection.feature,reflection.unfeature,reflection.feature");
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE "
                                      "action = 'reflection.export'"),
                      "1");
  /* the author was told: returned, approved, featured twice */
  assert_string_equal(
      tst_sql(srv.db, "SELECT group_concat(kind, ',') FROM (SELECT kind FROM "
                      "notification WHERE kind LIKE 'reflection.%' AND "
                      "account_id = (SELECT account_id FROM reflection WHERE "
                      "id = (SELECT min(id) FROM reflection)) ORDER BY id)"),
      "reflection.returned,reflection.approved,reflection.featured,"
      "reflection.featured");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(settings),
      cmocka_unit_test(bad_input),
      cmocka_unit_test(draft_and_submit),
      cmocka_unit_test(review),
      cmocka_unit_test(feature),
      cmocka_unit_test(delete_and_paging),
      cmocka_unit_test(audit),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
