/*
 * test_text.c — the string builder, the JSON writer, UTF-8 and depth
 * checks, and date/time formatting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/jw.h"
#include "base/lx.h"
#include "base/sb.h"
#include "base/timeutil.h"
#include "base/utf8.h"

#include <string.h>

static void sb_grows_from_stack_and_caps(void **state)
{
  char stack[8];
  struct sb sb;
  char *p;
  size_t len;
  (void)state;
  sb_init(&sb, NULL, stack, sizeof stack, 20);
  sb_puts(&sb, "abc");
  assert_ptr_equal(sb.buf, stack);
  sb_puts(&sb, "defghij");
  assert_string_equal(sb.buf, "abcdefghij");
  assert_ptr_not_equal(sb.buf, stack);
  sb_puts(&sb, "0123456789x"); /* 21 bytes > cap 20 */
  assert_int_equal(sb_err(&sb), LX_ETOOBIG);
  assert_string_equal(sb.buf, "abcdefghij"); /* unchanged by the failure */
  sb_puts(&sb, "z");                         /* sticky: ignored */
  assert_string_equal(sb.buf, "abcdefghij");
  assert_null(sb_take(&sb, &len));
  sb_reset(&sb);
  sb_init(&sb, NULL, NULL, 0, 100);
  sb_appendf(&sb, "%d-%s", 42, "x");
  sb_append_i64(&sb, -9223372036854775807LL - 1);
  p = sb_take(&sb, &len);
  assert_string_equal(p, "42-x-9223372036854775808");
  assert_int_equal(len, strlen(p));
  lx_free(p);
}

static void sb_escapes(void **state)
{
  struct arena *a = arena_new();
  struct sb sb;
  (void)state;
  sb_init(&sb, a, NULL, 0, 1000);
  sb_append_json_str(&sb, "a\"b\\c\n\x01<>&中");
  assert_string_equal(sb.buf,
                      "\"a\\\"b\\\\c\\n\\u0001\\u003c\\u003e\\u0026中\"");
  sb_clear(&sb);
  sb_append_html(&sb, "<img src=x onerror='a'>&");
  assert_string_equal(sb.buf, "&lt;img src=x onerror=&#39;a&#39;&gt;&amp;");
  sb_clear(&sb);
  sb_append_url(&sb, "张 a/b");
  assert_string_equal(sb.buf, "%E5%BC%A0%20a%2Fb");
  sb_clear(&sb);
  sb_append_json_str(&sb, NULL);
  assert_string_equal(sb.buf, "null");
  arena_free(a);
}

static void jw_writes_valid_json(void **state)
{
  struct sb sb;
  struct jw j;
  (void)state;
  sb_init(&sb, NULL, NULL, 0, 4096);
  jw_init(&j, &sb);
  jw_obj(&j);
  jw_kstr(&j, "name", "落实");
  jw_ki64(&j, "n", 3);
  jw_key(&j, "items");
  jw_arr(&j);
  jw_i64(&j, 1);
  jw_obj(&j);
  jw_kbool(&j, "ok", 1);
  jw_key(&j, "nil");
  jw_null(&j);
  jw_obj_end(&j);
  jw_double(&j, 1.5);
  jw_arr_end(&j);
  jw_key(&j, "t");
  jw_time(&j, 0, 1);
  jw_obj_end(&j);
  assert_string_equal(sb.buf, "{\"name\":\"落实\",\"n\":3,\"items\":[1,{\"ok\":"
                              "true,\"nil\":null},1.5],\"t\":null}");
  sb_reset(&sb);
}

static void utf8_rules(void **state)
{
  (void)state;
  assert_true(utf8_valid("中文 abc", strlen("中文 abc")));
  assert_true(utf8_valid("\xf0\x9f\x98\x80", 4));   /* emoji */
  assert_false(utf8_valid("\xc3\x28", 2));          /* bad continuation */
  assert_false(utf8_valid("\xc0\xaf", 2));          /* overlong */
  assert_false(utf8_valid("\xed\xa0\x80", 3));      /* surrogate */
  assert_false(utf8_valid("\xf4\x90\x80\x80", 4));  /* > U+10FFFF */
  assert_false(utf8_valid("\xe4\xb8", 2));          /* truncated */
  assert_false(utf8_valid("a\0b", 3));              /* NUL */
  assert_int_equal(utf8_len("中文ab"), 4);
}

static void json_depth_scan(void **state)
{
  (void)state;
  assert_true(utf8_json_depth_ok("[[[]]]", 6, 3));
  assert_false(utf8_json_depth_ok("[[[[]]]]", 8, 3));
  /* brackets inside strings do not count, escaped quotes stay in strings */
  assert_true(utf8_json_depth_ok("{\"a\":\"[[[[\\\"[[[\"}", 17, 1));
}

static void dates(void **state)
{
  int32_t d;
  char buf[40];
  (void)state;
  assert_true(time_parse_date("2026-11-26", &d));
  time_format_date(d, buf, sizeof buf);
  assert_string_equal(buf, "2026-11-26");
  assert_true(time_parse_date("2024-02-29", &d));
  assert_false(time_parse_date("2026-02-29", &d));
  assert_false(time_parse_date("2026-02-30", &d));
  assert_false(time_parse_date("0000-00-00", &d));
  assert_false(time_parse_date("10000-01-01", &d));
  assert_false(time_parse_date("2026-1-01", &d));
  assert_false(time_parse_date("2026-13-01", &d));
  assert_int_equal(time_days_from_civil(1970, 1, 1), 0);
  time_set_offset_min(480);
  time_iso8601(1764120600000LL, buf, sizeof buf); /* 2025-11-26T01:30Z */
  assert_string_equal(buf, "2025-11-26T09:30:00+08:00");
  time_iso8601(0, buf, sizeof buf);
  assert_string_equal(buf, "1970-01-01T08:00:00+08:00");
}

static void arena_alignment_and_big(void **state)
{
  struct arena *a = arena_new();
  (void)state;
  for (int i = 1; i < 2000; i += 7) {
    char *p = arena_alloc(a, (size_t)i);
    assert_int_equal((uintptr_t)p % 16, 0);
    memset(p, 0xab, (size_t)i);
  }
  {
    char *big = arena_alloc(a, 5 * 1024 * 1024);
    memset(big, 1, 5 * 1024 * 1024);
  }
  assert_string_equal(arena_printf(a, "%s-%d", "x", 7), "x-7");
  assert_true(arena_used(a) > 5 * 1024 * 1024);
  arena_free(a);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(sb_grows_from_stack_and_caps),
      cmocka_unit_test(sb_escapes),
      cmocka_unit_test(jw_writes_valid_json),
      cmocka_unit_test(utf8_rules),
      cmocka_unit_test(json_depth_scan),
      cmocka_unit_test(dates),
      cmocka_unit_test(arena_alignment_and_big),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
