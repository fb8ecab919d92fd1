/*
 * test_session.c — study sessions (专题学习/三会一课) over real HTTP.
 *
 *   区委 (1) └── 城关镇党委 (u_p)
 *               ├── 第一党支部 (u_b1)  赵海燕 (secretary's person),
 *               │                      孙伟 (member), 钱明
 *               └── 第二党支部 (u_b2)  王芳 (member)
 *   accounts: secr_b1 (支部书记, subtree of u_b1, person 赵海燕),
 *   mem_b1 (党员, self, 孙伟), mem_b2 (党员, self, 王芳), org_p (支部书记
 *   role with subtree of u_p, no person).
 *
 * Covers: create with bad input (400 naming the field), out-of-scope unit,
 * member create (403); edit, cancel, wrong states (409); check-in closed,
 * wrong code, right code, outside the window, another branch (404), brute
 * force (429 after five wrong codes); leave before the start, not after;
 * secretary attendance; finish stores the unrecorded as absent; minutes
 * (length, safe HTML); photos up and down, non-image 415; lists with
 * scope, filters and cursor; per-branch statistics and the
 * study_session_counts_for_unit function on the same database.  Teardown
 * verifies the audit chain.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tst_admin.h"
#include "tst_files.h"

#include "domain/study/session.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PW_ADMIN "Xt#2026-passwd!"
#define PW_USER "Session#2026x!"

static struct tst_server srv;
static struct tst_who sys1, secr_b1, mem_b1, mem_b2, org_p;
static int64_t u_p, u_b1, u_b2, p_zhao, p_sun, p_qian, p_wang;
static int64_t s_now, s_future, s_cancel, photo_id;

static int64_t mk(const char *path, const char *fmt, const char *a, int64_t b)
{
  int st;
  json_t *j = tst_j(srv.port, &sys1, "POST", path, &st, fmt, a, (long long)b);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  if (st != 201)
    fprintf(stderr, "mk %s: %d %s\n", path, st, tst_last.body);
  json_decref(j);
  return id;
}

static int64_t mk_unit(const char *name, const char *kind, int64_t parent)
{
  char fmt[160];
  snprintf(fmt, sizeof fmt,
           "{\"name\":\"%%s\",\"kind\":\"%s\",\"parent_id\":%%lld}", kind);
  return mk("/api/v1/units", fmt, name, parent);
}

static int64_t mk_person(const char *name, int64_t unit)
{
  return mk("/api/v1/people", "{\"name\":\"%s\",\"unit_id\":%lld}", name, unit);
}

/* ISO 8601 (UTC, "Z") of now + delta_min minutes. */
static const char *at(long delta_min)
{
  static char buf[4][32];
  static int k;
  time_t t = time(NULL) + delta_min * 60;
  struct tm tm;
  char *b = buf[k++ % 4];
  gmtime_r(&t, &tm);
  strftime(b, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return b;
}

static const char *path_of(int64_t id, const char *tail)
{
  static char buf[4][128];
  static int k;
  char *b = buf[k++ % 4];
  snprintf(b, 128, "/api/v1/study-sessions/%lld%s", (long long)id,
           tail ? tail : "");
  return b;
}

static int64_t create(const struct tst_who *w, const char *kind,
                      const char *title, long start_min, long end_min)
{
  int st;
  json_t *j = tst_j(srv.port, w, "POST", "/api/v1/study-sessions", &st,
                    "{\"unit_id\":%lld,\"kind\":\"%s\",\"title\":\"%s\","
                    "\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"place\":"
                    "\"党员活动室\",\"host_name\":\"赵海燕\"}",
                    (long long)u_b1, kind, title, at(start_min), at(end_min));
  int64_t id = tst_ji(j, "id");
  if (st != 201)
    fail_msg("create %s: %d %s", title, st, tst_last.body);
  assert_string_equal(tst_js(j, "status"), "planned");
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
  u_p = mk_unit("城关镇党委", "党委", 1);
  u_b1 = mk_unit("第一党支部", "党支部", u_p);
  u_b2 = mk_unit("第二党支部", "党支部", u_p);
  p_zhao = mk_person("赵海燕", u_b1);
  p_sun = mk_person("孙伟", u_b1);
  p_qian = mk_person("钱明", u_b1);
  p_wang = mk_person("王芳", u_b2);
  if (!u_p || !u_b1 || !u_b2 || !p_zhao || !p_sun || !p_qian || !p_wang)
    return -1;
  /* built-in role ids: secretary 7, member 8 */
  if (tst_make_user(srv.port, &sys1, "secr_b1", "赵海燕", u_b1, p_zhao,
                    "[{\"role_id\":7,\"scope\":\"subtree\"}]", PW_USER,
                    &secr_b1) <= 0 ||
      tst_make_user(srv.port, &sys1, "mem_b1", "孙伟", u_b1, p_sun,
                    "[{\"role_id\":8,\"scope\":\"self\"}]", PW_USER,
                    &mem_b1) <= 0 ||
      tst_make_user(srv.port, &sys1, "mem_b2", "王芳", u_b2, p_wang,
                    "[{\"role_id\":8,\"scope\":\"self\"}]", PW_USER,
                    &mem_b2) <= 0 ||
      tst_make_user(srv.port, &sys1, "org_p", "党委组织委员", u_p, 0,
                    "[{\"role_id\":7,\"scope\":\"subtree\"}]", PW_USER,
                    &org_p) <= 0)
    return -1;
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

static void expect(const struct tst_who *w, const char *method,
                   const char *path, int want, const char *code,
                   const char *field, const char *fmt, const char *arg)
{
  int st;
  json_t *j = tst_j(srv.port, w, method, path, &st, fmt, arg);
  if (want >= 400 && code)
    tst_expect_err(j, st, want, code, field);
  else {
    if (st != want)
      fail_msg("%s %s: %d (want %d) %s", method, path, st, want, tst_last.body);
    json_decref(j);
  }
}

static void test_create_bad_input(void **state)
{
  static const struct {
    const char *body, *code, *field;
  } cases[] = {
      {"{\"kind\":\"lecture\",\"starts_at\":\"2030-01-01T09:00:00+08:00\","
       "\"ends_at\":\"2030-01-01T10:00:00+08:00\"}",
       "field.required", "title"},
      {"{\"kind\":\"party\",\"title\":\"t\",\"starts_at\":"
       "\"2030-01-01T09:00:00+08:00\",\"ends_at\":\"2030-01-01T10:00:00+08:"
       "00\"}",
       "session.kind_invalid", "kind"},
      {"{\"kind\":\"lecture\",\"title\":\"t\",\"starts_at\":\"2030-01-01 9点\","
       "\"ends_at\":\"2030-01-01T10:00:00+08:00\"}",
       "field.type", "starts_at"},
      {"{\"kind\":\"lecture\",\"title\":\"t\",\"starts_at\":"
       "\"2030-01-01T09:00:00+08:00\",\"ends_at\":\"2030-01-01T08:00:00+08:"
       "00\"}",
       "session.time_order", "ends_at"},
      {"{\"kind\":\"lecture\",\"title\":\"t\",\"starts_at\":"
       "\"2030-01-01T09:00:00+08:00\",\"ends_at\":\"2030-01-01T10:00:00+08:"
       "00\","
       "\"material_ids\":[99999]}",
       "session.material_invalid", "material_ids[0]"},
      {"{\"kind\":\"lecture\",\"title\":\"t\",\"starts_at\":"
       "\"2030-01-01T09:00:00+08:00\",\"ends_at\":\"2030-01-01T10:00:00+08:"
       "00\","
       "\"material_ids\":\"1\"}",
       "field.type", "material_ids"},
      {"{\"kind\":\"lecture\",\"title\":\"t\",\"starts_at\":"
       "\"2030-01-01T09:00:00+08:00\",\"ends_at\":\"2030-01-01T10:00:00+08:"
       "00\","
       "\"unit_id\":999999}",
       "session.unit_invalid", "unit_id"},
  };
  char body[1200], big[700];
  (void)state;
  for (size_t i = 0; i < LX_COUNT(cases); i++)
    expect(&secr_b1, "POST", "/api/v1/study-sessions", 400, cases[i].code,
           cases[i].field, "%s", cases[i].body);
  /* another branch's unit is not the secretary's */
  snprintf(body, sizeof body,
           "{\"unit_id\":%lld,\"kind\":\"lecture\",\"title\":\"t\","
           "\"starts_at\":\"2030-01-01T09:00:00+08:00\",\"ends_at\":"
           "\"2030-01-01T10:00:00+08:00\"}",
           (long long)u_b2);
  expect(&secr_b1, "POST", "/api/v1/study-sessions", 400,
         "session.unit_invalid", "unit_id", "%s", body);
  /* a member may not schedule */
  expect(&mem_b1, "POST", "/api/v1/study-sessions", 403, NULL, NULL, "%s",
         body);
  /* title too long (201 characters) */
  memset(big, 'x', 201);
  big[201] = 0;
  snprintf(body, sizeof body,
           "{\"kind\":\"lecture\",\"title\":\"%s\",\"starts_at\":"
           "\"2030-01-01T09:00:00+08:00\",\"ends_at\":"
           "\"2030-01-01T10:00:00+08:00\"}",
           big);
  expect(&secr_b1, "POST", "/api/v1/study-sessions", 400, NULL, "title", "%s",
         body);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM study_session"),
                      "0");
}

static void test_create_edit_cancel(void **state)
{
  int st;
  json_t *j;
  const char *code;
  (void)state;
  s_now = create(&secr_b1, "lecture", "学习党的二十届三中全会精神", -10, 60);
  s_future = create(&secr_b1, "member_meeting", "支部党员大会", 2 * 1440,
                    2 * 1440 + 90);
  s_cancel =
      create(&secr_b1, "study", "专题学习（待取消）", 3 * 1440, 3 * 1440 + 60);
  /* the secretary sees the code, the member does not, another branch 404 */
  j = tst_j(srv.port, &secr_b1, "GET", path_of(s_now, NULL), &st, NULL);
  assert_int_equal(st, 200);
  code = tst_js(j, "checkin_code");
  assert_non_null(code);
  assert_int_equal(strlen(code), 6);
  assert_int_equal(strspn(code, "0123456789"), 6);
  assert_string_equal(tst_js(j, "kind_label"), "党课");
  assert_int_equal(tst_ji(json_object_get(j, "counts"), "expected"), 3);
  assert_int_equal(tst_ji(json_object_get(j, "counts"), "unrecorded"), 3);
  json_decref(j);
  j = tst_j(srv.port, &mem_b1, "GET", path_of(s_now, NULL), &st, NULL);
  assert_int_equal(st, 200);
  assert_true(json_is_null(json_object_get(j, "checkin_code")));
  assert_true(json_is_object(json_object_get(j, "my_attendance")));
  assert_true(json_is_null(
      json_object_get(json_object_get(j, "my_attendance"), "status")));
  json_decref(j);
  expect(&mem_b2, "GET", path_of(s_now, NULL), 404, "not_found", NULL, NULL,
         NULL);
  expect(&mem_b2, "GET", path_of(99999, NULL), 404, "not_found", NULL, NULL,
         NULL);
  /* edit the planned session */
  j = tst_j(srv.port, &secr_b1, "PUT", path_of(s_future, NULL), &st,
            "{\"kind\":\"member_meeting\",\"title\":\"支部党员大会（改）\","
            "\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"place\":\"三楼\"}",
            at(2 * 1440), at(2 * 1440 + 120));
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "title"), "支部党员大会（改）");
  assert_string_equal(tst_js(j, "place"), "三楼");
  json_decref(j);
  /* a member may not edit (they see it: 403) */
  expect(&mem_b1, "PUT", path_of(s_future, NULL), 403, NULL, NULL,
         "{\"kind\":\"lecture\",\"title\":\"%s\"}", "x");
  /* cancel: a reason is needed */
  expect(&secr_b1, "POST", path_of(s_cancel, "/cancel"), 400, "field.required",
         "reason", "{\"reason\":\"%s\"}", "");
  j = tst_j(srv.port, &secr_b1, "POST", path_of(s_cancel, "/cancel"), &st,
            "{\"reason\":\"与上级会议冲突\"}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "status"), "cancelled");
  assert_string_equal(tst_js(j, "cancel_reason"), "与上级会议冲突");
  json_decref(j);
  /* a cancelled session is not editable any more */
  expect(&secr_b1, "POST", path_of(s_cancel, "/cancel"), 409,
         "session.not_planned", "status", "{\"reason\":\"%s\"}", "again");
  expect(&secr_b1, "PUT", path_of(s_cancel, NULL), 409, "session.not_planned",
         "status", "{\"kind\":\"study\",\"title\":\"%s\"}", "x");
  expect(&secr_b1, "POST", path_of(s_cancel, "/checkin-open"), 409,
         "session.not_planned", "status", "{\"open\":%s}", "true");
  expect(&secr_b1, "POST", path_of(s_cancel, "/finish"), 409,
         "session.not_planned", "status", NULL, NULL);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE "
                                      "action LIKE 'session.%'"),
                      "5");
}

static const char *code_of(int64_t id)
{
  static char buf[16];
  int st;
  json_t *j = tst_j(srv.port, &secr_b1, "GET", path_of(id, NULL), &st, NULL);
  snprintf(buf, sizeof buf, "%s", tst_js(j, "checkin_code"));
  json_decref(j);
  return buf;
}

static void test_checkin(void **state)
{
  int st;
  json_t *j;
  char code[16], wrong[16];
  (void)state;
  snprintf(code, sizeof code, "%s", code_of(s_now));
  snprintf(wrong, sizeof wrong, "%06d", (atoi(code) + 1) % 1000000);
  /* closed */
  expect(&mem_b1, "POST", path_of(s_now, "/checkin"), 409,
         "session.checkin_closed", "code", "{\"code\":\"%s\"}", code);
  expect(&secr_b1, "POST", path_of(s_now, "/checkin-open"), 400,
         "field.required", "open", "{%s}", "");
  j = tst_j(srv.port, &secr_b1, "POST", path_of(s_now, "/checkin-open"), &st,
            "{\"open\":true}");
  assert_int_equal(st, 200);
  assert_true(json_is_true(json_object_get(j, "checkin_open")));
  json_decref(j);
  /* another branch: 404 like a missing session */
  expect(&mem_b2, "POST", path_of(s_now, "/checkin"), 404, "not_found", NULL,
         "{\"code\":\"%s\"}", code);
  /* wrong code, then the right one */
  expect(&mem_b1, "POST", path_of(s_now, "/checkin"), 400, "bad_code", "code",
         "{\"code\":\"%s\"}", wrong);
  expect(&mem_b1, "POST", path_of(s_now, "/checkin"), 400, "field.required",
         "code", "{%s}", "");
  j = tst_j(srv.port, &mem_b1, "POST", path_of(s_now, "/checkin"), &st,
            "{\"code\":\"%s\"}", code);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(json_object_get(j, "my_attendance"), "status"),
                      "present");
  assert_int_equal(tst_ji(json_object_get(j, "counts"), "present"), 1);
  json_decref(j);
  /* twice is harmless */
  expect(&mem_b1, "POST", path_of(s_now, "/checkin"), 200, NULL, NULL,
         "{\"code\":\"%s\"}", code);
  /* the future session: open, but outside the window */
  expect(&secr_b1, "POST", path_of(s_future, "/checkin-open"), 200, NULL, NULL,
         "{\"open\":%s}", "true");
  expect(&mem_b1, "POST", path_of(s_future, "/checkin"), 409,
         "session.checkin_window", "code", "{\"code\":\"%s\"}",
         code_of(s_future));
  expect(&secr_b1, "POST", path_of(s_future, "/checkin-open"), 200, NULL, NULL,
         "{\"open\":%s}", "false");
  assert_string_equal(tst_sql(srv.db,
                              "SELECT count(*) FROM audit_log WHERE action = "
                              "'session.checkin' AND result = 'deny'"),
                      "1");
}

static void test_brute_force(void **state)
{
  char code[16], wrong[16];
  (void)state;
  snprintf(code, sizeof code, "%s", code_of(s_now));
  snprintf(wrong, sizeof wrong, "%06d", (atoi(code) + 7) % 1000000);
  /* the secretary's own person checks in too: 5 wrong codes */
  for (int i = 0; i < 5; i++)
    expect(&secr_b1, "POST", path_of(s_now, "/checkin"), 400, "bad_code",
           "code", "{\"code\":\"%s\"}", wrong);
  /* then even the right code is refused */
  expect(&secr_b1, "POST", path_of(s_now, "/checkin"), 429,
         "session.checkin_locked", "code", "{\"code\":\"%s\"}", code);
  /* others are not affected */
  assert_string_equal(
      tst_sql(srv.db, "SELECT status FROM session_attendance WHERE person_id "
                      "= (SELECT id FROM person WHERE name = '孙伟')"),
      "present");
  assert_string_equal(tst_sql(srv.db,
                              "SELECT count(*) FROM "
                              "session_attendance WHERE person_id = (SELECT "
                              "id FROM person WHERE name = '赵海燕')"),
                      "0");
  assert_string_equal(
      tst_sql(srv.db, "SELECT max(n) FROM session_checkin_fail"), "5");
}

static void test_leave(void **state)
{
  int st;
  json_t *j;
  (void)state;
  expect(&mem_b1, "POST", path_of(s_future, "/leave"), 400, "field.required",
         "reason", "{\"reason\":\"%s\"}", "");
  j = tst_j(srv.port, &mem_b1, "POST", path_of(s_future, "/leave"), &st,
            "{\"reason\":\"出差\"}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(json_object_get(j, "my_attendance"), "status"),
                      "leave");
  assert_string_equal(tst_js(json_object_get(j, "my_attendance"), "reason"),
                      "出差");
  json_decref(j);
  /* the current session has started; already present anyway */
  expect(&mem_b1, "POST", path_of(s_now, "/leave"), 409, "session.started",
         "status", "{\"reason\":\"%s\"}", "晚到");
  expect(&mem_b2, "POST", path_of(s_future, "/leave"), 404, "not_found", NULL,
         "{\"reason\":\"%s\"}", "x");
  /* the manager without a person in the branch cannot ask for leave */
  expect(&org_p, "POST", path_of(s_future, "/leave"), 409, "no_person", NULL,
         "{\"reason\":\"%s\"}", "x");
}

static void test_attendance_finish(void **state)
{
  int st;
  json_t *j, *items, *it;
  size_t i;
  char body[200];
  (void)state;
  j = tst_j(srv.port, &secr_b1, "GET", path_of(s_now, "/attendance"), &st,
            NULL);
  assert_int_equal(st, 200);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 3);
  json_array_foreach(items, i, it)
  {
    if (!strcmp(tst_js(it, "name"), "孙伟"))
      assert_string_equal(tst_js(it, "status"), "present");
    else
      assert_true(json_is_null(json_object_get(it, "status")));
  }
  json_decref(j);
  expect(&mem_b1, "GET", path_of(s_now, "/attendance"), 403, NULL, NULL, NULL,
         NULL);
  /* the secretary records her own presence (her code was locked) */
  snprintf(body, sizeof body, "{\"person_id\":%lld,\"status\":\"present\"}",
           (long long)p_zhao);
  j = tst_j(srv.port, &secr_b1, "PUT", path_of(s_now, "/attendance"), &st, "%s",
            body);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "status"), "present");
  assert_string_equal(tst_js(j, "method"), "secretary");
  json_decref(j);
  /* bad status, a person of another branch, missing person */
  snprintf(body, sizeof body, "{\"person_id\":%lld,\"status\":\"late\"}",
           (long long)p_qian);
  expect(&secr_b1, "PUT", path_of(s_now, "/attendance"), 400,
         "session.att_status_invalid", "status", "%s", body);
  snprintf(body, sizeof body, "{\"person_id\":%lld,\"status\":\"absent\"}",
           (long long)p_wang);
  expect(&secr_b1, "PUT", path_of(s_now, "/attendance"), 400,
         "session.person_not_expected", "person_id", "%s", body);
  expect(&secr_b1, "PUT", path_of(s_now, "/attendance"), 400, "field.required",
         "person_id", "{\"status\":\"%s\"}", "present");
  /* finishing the future session is too early */
  expect(&secr_b1, "POST", path_of(s_future, "/finish"), 409,
         "session.not_started", "status", NULL, NULL);
  /* finish: 钱明 is stored absent */
  j = tst_j(srv.port, &secr_b1, "POST", path_of(s_now, "/finish"), &st, NULL);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "status"), "held");
  assert_false(json_is_true(json_object_get(j, "checkin_open")));
  assert_int_equal(tst_ji(json_object_get(j, "counts"), "present"), 2);
  assert_int_equal(tst_ji(json_object_get(j, "counts"), "absent"), 1);
  assert_int_equal(tst_ji(json_object_get(j, "counts"), "unrecorded"), 0);
  json_decref(j);
  assert_string_equal(
      tst_sql(srv.db, "SELECT status || '/' || method FROM session_attendance "
                      "WHERE person_id = (SELECT id FROM person WHERE name = "
                      "'钱明')"),
      "absent/auto");
  /* held: no second finish, no edit, no check-in, attendance still fixable */
  expect(&secr_b1, "POST", path_of(s_now, "/finish"), 409,
         "session.not_planned", "status", NULL, NULL);
  expect(&secr_b1, "PUT", path_of(s_now, NULL), 409, "session.not_planned",
         "status", "{\"kind\":\"lecture\",\"title\":\"%s\"}", "x");
  expect(&mem_b1, "POST", path_of(s_now, "/checkin"), 409,
         "session.not_planned", "status", "{\"code\":\"%s\"}", "000000");
  snprintf(body, sizeof body,
           "{\"person_id\":%lld,\"status\":\"leave\",\"reason\":\"病假\"}",
           (long long)p_qian);
  expect(&secr_b1, "PUT", path_of(s_now, "/attendance"), 200, NULL, NULL, "%s",
         body);
  snprintf(body, sizeof body, "{\"person_id\":%lld,\"status\":\"absent\"}",
           (long long)p_qian);
  expect(&secr_b1, "PUT", path_of(s_now, "/attendance"), 200, NULL, NULL, "%s",
         body);
}

static void test_minutes(void **state)
{
  int st;
  json_t *j;
  char *big;
  (void)state;
  j = tst_j(srv.port, &secr_b1, "PUT", path_of(s_now, "/minutes"), &st,
            "{\"minutes\":\"# 会议记录\\n\\n学习了**全会精神**。"
            "<script>alert(1)</script>\"}");
  assert_int_equal(st, 200);
  assert_non_null(strstr(tst_js(j, "minutes"), "<script>"));
  assert_null(strstr(tst_js(j, "minutes_html"), "<script"));
  assert_non_null(
      strstr(tst_js(j, "minutes_html"), "<strong>全会精神</strong>"));
  json_decref(j);
  expect(&secr_b1, "PUT", path_of(s_now, "/minutes"), 400, "field.required",
         "minutes", "{%s}", "");
  expect(&mem_b1, "PUT", path_of(s_now, "/minutes"), 403, NULL, NULL,
         "{\"minutes\":\"%s\"}", "x");
  big = malloc(20001 * 3 + 1);
  for (int i = 0; i < 20001; i++)
    memcpy(big + i * 3, "记", 3);
  big[20001 * 3] = 0;
  expect(&secr_b1, "PUT", path_of(s_now, "/minutes"), 400, "field.too_long",
         "minutes", "{\"minutes\":\"%s\"}", big);
  big[20000 * 3] = 0; /* exactly 20,000 characters */
  expect(&secr_b1, "PUT", path_of(s_now, "/minutes"), 200, NULL, NULL,
         "{\"minutes\":\"%s\"}", big);
  free(big);
  expect(&secr_b1, "PUT", path_of(s_cancel, "/minutes"), 409,
         "session.cancelled", "status", "{\"minutes\":\"%s\"}", "x");
}

static json_t *upload(const struct tst_who *w, int64_t id, const void *data,
                      size_t len, int *st)
{
  char head[1024];
  size_t hl;
  char *req;
  hl = (size_t)snprintf(
      head, sizeof head,
      "POST /api/v1/study-sessions/%lld/photos HTTP/1.1\r\n"
      "Host: 127.0.0.1\r\nConnection: close\r\nCookie: %s\r\n"
      "X-CSRF-Token: %s\r\nContent-Type: application/octet-stream\r\n"
      "X-File-Name: %%E5%%90%%88%%E5%%BD%%B1.png\r\nContent-Length: "
      "%zu\r\n\r\n",
      (long long)id, w->cookie, w->csrf, len);
  req = malloc(hl + len);
  memcpy(req, head, hl);
  memcpy(req + hl, data, len);
  tst_resp_free(&tst_last);
  if (tst_raw(srv.port, req, hl + len, 10000, &tst_last) != 0)
    fail_msg("upload: no answer");
  free(req);
  *st = tst_last.status;
  return json_loads(tst_last.body ? tst_last.body : "", 0, NULL);
}

static void test_photos(void **state)
{
  size_t n;
  int st;
  json_t *j;
  unsigned char *png = tf_png(&n), *pdf;
  struct tst_resp r;
  char path[160];
  (void)state;
  j = upload(&secr_b1, s_now, png, n, &st);
  assert_int_equal(st, 201);
  photo_id = tst_ji(j, "id");
  assert_string_equal(tst_js(j, "mime"), "image/png");
  assert_string_equal(tst_js(j, "filename"), "合影.png");
  json_decref(j);
  /* a member may download it, not upload; another branch 404 */
  snprintf(path, sizeof path, "/api/v1/study-sessions/%lld/photos/%lld",
           (long long)s_now, (long long)photo_id);
  memset(&r, 0, sizeof r);
  assert_int_equal(
      tst_call(srv.port, "GET", path, mem_b1.cookie, mem_b1.csrf, NULL, &r), 0);
  assert_int_equal(r.status, 200);
  assert_int_equal(r.body_len, n);
  assert_memory_equal(r.body, png, n);
  tst_resp_free(&r);
  expect(&mem_b2, "GET", path, 404, "not_found", NULL, NULL, NULL);
  j = upload(&mem_b1, s_now, png, n, &st);
  assert_int_equal(st, 403);
  json_decref(j);
  /* not an image: 415 */
  pdf = tf_pdf(&n);
  j = upload(&secr_b1, s_now, pdf, n, &st);
  tst_expect_err(j, st, 415, "session.photo_type", "file");
  free(pdf);
  /* listed on the session */
  j = tst_j(srv.port, &mem_b1, "GET", path_of(s_now, NULL), &st, NULL);
  assert_int_equal(json_array_size(json_object_get(j, "photos")), 1);
  json_decref(j);
  /* delete, then it is gone */
  expect(&mem_b1, "DELETE", path, 403, NULL, NULL, NULL, NULL);
  expect(&secr_b1, "DELETE", path, 204, NULL, NULL, NULL, NULL);
  expect(&secr_b1, "GET", path, 404, "not_found", NULL, NULL, NULL);
  expect(&secr_b1, "DELETE", path, 404, "not_found", NULL, NULL, NULL);
  free(png);
}

static size_t count_items(const struct tst_who *w, const char *path, int *st)
{
  json_t *j = tst_j(srv.port, w, "GET", path, st, NULL);
  size_t n = json_array_size(json_object_get(j, "items"));
  json_decref(j);
  return n;
}

static void test_list(void **state)
{
  int st;
  json_t *j;
  char path[300];
  int64_t first;
  (void)state;
  assert_int_equal(count_items(&secr_b1, "/api/v1/study-sessions", &st), 3);
  assert_int_equal(st, 200);
  assert_int_equal(count_items(&org_p, "/api/v1/study-sessions", &st), 3);
  assert_int_equal(count_items(&mem_b1, "/api/v1/study-sessions", &st), 3);
  assert_int_equal(count_items(&mem_b1, "/api/v1/study-sessions?mine=1", &st),
                   3);
  assert_int_equal(count_items(&mem_b2, "/api/v1/study-sessions", &st), 0);
  assert_int_equal(st, 200);
  assert_int_equal(
      count_items(&secr_b1, "/api/v1/study-sessions?status=held", &st), 1);
  assert_int_equal(
      count_items(&secr_b1, "/api/v1/study-sessions?kind=member_meeting", &st),
      1);
  snprintf(path, sizeof path, "/api/v1/study-sessions?unit_id=%lld",
           (long long)u_b2);
  assert_int_equal(count_items(&org_p, path, &st), 0);
  expect(&secr_b1, "GET", "/api/v1/study-sessions?kind=party", 400,
         "query.invalid", "kind", NULL, NULL);
  expect(&secr_b1, "GET", "/api/v1/study-sessions?from=2026-13-01", 400,
         "field.date", "from", NULL, NULL);
  expect(&secr_b1, "GET", "/api/v1/study-sessions?cursor=abc", 400,
         "page.cursor", "cursor", NULL, NULL);
  expect(&org_p, "GET", "/api/v1/study-sessions?mine=1", 409, "no_person", NULL,
         NULL, NULL);
  /* the member's list carries their status; no code */
  j = tst_j(srv.port, &mem_b1, "GET", "/api/v1/study-sessions?mine=1", &st,
            NULL);
  {
    json_t *it;
    size_t i;
    json_array_foreach(json_object_get(j, "items"), i, it)
    {
      assert_true(json_is_null(json_object_get(it, "checkin_code")));
      if (tst_ji(it, "id") == s_now)
        assert_string_equal(tst_js(it, "my_status"), "present");
      if (tst_ji(it, "id") == s_future)
        assert_string_equal(tst_js(it, "my_status"), "leave");
    }
  }
  json_decref(j);
  /* cursor paging: newest start first */
  j = tst_j(srv.port, &secr_b1, "GET", "/api/v1/study-sessions?limit=2", &st,
            NULL);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
  first = tst_ji(json_array_get(json_object_get(j, "items"), 0), "id");
  assert_int_equal(first, s_cancel);
  snprintf(path, sizeof path, "/api/v1/study-sessions?limit=2&cursor=%s",
           tst_url(tst_js(j, "next_cursor")));
  json_decref(j);
  j = tst_j(srv.port, &secr_b1, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  assert_int_equal(tst_ji(json_array_get(json_object_get(j, "items"), 0), "id"),
                   s_now);
  assert_true(json_is_null(json_object_get(j, "next_cursor")));
  json_decref(j);
  /* export for managers only */
  {
    struct tst_resp r;
    memset(&r, 0, sizeof r);
    assert_int_equal(tst_call(srv.port, "GET",
                              "/api/v1/study-sessions?format=xlsx",
                              secr_b1.cookie, secr_b1.csrf, NULL, &r),
                     0);
    assert_int_equal(r.status, 200);
    assert_true(r.body_len > 100 && !memcmp(r.body, "PK", 2));
    tst_resp_free(&r);
  }
  expect(&mem_b1, "GET", "/api/v1/study-sessions?format=xlsx", 403, NULL,
         "format", NULL, NULL);
}

static void test_stats(void **state)
{
  int st;
  json_t *j, *items, *b1 = NULL, *b2 = NULL, *it;
  size_t i;
  char path[200];
  (void)state;
  snprintf(path, sizeof path, "/api/v1/study-sessions/stats?unit_id=%lld",
           (long long)u_p);
  j = tst_j(srv.port, &org_p, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 2);
  json_array_foreach(items, i, it)
  {
    if (tst_ji(it, "unit_id") == u_b1)
      b1 = it;
    if (tst_ji(it, "unit_id") == u_b2)
      b2 = it;
  }
  assert_non_null(b1);
  assert_non_null(b2);
  assert_int_equal(tst_ji(b1, "held"), 1);
  assert_int_equal(tst_ji(json_object_get(b1, "by_kind"), "lecture"), 1);
  assert_int_equal(tst_ji(b1, "attend_expected"), 3);
  assert_int_equal(tst_ji(b1, "attend_present"), 2);
  assert_true(json_real_value(json_object_get(b1, "attend_rate")) > 0.66 &&
              json_real_value(json_object_get(b1, "attend_rate")) < 0.67);
  assert_int_equal(tst_ji(b2, "held"), 0);
  assert_true(json_is_null(json_object_get(b2, "attend_rate")));
  assert_int_equal(tst_ji(json_object_get(j, "total"), "held"), 1);
  json_decref(j);
  /* a period without the session */
  snprintf(path, sizeof path,
           "/api/v1/study-sessions/stats?unit_id=%lld&from=2020-01-01&to="
           "2020-12-31",
           (long long)u_p);
  j = tst_j(srv.port, &org_p, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(json_object_get(j, "total"), "held"), 0);
  json_decref(j);
  /* the branch secretary may not look at the 党委 */
  snprintf(path, sizeof path, "/api/v1/study-sessions/stats?unit_id=%lld",
           (long long)u_p);
  expect(&secr_b1, "GET", path, 404, "not_found", NULL, NULL, NULL);
  expect(&org_p, "GET", "/api/v1/study-sessions/stats?to=2026-02-30", 400,
         "field.date", "to", NULL, NULL);
  expect(&org_p, "GET",
         "/api/v1/study-sessions/stats?from=2026-03-01&to=2026-02-01", 400,
         "field.range", "to", NULL, NULL);
  expect(&mem_b1, "GET", "/api/v1/study-sessions/stats", 403, NULL, NULL, NULL,
         NULL);
  /* the table as Excel, audited */
  {
    struct tst_resp r;
    memset(&r, 0, sizeof r);
    snprintf(path, sizeof path,
             "/api/v1/study-sessions/stats?unit_id=%lld&format=xlsx",
             (long long)u_p);
    assert_int_equal(
        tst_call(srv.port, "GET", path, org_p.cookie, org_p.csrf, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_true(r.body_len > 100 && !memcmp(r.body, "PK", 2));
    tst_resp_free(&r);
    assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE "
                                        "action = 'session.stats_export'"),
                        "1");
  }
}

/* The function the statistics helper calls, on the same database. */
static void test_counts_function(void **state)
{
  struct store_opts o = {srv.db, 5000, 1, 1};
  struct store *st = NULL;
  struct store_conn *c = NULL;
  struct lx_err e;
  int64_t held = -1, exp = -1, pre = -1;
  char p[64], today[16];
  time_t t = time(NULL) - 600 + 8 * 3600; /* s_now's local day */
  struct tm tm;
  (void)state;
  gmtime_r(&t, &tm);
  strftime(today, sizeof today, "%Y-%m-%d", &tm);
  assert_int_equal(store_open(&o, &st, &e), LX_OK);
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  snprintf(p, sizeof p, "/1/%lld/", (long long)u_p);
  assert_int_equal(
      study_session_counts_for_unit(c, p, NULL, NULL, &held, &exp, &pre, &e),
      LX_OK);
  assert_int_equal(held, 1);
  assert_int_equal(exp, 3);
  assert_int_equal(pre, 2);
  assert_int_equal(
      study_session_counts_for_unit(c, p, today, today, &held, &exp, &pre, &e),
      LX_OK);
  assert_int_equal(held, 1);
  snprintf(p, sizeof p, "/1/%lld/%lld/", (long long)u_p, (long long)u_b2);
  assert_int_equal(
      study_session_counts_for_unit(c, p, NULL, NULL, &held, &exp, &pre, &e),
      LX_OK);
  assert_int_equal(held, 0);
  assert_int_equal(exp, 0);
  assert_int_equal(study_session_counts_for_unit(c, p, "2026-1-1", NULL, &held,
                                                 &exp, &pre, &e),
                   LX_EINVAL);
  assert_string_equal(e.field, "from");
  store_read_release(st, c);
  store_close(st);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_create_bad_input),
      cmocka_unit_test(test_create_edit_cancel),
      cmocka_unit_test(test_checkin),
      cmocka_unit_test(test_brute_force),
      cmocka_unit_test(test_leave),
      cmocka_unit_test(test_attendance_finish),
      cmocka_unit_test(test_minutes),
      cmocka_unit_test(test_photos),
      cmocka_unit_test(test_list),
      cmocka_unit_test(test_stats),
      cmocka_unit_test(test_counts_function),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
