/*
 * test_reflection.c — the pure parts of domain/study/reflection.c,
 * action.c and settings.c, as tables: the character count a reflection's
 * minimum is checked against (blanks and U+3000 do not count, a Chinese
 * character is one), status and kind codes, the input checks (field
 * names in the errors), the local-date period bounds the statistics
 * count over, and the settings' ranges.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timeutil.h"
#include "domain/study/action.h"
#include "domain/study/reflection.h"
#include "domain/study/settings.h"

#include <string.h>

static void chars(void **state)
{
  static const struct {
    const char *in;
    int64_t want;
  } cases[] = {
      {"", 0},
      {"abc", 3},
      {"学史明理", 4},
      {"学史 明理\n\n学史增信", 8},
      {"\xe3\x80\x80\xe3\x80\x80学习", 2}, /* two U+3000 */
      {" \t\r\n\f\v", 0},
      {"，。“”", 4}, /* punctuation counts */
      {"党史🎉", 3},  /* a 4-byte character is one */
  };
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    assert_int_equal(study_reflection_chars(cases[i].in), cases[i].want);
  assert_int_equal(study_reflection_chars(NULL), 0);
}

static void codes(void **state)
{
  enum study_reflection_status st;
  enum study_source_kind k;
  enum study_proposal_status ps;
  (void)state;
  for (int i = 0; i < 4; i++) {
    assert_true(study_reflection_status_parse(
        study_reflection_status_code((enum study_reflection_status)i), &st));
    assert_int_equal(st, i);
  }
  assert_false(study_reflection_status_parse("published", &st));
  assert_false(study_reflection_status_parse(NULL, &st));
  assert_string_equal(study_reflection_status_label(STUDY_REFLECTION_RETURNED),
                      "已退回");
  assert_true(study_source_kind_parse("session", &k));
  assert_int_equal(k, STUDY_SOURCE_SESSION);
  assert_false(study_source_kind_parse("Reflection", &k));
  assert_true(study_proposal_status_parse("rejected", &ps));
  assert_int_equal(ps, STUDY_PROPOSAL_REJECTED);
  assert_string_equal(study_proposal_status_label(STUDY_PROPOSAL_ACCEPTED),
                      "已采纳");
}

static void checks(void **state)
{
  static char long_title[400];
  struct lx_err e;
  struct study_reflection_in in = {0};
  struct study_proposal_in p = {0};
  (void)state;
  for (int i = 0; i < 101; i++)
    memcpy(long_title + i * 3, "学", 3);
  in.title = " \n";
  assert_int_equal(study_reflection_check(&in, &e), LX_EINVAL);
  assert_string_equal(e.field, "title");
  in.title = long_title;
  assert_int_equal(study_reflection_check(&in, &e), LX_EINVAL);
  assert_string_equal(e.code, "field.too_long");
  long_title[300 - 3] = 0; /* 99 characters */
  in.body = "\xff\xfe";
  assert_int_equal(study_reflection_check(&in, &e), LX_EINVAL);
  assert_string_equal(e.field, "body");
  in.body = "正文";
  assert_int_equal(study_reflection_check(&in, &e), LX_OK);
  p.title = "加装路灯";
  assert_int_equal(study_proposal_check(&p, &e), LX_EINVAL);
  assert_string_equal(e.field, "type_id");
  p.type_id = 4;
  p.title = "";
  assert_int_equal(study_proposal_check(&p, &e), LX_EINVAL);
  assert_string_equal(e.field, "title");
  p.title = "加装路灯";
  assert_int_equal(study_proposal_check(&p, &e), LX_OK);
}

static void period(void **state)
{
  struct lx_err e;
  int64_t lo, hi;
  (void)state;
  time_set_offset_min(480);
  assert_int_equal(study_period_ms(NULL, NULL, &lo, &hi, &e), LX_OK);
  assert_int_equal(lo, 0);
  assert_int_equal(hi, INT64_MAX);
  /* 2026-11-01 00:00 +08:00 = 2026-10-31T16:00Z; to 2026-11-30 inclusive */
  assert_int_equal(study_period_ms("2026-11-01", "2026-11-30", &lo, &hi, &e),
                   LX_OK);
  assert_int_equal(lo, 1793462400000LL);
  assert_int_equal(hi - lo, 30LL * 86400000);
  assert_int_equal(study_period_ms("2026-02-30", NULL, &lo, &hi, &e),
                   LX_EINVAL);
  assert_string_equal(e.field, "from");
  assert_int_equal(study_period_ms(NULL, "20261130", &lo, &hi, &e), LX_EINVAL);
  assert_string_equal(e.field, "to");
}

static void settings(void **state)
{
  struct lx_err e;
  int n = 0;
  (void)state;
  assert_true(study_settings_defs(&n) != NULL);
  assert_true(n >= 1);
  assert_int_equal(study_setting_def("reflection_min_chars")->def, 300);
  assert_null(study_setting_def("nope"));
  assert_int_equal(study_setting_check("reflection_min_chars", 0, &e), LX_OK);
  assert_int_equal(study_setting_check("reflection_min_chars", 5000, &e),
                   LX_OK);
  assert_int_equal(study_setting_check("reflection_min_chars", -1, &e),
                   LX_EINVAL);
  assert_string_equal(e.code, "settings.range");
  assert_int_equal(study_setting_check("reflection_min_chars", 5001, &e),
                   LX_EINVAL);
  assert_int_equal(study_setting_check("nope", 1, &e), LX_EINVAL);
  assert_string_equal(e.code, "settings.unknown");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(chars),    cmocka_unit_test(codes),
      cmocka_unit_test(checks),   cmocka_unit_test(period),
      cmocka_unit_test(settings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
