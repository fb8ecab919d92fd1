/*
 * test_users.c — account and role administration over real HTTP: create
 * with a one-time initial password, validation and duplicates, mass
 * assignment ignored, the 三员分立 rules (who may grant which role, no two
 * admin roles, nobody edits their own roles, admin credentials only from
 * the CLI), reset-password / disable / enable / unlock / reset-totp and
 * their effect on sessions, the list's filters and cursor, and custom
 * roles (catalogue check, built-ins and roles in use refused, permission
 * changes applied on the next request).
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
#define PW_USER "Member#2026x!"

enum {
  R_SYSADMIN = 1,
  R_SECADMIN,
  R_AUDITOR,
  R_SUPERVISOR,
  R_LEADER,
  R_LIAISON,
  R_SECRETARY,
  R_MEMBER
};

static struct tst_server srv;
static long long clock_ms;
static struct tst_who sys1, sec1, aud1;
static int64_t sys1_id, sec1_id, u_office, p_one;

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  int st;
  json_t *j;
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "sys1", PW_ADMIN, "sysadmin", NULL, 0) != 0 ||
      tst_user_add(srv.db, "sec1", PW_ADMIN, "secadmin", NULL, 0) != 0 ||
      tst_user_add(srv.db, "aud1", PW_ADMIN, "auditor", NULL, 0) != 0 ||
      tst_server_start(&srv, extra) != 0)
    return -1;
  if (tst_as(srv.port, "sys1", PW_ADMIN, &sys1) != 200 ||
      tst_as(srv.port, "sec1", PW_ADMIN, &sec1) != 200 ||
      tst_as(srv.port, "aud1", PW_ADMIN, &aud1) != 200)
    return -1;
  sys1_id = atoll(tst_sql(srv.db, "SELECT id FROM account WHERE username = "
                                  "'sys1'"));
  sec1_id = atoll(tst_sql(srv.db, "SELECT id FROM account WHERE username = "
                                  "'sec1'"));
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"区委办公室\",\"kind\":\"部门\"}");
  u_office = tst_ji(j, "id");
  json_decref(j);
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/people", &st,
            "{\"unit_id\":%lld,\"name\":\"赵一\"}", (long long)u_office);
  p_one = tst_ji(j, "id");
  json_decref(j);
  return u_office && p_one ? 0 : -1;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

static void path_of(char *out, size_t n, int64_t id, const char *suffix)
{
  snprintf(out, n, "/api/v1/users/%lld%s", (long long)id, suffix);
}

static void create_user_with_initial_password(void **state)
{
  int st;
  json_t *j, *u;
  char pw[64], path[64], sql[256];
  struct tst_who w;
  int64_t id;
  (void)state;
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/users", &st,
            "{\"username\":\"zhao1\",\"name\":\"赵一\",\"unit_id\":%lld,"
            "\"person_id\":%lld,\"roles\":[{\"role_id\":%d,\"scope\":"
            "\"self\"}]}",
            (long long)u_office, (long long)p_one, R_MEMBER);
  assert_int_equal(st, 201);
  u = json_object_get(j, "user");
  id = tst_ji(u, "id");
  assert_string_equal(tst_js(u, "username"), "zhao1");
  assert_string_equal(tst_js(u, "status"), "active");
  assert_int_equal(tst_ji(u, "person_id"), p_one);
  assert_true(json_is_true(json_object_get(u, "must_change_password")));
  assert_string_equal(
      tst_js(json_array_get(json_object_get(u, "roles"), 0), "code"), "member");
  snprintf(pw, sizeof pw, "%s", tst_js(j, "initial_password"));
  assert_true(strlen(pw) >= 12);
  assert_null(strstr(tst_last.body, "argon2"));
  json_decref(j);
  /* the password is shown once: not in the account's GET, not audited */
  path_of(path, sizeof path, id, "");
  j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_null(strstr(tst_last.body, pw));
  assert_null(json_object_get(j, "initial_password"));
  json_decref(j);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM audit_log WHERE after_json LIKE '%%%s%%' OR "
           "detail LIKE '%%%s%%'",
           pw, pw);
  assert_string_equal(tst_sql(srv.db, sql), "0");
  assert_string_equal(tst_sql(srv.db,
                              "SELECT count(*) FROM audit_log WHERE action = "
                              "'user.create' AND after_json LIKE '%zhao1%'"),
                      "1");
  /* first login must change the password before anything else */
  assert_int_equal(tst_as(srv.port, "zhao1", pw, &w), 200);
  j = tst_j(srv.port, &w, "GET", "/api/v1/people", &st, NULL);
  tst_expect_err(j, st, 403, "auth.must_change_password", NULL);
  /* the person now shows its account */
  snprintf(path, sizeof path, "/api/v1/people/%lld", (long long)p_one);
  j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
  assert_int_equal(tst_ji(j, "user_id"), id);
  json_decref(j);
}

static void create_user_bad_input(void **state)
{
  static const struct {
    const char *body;
    int status;
    const char *code, *field;
  } bad[] = {
      {"{\"username\":\"ab\",\"name\":\"x\",\"unit_id\":1}", 400,
       "user.username_invalid", "username"},
      {"{\"username\":\"张三丰\",\"name\":\"x\",\"unit_id\":1}", 400,
       "user.username_invalid", "username"},
      {"{\"username\":\"a b c\",\"name\":\"x\",\"unit_id\":1}", 400,
       "user.username_invalid", "username"},
      {"{\"username\":\"abcdefghijabcdefghijabcdefghij123\",\"name\":\"x\","
       "\"unit_id\":1}",
       400, "user.username_invalid", "username"},
      {"{\"name\":\"x\",\"unit_id\":1}", 400, "field.required", "username"},
      {"{\"username\":\"okname\",\"unit_id\":1}", 400, "field.required",
       "name"},
      {"{\"username\":\"okname\",\"name\":\"x\"}", 400, "field.required",
       "unit_id"},
      {"{\"username\":\"okname\",\"name\":\"x\",\"unit_id\":99999}", 400,
       "user.unit_missing", "unit_id"},
      {"{\"username\":\"okname\",\"name\":\"x\",\"unit_id\":1,\"person_id\":"
       "99999}",
       400, "user.person_missing", "person_id"},
      {"{\"username\":\"okname\",\"name\":\"x\",\"unit_id\":1,\"roles\":"
       "\"member\"}",
       400, "field.type", "roles"},
      {"{\"username\":\"okname\",\"name\":\"x\",\"unit_id\":1,\"roles\":[{"
       "\"role_id\":999,\"scope\":\"self\"}]}",
       400, "user.role_missing", "roles"},
      {"{\"username\":\"okname\",\"name\":\"x\",\"unit_id\":1,\"roles\":[{"
       "\"role_id\":8,\"scope\":\"self\"},{\"role_id\":8,\"scope\":\"unit\"}]}",
       400, "user.role_duplicate", "roles"},
      {"{\"username\":\"okname\",\"name\":\"x\",\"unit_id\":1,\"roles\":[{"
       "\"role_id\":8,\"scope\":\"world\"}]}",
       400, "user.scope_invalid", "roles"},
      {"{\"username\":\"okname\",\"name\":\"x\",\"unit_id\":1,\"roles\":[8]}",
       400, "user.role_invalid", "roles"},
      {"{\"username\":\"zhao1\",\"name\":\"x\",\"unit_id\":1}", 409,
       "user.username_taken", "username"},
      {"{\"username\":\"ZHAO1\",\"name\":\"x\",\"unit_id\":1}", 409,
       "user.username_taken", "username"},
      {"{\"username\":\"okname\",\"name\":\"x\",\"unit_id\":1,\"person_id\":"
       "%lld}",
       409, "user.person_taken", "person_id"},
  };
  (void)state;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    int st;
    json_t *j = tst_j(srv.port, &sys1, "POST", "/api/v1/users", &st,
                      bad[i].body, (long long)p_one);
    tst_expect_err(j, st, bad[i].status, bad[i].code, bad[i].field);
  }
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM account WHERE "
                                      "username = 'okname'"),
                      "0");
}

static void mass_assignment_ignored(void **state)
{
  int st;
  json_t *j, *u;
  (void)state;
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/users", &st,
            "{\"username\":\"mass1\",\"name\":\"x\",\"unit_id\":1,"
            "\"id\":999,\"status\":\"disabled\",\"must_change\":0,"
            "\"must_change_password\":false,\"password_hash\":\"x\","
            "\"totp_enabled\":true,\"failed_count\":9}");
  assert_int_equal(st, 201);
  u = json_object_get(j, "user");
  assert_true(tst_ji(u, "id") != 999);
  assert_string_equal(tst_js(u, "status"), "active");
  assert_true(json_is_true(json_object_get(u, "must_change_password")));
  assert_true(json_is_false(json_object_get(u, "totp_enabled")));
  assert_int_equal(tst_ji(u, "failed_count"), 0);
  json_decref(j);
  assert_string_equal(tst_sql(srv.db, "SELECT password_hash LIKE "
                                      "'$argon2id$%' FROM account WHERE "
                                      "username = 'mass1'"),
                      "1");
}

static int64_t make_plain(const char *username, struct tst_who *w)
{
  char roles[80];
  snprintf(roles, sizeof roles, "[{\"role_id\":%d,\"scope\":\"self\"}]",
           R_MEMBER);
  return tst_make_user(srv.port, &sys1, username, "普通用户", u_office, 0,
                       roles, PW_USER, w);
}

static void three_admin_separation(void **state)
{
  int st;
  char path[96];
  json_t *j;
  struct tst_who w;
  int64_t ops;
  (void)state;
  /* the system admin cannot give an admin role */
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/users", &st,
            "{\"username\":\"aud2\",\"name\":\"x\",\"unit_id\":1,\"roles\":[{"
            "\"role_id\":%d,\"scope\":\"all\"}]}",
            R_AUDITOR);
  tst_expect_err(j, st, 403, "user.admin_role_forbidden", "roles");
  ops = make_plain("ops1", &w);
  path_of(path, sizeof path, ops, "");
  j = tst_j(srv.port, &sys1, "PUT", path, &st,
            "{\"roles\":[{\"role_id\":%d,\"scope\":\"all\"}]}", R_SECADMIN);
  tst_expect_err(j, st, 403, "user.admin_role_forbidden", "roles");
  path_of(path, sizeof path, ops, "/roles");
  j = tst_j(srv.port, &sys1, "PUT", path, &st,
            "{\"roles\":[{\"role_id\":%d,\"scope\":\"all\"}]}", R_AUDITOR);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  /* the security admin can, one admin role at most */
  j = tst_j(srv.port, &sec1, "PUT", path, &st,
            "{\"roles\":[{\"role_id\":%d,\"scope\":\"all\"},{\"role_id\":%d,"
            "\"scope\":\"all\"}]}",
            R_AUDITOR, R_SYSADMIN);
  tst_expect_err(j, st, 400, "user.two_admin_roles", "roles");
  j = tst_j(srv.port, &sec1, "PUT", path, &st,
            "{\"roles\":[{\"role_id\":%d,\"scope\":\"all\"}]}", R_AUDITOR);
  assert_int_equal(st, 200);
  assert_string_equal(
      tst_js(json_array_get(json_object_get(j, "roles"), 0), "code"),
      "auditor");
  json_decref(j);
  /* a role change ends the account's sessions */
  j = tst_j(srv.port, &w, "GET", "/api/v1/auth/me", &st, NULL);
  assert_int_equal(st, 401);
  json_decref(j);
  /* the system admin can neither remove nor re-scope it … */
  path_of(path, sizeof path, ops, "");
  j = tst_j(srv.port, &sys1, "PUT", path, &st,
            "{\"roles\":[{\"role_id\":%d,\"scope\":\"self\"}]}", R_MEMBER);
  tst_expect_err(j, st, 403, "user.admin_role_forbidden", "roles");
  j = tst_j(srv.port, &sys1, "PUT", path, &st,
            "{\"roles\":[{\"role_id\":%d,\"scope\":\"unit\"}]}", R_AUDITOR);
  tst_expect_err(j, st, 403, "user.admin_role_forbidden", "roles");
  /* … but may rename the account, sending its roles back unchanged */
  j = tst_j(srv.port, &sys1, "PUT", path, &st,
            "{\"name\":\"审计员二\",\"roles\":[{\"role_id\":%d,\"scope\":"
            "\"all\"}]}",
            R_AUDITOR);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "name"), "审计员二");
  json_decref(j);
  /* an admin account's credentials and status are the CLI's business */
  path_of(path, sizeof path, ops, "/reset-password");
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{}");
  tst_expect_err(j, st, 403, "user.admin_protected", "id");
  path_of(path, sizeof path, ops, "/reset-totp");
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{}");
  tst_expect_err(j, st, 403, "user.admin_protected", "id");
  path_of(path, sizeof path, ops, "/disable");
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{}");
  tst_expect_err(j, st, 403, "user.admin_protected", "id");
  /* nobody changes their own roles or disables themselves */
  path_of(path, sizeof path, sec1_id, "/roles");
  j = tst_j(srv.port, &sec1, "PUT", path, &st,
            "{\"roles\":[{\"role_id\":%d,\"scope\":\"all\"}]}", R_SYSADMIN);
  tst_expect_err(j, st, 403, "user.self_roles", "roles");
  path_of(path, sizeof path, sys1_id, "");
  j = tst_j(srv.port, &sys1, "PUT", path, &st,
            "{\"roles\":[{\"role_id\":%d,\"scope\":\"all\"},{\"role_id\":%d,"
            "\"scope\":\"all\"}]}",
            R_SYSADMIN, R_SUPERVISOR);
  tst_expect_err(j, st, 403, "user.self_roles", "roles");
  j = tst_j(srv.port, &sys1, "PUT", path, &st, "{\"unit_id\":%lld}",
            (long long)u_office);
  tst_expect_err(j, st, 403, "user.self", "unit_id");
  path_of(path, sizeof path, sys1_id, "/disable");
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{}");
  tst_expect_err(j, st, 403, "user.self", "id");
  /* each admin stays in its lane */
  j = tst_j(srv.port, &sec1, "POST", "/api/v1/users", &st,
            "{\"username\":\"x12\",\"name\":\"x\",\"unit_id\":1}");
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/roles", &st,
            "{\"code\":\"r1\",\"name\":\"x\",\"permissions\":[]}");
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/audit", &st, NULL);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = tst_j(srv.port, &sec1, "GET", "/api/v1/audit", &st, NULL);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = tst_j(srv.port, &aud1, "GET", "/api/v1/users", &st, NULL);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = tst_j(srv.port, &aud1, "GET", "/api/v1/roles", &st, NULL);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = tst_j(srv.port, &aud1, "GET", "/api/v1/people", &st, NULL);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = tst_j(srv.port, &aud1, "GET", "/api/v1/audit", &st, NULL);
  assert_int_equal(st, 200);
  json_decref(j);
  /* the admin actions are audited */
  assert_string_equal(tst_sql(srv.db,
                              "SELECT count(*) FROM audit_log WHERE action = "
                              "'user.roles' AND username = 'sec1'"),
                      "1");
}

static void reset_password_ends_sessions(void **state)
{
  int st;
  char path[96], pw[64];
  json_t *j;
  struct tst_who w, w2;
  int64_t id = make_plain("reset1", &w);
  (void)state;
  path_of(path, sizeof path, id, "/reset-password");
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{}");
  assert_int_equal(st, 200);
  snprintf(pw, sizeof pw, "%s", tst_js(j, "initial_password"));
  assert_true(strlen(pw) >= 12);
  assert_true(json_is_true(
      json_object_get(json_object_get(j, "user"), "must_change_password")));
  json_decref(j);
  j = tst_j(srv.port, &w, "GET", "/api/v1/auth/me", &st, NULL);
  assert_int_equal(st, 401);
  json_decref(j);
  assert_int_equal(tst_as(srv.port, "reset1", PW_USER, &w2), 401);
  assert_int_equal(tst_as(srv.port, "reset1", pw, &w2), 200);
  j = tst_j(srv.port, &w2, "GET", "/api/v1/auth/me", &st, NULL);
  assert_true(json_is_true(
      json_object_get(json_object_get(j, "user"), "must_change_password")));
  json_decref(j);
  /* a missing account answers 404, a bad id 400 */
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/users/99999/reset-password", &st,
            "{}");
  tst_expect_err(j, st, 404, "not_found", "id");
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/users/x/reset-password", &st,
            "{}");
  tst_expect_err(j, st, 400, "http.bad_param", "id");
}

static void disable_and_enable(void **state)
{
  int st;
  char path[96];
  json_t *j;
  struct tst_who w;
  int64_t id = make_plain("dis1", &w);
  (void)state;
  path_of(path, sizeof path, id, "/disable");
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(json_object_get(j, "user"), "status"), "disabled");
  json_decref(j);
  j = tst_j(srv.port, &w, "GET", "/api/v1/auth/me", &st, NULL);
  assert_int_equal(st, 401); /* effective on the next request */
  json_decref(j);
  assert_int_equal(tst_as(srv.port, "dis1", PW_USER, &w), 401);
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/users?status=disabled", &st, NULL);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  json_decref(j);
  path_of(path, sizeof path, id, "/enable");
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{}");
  assert_int_equal(st, 200);
  json_decref(j);
  assert_int_equal(tst_as(srv.port, "dis1", PW_USER, &w), 200);
}

static void unlock_after_lockout(void **state)
{
  int st;
  char path[96];
  json_t *j;
  struct tst_who w;
  int64_t id = make_plain("lock1", &w);
  (void)state;
  for (int i = 0; i < 5; i++)
    assert_int_equal(tst_as(srv.port, "lock1", "wrong-Pass#1", &w), 401);
  path_of(path, sizeof path, id, "");
  j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
  assert_string_equal(tst_js(j, "status"), "locked");
  json_decref(j);
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/users?status=locked", &st, NULL);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  json_decref(j);
  assert_int_equal(tst_as(srv.port, "lock1", PW_USER, &w), 401);
  path_of(path, sizeof path, id, "/unlock");
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(json_object_get(j, "user"), "status"), "active");
  json_decref(j);
  assert_int_equal(tst_as(srv.port, "lock1", PW_USER, &w), 200);
  clock_ms += 120000; /* clear the per-IP failure window */
  tst_clock_set(&srv, clock_ms);
}

static void reset_totp(void **state)
{
  int st;
  char path[96];
  json_t *j;
  struct tst_who w;
  int64_t id = make_plain("totp1", &w);
  (void)state;
  path_of(path, sizeof path, id, "/reset-totp");
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{}");
  assert_int_equal(st, 200);
  assert_true(json_is_false(
      json_object_get(json_object_get(j, "user"), "totp_enabled")));
  json_decref(j);
  assert_string_equal(tst_sql(srv.db,
                              "SELECT count(*) FROM audit_log WHERE action = "
                              "'user.reset_totp'"),
                      "1");
}

static void list_filters_and_pages(void **state)
{
  int st, total = 0, pages = 0;
  char path[512], cursor[200] = "";
  json_t *j;
  int64_t last = 0;
  (void)state;
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/users?q=zhao", &st, NULL);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  json_decref(j);
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/users?q=%E8%B5%B5", &st, NULL);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1); /* 赵 */
  json_decref(j);
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/users?q=%25", &st, NULL);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/users?unit_id=%lld",
           (long long)u_office);
  j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
  assert_true(json_array_size(json_object_get(j, "items")) >= 5);
  json_decref(j);
  do {
    json_t *items, *nc;
    snprintf(path, sizeof path, "/api/v1/users?limit=2%s%s",
             cursor[0] ? "&cursor=" : "", cursor[0] ? tst_url(cursor) : "");
    j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
    assert_int_equal(st, 200);
    items = json_object_get(j, "items");
    for (size_t i = 0; i < json_array_size(items); i++) {
      assert_true(tst_ji(json_array_get(items, i), "id") > last);
      last = tst_ji(json_array_get(items, i), "id");
    }
    total += (int)json_array_size(items);
    nc = json_object_get(j, "next_cursor");
    cursor[0] = 0;
    if (json_is_string(nc))
      snprintf(cursor, sizeof cursor, "%s", json_string_value(nc));
    json_decref(j);
    pages++;
  } while (cursor[0] && pages < 50);
  assert_int_equal(total,
                   atoi(tst_sql(srv.db, "SELECT count(*) FROM account")));
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/users?cursor=Mg.AAAA", &st, NULL);
  tst_expect_err(j, st, 400, "page.cursor", "cursor");
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/users?status=gone", &st, NULL);
  tst_expect_err(j, st, 400, "user.status_invalid", "status");
  j = tst_j(srv.port, &sec1, "GET", "/api/v1/users", &st, NULL);
  assert_int_equal(st, 200); /* user.read */
  json_decref(j);
}

static void custom_roles(void **state)
{
  int st;
  char path[96], roles[120];
  json_t *j, *items;
  struct tst_who w;
  int64_t role, uid;
  int found = 0;
  (void)state;
  j = tst_j(srv.port, &sec1, "GET", "/api/v1/roles", &st, NULL);
  assert_int_equal(st, 200);
  items = json_object_get(j, "items");
  assert_true(json_array_size(items) >= 8);
  for (size_t i = 0; i < json_array_size(items); i++) {
    json_t *r = json_array_get(items, i);
    if (!strcmp(tst_js(r, "code"), "auditor")) {
      found = 1;
      assert_true(json_is_true(json_object_get(r, "builtin")));
      assert_string_equal(tst_js(r, "admin_kind"), "auditor");
      assert_string_equal(json_string_value(json_array_get(
                              json_object_get(r, "permissions"), 0)),
                          "audit.read");
    }
  }
  assert_true(found);
  json_decref(j);
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/permissions", &st, NULL);
  assert_int_equal(st, 200);
  assert_non_null(strstr(tst_last.body, "\"code\":\"org.read\""));
  json_decref(j);
  /* bad roles */
  j = tst_j(srv.port, &sec1, "POST", "/api/v1/roles", &st,
            "{\"code\":\"Bad-Code\",\"name\":\"x\",\"permissions\":[]}");
  tst_expect_err(j, st, 400, "role.code_invalid", "code");
  j = tst_j(srv.port, &sec1, "POST", "/api/v1/roles", &st,
            "{\"code\":\"member\",\"name\":\"x\",\"permissions\":[]}");
  tst_expect_err(j, st, 409, "role.code_taken", "code");
  j = tst_j(srv.port, &sec1, "POST", "/api/v1/roles", &st,
            "{\"code\":\"r_x\",\"name\":\"x\",\"permissions\":[\"org.fly\"]}");
  tst_expect_err(j, st, 400, "role.permission_unknown", "permissions");
  j = tst_j(
      srv.port, &sec1, "POST", "/api/v1/roles", &st,
      "{\"code\":\"r_x\",\"name\":\"x\",\"permissions\":[\"audit.read\"]}");
  tst_expect_err(j, st, 400, "role.permission_admin_only", "permissions");
  j = tst_j(srv.port, &sec1, "POST", "/api/v1/roles", &st,
            "{\"code\":\"r_x\",\"name\":\"x\",\"permissions\":[\"org.read\","
            "\"org.read\"]}");
  tst_expect_err(j, st, 400, "role.permission_duplicate", "permissions");
  j = tst_j(srv.port, &sec1, "POST", "/api/v1/roles", &st,
            "{\"code\":\"r_x\",\"name\":\"x\",\"permissions\":\"org.read\"}");
  tst_expect_err(j, st, 400, "field.type", "permissions");
  j = tst_j(srv.port, &sec1, "POST", "/api/v1/roles", &st,
            "{\"code\":\"r_x\",\"name\":\"x\"}");
  tst_expect_err(j, st, 400, "field.required", "permissions");
  /* a good one */
  j = tst_j(srv.port, &sec1, "POST", "/api/v1/roles", &st,
            "{\"code\":\"org_viewer\",\"name\":\"组织查看\","
            "\"permissions\":[\"org.read\"]}");
  assert_int_equal(st, 201);
  role = tst_ji(j, "id");
  assert_true(json_is_false(json_object_get(j, "builtin")));
  json_decref(j);
  j = tst_j(srv.port, &sec1, "POST", "/api/v1/roles", &st,
            "{\"code\":\"org_viewer\",\"name\":\"x\",\"permissions\":[]}");
  tst_expect_err(j, st, 409, "role.code_taken", "code");
  /* built-ins are fixed */
  j = tst_j(srv.port, &sec1, "PUT", "/api/v1/roles/8", &st,
            "{\"permissions\":[\"org.read\",\"org.admin\"]}");
  tst_expect_err(j, st, 409, "role.builtin", "id");
  j = tst_j(srv.port, &sec1, "DELETE", "/api/v1/roles/1", &st, NULL);
  tst_expect_err(j, st, 409, "role.builtin", "id");
  j = tst_j(srv.port, &sec1, "DELETE", "/api/v1/roles/4242", &st, NULL);
  tst_expect_err(j, st, 404, "not_found", "id");
  /* held by an account: the permission change applies at once */
  snprintf(roles, sizeof roles, "[{\"role_id\":%lld,\"scope\":\"all\"}]",
           (long long)role);
  uid = tst_make_user(srv.port, &sys1, "viewer1", "查看员", u_office, 0, roles,
                      PW_USER, &w);
  j = tst_j(srv.port, &w, "GET", "/api/v1/people", &st, NULL);
  assert_int_equal(st, 200);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/roles/%lld", (long long)role);
  j = tst_j(srv.port, &sec1, "PUT", path, &st,
            "{\"name\":\"组织查看（停用）\",\"permissions\":[]}");
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "permissions")), 0);
  json_decref(j);
  j = tst_j(srv.port, &w, "GET", "/api/v1/people", &st, NULL);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = tst_j(srv.port, &sec1, "DELETE", path, &st, NULL);
  tst_expect_err(j, st, 409, "role.in_use", "id");
  path_of(path, sizeof path, uid, "/roles");
  j = tst_j(srv.port, &sec1, "PUT", path, &st, "{\"roles\":[]}");
  assert_int_equal(st, 200);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/roles/%lld", (long long)role);
  j = tst_j(srv.port, &sec1, "DELETE", path, &st, NULL);
  assert_int_equal(st, 204);
  json_decref(j);
  j = tst_j(srv.port, &sec1, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", "id");
  assert_string_equal(tst_sql(srv.db,
                              "SELECT count(*) FROM audit_log WHERE action IN "
                              "('role.create','role.update','role.delete')"),
                      "3");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(create_user_with_initial_password),
      cmocka_unit_test(create_user_bad_input),
      cmocka_unit_test(mass_assignment_ignored),
      cmocka_unit_test(three_admin_separation),
      cmocka_unit_test(reset_password_ends_sessions),
      cmocka_unit_test(disable_and_enable),
      cmocka_unit_test(unlock_after_lockout),
      cmocka_unit_test(reset_totp),
      cmocka_unit_test(list_filters_and_pages),
      cmocka_unit_test(custom_roles),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
