/*
 * test_fields.c — domain/ledger/fields.c: values of every field type given
 * as text the way JSON and Excel cells bring them (Chinese date forms,
 * Excel serials, full-width digits, thousands separators, 万元/亿元,
 * percent signs, Excel's 17-digit floats, formula-looking text) to their
 * normalised form or to the Chinese error naming the field; and the
 * checks on admin-made definitions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/sb.h"
#include "domain/ledger/fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const cats[] = {"就业", "教育", "医疗", "社保", "养老"};

static const struct ledger_field_def
    f_text = {"title", "事项名称", LEDGER_FIELD_TEXT, 1, 0, -1},
    f_short = {"memo", "备注", LEDGER_FIELD_TEXT, 0, 5, -1},
    f_long = {"desc", "事项描述", LEDGER_FIELD_LONGTEXT, 0, 0, -1},
    f_num = {"people", "受益人数", LEDGER_FIELD_NUMBER, 0, 0, 0, 1, 0, 0},
    f_real = {"ratio", "系数", LEDGER_FIELD_NUMBER, 0, 0, -1},
    f_money = {"invest", "总投资", LEDGER_FIELD_MONEY, 0, 0, -1},
    f_pct = {"rate", "完成率", LEDGER_FIELD_PERCENT, 0, 0, -1},
    f_pct2 = {"growth", "增长率", LEDGER_FIELD_PERCENT, 0, 0, 1, 1, 1,
              -50,      300},
    f_date = {"due_date", "截止日期", LEDGER_FIELD_DATE, 1, 0, -1},
    f_sel = {"category", "类别", LEDGER_FIELD_SELECT, 0, 0, -1, 0, 0, 0, 0,
             cats,       5},
    f_multi = {"cats", "涉及领域", LEDGER_FIELD_MULTI, 1, 0, -1, 0, 0, 0, 0,
               cats,   5},
    f_person = {"owner", "责任人", LEDGER_FIELD_PERSON, 0, 0, -1},
    f_unit = {"lead_unit", "牵头单位", LEDGER_FIELD_UNIT, 1, 0, -1};

struct vcase {
  const struct ledger_field_def *f;
  const char *in, *want; /* want NULL: error */
  const char *code, *msg;
};

static void run(const struct vcase *v, size_t n)
{
  char buf[256];
  struct sb out;
  struct lx_err e;
  sb_init(&out, NULL, buf, sizeof buf, 64 * 1024);
  for (size_t i = 0; i < n; i++) {
    int rc;
    err_clear(&e);
    rc = ledger_field_validate(v[i].f, v[i].in, v[i].in ? strlen(v[i].in) : 0,
                               &out, &e);
    if (v[i].want) {
      if (rc != LX_OK)
        fail_msg("%s「%s」: rc %d %s", v[i].f->key, v[i].in, rc, e.message);
      if (strcmp(out.buf, v[i].want))
        fail_msg("%s「%s」: got「%s」want「%s」", v[i].f->key, v[i].in, out.buf,
                 v[i].want);
    } else {
      if (rc != LX_EINVAL)
        fail_msg("%s「%s」: rc %d (out「%s」), want EINVAL", v[i].f->key,
                 v[i].in, rc, out.buf);
      assert_string_equal(out.buf, "");
      assert_string_equal(e.field, v[i].f->key);
      if (v[i].code && strcmp(e.code, v[i].code))
        fail_msg("%s「%s」: code %s want %s", v[i].f->key, v[i].in, e.code,
                 v[i].code);
      if (v[i].msg && strcmp(e.message, v[i].msg))
        fail_msg("%s「%s」: message「%s」want「%s」", v[i].f->key, v[i].in,
                 e.message, v[i].msg);
    }
  }
  sb_reset(&out);
}

static void test_text(void **state)
{
  static const struct vcase v[] = {
      {&f_text, "  老旧小区改造　", "老旧小区改造"},
      {&f_text, "=HYPERLINK(\"http://x\",\"点我\")",
       "=HYPERLINK(\"http://x\",\"点我\")"},
      {&f_text, "+1-2", "+1-2"},
      {&f_text, "-5", "-5"},
      {&f_text, "@SUM(A1:A3)", "@SUM(A1:A3)"},
      {&f_text, "第一行\r\n第二行\t末", "第一行 第二行 末"},
      {&f_text, "", NULL, "ledger.field_required", "「事项名称」为必填项"},
      {&f_text, NULL, NULL, "ledger.field_required", "「事项名称」为必填项"},
      {&f_text, " \u3000\t", NULL, "ledger.field_required", NULL},
      {&f_text,
       "a\x01"
       "b",
       NULL, "ledger.field_bad_text", "「事项名称」包含控制字符"},
      {&f_text, "a\x7f", NULL, "ledger.field_bad_text", NULL},
      {&f_text, "\xe4\xb8", NULL, "ledger.field_bad_text",
       "「事项名称」包含无效字符"},
      {&f_short, "一二三四五", "一二三四五"},
      {&f_short, "一二三四五六", NULL, "ledger.field_too_long",
       "「备注」不能超过5个字"},
      {&f_short, "", ""},
      {&f_long, "第一段\r\n第二段\r第三段\n\t缩进",
       "第一段\n第二段\n第三段\n\t缩进"},
      {&f_person, " 张伟 ", "张伟"},
      {&f_person, "", ""},
      {&f_unit, "区住建局", "区住建局"},
      {&f_unit, "", NULL, "ledger.field_required", "「牵头单位」为必填项"},
  };
  (void)state;
  run(v, LX_COUNT(v));
}

static void test_text_limits(void **state)
{
  static char s200[3 * 201 + 1];
  struct ledger_field_def big = {
      "k", "长", LEDGER_FIELD_LONGTEXT, 0, LEDGER_FIELD_MAX_CHARS, -1};
  char *huge;
  struct sb out;
  struct lx_err e;
  (void)state;
  for (int i = 0; i < 201; i++)
    memcpy(s200 + 3 * i, "字", 3);
  sb_init(&out, NULL, NULL, 0, 1024 * 1024);
  assert_int_equal(ledger_field_validate(&f_text, s200, 3 * 200, &out, &e),
                   LX_OK);
  assert_int_equal(out.len, 600);
  assert_int_equal(ledger_field_validate(&f_text, s200, 3 * 201, &out, &e),
                   LX_EINVAL);
  assert_string_equal(e.message, "「事项名称」不能超过200个字");
  huge = malloc(LEDGER_FIELD_MAX_CHARS + 2);
  memset(huge, 'a', LEDGER_FIELD_MAX_CHARS + 1);
  assert_int_equal(
      ledger_field_validate(&big, huge, LEDGER_FIELD_MAX_CHARS, &out, &e),
      LX_OK);
  assert_int_equal(
      ledger_field_validate(&big, huge, LEDGER_FIELD_MAX_CHARS + 1, &out, &e),
      LX_EINVAL);
  sb_reset(&out);
  /* an output buffer too small is LX_ETOOBIG, not a truncated value */
  sb_init(&out, NULL, NULL, 0, 100);
  assert_int_equal(ledger_field_validate(&big, huge, 200, &out, &e),
                   LX_ETOOBIG);
  free(huge);
  sb_reset(&out);
}

static void test_numbers(void **state)
{
  static const struct vcase v[] = {
      {&f_num, "1200", "1200"},
      {&f_num, "1,200", "1200"},
      {&f_num, "1,234,567", "1234567"},
      {&f_num, "１２００", "1200"},
      {&f_num, "１，２００", "1200"},
      {&f_num, " 0042 ", "42"},
      {&f_num, "+7", "7"},
      {&f_num, "0", "0"},
      {&f_num, "-0", "0"},
      {&f_num, "1.5E+3", "1500"},
      {&f_num, "1200.0", "1200"},
      {&f_num, "-3", NULL, "ledger.field_out_of_range",
       "「受益人数」不能小于0"},
      {&f_num, "12.5", NULL, "ledger.field_decimals", "「受益人数」必须是整数"},
      {&f_num, "12,00", NULL, "ledger.field_bad_number",
       "「受益人数」不是有效数字"},
      {&f_num, "1,2345", NULL, "ledger.field_bad_number", NULL},
      {&f_num, "1234,567", NULL, "ledger.field_bad_number", NULL},
      {&f_num, ",123", NULL, "ledger.field_bad_number", NULL},
      {&f_num, "=1+1", NULL, "ledger.field_bad_number", NULL},
      {&f_num, "1+1", NULL, "ledger.field_bad_number", NULL},
      {&f_num, "1e", NULL, "ledger.field_bad_number", NULL},
      {&f_num, "1,000e3", NULL, "ledger.field_bad_number", NULL},
      {&f_num, ".", NULL, "ledger.field_bad_number", NULL},
      {&f_num, "12人", NULL, "ledger.field_bad_number", NULL},
      {&f_num, "0x10", NULL, "ledger.field_bad_number", NULL},
      {&f_num, "NaN", NULL, "ledger.field_bad_number", NULL},
      {&f_num, "inf", NULL, "ledger.field_bad_number", NULL},
      {&f_num, "1e999", NULL, "ledger.field_out_of_range",
       "「受益人数」数值过大"},
      {&f_num, "1000000000000000", NULL, "ledger.field_out_of_range", NULL},
      {&f_num, "999999999999999", "999999999999999"},
      {&f_num, "", ""},
      {&f_real, "0.1", "0.1"},
      {&f_real, ".5", "0.5"},
      {&f_real, "5.", "5"},
      {&f_real, "-0.000001", "-0.000001"},
      {&f_real, "0.0000001", NULL, "ledger.field_decimals",
       "「系数」最多保留6位小数"},
      {&f_real, "1E-6", "0.000001"},
      {&f_real, "0.30000000000000004", "0.3"}, /* Excel's 17 digits */
      {&f_real, "2.9999999999999996", "3"},
      {&f_real, "123456.78901234567", NULL, "ledger.field_decimals", NULL},
      {&f_real, "1234567.1234", "1234567.1234"},
      {&f_real, "99999.99999999999999", "100000"},
      {&f_real, "-1,234.5", "-1234.5"},
  };
  (void)state;
  run(v, LX_COUNT(v));
}

static void test_money_percent(void **state)
{
  static const struct vcase v[] = {
      {&f_money, "1200", "1200"},
      {&f_money, "1,200万元", "1200"},
      {&f_money, "1200万", "1200"},
      {&f_money, "1200 万元", "1200"},
      {&f_money, "¥1,200.5", "1200.5"},
      {&f_money, "￥1200", "1200"},
      {&f_money, "1.2亿", "12000"},
      {&f_money, "0.35亿元", "3500"},
      {&f_money, "１２３４．５６７８", "1234.5678"},
      {&f_money, "0.00001", NULL, "ledger.field_decimals",
       "「总投资」最多保留4位小数"},
      {&f_money, "1200元", NULL, "ledger.field_bad_number",
       "「总投资」的金额单位应为万元（请换算后填写）"},
      {&f_money, "一千二百万", NULL, "ledger.field_bad_number",
       "「总投资」不是有效金额"},
      {&f_money, "-50", "-50"},
      {&f_money, "=A1*2", NULL, "ledger.field_bad_number", NULL},
      {&f_pct, "85", "85"},
      {&f_pct, "85%", "85"},
      {&f_pct, "85％", "85"},
      {&f_pct, "８５．５％", "85.5"},
      {&f_pct, "0.85", "0.85"},
      {&f_pct, "100", "100"},
      {&f_pct, "100.01", NULL, "ledger.field_out_of_range",
       "「完成率」应在0至100之间"},
      {&f_pct, "-1%", NULL, "ledger.field_out_of_range", NULL},
      {&f_pct, "12.345", NULL, "ledger.field_decimals",
       "「完成率」最多保留2位小数"},
      {&f_pct, "%", NULL, "ledger.field_bad_number", NULL},
      {&f_pct, "85%%", NULL, "ledger.field_bad_number", NULL},
      {&f_pct2, "250", "250"},
      {&f_pct2, "-50%", "-50"},
      {&f_pct2, "-51", NULL, "ledger.field_out_of_range",
       "「增长率」应在-50至300之间"},
  };
  (void)state;
  run(v, LX_COUNT(v));
}

static void test_dates(void **state)
{
  static const struct vcase v[] = {
      {&f_date, "2026-06-30", "2026-06-30"},
      {&f_date, "2026-6-30", "2026-06-30"},
      {&f_date, "2026年6月30日", "2026-06-30"},
      {&f_date, "２０２６年６月３０日", "2026-06-30"},
      {&f_date, "2026.6.30", "2026-06-30"},
      {&f_date, "2026/6/30", "2026-06-30"},
      {&f_date, "20260630", "2026-06-30"},
      {&f_date, " 2026-06-30 00:00:00 ", "2026-06-30"},
      {&f_date, "2026-06-30T00:00:00", "2026-06-30"},
      {&f_date, "46203", "2026-06-30"},    /* Excel serial */
      {&f_date, "46203.75", "2026-06-30"}, /* with a time of day */
      {&f_date, "18264", "1950-01-01"},
      {&f_date, "73050", "2099-12-31"},
      {&f_date, "46,203", NULL, "ledger.field_bad_date", NULL},
      {&f_date, "18263", NULL, "ledger.field_bad_date", NULL},
      {&f_date, "73051", NULL, "ledger.field_bad_date", NULL},
      {&f_date, "2026", NULL, "ledger.field_bad_date",
       "「截止日期」不是有效日期"},
      {&f_date, "2026-02-30", NULL, "ledger.field_bad_date",
       "「截止日期」不是有效日期"},
      {&f_date, "2026年13月1日", NULL, "ledger.field_bad_date", NULL},
      {&f_date, "六月底", NULL, "ledger.field_bad_date", NULL},
      {&f_date, "=TODAY()", NULL, "ledger.field_bad_date", NULL},
      {&f_date, "-46203", NULL, "ledger.field_bad_date", NULL},
      {&f_date, "", NULL, "ledger.field_required", "「截止日期」为必填项"},
  };
  (void)state;
  run(v, LX_COUNT(v));
}

static void test_choices(void **state)
{
  static const struct vcase v[] = {
      {&f_sel, "教育", "教育"},
      {&f_sel, " 医疗 ", "医疗"},
      {&f_sel, "", ""},
      {&f_sel, "交通", NULL, "ledger.field_bad_option",
       "「类别」的值「交通」不在可选项中"},
      {&f_sel, "教育,医疗", NULL, "ledger.field_bad_option", NULL},
      {&f_multi, "医疗、就业", "就业,医疗"},
      {&f_multi, "养老；社保;教育，就业,医疗", "就业,教育,医疗,社保,养老"},
      {&f_multi, "医疗\n医疗\r\n 医疗 ", "医疗"},
      {&f_multi, "医疗,,、", "医疗"},
      {&f_multi, "、", NULL, "ledger.field_required", "「涉及领域」为必填项"},
      {&f_multi, "医疗、交通", NULL, "ledger.field_bad_option",
       "「涉及领域」的值「交通」不在可选项中"},
  };
  (void)state;
  run(v, LX_COUNT(v));
}

static void test_defs(void **state)
{
  static const char *const dup[] = {"甲", "乙", "甲"};
  static const char *const comma[] = {"甲", "乙,丙"};
  static const char *const blank[] = {"甲", " 乙"};
  static const char *const empty[] = {""};
  static const struct {
    struct ledger_field_def f;
    const char *code;
  } v[] = {
      {{"due_date", "截止日期", LEDGER_FIELD_DATE, 1, 0, -1}, NULL},
      {{"a1_b", "字", LEDGER_FIELD_TEXT, 0, 32767, -1}, NULL},
      {{"x", "人数", LEDGER_FIELD_NUMBER, 0, 0, 6, 1, 1, 0, 0}, NULL},
      {{"cat", "类别", LEDGER_FIELD_SELECT, 0, 0, -1, 0, 0, 0, 0, cats, 5},
       NULL},
      {{"", "空", LEDGER_FIELD_TEXT}, "ledger.field_def_key"},
      {{NULL, "空", LEDGER_FIELD_TEXT}, "ledger.field_def_key"},
      {{"Due", "空", LEDGER_FIELD_TEXT}, "ledger.field_def_key"},
      {{"1a", "空", LEDGER_FIELD_TEXT}, "ledger.field_def_key"},
      {{"a-b", "空", LEDGER_FIELD_TEXT}, "ledger.field_def_key"},
      {{"abcdefghijklmnopqrstuvwxyz0123456", "长", LEDGER_FIELD_TEXT},
       "ledger.field_def_key"},
      {{"k", "", LEDGER_FIELD_TEXT}, "ledger.field_def_label"},
      {{"k", NULL, LEDGER_FIELD_TEXT}, "ledger.field_def_label"},
      {{"k",
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三",
        LEDGER_FIELD_TEXT},
       "ledger.field_def_label"},
      {{"k", "名", LEDGER_FIELD_TYPE_COUNT}, "ledger.field_def_type"},
      {{"k", "名", LEDGER_FIELD_TEXT, 0, 32768}, "ledger.field_def_max_len"},
      {{"k", "名", LEDGER_FIELD_TEXT, 0, -1}, "ledger.field_def_max_len"},
      {{"k", "名", LEDGER_FIELD_NUMBER, 0, 0, 7}, "ledger.field_def_decimals"},
      {{"k", "名", LEDGER_FIELD_NUMBER, 0, 0, 2, 1, 1, 5, 4},
       "ledger.field_def_range"},
      {{"k", "名", LEDGER_FIELD_TEXT, 0, 0, -1, 0, 0, 0, 0, cats, 5},
       "ledger.field_def_options"},
      {{"k", "名", LEDGER_FIELD_SELECT, 0, 0, -1}, "ledger.field_def_options"},
      {{"k", "名", LEDGER_FIELD_MULTI, 0, 0, -1, 0, 0, 0, 0, dup, 3},
       "ledger.field_def_options"},
      {{"k", "名", LEDGER_FIELD_MULTI, 0, 0, -1, 0, 0, 0, 0, comma, 2},
       "ledger.field_def_options"},
      {{"k", "名", LEDGER_FIELD_SELECT, 0, 0, -1, 0, 0, 0, 0, blank, 2},
       "ledger.field_def_options"},
      {{"k", "名", LEDGER_FIELD_SELECT, 0, 0, -1, 0, 0, 0, 0, empty, 1},
       "ledger.field_def_options"},
      {{"k", "名", LEDGER_FIELD_SELECT, 0, 0, -1, 0, 0, 0, 0, cats, 201},
       "ledger.field_def_options"},
  };
  static const char *const codes[] = {
      "text", "longtext", "number",      "money",  "percent",
      "date", "select",   "multiselect", "person", "unit"};
  struct lx_err e;
  (void)state;
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    int rc = ledger_field_def_check(&v[i].f, &e);
    if (!v[i].code) {
      if (rc != LX_OK)
        fail_msg("def %zu: %s", i, e.message);
      continue;
    }
    if (rc != LX_EINVAL || strcmp(e.code, v[i].code))
      fail_msg("def %zu: rc %d code %s want %s", i, rc, e.code, v[i].code);
  }
  for (int i = 0; i < LEDGER_FIELD_TYPE_COUNT; i++) {
    enum ledger_field_type t;
    assert_string_equal(ledger_field_type_code(i), codes[i]);
    assert_true(ledger_field_type_parse(codes[i], &t));
    assert_int_equal(t, i);
    assert_true(strlen(ledger_field_type_label(i)) > 0);
  }
  assert_string_equal(ledger_field_type_label(LEDGER_FIELD_MONEY),
                      "金额（万元）");
  assert_string_equal(ledger_field_type_code(LEDGER_FIELD_TYPE_COUNT), "");
  {
    enum ledger_field_type t;
    assert_false(ledger_field_type_parse("Text", &t));
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_text),    cmocka_unit_test(test_text_limits),
      cmocka_unit_test(test_numbers), cmocka_unit_test(test_money_percent),
      cmocka_unit_test(test_dates),   cmocka_unit_test(test_choices),
      cmocka_unit_test(test_defs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
