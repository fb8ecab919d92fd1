/*
 * test_xlsx_read.c — io/xlsx_read.c on good workbooks, generated here:
 * libxlsxwriter files (shared strings, and inline strings in constant
 * memory mode) with text, numbers, dates in several formats, percents,
 * booleans, formula cells and formula-looking text, Chinese; hidden and
 * named sheets; a hand-made workbook with the quirks of WPS and
 * LibreOffice files (namespace prefixes, absolute and ".." targets, rich
 * text, phonetic runs, _xHHHH_ escapes, the 1904 date system, custom
 * formats, no r attributes); a 300-row template; the values handed on to
 * domain/ledger/fields.c; and a callback that stops the read.
 * The malicious files are in test_xlsx_attack.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "xlsx_fixture.h"

#include "base/sb.h"
#include "domain/ledger/fields.h"

#include <xlsxwriter.h>

#define S XLSX_CELL_STRING
#define N XLSX_CELL_NUMBER
#define B XLSX_CELL_BOOL
#define D XLSX_CELL_DATE
#define P XLSX_CELL_PERCENT
#define E XLSX_CELL_ERROR
#define Z XLSX_CELL_EMPTY

static void cell_is(const struct fx_rows *r, int row, int col,
                    enum xlsx_cell_kind kind, const char *text)
{
  if (row >= r->n || col >= r->ncells[row])
    fail_msg("row %d col %d missing", row, col);
  if (strcmp(r->text[row][col], text) || r->kind[row][col] != kind)
    fail_msg("row %d col %d: got「%s」kind %d, want「%s」kind %d", row, col,
             r->text[row][col], r->kind[row][col], text, kind);
}

/* Writes the sample sheet used by the libxlsxwriter tests. */
static void sample(const char *path, int constant_memory)
{
  lxw_workbook_options o = {.constant_memory = (uint8_t)constant_memory,
                            .tmpdir = fx_dir};
  lxw_workbook *wb = workbook_new_opt(path, &o);
  lxw_worksheet *ws = workbook_add_worksheet(wb, "台账");
  lxw_format *f_date = workbook_add_format(wb);
  lxw_format *f_cn = workbook_add_format(wb);
  lxw_format *f_pct = workbook_add_format(wb);
  lxw_format *f_money = workbook_add_format(wb);
  lxw_format *f_14 = workbook_add_format(wb);
  lxw_datetime d1 = {2026, 6, 30, 0, 0, 0}, d2 = {2026, 10, 1, 0, 0, 0},
               d3 = {2026, 12, 31, 12, 0, 0};
  static const char *const head[] = {"事项名称",       "截止日期", "完成率",
                                     "总投资（万元）", "备注",     "完成",
                                     "下达日期"};
  format_set_num_format(f_date, "yyyy-mm-dd");
  format_set_num_format(f_cn, "yyyy\"年\"m\"月\"d\"日\"");
  format_set_num_format(f_pct, "0%");
  format_set_num_format(f_money, "#,##0.00");
  format_set_num_format_index(f_14, 14);
  for (int c = 0; c < 7; c++)
    worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
  worksheet_write_string(ws, 1, 0, "老旧小区改造", NULL);
  worksheet_write_datetime(ws, 1, 1, &d1, f_date);
  worksheet_write_number(ws, 1, 2, 0.85, f_pct);
  worksheet_write_number(ws, 1, 3, 1234.5, f_money);
  worksheet_write_string(ws, 1, 4, "=SUM(A1:A3)", NULL);
  worksheet_write_boolean(ws, 1, 5, 1, NULL);
  worksheet_write_datetime(ws, 1, 6, &d2, f_cn);
  worksheet_write_string(ws, 2, 0, "  前后空格  ", NULL);
  worksheet_write_datetime(ws, 2, 1, &d3, f_14);
  worksheet_write_number(ws, 2, 2, 1, f_pct);
  worksheet_write_number(ws, 2, 3, -0.5, NULL);
  worksheet_write_string(ws, 2, 4, "+1-2", NULL);
  worksheet_write_boolean(ws, 2, 5, 0, NULL);
  worksheet_write_string(ws, 2, 6, "第一行\n第二行", NULL);
  worksheet_write_blank(ws, 3, 0, f_date); /* styled but empty: skipped */
  worksheet_write_string(ws, 4, 0, "@x", NULL);
  worksheet_write_string(ws, 4, 3, "-5", NULL);
  worksheet_write_number(ws, 4, 5, 42, NULL);
  worksheet_write_formula_num(ws, 5, 0, "=1+1", NULL, 2);
  worksheet_write_formula_str(ws, 5, 1, "=A1&\"x\"", NULL, "事项名称x");
  assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void check_sample(const struct fx_rows *r)
{
  assert_int_equal(r->n, 5);
  assert_int_equal(r->rownum[0], 1);
  assert_int_equal(r->rownum[1], 2);
  assert_int_equal(r->rownum[2], 3);
  assert_int_equal(r->rownum[3], 5); /* row 4 was empty */
  assert_int_equal(r->rownum[4], 6);
  cell_is(r, 0, 0, S, "事项名称");
  cell_is(r, 0, 6, S, "下达日期");
  assert_int_equal(r->ncells[0], 7);
  cell_is(r, 1, 0, S, "老旧小区改造");
  cell_is(r, 1, 1, D, "46203"); /* 2026-06-30 */
  cell_is(r, 1, 2, P, "85%");
  cell_is(r, 1, 3, N, "1234.5");
  cell_is(r, 1, 4, S, "=SUM(A1:A3)");
  cell_is(r, 1, 5, B, "TRUE");
  cell_is(r, 1, 6, D, "46296"); /* 2026-10-01 */
  cell_is(r, 2, 0, S, "  前后空格  ");
  cell_is(r, 2, 1, D, "46387.5"); /* 2026-12-31 12:00 */
  cell_is(r, 2, 2, P, "100%");
  cell_is(r, 2, 3, N, "-0.5");
  cell_is(r, 2, 4, S, "+1-2");
  cell_is(r, 2, 5, B, "FALSE");
  cell_is(r, 2, 6, S, "第一行\n第二行");
  assert_int_equal(r->ncells[3], 6);
  cell_is(r, 3, 0, S, "@x");
  cell_is(r, 3, 1, Z, "");
  cell_is(r, 3, 2, Z, "");
  cell_is(r, 3, 3, S, "-5");
  cell_is(r, 3, 4, Z, "");
  cell_is(r, 3, 5, N, "42");
  cell_is(r, 4, 0, N, "2"); /* the cached result, not the formula */
  cell_is(r, 4, 1, S, "事项名称x");
}

static void test_excel_shared_strings(void **state)
{
  const char *path = fx_path("shared.xlsx");
  struct fx_rows r = {0};
  struct xlsx_read_info info;
  struct lx_err e;
  (void)state;
  sample(path, 0);
  assert_int_equal(fx_read(path, NULL, NULL, &r, &info, &e), LX_OK);
  check_sample(&r);
  assert_string_equal(info.sheet, "台账");
  assert_int_equal(info.n_sheets, 1);
  assert_int_equal(info.n_rows, 5);
  assert_true(info.n_shared > 10);
  assert_int_equal(info.date1904, 0);
  fx_rows_free(&r);
}

static void test_inline_strings(void **state)
{
  const char *path = fx_path("inline.xlsx");
  struct fx_rows r = {0};
  struct xlsx_read_info info;
  struct lx_err e;
  (void)state;
  sample(path, 1);
  assert_int_equal(fx_read(path, NULL, NULL, &r, &info, &e), LX_OK);
  check_sample(&r);
  assert_int_equal(info.n_shared, 0); /* constant memory writes inlineStr */
  fx_rows_free(&r);
}

static void test_read_mem_and_fields(void **state)
{
  const char *path = fx_path("shared.xlsx");
  static const struct ledger_field_def due = {
      "due_date", "截止日期", LEDGER_FIELD_DATE, 1, 0, -1};
  static const struct ledger_field_def rate = {
      "rate", "完成率", LEDGER_FIELD_PERCENT, 0, 0, -1};
  static const struct ledger_field_def memo = {
      "memo", "备注", LEDGER_FIELD_TEXT, 0, 0, -1};
  struct fx_rows r = {0};
  struct lx_err e;
  char buf[64];
  struct sb out;
  size_t len;
  char *data;
  (void)state;
  sample(path, 0);
  data = fx_slurp(path, &len);
  assert_int_equal(
      xlsx_read_mem(data, len, "台账", NULL, fx_collect, &r, NULL, &e), LX_OK);
  free(data);
  check_sample(&r);
  /* cells go on to the field rules as text */
  sb_init(&out, NULL, buf, sizeof buf, sizeof buf - 1);
  assert_int_equal(
      ledger_field_validate(&due, r.text[1][1], strlen(r.text[1][1]), &out, &e),
      LX_OK);
  assert_string_equal(out.buf, "2026-06-30");
  assert_int_equal(
      ledger_field_validate(&due, r.text[1][6], strlen(r.text[1][6]), &out, &e),
      LX_OK);
  assert_string_equal(out.buf, "2026-10-01");
  assert_int_equal(
      ledger_field_validate(&due, r.text[2][1], strlen(r.text[2][1]), &out, &e),
      LX_OK);
  assert_string_equal(out.buf, "2026-12-31");
  assert_int_equal(ledger_field_validate(&rate, r.text[1][2],
                                         strlen(r.text[1][2]), &out, &e),
                   LX_OK);
  assert_string_equal(out.buf, "85");
  assert_int_equal(ledger_field_validate(&memo, r.text[1][4],
                                         strlen(r.text[1][4]), &out, &e),
                   LX_OK);
  assert_string_equal(out.buf, "=SUM(A1:A3)"); /* still text */
  assert_int_equal(
      ledger_field_validate(&due, r.text[1][0], strlen(r.text[1][0]), &out, &e),
      LX_EINVAL);
  assert_string_equal(e.message, "「截止日期」不是有效日期");
  fx_rows_free(&r);
}

static void test_sheets(void **state)
{
  const char *path = fx_path("sheets.xlsx");
  lxw_workbook *wb = workbook_new(path);
  lxw_worksheet *a = workbook_add_worksheet(wb, "说明");
  lxw_worksheet *b = workbook_add_worksheet(wb, "数据");
  struct fx_rows r = {0};
  struct xlsx_read_info info;
  struct lx_err e;
  (void)state;
  worksheet_write_string(a, 0, 0, "填表说明", NULL);
  worksheet_write_string(b, 0, 0, "事项名称", NULL);
  worksheet_activate(b);
  worksheet_hide(a);
  assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
  assert_int_equal(fx_read(path, NULL, NULL, &r, &info, &e), LX_OK);
  assert_string_equal(info.sheet, "数据"); /* first visible */
  assert_int_equal(info.n_sheets, 2);
  cell_is(&r, 0, 0, S, "事项名称");
  fx_rows_free(&r);
  assert_int_equal(fx_read(path, "说明", NULL, &r, &info, &e), LX_OK);
  assert_string_equal(info.sheet, "说明");
  cell_is(&r, 0, 0, S, "填表说明");
  fx_rows_free(&r);
  assert_int_equal(fx_read(path, "不存在", NULL, &r, &info, &e), LX_ENOTFOUND);
  assert_string_equal(e.code, "xlsx.no_sheet");
  assert_string_equal(e.message, "文件中找不到工作表「不存在」");
  fx_rows_free(&r);
}

/* The shapes WPS, LibreOffice and other writers use. */
static const char q_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"" NS_PKG
    "\"><Relationship Id=\"rId1\" Type=\"" NS_REL
    "/officeDocument\" Target=\"/xl/workbook.xml\"/></Relationships>";
static const char q_wb[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<x:workbook xmlns:x=\"" NS_MAIN "\" xmlns:rel=\"" NS_REL "\">"
    "<x:workbookPr date1904=\"1\"/><x:sheets>"
    "<x:sheet name=\"S\" sheetId=\"1\" rel:id=\"rId7\"/></x:sheets>"
    "</x:workbook>";
static const char q_wb_rels[] =
    "<Relationships xmlns=\"" NS_PKG "\">"
    "<Relationship Id=\"rId9\" Type=\"" NS_REL "/hyperlink\" "
    "Target=\"http://example.com/\" TargetMode=\"External\"/>"
    "<Relationship Id=\"rId7\" Type=\"" NS_REL "/worksheet\" "
    "Target=\"/xl/worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" NS_REL "/sharedStrings\" "
    "Target=\"../xl/sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" NS_REL "/styles\" "
    "Target=\"./styles.xml\"/></Relationships>";
static const char q_styles[] =
    "<styleSheet xmlns=\"" NS_MAIN "\"><numFmts count=\"4\">"
    "<numFmt numFmtId=\"176\" "
    "formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@\"/>"
    "<numFmt numFmtId=\"177\" formatCode=\"[$-F800]dddd, mmmm dd, yyyy\"/>"
    "<numFmt numFmtId=\"178\" formatCode=\"0.0%\"/>"
    "<numFmt numFmtId=\"179\" "
    "formatCode=\"#,##0.00_);[Red]\\(#,##0.00\\) &quot;d&quot;\"/>"
    "</numFmts><cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"176\"/>"
    "<xf numFmtId=\"177\"/><xf numFmtId=\"178\"/><xf numFmtId=\"179\"/>"
    "<xf numFmtId=\"14\"/></cellXfs></styleSheet>";
static const char q_sst[] =
    "<sst xmlns=\"" NS_MAIN "\">"
    "<si><r><rPr><b/></rPr><t>富</t></r><r><t xml:space=\"preserve\">文本 "
    "</t></r></si>"
    "<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh></si>"
    "<si><t>第一行_x000D_\n第二行_x005F_x000D_&lt;&amp;&gt;</t></si>"
    "</sst>";
static const char q_sheet[] =
    "<x:worksheet xmlns:x=\"" NS_MAIN "\"><x:sheetData>"
    "<x:row><x:c t=\"s\"><x:v>0</x:v></x:c><x:c t=\"s\"><x:v>1</x:v></x:c>"
    "<x:c t=\"s\"><x:v>2</x:v></x:c></x:row>"
    "<x:row><x:c s=\"1\"><x:v>44741</x:v></x:c><x:c s=\"2\"><x:v>44741</x:v>"
    "</x:c><x:c s=\"3\"><x:v>0.123</x:v></x:c><x:c s=\"4\"><x:v>1234.5</x:v>"
    "</x:c><x:c s=\"5\"><x:v>45000</x:v></x:c><x:c s=\"99\"><x:v>7</x:v></x:c>"
    "</x:row>"
    "<x:row r=\"10\"><x:c r=\"A10\" t=\"str\"><x:f>A1&amp;B1</x:f>"
    "<x:v>合并</x:v></x:c><x:c r=\"C10\" t=\"e\"><x:v>#N/A</x:v></x:c>"
    "<x:c r=\"D10\" t=\"b\"><x:v>0</x:v></x:c>"
    "<x:c r=\"E10\" t=\"d\"><x:v>2026-06-30T00:00:00</x:v></x:c>"
    "<x:c r=\"F10\" t=\"inlineStr\"><x:is><x:r><x:t>内</x:t></x:r>"
    "<x:r><x:t>联</x:t></x:r><x:rPh><x:t>ナイ</x:t></x:rPh></x:is></x:c>"
    "</x:row>"
    "<x:row r=\"11\"><x:c r=\"A11\" s=\"1\"/><x:c r=\"B11\" t=\"s\"/></x:row>"
    "<x:row r=\"12\"><x:c r=\"XFD12\" s=\"1\"/></x:row>"
    "<x:row r=\"1048576\"><x:c r=\"B1048576\"><x:v>1</x:v></x:c></x:row>"
    "</x:sheetData><x:mergeCells count=\"1\"><x:mergeCell ref=\"A1:C1\"/>"
    "</x:mergeCells></x:worksheet>";

static void test_wps_libreoffice_shapes(void **state)
{
  const char *path = fx_path("quirks.xlsx");
  struct fx_part p[] = {
      {"[Content_Types].xml", fx_ctypes, 0},
      {"_rels/.rels", q_rels, 0},
      {"xl/workbook.xml", q_wb, 0},
      {"xl/_rels/workbook.xml.rels", q_wb_rels, 0},
      {"xl/worksheets/sheet1.xml", q_sheet, 0},
      {"xl/sharedStrings.xml", q_sst, 0},
      {"xl/styles.xml", q_styles, 0},
      {"docProps/custom.xml", "<Properties/>", 0},
  };
  struct fx_rows r = {0};
  struct xlsx_read_info info;
  struct lx_err e;
  (void)state;
  fx_zip(path, p, (int)LX_COUNT(p));
  if (fx_read(path, NULL, NULL, &r, &info, &e) != LX_OK)
    fail_msg("%s: %s", e.code, e.message);
  assert_int_equal(info.date1904, 1);
  assert_int_equal(info.n_shared, 3);
  assert_int_equal(r.n, 4);
  cell_is(&r, 0, 0, S, "富文本 ");
  cell_is(&r, 0, 1, S, "東京");
  cell_is(&r, 0, 2, S, "第一行\r\n第二行_x000D_<&>");
  assert_int_equal(r.rownum[1], 2);
  cell_is(&r, 1, 0, D, "46203"); /* 1904 serial 44741 → 1900 system */
  cell_is(&r, 1, 1, D, "46203");
  cell_is(&r, 1, 2, P, "12.3%");
  cell_is(&r, 1, 3, N, "1234.5");
  cell_is(&r, 1, 4, D, "46462");
  cell_is(&r, 1, 5, N, "7"); /* style index out of range: general */
  assert_int_equal(r.rownum[2], 10);
  cell_is(&r, 2, 0, S, "合并");
  cell_is(&r, 2, 1, Z, "");
  cell_is(&r, 2, 2, E, "#N/A");
  cell_is(&r, 2, 3, B, "FALSE");
  cell_is(&r, 2, 4, S, "2026-06-30T00:00:00");
  cell_is(&r, 2, 5, S, "内联");
  assert_int_equal(r.rownum[3], 1048576);
  cell_is(&r, 3, 1, N, "1");
  fx_rows_free(&r);
}

static void test_template_300_rows(void **state)
{
  const char *path = fx_path("t300.xlsx");
  lxw_workbook *wb = workbook_new(path);
  lxw_worksheet *ws = workbook_add_worksheet(wb, "民生实事");
  lxw_format *f_date = workbook_add_format(wb);
  struct fx_rows r = {0};
  struct xlsx_read_info info;
  struct lx_err e;
  char title[64];
  int64_t t0;
  (void)state;
  format_set_num_format(f_date, "yyyy/m/d");
  worksheet_write_string(ws, 0, 0, "事项名称", NULL);
  worksheet_write_string(ws, 0, 1, "牵头单位", NULL);
  worksheet_write_string(ws, 0, 2, "截止日期", NULL);
  worksheet_write_string(ws, 0, 3, "总投资（万元）", NULL);
  for (int i = 1; i <= 300; i++) {
    lxw_datetime d = {2026, 1 + i % 12, 1 + i % 28, 0, 0, 0};
    snprintf(title, sizeof title, "第%d号民生实事：社区养老服务站建设", i);
    worksheet_write_string(ws, (lxw_row_t)i, 0, title, NULL);
    worksheet_write_string(ws, (lxw_row_t)i, 1, i % 2 ? "区民政局" : "区卫健委",
                           NULL);
    worksheet_write_datetime(ws, (lxw_row_t)i, 2, &d, f_date);
    worksheet_write_number(ws, (lxw_row_t)i, 3, i * 10.5, NULL);
  }
  assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
  t0 = time_mono_us();
  assert_int_equal(fx_read(path, NULL, NULL, &r, &info, &e), LX_OK);
  print_message("300-row template read in %.2f ms\n",
                (double)(time_mono_us() - t0) / 1000);
  assert_int_equal(r.n, 301);
  assert_int_equal(r.last_row, 301);
  cell_is(&r, 1, 0, S, "第1号民生实事：社区养老服务站建设");
  cell_is(&r, 1, 1, S, "区民政局");
  cell_is(&r, 1, 2, D, "46055"); /* 2026-02-02 */
  cell_is(&r, 1, 3, N, "10.5");
  fx_rows_free(&r);
}

static void test_callback_stops(void **state)
{
  const char *path = fx_path("shared.xlsx");
  struct fx_rows r = {0};
  struct xlsx_read_info info;
  struct lx_err e;
  (void)state;
  sample(path, 0);
  r.stop_at = 3;
  assert_int_equal(fx_read(path, NULL, NULL, &r, &info, &e), LX_EINVAL);
  assert_string_equal(e.code, "test.stop");
  assert_string_equal(e.message, "第3行「截止日期」无效");
  assert_int_equal(r.n, 2);
  assert_int_equal(info.n_rows, 3);
  fx_rows_free(&r);
}

/* Files saved by other programs (tests/fixtures/xlsx/README.md). */
static void test_real_producers(void **state)
{
  static const char *const files[] = {"tests/fixtures/xlsx/openpyxl.xlsx",
                                      "tests/fixtures/xlsx/libreoffice.xlsx"};
  struct fx_rows r = {0};
  struct xlsx_read_info info;
  struct lx_err e;
  (void)state;
  for (size_t i = 0; i < LX_COUNT(files); i++) {
    if (fx_read(files[i], NULL, NULL, &r, &info, &e) != LX_OK)
      fail_msg("%s: %s %s (run from the repository root)", files[i], e.code,
               e.message);
    assert_string_equal(info.sheet, "台账");
    assert_int_equal(r.n, 3);
    cell_is(&r, 0, 3, S, "总投资（万元）");
    cell_is(&r, 1, 0, S, "老旧小区改造");
    cell_is(&r, 1, 1, D, "46203");
    cell_is(&r, 1, 2, P, "85%");
    cell_is(&r, 1, 3, N, "1234.5");
    cell_is(&r, 1, 4, S, "=SUM(A1:A3)");
    cell_is(&r, 2, 0, S, "第一行\n第二行");
    assert_int_equal(r.kind[2][1], D);
    assert_true(strncmp(r.text[2][1], "46296.354166666", 15) == 0);
    cell_is(&r, 2, 2, Z, "");
    cell_is(&r, 2, 3, N, "-5");
    cell_is(&r, 2, 4, B, "TRUE");
    fx_rows_free(&r);
  }
  assert_int_equal(fx_read("tests/fixtures/xlsx/libreoffice_csv.xlsx", NULL,
                           NULL, &r, &info, &e),
                   LX_OK);
  assert_int_equal(r.n, 3);
  cell_is(&r, 1, 1, D, "46203");
  cell_is(&r, 1, 2, P, "85%");
  cell_is(&r, 1, 3, N, "1234.5");
  cell_is(&r, 2, 0, N, "0"); /* LibreOffice made it a formula: its value */
  cell_is(&r, 2, 1, S, "2026/10/1");
  cell_is(&r, 2, 2, P, "12.5%");
  fx_rows_free(&r);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_excel_shared_strings),
      cmocka_unit_test(test_inline_strings),
      cmocka_unit_test(test_read_mem_and_fields),
      cmocka_unit_test(test_sheets),
      cmocka_unit_test(test_wps_libreoffice_shapes),
      cmocka_unit_test(test_template_300_rows),
      cmocka_unit_test(test_callback_stops),
      cmocka_unit_test(test_real_producers),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
