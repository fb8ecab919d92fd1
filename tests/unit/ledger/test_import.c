/*
 * test_import.c — domain/ledger/import.c without a database: the date forms
 * offices type (good and bad), priority names, header normalisation and
 * mapping (order, * marks, blanks, other names, unknown, repeated and
 * missing columns), row checks with every error collected in the form
 * 第12行「截止日期」不是有效日期, blank rows skipped, the row cap, and
 * formula-looking text kept verbatim.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "domain/ledger/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void dates(void **state)
{
  static const struct {
    const char *in, *out;
  } good[] = {
      {"2026-06-30", "2026-06-30"},    {"2026-6-30", "2026-06-30"},
      {"2026/6/30", "2026-06-30"},     {"2026.6.30", "2026-06-30"},
      {"2026年6月30日", "2026-06-30"}, {"20260630", "2026-06-30"},
      {"46203", "2026-06-30"},         {"46203.5", "2026-06-30"},
      {" 2026-06-30 ", "2026-06-30"},  {"２０２６－０６－３０", "2026-06-30"},
      {"2028-02-29", "2028-02-29"},    {"2026年1月1日", "2026-01-01"},
  };
  static const char *const bad[] = {
      "2026-02-30", "2026-13-01", "2026-00-10", "2026-6-31",   "2027-02-29",
      "2026年6月",  "六月三十日", "30/06/2026", "2026-06-30x", "",
      "abc",        "99999999",   "1",          "=TODAY()",
  };
  char out[16];
  (void)state;
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    if (!ledger_import_date(good[i].in, strlen(good[i].in), out))
      fail_msg("refused %s", good[i].in);
    assert_string_equal(out, good[i].out);
  }
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (ledger_import_date(bad[i], strlen(bad[i]), out))
      fail_msg("accepted %s as %s", bad[i], out);
}

static void priorities(void **state)
{
  (void)state;
  assert_string_equal(ledger_import_priority("一般", 6), "normal");
  assert_string_equal(ledger_import_priority(" 重要 ", 8), "high");
  assert_string_equal(ledger_import_priority("紧急", 6), "urgent");
  assert_string_equal(ledger_import_priority("urgent", 6), "urgent");
  assert_string_equal(ledger_import_priority("", 0), "normal");
  assert_null(ledger_import_priority("特急", 6));
  assert_null(ledger_import_priority("高", 3));
  assert_string_equal(ledger_import_priority_label("high"), "重要");
  assert_string_equal(ledger_import_priority_label("x"), "");
}

static void header_names(void **state)
{
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"标题*", "标题"},
      {"*标题", "标题"},
      {" 截止日期＊ ", "截止日期"},
      {"＊类别", "类别"},
      {"　牵头单位　", "牵头单位"},
      {"**", ""},
      {"指标目标值", "指标目标值"},
  };
  char out[64];
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ledger_import_header_name(cases[i].in, strlen(cases[i].in), out,
                              sizeof out);
    assert_string_equal(out, cases[i].out);
  }
}

/* ---- a type with two custom fields, checked without a database ---------- */

static const char *const cats[] = {"就业", "教育", "医疗"};
static struct ledger_field_rec fields[2];
static struct ledger_type type;

static void mk_type(void)
{
  memset(fields, 0, sizeof fields);
  fields[0].def = (struct ledger_field_def){
      "category", "类别", LEDGER_FIELD_SELECT, 1, 0, -1, 0, 0, 0, 0, cats, 3};
  fields[1].def = (struct ledger_field_def){"beneficiaries",
                                            "受益人数",
                                            LEDGER_FIELD_NUMBER,
                                            0,
                                            0,
                                            0,
                                            1,
                                            0,
                                            0,
                                            0,
                                            NULL,
                                            0};
  memset(&type, 0, sizeof type);
  type.id = 4;
  type.code = "MS";
  type.name = "民生实事";
  type.n_fields = 2;
  type.fields = fields;
}

static void feed(struct ledger_import *im, long row, const char *const *v,
                 int n)
{
  struct ledger_import_cell c[16];
  for (int i = 0; i < n; i++) {
    c[i].text = v[i];
    c[i].len = strlen(v[i]);
    c[i].is_date = 0;
    c[i].is_error = 0;
  }
  assert_int_equal(ledger_import_feed(im, row, c, n, NULL), LX_OK);
}

static int has(const struct ledger_import *im, long row, const char *col,
               const char *msg)
{
  for (int i = 0; i < im->n_kept_errors; i++)
    if (im->errors[i].row == row && !strcmp(im->errors[i].column, col) &&
        !strcmp(im->errors[i].message, msg))
      return 1;
  return 0;
}

static void dump(const struct ledger_import *im)
{
  for (int i = 0; i < im->n_kept_errors; i++)
    print_message("  %ld %s %s\n", im->errors[i].row, im->errors[i].column,
                  im->errors[i].message);
}

static void columns(void **state)
{
  struct arena *a = arena_new();
  struct ledger_import_column *cols;
  int n;
  (void)state;
  mk_type();
  ledger_import_columns(a, &type, &cols, &n);
  assert_int_equal(n, 12);
  assert_string_equal(cols[0].name, "标题");
  assert_true(cols[0].required);
  assert_string_equal(cols[6].name, "截止日期");
  assert_true(cols[6].is_date);
  assert_string_equal(cols[10].name, "类别");
  assert_true(cols[10].required);
  assert_non_null(strstr(cols[10].hint, "就业、教育、医疗"));
  assert_false(cols[11].required);
  assert_int_equal(ledger_import_column_find(cols, n, "受益人数"), 11);
  assert_int_equal(ledger_import_column_find(cols, n, "完成时限"), 6);
  assert_int_equal(ledger_import_column_find(cols, n, "事项名称"), 0);
  assert_int_equal(ledger_import_column_find(cols, n, "负责人"), -1);
  arena_free(a);
}

static void header_errors(void **state)
{
  static const char *const h[] = {"标题", "负责人", "标题", "", "牵头单位"};
  struct arena *a = arena_new();
  struct ledger_import im;
  (void)state;
  mk_type();
  assert_int_equal(ledger_import_init(&im, a, NULL, NULL, &type, NULL), LX_OK);
  feed(&im, 1, h, 5);
  if (im.n_errors != 4)
    dump(&im);
  assert_int_equal(im.n_errors, 4);
  assert_true(
      has(&im, 1, "负责人",
          "第1行「负责人」不是本类台账的列，请删除该列或按导入模板填写"));
  assert_true(has(&im, 1, "标题", "第1行「标题」列重复出现，请只保留一列"));
  assert_true(
      has(&im, 1, "截止日期",
          "第1行「截止日期」是必填列，表头中没有这一列（请使用导入模板）"));
  assert_true(has(&im, 1, "类别",
                  "第1行「类别」是必填列，表头中没有这一列（请使用导入模板）"));
  arena_free(a);
}

static void row_errors(void **state)
{
  /* any order, * marks, the other name of 截止日期 */
  static const char *const h[] = {"类别*",    "完成时限", "*标题",   "牵头单位",
                                  "受益人数", "优先级",   "开始日期"};
  static const char *const r2[] = {"就业", "2026-02-30", "=SUM(A1:A2)", "",
                                   "很多", "特急",       "2026-1-1"};
  static const char *const r3[] = {"娱乐",  "2026-01-01", "",          "",
                                   "1,200", "重要",       "2026-06-30"};
  static const char *const blank[] = {" ", "", "　"};
  struct arena *a = arena_new();
  struct ledger_import im;
  (void)state;
  mk_type();
  assert_int_equal(ledger_import_init(&im, a, NULL, NULL, &type, NULL), LX_OK);
  feed(&im, 1, h, 7);
  assert_int_equal(im.n_errors, 0);
  feed(&im, 2, r2, 7);
  feed(&im, 3, blank, 3); /* skipped */
  feed(&im, 12, r3, 7);
  assert_int_equal(ledger_import_finish(&im, NULL), LX_OK);
  if (im.n_errors != 8)
    dump(&im);
  assert_int_equal(im.n_rows, 2);
  assert_int_equal(im.n_valid, 0);
  assert_true(has(&im, 2, "截止日期", "第2行「截止日期」不是有效日期"));
  assert_true(has(&im, 2, "牵头单位", "第2行「牵头单位」为必填项"));
  assert_true(has(&im, 2, "受益人数", "第2行「受益人数」不是有效数字"));
  assert_true(
      has(&im, 2, "优先级", "第2行「优先级」只能是 一般、重要 或 紧急"));
  assert_true(has(&im, 12, "标题", "第12行「标题」为必填项"));
  assert_true(has(&im, 12, "类别", "第12行「类别」的值「娱乐」不在可选项中"));
  assert_true(has(&im, 12, "牵头单位", "第12行「牵头单位」为必填项"));
  assert_true(has(&im, 12, "截止日期", "第12行「截止日期」不能早于开始日期"));
  assert_int_equal(im.n_errors, 8);
  /* the normalised row: formula text verbatim, numbers plain */
  assert_string_equal(im.rows[0].in.title, "=SUM(A1:A2)");
  assert_string_equal(im.rows[0].in.start_date, "2026-01-01");
  assert_string_equal(im.rows[1].values[1], "1200");
  assert_string_equal(im.rows[1].in.priority, "high");
  arena_free(a);
}

static void file_errors(void **state)
{
  static const char *const h[] = {"标题", "截止日期", "牵头单位", "类别"};
  static const char *const r[] = {"事项", "2026-06-30", "", "就业"};
  struct arena *a = arena_new();
  struct ledger_import im;
  struct lx_err e;
  struct ledger_import_cell c[4];
  (void)state;
  mk_type();
  /* nothing at all */
  assert_int_equal(ledger_import_init(&im, a, NULL, NULL, &type, NULL), LX_OK);
  assert_int_equal(ledger_import_finish(&im, NULL), LX_OK);
  assert_int_equal(im.n_errors, 1);
  assert_int_equal(im.errors[0].row, 0);
  assert_non_null(strstr(im.errors[0].message, "第一行应为列名"));
  /* a header without data */
  assert_int_equal(ledger_import_init(&im, a, NULL, NULL, &type, NULL), LX_OK);
  feed(&im, 1, h, 4);
  assert_int_equal(ledger_import_finish(&im, NULL), LX_OK);
  assert_string_equal(im.errors[0].message, "文件中没有数据行");
  /* the row cap */
  assert_int_equal(ledger_import_init(&im, a, NULL, NULL, &type, NULL), LX_OK);
  feed(&im, 1, h, 4);
  for (int i = 0; i < 4; i++) {
    c[i].text = r[i];
    c[i].len = strlen(r[i]);
    c[i].is_date = 0;
    c[i].is_error = 0;
  }
  for (long k = 0; k < LEDGER_IMPORT_MAX_ROWS; k++)
    assert_int_equal(ledger_import_feed(&im, k + 2, c, 4, &e), LX_OK);
  assert_int_equal(
      ledger_import_feed(&im, LEDGER_IMPORT_MAX_ROWS + 2, c, 4, &e), LX_EINVAL);
  assert_string_equal(e.code, "import.too_many_rows");
  assert_string_equal(e.message, "文件超过 5000 行数据，请分批导入");
  /* errors are all counted, the first 2,000 kept */
  assert_int_equal(im.n_errors, LEDGER_IMPORT_MAX_ROWS);
  assert_int_equal(im.n_kept_errors, LEDGER_IMPORT_MAX_ERRORS);
  arena_free(a);
}

/* A formula's error value (#N/A) is refused in its column; a date cell in
 * a text column becomes the date's text. */
static void odd_cells(void **state)
{
  static const char *const h[] = {"标题", "截止日期", "牵头单位", "类别",
                                  "描述"};
  struct ledger_import_cell c[5] = {{"#N/A", 4, 0, 1},
                                    {"46203", 5, 1, 0},
                                    {"", 0, 0, 0},
                                    {"就业", 6, 0, 0},
                                    {"46204", 5, 1, 0}};
  struct arena *a = arena_new();
  struct ledger_import im;
  (void)state;
  mk_type();
  assert_int_equal(ledger_import_init(&im, a, NULL, NULL, &type, NULL), LX_OK);
  feed(&im, 1, h, 5);
  assert_int_equal(ledger_import_feed(&im, 2, c, 5, NULL), LX_OK);
  if (im.n_errors != 2)
    dump(&im);
  assert_int_equal(im.n_errors, 2);
  assert_true(has(&im, 2, "标题",
                  "第2行「标题」是公式的错误值（#N/A），请改为实际内容"));
  assert_true(has(&im, 2, "牵头单位", "第2行「牵头单位」为必填项"));
  assert_string_equal(im.rows[0].in.due_date, "2026-06-30");
  assert_string_equal(im.rows[0].in.description, "2026-07-01");
  arena_free(a);
}

static void error_format(void **state)
{
  struct arena *a = arena_new();
  struct ledger_import im;
  (void)state;
  mk_type();
  assert_int_equal(ledger_import_init(&im, a, NULL, NULL, &type, NULL), LX_OK);
  ledger_import_error_add(&im, 12, "截止日期", "不是有效日期");
  ledger_import_error_add(&im, 7, "", "C 列有内容但没有列名");
  ledger_import_error_add(&im, 0, "", "文件中没有数据行");
  assert_string_equal(im.errors[0].message, "第12行「截止日期」不是有效日期");
  assert_string_equal(im.errors[1].message, "第7行C 列有内容但没有列名");
  assert_string_equal(im.errors[2].message, "文件中没有数据行");
  arena_free(a);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(dates),         cmocka_unit_test(priorities),
      cmocka_unit_test(header_names),  cmocka_unit_test(columns),
      cmocka_unit_test(header_errors), cmocka_unit_test(row_errors),
      cmocka_unit_test(file_errors),   cmocka_unit_test(odd_cells),
      cmocka_unit_test(error_format),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
