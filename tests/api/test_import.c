/*
 * test_import.c — Excel import and export of ledger items over real HTTP:
 * the template (headers, download name) and its round trip; a 300-row
 * file imported whole (codes in row order, one audit entry, an "import"
 * timeline event per item); a file with 5 planted errors in different
 * rows imports nothing and names all 5 with row and column; text dates in
 * every office form; units by name or code, in scope only; leaders by
 * name, 姓名（单位） for namesakes; formula-looking text kept verbatim and
 * exported as a string cell; the filtered export (exactly the filtered
 * rows, dates as date cells, numbers as numbers); refusals: not an xlsx,
 * a zip bomb, a 50 MiB body (413), the wrong role, type_id missing or
 * unknown.  Workbooks are generated here with libxlsxwriter and libzip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tst_admin.h"

#include "../unit/io/xlsx_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define PW_ADMIN "Xt#2026-passwd!"
#define PW_USER "Import#2026xx!"

static struct tst_server srv;
static struct tst_who sys1, sup, sup_edu, lia, mem;
static int64_t u_mz, u_jy, u_ws, ms_type, sq_type;

/* The template's header for 民生实事. */
static const char *const hdr[] = {
    "标题*",     "描述",   "牵头单位*",  "配合单位", "牵头领导", "开始日期",
    "截止日期*", "优先级", "指标目标值", "指标单位", "类别*",    "受益人数"};
#define NCOL 12

/* ---- workbooks ---------------------------------------------------------- */

/* A cell text starting with "#D" is written as a date cell (the serial
 * follows), "#N" as a number cell; anything else as a string. */
typedef void (*fill_fn)(int row, char cells[NCOL][160]);

static void book(const char *path, const char *const *head, int ncol, int nrows,
                 fill_fn fill)
{
  lxw_workbook *wb = workbook_new(path);
  lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
  lxw_format *df = workbook_add_format(wb);
  format_set_num_format(df, "yyyy-mm-dd");
  for (int c = 0; c < ncol; c++)
    worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
  for (int r = 0; r < nrows; r++) {
    char cells[NCOL][160];
    memset(cells, 0, sizeof cells);
    fill(r, cells);
    for (int c = 0; c < ncol && c < NCOL; c++) {
      if (!cells[c][0])
        continue;
      if (!strncmp(cells[c], "#D", 2))
        worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)c,
                               atof(cells[c] + 2), df);
      else if (!strncmp(cells[c], "#N", 2))
        worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)c,
                               atof(cells[c] + 2), NULL);
      else
        worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, cells[c],
                               NULL);
    }
  }
  assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

/* POSTs data to /api/v1/items/import?query as who. */
static int upload(const struct tst_who *w, const char *query, const void *data,
                  size_t len, struct tst_resp *out)
{
  char head[1024];
  char *req;
  int n, rc;
  n = snprintf(head, sizeof head,
               "POST /api/v1/items/import?%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               "Connection: close\r\nCookie: %s\r\nX-CSRF-Token: %s\r\n"
               "Content-Type: application/vnd.openxmlformats-officedocument."
               "spreadsheetml.sheet\r\nContent-Length: %zu\r\n\r\n",
               query, w ? w->cookie : "", w ? w->csrf : "", len);
  req = malloc((size_t)n + len);
  memcpy(req, head, (size_t)n);
  memcpy(req + n, data, len);
  rc = tst_raw(srv.port, req, (size_t)n + len, 30000, out);
  free(req);
  return rc == 0 ? out->status : -1;
}

/* Uploads the file at path for type; returns the parsed answer, status in
 * *st. */
static json_t *upload_typed(const struct tst_who *w, int64_t type,
                            const char *path, int dry_run, int *st)
{
  struct tst_resp r;
  char q[160];
  size_t len;
  char *b = fx_slurp(path, &len);
  json_t *j;
  snprintf(q, sizeof q, "type_id=%lld&dry_run=%d&filename=%s", (long long)type,
           dry_run, tst_url("测试导入.xlsx"));
  *st = upload(w, q, b, len, &r);
  free(b);
  j = json_loads(r.body ? r.body : "", 0, NULL);
  if (!j)
    print_message("not JSON (%d): %.300s\n", r.status, r.body ? r.body : "");
  tst_resp_free(&r);
  return j;
}

static json_t *upload_file(const struct tst_who *w, const char *path,
                           int dry_run, int *st)
{
  return upload_typed(w, ms_type, path, dry_run, st);
}

static long count_items(void)
{
  return atol(tst_sql(srv.db, "SELECT count(*) FROM ledger_item"));
}

static int64_t mk_unit(const char *name, const char *code)
{
  int st;
  json_t *j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
                    "{\"parent_id\":1,\"name\":\"%s\",\"kind\":\"部门\","
                    "\"code\":\"%s\"}",
                    name, code);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static void mk_person(const char *name, int64_t unit)
{
  int st;
  json_t *j =
      tst_j(srv.port, &sys1, "POST", "/api/v1/people", &st,
            "{\"unit_id\":%lld,\"name\":\"%s\"}", (long long)unit, name);
  assert_int_equal(st, 201);
  json_decref(j);
}

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  json_t *j, *items, *it;
  size_t i;
  int st;
  char roles[200];
  if (fx_setup(state))
    return -1;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "sys1", PW_ADMIN, "sysadmin", NULL, 0) != 0 ||
      tst_server_start(&srv, extra) != 0 ||
      tst_as(srv.port, "sys1", PW_ADMIN, &sys1) != 200)
    return -1;
  u_mz = mk_unit("民政局", "MZJ");
  u_jy = mk_unit("教育局", "JYJ");
  u_ws = mk_unit("卫健委", "WJW");
  if (!u_mz || !u_jy || !u_ws || !mk_unit("办公室", "BGS1") ||
      !mk_unit("办公室", "BGS2"))
    return -1;
  mk_person("张伟", u_mz);
  mk_person("张伟", u_jy);
  mk_person("李强", u_ws);
  /* built-in role ids: supervisor 4, liaison 6, member 8 */
  snprintf(roles, sizeof roles, "[{\"role_id\":4,\"scope\":\"unit\"}]");
  if (tst_make_user(srv.port, &sys1, "sup1", "督查员", 1, 0,
                    "[{\"role_id\":4,\"scope\":\"all\"}]", PW_USER,
                    &sup) <= 0 ||
      tst_make_user(srv.port, &sys1, "sup_edu", "教育督查", u_jy, 0, roles,
                    PW_USER, &sup_edu) <= 0 ||
      tst_make_user(srv.port, &sys1, "lia1", "联络员", u_mz, 0,
                    "[{\"role_id\":6,\"scope\":\"unit\"}]", PW_USER,
                    &lia) <= 0 ||
      tst_make_user(srv.port, &sys1, "mem1", "党员", u_mz, 0,
                    "[{\"role_id\":8,\"scope\":\"self\"}]", PW_USER, &mem) <= 0)
    return -1;
  j = tst_j(srv.port, &sup, "GET", "/api/v1/ledger-types", &st, NULL);
  items = json_object_get(j, "items");
  json_array_foreach(items, i, it)
  {
    if (!strcmp(tst_js(it, "code"), "MS"))
      ms_type = tst_ji(it, "id");
    if (!strcmp(tst_js(it, "code"), "SQ"))
      sq_type = tst_ji(it, "id");
  }
  json_decref(j);
  return ms_type && sq_type ? 0 : -1;
}

static int teardown(void **state)
{
  int rc = tst_admin_teardown(&srv);
  return fx_teardown(state) || rc;
}

/* ---- the 300-row file --------------------------------------------------- */

/* Every date form, date cells and numbers among them. */
static void fill300(int r, char c[NCOL][160])
{
  static const char *const due[] = {
      "2026-06-30",    "2026-6-30", "2026/6/30", "2026.6.30",
      "2026年6月30日", "20260630",  "#D46203",   "２０２６－０６－３０"};
  static const char *const cat[] = {"就业", "教育", "医疗", "社保", "养老"};
  snprintf(c[0], 160, "批量导入事项%03d", r + 1);
  if (r % 3 == 0)
    snprintf(c[1], 160, "第%d项说明", r + 1);
  snprintf(c[2], 160, "%s", r % 2 ? "民政局" : "WJW");
  if (r % 4 == 0)
    snprintf(c[3], 160, "%s", r % 8 ? "教育局、民政局" : "教育局，民政局");
  if (r % 5 == 0)
    snprintf(c[4], 160, "%s", r % 10 ? "李强" : "张伟（民政局）");
  snprintf(c[5], 160, "%s", r % 2 ? "#D46023" : "2026-01-01");
  snprintf(c[6], 160, "%s", due[r % 8]);
  snprintf(c[7], 160, "%s", r % 3 == 0 ? "紧急" : r % 3 == 1 ? "" : "重要");
  if (r % 2)
    snprintf(c[8], 160, "#N%d", 10 + r);
  else
    snprintf(c[8], 160, "1,2%02d", r % 100);
  snprintf(c[9], 160, "个");
  snprintf(c[10], 160, "%s", cat[r % 5]);
  snprintf(c[11], 160, "%s", r % 2 ? "#N1200" : "３００");
}

static void import_300(void **state)
{
  const char *p = fx_path("300.xlsx");
  long before = count_items();
  json_t *j, *e, *pv;
  int st;
  (void)state;
  book(p, hdr, NCOL, 300, fill300);
  j = upload_file(&sup, p, 1, &st);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(j, "total"), 300);
  e = json_object_get(j, "errors");
  if (json_array_size(e))
    print_message("first error: %s\n", tst_js(json_array_get(e, 0), "message"));
  assert_int_equal(tst_ji(j, "valid"), 300);
  assert_int_equal(tst_ji(j, "error_count"), 0);
  pv = json_object_get(j, "preview");
  assert_int_equal(json_array_size(pv), 100);
  /* normalised: dates, units, priority, co-units, leader */
  for (size_t k = 0; k < 8; k++) {
    json_t *row = json_array_get(pv, k);
    assert_string_equal(tst_js(row, "due_date"), "2026-06-30");
    assert_int_equal(tst_ji(row, "row"), (int64_t)k + 2);
  }
  assert_string_equal(tst_js(json_array_get(pv, 0), "lead_unit_name"),
                      "卫健委");
  assert_string_equal(tst_js(json_array_get(pv, 0), "co_unit_names"),
                      "教育局、民政局");
  assert_string_equal(tst_js(json_array_get(pv, 0), "priority"), "urgent");
  assert_string_equal(tst_js(json_array_get(pv, 1), "priority"), "normal");
  assert_string_equal(tst_js(json_array_get(pv, 1), "start_date"),
                      "2026-01-01");
  assert_string_equal(tst_js(json_array_get(pv, 0), "lead_leader_name"),
                      "张伟（民政局）");
  assert_string_equal(tst_js(json_array_get(pv, 5), "lead_leader_name"),
                      "李强（卫健委）");
  assert_string_equal(
      tst_js(json_object_get(json_array_get(pv, 0), "fields"), "beneficiaries"),
      "300");
  json_decref(j);
  assert_int_equal(count_items(), before); /* a dry run writes nothing */

  j = upload_file(&sup, p, 0, &st);
  assert_int_equal(st, 201);
  assert_int_equal(tst_ji(j, "created"), 300);
  assert_string_equal(tst_js(j, "first_code"),
                      tst_sql(srv.db, "SELECT code FROM ledger_item WHERE "
                                      "title = '批量导入事项001'"));
  json_decref(j);
  assert_int_equal(count_items(), before + 300);
  /* codes in row order, consecutive */
  assert_string_equal(
      tst_sql(srv.db,
              "SELECT count(*) FROM ledger_item a JOIN ledger_item b ON "
              "b.title = printf('批量导入事项%03d', "
              "CAST(substr(a.title, 7) AS INTEGER) + 1) WHERE a.title LIKE "
              "'批量导入事项%' AND b.seq = a.seq + 1"),
      "299");
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM ledger_item WHERE title LIKE "
                      "'批量导入事项%' AND state = 'draft' AND due_date = "
                      "'2026-06-30'"),
      "300");
  assert_string_equal(
      tst_sql(srv.db,
              "SELECT count(*) FROM item_event e JOIN ledger_item i ON "
              "i.id = e.item_id WHERE e.action = 'import' AND e.comment = "
              "'Excel 导入（测试导入.xlsx）' AND i.title LIKE '批量导入事项%'"),
      "300");
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM item_co_unit cu JOIN ledger_item "
                      "i ON i.id = cu.item_id WHERE i.title LIKE "
                      "'批量导入事项%'"),
      "150");
  assert_string_equal(tst_sql(srv.db,
                              "SELECT count(*) FROM audit_log WHERE action = "
                              "'item.import'"),
                      "2"); /* the template's round trip, then this one */
  assert_non_null(
      strstr(tst_sql(srv.db, "SELECT after_json || detail FROM audit_log WHERE "
                             "action = 'item.import' "
                             "ORDER BY id DESC LIMIT 1"),
             "\"count\":300"));
  assert_non_null(
      strstr(tst_sql(srv.db, "SELECT detail FROM audit_log WHERE action = "
                             "'item.import' ORDER BY id DESC LIMIT 1"),
             "导入民生实事 300 条"));
  /* the list shows them */
  {
    char path[160];
    snprintf(path, sizeof path, "/api/v1/items?type_id=%lld&limit=200&q=%s",
             (long long)ms_type, tst_url("批量导入事项"));
    j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
    assert_int_equal(st, 200);
    assert_int_equal(json_array_size(json_object_get(j, "items")), 200);
    assert_non_null(tst_js(j, "next_cursor"));
    json_decref(j);
  }
}

/* The export follows the list's filters and sort: the 300 rows by code. */
struct titles {
  int n, in_order;
  char last[64];
};

static int on_title(void *ctx, long row, const struct xlsx_cell *cells, int n,
                    struct lx_err *err)
{
  struct titles *t = ctx;
  (void)err;
  if (row == 1 || n < 3)
    return LX_OK;
  if (t->n == 0 && strcmp(cells[2].text, "批量导入事项001"))
    t->in_order = 0;
  if (t->n > 0 && strcmp(cells[2].text, t->last) <= 0)
    t->in_order = 0;
  snprintf(t->last, sizeof t->last, "%s", cells[2].text);
  t->n++;
  return LX_OK;
}

static void export_sorted(void **state)
{
  char path[200];
  struct tst_resp r;
  struct titles t = {0, 1, ""};
  struct lx_err e;
  (void)state;
  snprintf(path, sizeof path, "/api/v1/items/export?q=%s&sort=code",
           tst_url("批量导入事项"));
  assert_int_equal(
      tst_call(srv.port, "GET", path, sup.cookie, sup.csrf, NULL, &r), 0);
  assert_int_equal(r.status, 200);
  assert_int_equal(
      xlsx_read_mem(r.body, r.body_len, NULL, NULL, on_title, &t, NULL, &e),
      LX_OK);
  tst_resp_free(&r);
  assert_int_equal(t.n, 300);
  assert_true(t.in_order);
  assert_string_equal(t.last, "批量导入事项300");
}

/* ---- 5 planted errors --------------------------------------------------- */

static void fill_bad(int r, char c[NCOL][160])
{
  snprintf(c[0], 160, "错误文件事项%02d", r + 1);
  snprintf(c[2], 160, "民政局");
  snprintf(c[6], 160, "2026-12-31");
  snprintf(c[10], 160, "就业");
  snprintf(c[11], 160, "#N100");
  switch (r + 2) { /* Excel row numbers */
  case 3: snprintf(c[6], 160, "2026-02-30"); break;
  case 5: c[0][0] = 0; break;
  case 8: snprintf(c[2], 160, "不存在局"); break;
  case 11: snprintf(c[10], 160, "娱乐"); break;
  case 14: snprintf(c[11], 160, "很多"); break;
  default: break;
  }
}

static int has_error(json_t *errors, long row, const char *col, const char *msg)
{
  size_t i;
  json_t *e;
  json_array_foreach(errors, i, e)
  {
    if (tst_ji(e, "row") == row && !strcmp(tst_js(e, "column"), col) &&
        !strcmp(tst_js(e, "message"), msg))
      return 1;
  }
  return 0;
}

static void planted_errors(void **state)
{
  const char *p = fx_path("bad.xlsx");
  long before = count_items();
  json_t *j, *err, *errors;
  int st;
  (void)state;
  book(p, hdr, NCOL, 20, fill_bad);
  j = upload_file(&sup, p, 1, &st);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(j, "total"), 20);
  assert_int_equal(tst_ji(j, "valid"), 15);
  assert_int_equal(tst_ji(j, "error_count"), 5);
  json_decref(j);
  j = upload_file(&sup, p, 0, &st);
  assert_int_equal(st, 400);
  err = json_object_get(j, "error");
  assert_string_equal(tst_js(err, "code"), "import.invalid");
  assert_non_null(strstr(tst_js(err, "message"), "未导入任何数据"));
  errors = json_object_get(err, "errors");
  assert_int_equal(json_array_size(errors), 5);
  assert_true(
      has_error(errors, 3, "截止日期", "第3行「截止日期」不是有效日期"));
  assert_true(has_error(errors, 5, "标题", "第5行「标题」为必填项"));
  assert_true(has_error(
      errors, 8, "牵头单位",
      "第8行「牵头单位」找不到单位「不存在局」，请填写系统中的单位全称或编码"));
  assert_true(
      has_error(errors, 11, "类别", "第11行「类别」的值「娱乐」不在可选项中"));
  assert_true(
      has_error(errors, 14, "受益人数", "第14行「受益人数」不是有效数字") ||
      has_error(errors, 14, "受益人数", "第14行「受益人数」应为数字"));
  json_decref(j);
  assert_int_equal(count_items(), before);
}

/* ---- headers, units, leaders, scope ------------------------------------- */

static const char *const hdr_shuffled[] = {" 截止日期 ", "类别＊", "*标题",
                                           "牵头单位"};

static void fill_shuffled(int r, char c[NCOL][160])
{
  snprintf(c[0], 160, "%s", r ? "2026年2月29日" : "2026.12.1");
  snprintf(c[1], 160, "养老");
  snprintf(c[2], 160, "乱序列事项%d", r);
  snprintf(c[3], 160, "%s", r ? "办公室" : "BGS2");
}

static void headers_and_refs(void **state)
{
  const char *p = fx_path("shuffled.xlsx");
  json_t *j, *errors;
  int st;
  (void)state;
  /* order-independent headers with * marks and blanks; 2026 is not leap;
   * a unit name shared by two units asks for the code */
  book(p, hdr_shuffled, 4, 2, fill_shuffled);
  j = upload_file(&sup, p, 1, &st);
  assert_int_equal(st, 200);
  errors = json_object_get(j, "errors");
  assert_int_equal(json_array_size(errors), 2);
  assert_string_equal(
      tst_js(json_array_get(json_object_get(j, "preview"), 0), "due_date"),
      "2026-12-01");
  assert_string_equal(tst_js(json_array_get(json_object_get(j, "preview"), 0),
                             "lead_unit_name"),
                      "办公室");
  assert_int_equal(tst_ji(j, "valid"), 1);
  assert_true(
      has_error(errors, 3, "截止日期", "第3行「截止日期」不是有效日期"));
  assert_true(has_error(errors, 3, "牵头单位",
                        "第3行「牵头单位」有 2 个名为「办公室」的单位，请改填"
                        "单位编码"));
  json_decref(j);

  /* unknown and missing columns are errors of the header row */
  {
    static const char *const h2[] = {"标题", "负责人", "牵头单位"};
    book(p, h2, 3, 1, fill_shuffled);
    j = upload_file(&sup, p, 1, &st);
    assert_int_equal(st, 200);
    errors = json_object_get(j, "errors");
    assert_true(has_error(errors, 1, "负责人",
                          "第1行「负责人」不是本类台账的列，请删除该列或按导入"
                          "模板填写"));
    assert_true(has_error(errors, 1, "截止日期",
                          "第1行「截止日期」是必填列，表头中没有这一列（请使用"
                          "导入模板）"));
    assert_true(has_error(errors, 1, "类别",
                          "第1行「类别」是必填列，表头中没有这一列（请使用导入"
                          "模板）"));
    assert_int_equal(json_array_size(errors), 3);
    assert_int_equal(tst_ji(j, "valid"), 0);
    json_decref(j);
  }
}

static void fill_scope(int r, char c[NCOL][160])
{
  snprintf(c[0], 160, "范围事项%d", r);
  snprintf(c[2], 160, "%s", r == 0 ? "教育局" : "民政局");
  snprintf(c[3], 160, "%s", r == 0 ? "教育局" : "");
  snprintf(c[4], 160, "%s", r == 0 ? "张伟" : "王五");
  snprintf(c[6], 160, "2026-12-31");
  snprintf(c[7], 160, "%s", r == 0 ? "特急" : "");
  snprintf(c[10], 160, "就业");
}

static void scope_and_leaders(void **state)
{
  const char *p = fx_path("scope.xlsx");
  json_t *j, *errors;
  int st;
  (void)state;
  book(p, hdr, NCOL, 2, fill_scope);
  j = upload_file(&sup_edu, p, 1, &st);
  assert_int_equal(st, 200);
  errors = json_object_get(j, "errors");
  assert_true(
      has_error(errors, 2, "配合单位", "第2行「配合单位」不能包含牵头单位"));
  assert_true(has_error(errors, 2, "牵头领导",
                        "第2行「牵头领导」有 2 位名为「张伟」的人员，请写成"
                        "“姓名（单位）”以区分，如 张伟（民政局）"));
  assert_true(has_error(errors, 2, "优先级",
                        "第2行「优先级」只能是 一般、重要 或 紧急"));
  assert_true(has_error(errors, 3, "牵头单位",
                        "第3行「牵头单位」单位「民政局」不在您的管理范围内"));
  assert_true(
      has_error(errors, 3, "牵头领导", "第3行「牵头领导」找不到人员「王五」"));
  assert_int_equal(json_array_size(errors), 5);
  json_decref(j);
}

/* ---- refusals ----------------------------------------------------------- */

static void refusals(void **state)
{
  static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
  static const char txt[] = "标题,截止日期\n事项,2026-06-30\n";
  struct tst_resp r;
  char q[96];
  json_t *j;
  int st;
  long before = count_items();
  (void)state;
  snprintf(q, sizeof q, "type_id=%lld&dry_run=0", (long long)ms_type);
  assert_int_equal(upload(&sup, q, pdf, sizeof pdf - 1, &r), 400);
  j = json_loads(r.body, 0, NULL);
  tst_resp_free(&r);
  assert_string_equal(tst_js(json_object_get(j, "error"), "message"),
                      "文件不是有效的 Excel（.xlsx）文件");
  tst_expect_err(j, 400, 400, "import.not_xlsx", "file");
  assert_int_equal(upload(&sup, q, txt, sizeof txt - 1, &r), 400);
  tst_expect_err(json_loads(r.body, 0, NULL), 400, 400, "import.not_xlsx",
                 "file");
  tst_resp_free(&r);
  assert_int_equal(upload(&sup, q, "", 0, &r), 400);
  tst_expect_err(json_loads(r.body, 0, NULL), 400, 400, "import.empty", "file");
  tst_resp_free(&r);
  /* wrong role */
  assert_int_equal(upload(&mem, q, pdf, sizeof pdf - 1, &r), 403);
  tst_resp_free(&r);
  assert_int_equal(upload(&lia, q, pdf, sizeof pdf - 1, &r), 403);
  tst_resp_free(&r);
  /* type_id missing, unknown; dry_run bad */
  assert_int_equal(upload(&sup, "dry_run=1", pdf, sizeof pdf - 1, &r), 400);
  tst_expect_err(json_loads(r.body, 0, NULL), 400, 400, "query.invalid",
                 "type_id");
  tst_resp_free(&r);
  assert_int_equal(upload(&sup, "type_id=99999", pdf, sizeof pdf - 1, &r), 404);
  tst_resp_free(&r);
  assert_int_equal(upload(&sup, "type_id=abc", pdf, sizeof pdf - 1, &r), 400);
  tst_resp_free(&r);
  snprintf(q, sizeof q, "type_id=%lld&dry_run=maybe", (long long)ms_type);
  assert_int_equal(upload(&sup, q, pdf, sizeof pdf - 1, &r), 400);
  tst_expect_err(json_loads(r.body, 0, NULL), 400, 400, "query.invalid",
                 "dry_run");
  tst_resp_free(&r);
  /* the template: 404 for an unknown type, 403 for the liaison */
  j = tst_j(srv.port, &sup, "GET", "/api/v1/ledger-types/99999/import-template",
            &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = tst_j(srv.port, &lia, "GET", "/api/v1/ledger-types/1/import-template",
            &st, NULL);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  assert_int_equal(count_items(), before);
}

static void zip_bomb(void **state)
{
  const char *p = fx_path("bomb.xlsx");
  size_t big = 30u << 20, len;
  char *sheet = malloc(big), *b, q[96];
  struct tst_resp r;
  json_t *j;
  const char *code;
  (void)state;
  memcpy(sheet, "<worksheet><sheetData>", 22);
  for (size_t i = 22; i < big; i++)
    sheet[i] = "<row/>"[i % 6];
  {
    struct fx_part parts[] = {
        {"[Content_Types].xml", fx_ctypes, 0},
        {"_rels/.rels", fx_rels, 0},
        {"xl/workbook.xml", fx_wb, 0},
        {"xl/_rels/workbook.xml.rels", fx_wb_rels, 0},
        {"xl/worksheets/sheet1.xml", sheet, big},
    };
    fx_zip(p, parts, 5);
  }
  free(sheet);
  b = fx_slurp(p, &len);
  assert_true(len < (1u << 20)); /* tiny on the wire */
  snprintf(q, sizeof q, "type_id=%lld&dry_run=1", (long long)ms_type);
  assert_int_equal(upload(&sup, q, b, len, &r), 400);
  free(b);
  j = json_loads(r.body, 0, NULL);
  tst_resp_free(&r);
  code = tst_js(json_object_get(j, "error"), "code");
  print_message("zip bomb: %s %s\n", code,
                tst_js(json_object_get(j, "error"), "message"));
  assert_true(!strcmp(code, "xlsx.ratio") ||
              !strcmp(code, "xlsx.uncompressed_too_big"));
  assert_true(strlen(tst_js(json_object_get(j, "error"), "message")) > 6);
  json_decref(j);
}

static void too_big(void **state)
{
  size_t len = 50u << 20;
  char *b = malloc(len), q[96];
  struct tst_resp r;
  json_t *j;
  (void)state;
  memset(b, 'x', len);
  snprintf(q, sizeof q, "type_id=%lld&dry_run=1", (long long)ms_type);
  assert_int_equal(upload(&sup, q, b, len, &r), 413);
  free(b);
  j = json_loads(r.body, 0, NULL);
  tst_resp_free(&r);
  assert_non_null(j);
  assert_non_null(tst_js(json_object_get(j, "error"), "code"));
  assert_non_null(tst_js(json_object_get(j, "error"), "message"));
  json_decref(j);
}

/* ---- template round trip ------------------------------------------------ */

static void fill_tpl(int r, char c[NCOL][160])
{
  fill300(r, c);
  snprintf(c[0], 160, "模板回填事项%d", r + 1);
}

static struct fx_rows tpl_rows;

static void template_round_trip(void **state)
{
  const char *p = fx_path("template.xlsx"), *q = fx_path("filled.xlsx");
  char path[96], disp[400];
  struct tst_resp r;
  struct lx_err e;
  struct xlsx_read_info info;
  const char *filled_hdr[NCOL];
  json_t *j;
  int st;
  (void)state;
  snprintf(path, sizeof path, "/api/v1/ledger-types/%lld/import-template",
           (long long)ms_type);
  assert_int_equal(
      tst_call(srv.port, "GET", path, sup.cookie, sup.csrf, NULL, &r), 0);
  assert_int_equal(r.status, 200);
  assert_non_null(tst_header(&r, "Content-Disposition", disp, sizeof disp));
  /* 民生实事导入模板.xlsx, RFC 5987 */
  assert_non_null(strstr(disp, "filename*=UTF-8''%E6%B0%91%E7%94%9F%E5%AE%9E"
                               "%E4%BA%8B%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF"
                               ".xlsx"));
  assert_non_null(strstr(disp, "filename=\"import-template-MS.xlsx\""));
  fx_spit(p, r.body, r.body_len);
  tst_resp_free(&r);
  memset(&tpl_rows, 0, sizeof tpl_rows);
  assert_int_equal(
      xlsx_read_file(p, NULL, NULL, fx_collect, &tpl_rows, &info, &e), LX_OK);
  assert_int_equal(info.n_sheets, 2);
  assert_string_equal(info.sheet, "导入数据");
  assert_int_equal(tpl_rows.n, 1); /* the header only */
  assert_int_equal(tpl_rows.ncells[0], NCOL);
  for (int i = 0; i < NCOL; i++) {
    assert_string_equal(tpl_rows.text[0][i], hdr[i]);
    filled_hdr[i] = tpl_rows.text[0][i];
  }
  /* the second sheet explains the columns, options included */
  {
    struct fx_rows help = {0};
    int found = 0;
    assert_int_equal(
        xlsx_read_file(p, "填写说明", NULL, fx_collect, &help, NULL, &e),
        LX_OK);
    for (long i = 0; i < help.n && i < FX_ROWS; i++)
      if (help.text[i][0] && !strcmp(help.text[i][0], "类别") &&
          strstr(help.text[i][2], "就业、教育、医疗"))
        found = 1;
    assert_true(found);
    fx_rows_free(&help);
  }
  /* fill it (same header) and import */
  book(q, filled_hdr, NCOL, 3, fill_tpl);
  j = upload_file(&sup, q, 0, &st);
  assert_int_equal(st, 201);
  assert_int_equal(tst_ji(j, "created"), 3);
  json_decref(j);
  fx_rows_free(&tpl_rows);
}

/* ---- formulas and the export -------------------------------------------- */

static void fill_formula(int r, char c[NCOL][160])
{
  snprintf(c[0], 160, "%s", r == 0 ? "=SUM(A1:A2)" : "+公式样文字");
  snprintf(c[1], 160, "@cmd|' /C calc'!A0");
  snprintf(c[2], 160, "教育局");
  snprintf(c[5], 160, "2026-03-01");
  snprintf(c[6], 160, "#D46203");
  snprintf(c[8], 160, "#N12.5");
  snprintf(c[10], 160, "医疗");
  snprintf(c[11], 160, "#N4500");
}

struct found {
  int header, rows, formula_kind, date_kind, num_kind, due_col, title_col;
  char due[32], bene[32];
};

static int on_export_row(void *ctx, long row, const struct xlsx_cell *cells,
                         int n, struct lx_err *err)
{
  struct found *f = ctx;
  (void)err;
  if (row == 1) {
    for (int i = 0; i < n; i++) {
      if (!strcmp(cells[i].text, "截止日期"))
        f->due_col = i;
      if (!strcmp(cells[i].text, "标题"))
        f->title_col = i;
      if (!strcmp(cells[i].text, "受益人数"))
        f->header = i;
    }
    return LX_OK;
  }
  f->rows++;
  if (n > f->title_col && !strcmp(cells[f->title_col].text, "=SUM(A1:A2)"))
    f->formula_kind = cells[f->title_col].kind;
  if (n > f->due_col) {
    f->date_kind = cells[f->due_col].kind;
    snprintf(f->due, sizeof f->due, "%s", cells[f->due_col].text);
  }
  if (f->header && n > f->header) {
    f->num_kind = cells[f->header].kind;
    snprintf(f->bene, sizeof f->bene, "%s", cells[f->header].text);
  }
  return LX_OK;
}

static void formulas_and_export(void **state)
{
  const char *p = fx_path("formula.xlsx");
  char path[200], disp[400];
  struct tst_resp r;
  struct lx_err e;
  struct found f;
  json_t *j;
  int st;
  (void)state;
  book(p, hdr, NCOL, 2, fill_formula);
  j = upload_file(&sup, p, 0, &st);
  assert_int_equal(st, 201);
  json_decref(j);
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM ledger_item WHERE title = "
                      "'=SUM(A1:A2)' AND description = '@cmd|'' /C calc''!A0'"),
      "1");
  /* export the items led by 教育局 of type 民生实事 */
  snprintf(path, sizeof path,
           "/api/v1/items/export?type_id=%lld&lead_unit_id=%lld",
           (long long)ms_type, (long long)u_jy);
  assert_int_equal(
      tst_call(srv.port, "GET", path, sup.cookie, sup.csrf, NULL, &r), 0);
  assert_int_equal(r.status, 200);
  assert_non_null(tst_header(&r, "Content-Disposition", disp, sizeof disp));
  assert_non_null(strstr(disp, "filename*=UTF-8''"));
  memset(&f, 0, sizeof f);
  f.due_col = f.title_col = 999;
  assert_int_equal(xlsx_read_mem(r.body, r.body_len, NULL, NULL, on_export_row,
                                 &f, NULL, &e),
                   LX_OK);
  tst_resp_free(&r);
  assert_int_equal(f.rows, 2); /* exactly the filtered rows */
  assert_true(f.header > 0);
  assert_int_equal(f.formula_kind, XLSX_CELL_STRING);
  assert_int_equal(f.date_kind, XLSX_CELL_DATE);
  assert_string_equal(f.due, "46203");
  assert_int_equal(f.num_kind, XLSX_CELL_NUMBER);
  assert_string_equal(f.bene, "4500");
  /* audited with the row count and the filters */
  assert_non_null(strstr(tst_sql(srv.db, "SELECT detail FROM audit_log WHERE "
                                         "action = 'item.export' ORDER BY id "
                                         "DESC LIMIT 1"),
                         "导出台账事项 2 条"));
  assert_non_null(strstr(tst_sql(srv.db, "SELECT detail FROM audit_log WHERE "
                                         "action = 'item.export' ORDER BY id "
                                         "DESC LIMIT 1"),
                         "lead_unit_id="));
  /* the liaison of 民政局 exports only what it may read: none of these */
  snprintf(path, sizeof path, "/api/v1/items/export?lead_unit_id=%lld",
           (long long)u_jy);
  assert_int_equal(
      tst_call(srv.port, "GET", path, lia.cookie, lia.csrf, NULL, &r), 0);
  assert_int_equal(r.status, 200);
  memset(&f, 0, sizeof f);
  f.due_col = f.title_col = 999;
  assert_int_equal(xlsx_read_mem(r.body, r.body_len, NULL, NULL, on_export_row,
                                 &f, NULL, &e),
                   LX_OK);
  tst_resp_free(&r);
  assert_int_equal(f.rows, 0);
  /* bad filters are 400 like the list; members may not export */
  j = tst_j(srv.port, &sup, "GET", "/api/v1/items/export?state=bogus", &st,
            NULL);
  tst_expect_err(j, st, 400, "query.invalid", "state");
  j = tst_j(srv.port, &mem, "GET", "/api/v1/items/export", &st, NULL);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
}

/* ---- private fields in the export --------------------------------------- */

static const char *const hdr_sq[] = {"标题",     "牵头单位",       "配合单位",
                                     "截止日期", "诉求人联系方式", "答复"};

static void fill_sq(int r, char c[NCOL][160])
{
  (void)r;
  snprintf(c[0], 160, "路灯不亮");
  snprintf(c[1], 160, "教育局");
  snprintf(c[2], 160, "民政局");
  snprintf(c[3], 160, "2026-09-30");
  snprintf(c[4], 160, "13800001111");
  snprintf(c[5], 160, "已安排维修");
}

struct sheet {
  int n_rows;
  char head[32][64];
  char row1[32][64];
  int n_head;
};

static int on_sheet_row(void *ctx, long row, const struct xlsx_cell *cells,
                        int n, struct lx_err *err)
{
  struct sheet *sh = ctx;
  (void)err;
  for (int i = 0; i < n && i < 32; i++)
    snprintf(row == 1 ? sh->head[i] : sh->row1[i], 64, "%s", cells[i].text);
  if (row == 1)
    sh->n_head = n;
  else
    sh->n_rows++;
  return LX_OK;
}

static const char *cell_of(const struct sheet *sh, const char *col)
{
  for (int i = 0; i < sh->n_head && i < 32; i++)
    if (!strcmp(sh->head[i], col))
      return sh->row1[i];
  return NULL;
}

static void export_as(const struct tst_who *w, struct sheet *sh)
{
  char path[120];
  struct tst_resp r;
  struct lx_err e;
  snprintf(path, sizeof path, "/api/v1/items/export?type_id=%lld",
           (long long)sq_type);
  assert_int_equal(
      tst_call(srv.port, "GET", path, w->cookie, w->csrf, NULL, &r), 0);
  assert_int_equal(r.status, 200);
  memset(sh, 0, sizeof *sh);
  assert_int_equal(
      xlsx_read_mem(r.body, r.body_len, NULL, NULL, on_sheet_row, sh, NULL, &e),
      LX_OK);
  tst_resp_free(&r);
}

static void private_fields(void **state)
{
  const char *p = fx_path("sq.xlsx");
  struct sheet sh;
  json_t *j;
  int st;
  (void)state;
  book(p, hdr_sq, 6, 1, fill_sq);
  j = upload_typed(&sup, sq_type, p, 0, &st);
  assert_int_equal(st, 201);
  json_decref(j);
  /* 督查室 sees the requester's contact */
  export_as(&sup, &sh);
  assert_int_equal(sh.n_rows, 1);
  assert_string_equal(cell_of(&sh, "标题"), "路灯不亮");
  assert_string_equal(cell_of(&sh, "配合单位"), "民政局");
  assert_string_equal(cell_of(&sh, "诉求人联系方式"), "13800001111");
  assert_string_equal(cell_of(&sh, "答复"), "已安排维修");
  /* the co-unit's liaison sees the item but not the private field */
  export_as(&lia, &sh);
  assert_int_equal(sh.n_rows, 1);
  assert_string_equal(cell_of(&sh, "标题"), "路灯不亮");
  assert_string_equal(cell_of(&sh, "诉求人联系方式"), "");
  assert_string_equal(cell_of(&sh, "答复"), "已安排维修");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(template_round_trip),
      cmocka_unit_test(import_300),
      cmocka_unit_test(export_sorted),
      cmocka_unit_test(planted_errors),
      cmocka_unit_test(headers_and_refs),
      cmocka_unit_test(scope_and_leaders),
      cmocka_unit_test(formulas_and_export),
      cmocka_unit_test(private_fields),
      cmocka_unit_test(refusals),
      cmocka_unit_test(zip_bomb),
      cmocka_unit_test(too_big),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
