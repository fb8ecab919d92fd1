/*
 * test_export.c — the Excel exports of the administration lists over real
 * HTTP (GET /people, /users, /units, /roles, /auth/sessions with
 * ?format=xlsx): for each, the download headers (xlsx type, attachment
 * with an RFC 5987 Chinese file name), the header row and known rows in
 * the workbook, the caller's data scope applied exactly as in the JSON
 * list (a secretary, a member, a scoped viewer), 403 for a role without
 * the list's permission, 400 for a format other than json/xlsx, and an
 * audit entry "<domain>.export" with the filters.  Formula-looking text
 * ("=1+1") is stored as text, never as a formula, and an export of more
 * than 100,000 people is refused with 413.  The fixture is org_fixture.h
 * plus a few rows made in setup_all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "org_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XLSX_TYPE                                                              \
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static struct tst_who uv_b1; /* user.read + org.read, subtree of u_b1 */
static int64_t p_formula;    /* "=1+1" in u_b2, a leader, with dates */

static int setup_all(void **state)
{
  char roles[200];
  int st;
  json_t *j;
  int64_t off;
  if (setup(state) != 0)
    return -1;
  p_formula = mk_person(u_b2, "=1+1",
                        ",\"gender\":\"女\",\"birth_date\":\"1980-05-01\","
                        "\"joined_at\":\"2001-07-01\",\"position\":\"@SUM(A1)"
                        "\",\"phone\":\"13700001234\",\"is_leader\":true");
  /* a viewer of accounts for branch 1 only */
  j = tst_j(srv.port, &sec1, "POST", "/api/v1/roles", &st,
            "{\"code\":\"user_viewer\",\"name\":\"账号查看员\","
            "\"permissions\":[\"user.read\",\"org.read\"]}");
  if (st != 201)
    fail_msg("role: %d %s", st, tst_last.body);
  snprintf(roles, sizeof roles, "[{\"role_id\":%lld,\"scope\":\"subtree\"}]",
           (long long)tst_ji(j, "id"));
  json_decref(j);
  tst_make_user(srv.port, &sys1, "uv_b1", "查看员", u_b1, 0, roles, PW_USER,
                &uv_b1);
  /* a disabled account */
  {
    struct tst_who tmp;
    char path[80];
    off = tst_make_user(srv.port, &sys1, "off_a", "停用者", u_a, 0,
                        "[{\"role_id\":8,\"scope\":\"self\"}]", PW_USER, &tmp);
    snprintf(path, sizeof path, "/api/v1/users/%lld/disable", (long long)off);
    j = tst_j(srv.port, &sys1, "POST", path, &st, NULL);
    if (st != 200)
      fail_msg("disable: %d %s", st, tst_last.body);
    json_decref(j);
  }
  return p_formula ? 0 : -1;
}

/* Runs a shell command and returns its whole output (static, ≤ 256 KiB). */
static const char *sh(const char *cmd)
{
  static char out[262144];
  size_t n = 0;
  FILE *p = popen(cmd, "r");
  out[0] = 0;
  if (!p)
    return out;
  n = fread(out, 1, sizeof out - 1, p);
  out[n] = 0;
  pclose(p);
  return out;
}

/* Saves r's body as <srv.dir>/<ascii_name> and returns that path
 * (static). */
static const char *save(const struct tst_resp *r, const char *ascii_name)
{
  static char file[400];
  FILE *f;
  snprintf(file, sizeof file, "%s/%s", srv.dir, ascii_name);
  f = fopen(file, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(r->body, 1, r->body_len, f), r->body_len);
  fclose(f);
  return file;
}

/* GETs path as who and checks that the answer is the workbook utf8_name
 * (ASCII fallback ascii_name); returns the sheet XML followed by the
 * shared strings (static, see sh). */
static const char *export_xml(const struct tst_who *who, const char *path,
                              const char *utf8_name, const char *ascii_name)
{
  struct tst_resp r;
  char h[512], want[300], cmd[800];
  const char *file;
  assert_int_equal(
      tst_call(srv.port, "GET", path, who->cookie, who->csrf, NULL, &r), 0);
  if (r.status != 200)
    fail_msg("%s: %d %s", path, r.status, r.body);
  assert_string_equal(tst_header(&r, "Content-Type", h, sizeof h), XLSX_TYPE);
  assert_non_null(tst_header(&r, "Content-Disposition", h, sizeof h));
  assert_non_null(strstr(h, "attachment;"));
  snprintf(want, sizeof want, "filename*=UTF-8''%s", tst_url(utf8_name));
  assert_non_null(strstr(h, want));
  snprintf(want, sizeof want, "filename=\"%s\"", ascii_name);
  assert_non_null(strstr(h, want));
  assert_string_equal(tst_header(&r, "Cache-Control", h, sizeof h), "no-store");
  assert_memory_equal(r.body, "PK", 2);
  file = save(&r, ascii_name);
  tst_resp_free(&r);
  snprintf(cmd, sizeof cmd,
           "unzip -p '%s' xl/worksheets/sheet1.xml xl/sharedStrings.xml "
           "2>/dev/null",
           file);
  return sh(cmd);
}

/* Number of rows (header included) in the sheet XML. */
static int n_rows(const char *xml)
{
  int n = 0;
  for (const char *p = xml; (p = strstr(p, "<row ")) != NULL; p++)
    n++;
  return n;
}

static void has_all(const char *xml, const char *const *want)
{
  for (; *want; want++)
    if (!strstr(xml, *want))
      fail_msg("missing in the workbook: %s", *want);
}

static void has_none(const char *xml, const char *const *bad)
{
  for (; *bad; bad++)
    if (strstr(xml, *bad))
      fail_msg("must not be in the workbook: %s", *bad);
}

static void no_formula(const char *xml)
{
  assert_null(strstr(xml, "<f>"));
  assert_null(strstr(xml, "<f "));
}

static int audits(const char *action, const char *username)
{
  char q[300];
  snprintf(q, sizeof q,
           "SELECT count(*) FROM audit_log WHERE action = '%s' AND "
           "username = '%s'",
           action, username);
  return atoi(tst_sql(srv.db, q));
}

/* 400 for a format other than json/xlsx, 403 for who_denied (NULL: skip),
 * and neither is audited as an export. */
static void refusals(const char *path, const struct tst_who *who_ok,
                     const struct tst_who *who_denied)
{
  char q[300];
  int st, before = atoi(tst_sql(srv.db, "SELECT count(*) FROM audit_log "
                                        "WHERE action LIKE '%.export'"));
  json_t *j;
  snprintf(q, sizeof q, "%s?format=pdf", path);
  j = tst_j(srv.port, who_ok, "GET", q, &st, NULL);
  tst_expect_err(j, st, 400, "query.invalid", "format");
  assert_non_null(strstr(tst_last.body, "format 只能是 json 或 xlsx"));
  snprintf(q, sizeof q, "%s?format=XLSX", path);
  j = tst_j(srv.port, who_ok, "GET", q, &st, NULL);
  tst_expect_err(j, st, 400, "query.invalid", "format");
  snprintf(q, sizeof q, "%s?format=json", path);
  j = tst_j(srv.port, who_ok, "GET", q, &st, NULL);
  assert_int_equal(st, 200);
  assert_true(json_is_array(json_object_get(j, "items")));
  json_decref(j);
  if (who_denied) {
    snprintf(q, sizeof q, "%s?format=xlsx", path);
    j = tst_j(srv.port, who_denied, "GET", q, &st, NULL);
    tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  }
  assert_int_equal(atoi(tst_sql(srv.db, "SELECT count(*) FROM audit_log "
                                        "WHERE action LIKE '%.export'")),
                   before);
}

/* ---- people ---------------------------------------------------------------
 */

static void people_export(void **state)
{
  static const char *const want[] = {
      "姓名", "性别", "出生日期", "入党日期", "党组织/单位", "职务", "手机号码",
      "区级领导",
      /* rows */
      "张伟", "张卫", "王芳", "李娜", "第一党支部", "组织部", "138****5678",
      "139****1111", "137****1234", "=1+1", "@SUM(A1)", "是", "否",
      /* 1980-05-01 and 2001-07-01 as Excel serial days */
      "<v>29342</v>", "<v>37073</v>", NULL};
  static const char *const bad[] = {"13812345678", "13900001111", "13700001234",
                                    "1980-05-01", NULL};
  int before = audits("person.export", "sys1");
  const char *xml;
  (void)state;
  xml = export_xml(&sys1, "/api/v1/people?format=xlsx", "人员名单.xlsx",
                   "people.xlsx");
  has_all(xml, want);
  has_none(xml, bad);
  no_formula(xml);
  assert_int_equal(n_rows(xml), 1 + 5);
  assert_int_equal(audits("person.export", "sys1"), before + 1);
  assert_string_equal(tst_sql(srv.db,
                              "SELECT detail FROM audit_log WHERE action = "
                              "'person.export' ORDER BY id DESC LIMIT 1"),
                      "导出人员名单 5 条；条件：无");
  /* dates carry a date format */
  {
    char cmd[600];
    snprintf(cmd, sizeof cmd,
             "unzip -p '%s/people.xlsx' xl/styles.xml 2>/dev/null", srv.dir);
    assert_non_null(strstr(sh(cmd), "yyyy-mm-dd"));
  }
}

static void people_export_filtered(void **state)
{
  static const char *const want[] = {"张伟", "张卫", NULL};
  static const char *const bad[] = {"王芳", "李娜", "=1+1", NULL};
  char path[200];
  const char *xml;
  (void)state;
  snprintf(path, sizeof path, "/api/v1/people?format=xlsx&q=%s&limit=1",
           tst_url("张"));
  xml = export_xml(&sys1, path, "人员名单.xlsx", "people.xlsx");
  has_all(xml, want);
  has_none(xml, bad);
  assert_int_equal(n_rows(xml), 1 + 2); /* limit does not page an export */
  assert_string_equal(tst_sql(srv.db,
                              "SELECT count(*) FROM audit_log WHERE action = "
                              "'person.export' AND detail LIKE '%q=张%'"),
                      "1");
  /* the unit filter: branch 2 only */
  snprintf(path, sizeof path, "/api/v1/people?format=xlsx&unit_id=%lld",
           (long long)u_b2);
  xml = export_xml(&sys1, path, "人员名单.xlsx", "people.xlsx");
  assert_non_null(strstr(xml, "王芳"));
  assert_non_null(strstr(xml, "=1+1"));
  assert_null(strstr(xml, "张伟"));
  /* leaders only */
  xml = export_xml(&sys1, "/api/v1/people?format=xlsx&is_leader=1",
                   "人员名单.xlsx", "people.xlsx");
  assert_int_equal(n_rows(xml), 1 + 1);
  assert_non_null(strstr(xml, "=1+1"));
  /* a bad filter is refused */
  {
    int st;
    json_t *j = tst_j(srv.port, &sys1, "GET",
                      "/api/v1/people?format=xlsx&is_leader=7", &st, NULL);
    tst_expect_err(j, st, 400, "query.invalid", "is_leader");
  }
}

static void people_export_scoped(void **state)
{
  static const char *const b1[] = {"张伟", "张卫", NULL};
  static const char *const not_b1[] = {"王芳", "李娜", "=1+1", NULL};
  static const char *const not_self[] = {"张伟", "张卫", "李娜", "=1+1", NULL};
  const char *xml;
  (void)state;
  xml = export_xml(&secr_b1, "/api/v1/people?format=xlsx", "人员名单.xlsx",
                   "people.xlsx");
  has_all(xml, b1);
  has_none(xml, not_b1);
  assert_int_equal(n_rows(xml), 1 + 2);
  /* a filter naming a unit outside the scope still shows nothing of it */
  {
    char path[120];
    snprintf(path, sizeof path, "/api/v1/people?format=xlsx&unit_id=%lld",
             (long long)u_b2);
    xml = export_xml(&secr_b1, path, "人员名单.xlsx", "people.xlsx");
    assert_int_equal(n_rows(xml), 1);
  }
  /* a member: itself only */
  xml = export_xml(&mem_b2, "/api/v1/people?format=xlsx", "人员名单.xlsx",
                   "people.xlsx");
  assert_non_null(strstr(xml, "王芳"));
  has_none(xml, not_self);
  assert_int_equal(n_rows(xml), 1 + 1);
  assert_int_equal(audits("person.export", "secr_b1"), 2);
  assert_int_equal(audits("person.export", "mem_b2"), 1);
}

static void people_export_refused(void **state)
{
  (void)state;
  refusals("/api/v1/people", &sys1, &sec1);
}

/* ---- users ----------------------------------------------------------------
 */

static void users_export(void **state)
{
  static const char *const want[] = {
      "账号", "姓名", "单位", "角色", "状态", "最后登录", "两步验证",
      /* rows */
      "sys1", "mem_b2", "secr_b1", "off_a", "王芳", "第二党支部",
      "系统管理员（全部数据）", "党员（仅本人）", "支部书记（本单位及下级）",
      "账号查看员（本单位及下级）", "正常", "停用", "未启用", NULL};
  const char *xml;
  char cmd[600];
  (void)state;
  xml = export_xml(&sys1, "/api/v1/users?format=xlsx", "账号列表.xlsx",
                   "users.xlsx");
  has_all(xml, want);
  no_formula(xml);
  assert_int_equal(n_rows(xml), 1 + atoi(tst_sql(srv.db, "SELECT count(*) "
                                                         "FROM account")));
  snprintf(cmd, sizeof cmd,
           "unzip -p '%s/users.xlsx' xl/styles.xml 2>/dev/null", srv.dir);
  assert_non_null(strstr(sh(cmd), "yyyy-mm-dd hh:mm:ss"));
  assert_int_equal(audits("user.export", "sys1"), 1);
  /* filters */
  xml = export_xml(&sys1, "/api/v1/users?format=xlsx&status=disabled",
                   "账号列表.xlsx", "users.xlsx");
  assert_int_equal(n_rows(xml), 1 + 1);
  assert_non_null(strstr(xml, "off_a"));
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE action = "
                      "'user.export' AND detail LIKE '%status=disabled%'"),
      "1");
}

static void users_export_scoped(void **state)
{
  static const char *const want[] = {"secr_b1", "uv_b1", NULL};
  static const char *const bad[] = {"sys1",     "sec1",  "mem_b2",
                                    "orgadm_t", "off_a", NULL};
  const char *xml;
  (void)state;
  xml = export_xml(&uv_b1, "/api/v1/users?format=xlsx", "账号列表.xlsx",
                   "users.xlsx");
  has_all(xml, want);
  has_none(xml, bad);
  assert_int_equal(n_rows(xml), 1 + 2);
  assert_int_equal(audits("user.export", "uv_b1"), 1);
}

static void users_export_refused(void **state)
{
  (void)state;
  refusals("/api/v1/users", &sys1, &mem_b2);
}

/* ---- units ----------------------------------------------------------------
 */

static void units_export(void **state)
{
  static const char *const want[] = {
      "单位名称", "类型", "代码", "排序", "人员数", "下级单位数",
      /* the tree, indented with full-width spaces */
      "<t>区委</t>", "<t>　组织部</t>", "<t>　城关镇</t>",
      "<t>　　城关镇党委</t>", "<t>　　　第一党支部</t>",
      "<t>　　　第二党支部</t>", "党支部", "乡镇", NULL};
  const char *xml;
  (void)state;
  xml = export_xml(&sys1, "/api/v1/units?format=xlsx", "单位列表.xlsx",
                   "units.xlsx");
  has_all(xml, want);
  no_formula(xml);
  assert_int_equal(n_rows(xml), 1 + 6);
  assert_int_equal(audits("unit.export", "sys1"), 1);
}

static void units_export_scoped(void **state)
{
  static const char *const town[] = {"<t>城关镇</t>", "<t>　城关镇党委</t>",
                                     "<t>　　第一党支部</t>",
                                     "<t>　　第二党支部</t>", NULL};
  static const char *const not_town[] = {"区委", "组织部", NULL};
  const char *xml;
  (void)state;
  /* a subtree scope starts at the margin */
  xml = export_xml(&orgadm_t, "/api/v1/units?format=xlsx", "单位列表.xlsx",
                   "units.xlsx");
  has_all(xml, town);
  has_none(xml, not_town);
  assert_int_equal(n_rows(xml), 1 + 4);
  xml = export_xml(&secr_b1, "/api/v1/units?format=xlsx", "单位列表.xlsx",
                   "units.xlsx");
  assert_non_null(strstr(xml, "<t>第一党支部</t>"));
  assert_null(strstr(xml, "第二党支部"));
  assert_null(strstr(xml, "城关镇"));
  assert_int_equal(n_rows(xml), 1 + 1);
  assert_int_equal(audits("unit.export", "secr_b1"), 1);
}

static void units_export_refused(void **state)
{
  (void)state;
  refusals("/api/v1/units", &sys1, &sec1);
}

/* ---- roles ----------------------------------------------------------------
 */

static void roles_export(void **state)
{
  static const char *const want[] = {
      "角色代码", "名称", "内置", "权限",
      /* rows */
      "sysadmin", "系统管理员", "member", "党员", "org_admin_town",
      "乡镇组织管理员", "是", "否",
      "<t>"
      "查看系统运行信息、查看单位和人员、管理单位和人员、查看账号、管理账号（创"
      "建、重置密码、停用）、查看角色</t>",
      "<t>查看单位和人员、管理单位和人员</t>", "<t>查看和导出审计日志</t>",
      NULL};
  static const char *const bad[] = {"org.read", "audit.read", NULL};
  const char *xml;
  (void)state;
  xml = export_xml(&sec1, "/api/v1/roles?format=xlsx", "角色列表.xlsx",
                   "roles.xlsx");
  has_all(xml, want);
  has_none(xml, bad);
  no_formula(xml);
  assert_int_equal(n_rows(xml),
                   1 + atoi(tst_sql(srv.db, "SELECT count(*) FROM role")));
  assert_int_equal(audits("role.export", "sec1"), 1);
}

static void roles_export_refused(void **state)
{
  (void)state;
  refusals("/api/v1/roles", &sec1, &mem_b2);
}

/* ---- own sessions ---------------------------------------------------------
 */

static void sessions_export(void **state)
{
  static const char *const want[] = {"登录时间", "最近活动",  "IP", "浏览器",
                                     "当前会话", "127.0.0.1", "是", NULL};
  const char *xml;
  int mine, all;
  char cmd[600];
  (void)state;
  xml = export_xml(&mem_b2, "/api/v1/auth/sessions?format=xlsx",
                   "我的会话.xlsx", "sessions.xlsx");
  has_all(xml, want);
  mine = atoi(tst_sql(srv.db, "SELECT count(*) FROM session s JOIN account a "
                              "ON a.id = s.account_id WHERE a.username = "
                              "'mem_b2' AND s.revoked_at IS NULL AND "
                              "s.expires_at > strftime('%s','now') * 1000"));
  all = atoi(tst_sql(srv.db, "SELECT count(*) FROM session WHERE revoked_at "
                             "IS NULL AND expires_at > strftime('%s','now') "
                             "* 1000"));
  assert_true(mine >= 1);
  assert_true(all > mine);
  assert_int_equal(n_rows(xml), 1 + mine); /* its own sessions only */
  snprintf(cmd, sizeof cmd,
           "unzip -p '%s/sessions.xlsx' xl/styles.xml 2>/dev/null", srv.dir);
  assert_non_null(strstr(sh(cmd), "yyyy-mm-dd hh:mm:ss"));
  assert_int_equal(audits("session.export", "mem_b2"), 1);
  /* not logged in: 401, and the format is checked like the others */
  {
    int st;
    json_t *j = tst_j(srv.port, NULL, "GET",
                      "/api/v1/auth/sessions?format=xlsx", &st, NULL);
    assert_int_equal(st, 401);
    json_decref(j);
  }
  refusals("/api/v1/auth/sessions", &mem_b2, NULL);
}

/* ---- the row cap -----------------------------------------------------------
 */

static void people_export_too_large(void **state)
{
  char sql[1000];
  int st, before = audits("person.export", "sys1");
  json_t *j;
  (void)state;
  /* 100,000 more people in 组织部: 100,005 in all */
  snprintf(sql, sizeof sql,
           "PRAGMA busy_timeout = 10000; WITH RECURSIVE n(i) AS (SELECT 1 "
           "UNION ALL SELECT i + 1 FROM n WHERE i < 100000) INSERT INTO "
           "person(unit_id, unit_path, name, pinyin, initials, is_leader, "
           "created_at, updated_at) SELECT %lld, (SELECT path FROM unit "
           "WHERE id = %lld), 'bulk' || i, 'bulk', 'b', 0, 0, 0 FROM n",
           (long long)u_a, (long long)u_a);
  tst_sql(srv.db, sql);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM person"), "100005");
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/people?format=xlsx", &st, NULL);
  assert_non_null(strstr(tst_last.body, "100000"));
  tst_expect_err(j, st, 413, "export.too_large", NULL);
  assert_int_equal(audits("person.export", "sys1"), before);
  /* narrowed, it goes through */
  {
    char path[120];
    snprintf(path, sizeof path, "/api/v1/people?format=xlsx&unit_id=%lld",
             (long long)u_b1);
    assert_int_equal(
        n_rows(export_xml(&sys1, path, "人员名单.xlsx", "people.xlsx")), 1 + 2);
  }
  tst_sql(srv.db, "PRAGMA busy_timeout = 10000; DELETE FROM person WHERE "
                  "pinyin = 'bulk'");
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM person"), "5");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(people_export),
      cmocka_unit_test(people_export_filtered),
      cmocka_unit_test(people_export_scoped),
      cmocka_unit_test(people_export_refused),
      cmocka_unit_test(users_export),
      cmocka_unit_test(users_export_scoped),
      cmocka_unit_test(users_export_refused),
      cmocka_unit_test(units_export),
      cmocka_unit_test(units_export_scoped),
      cmocka_unit_test(units_export_refused),
      cmocka_unit_test(roles_export),
      cmocka_unit_test(roles_export_refused),
      cmocka_unit_test(sessions_export),
      cmocka_unit_test(people_export_too_large),
  };
  return cmocka_run_group_tests(tests, setup_all, teardown);
}
