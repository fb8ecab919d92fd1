/*
 * test_code.c — domain/ledger/code.c: item codes "MS-2026-0012" formatted,
 * parsed (canonical form only) and validated, with a round trip over
 * prefixes, years and sequence numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/ledger/code.h"

#include <string.h>

static void test_format(void **state)
{
  static const struct {
    const char *prefix;
    int year, seq;
    const char *want, *err_code; /* want NULL = error */
  } v[] = {
      {"MS", 2026, 12, "MS-2026-0012", NULL},
      {"MS", 2026, 1, "MS-2026-0001", NULL},
      {"MS", 2026, 9999, "MS-2026-9999", NULL},
      {"MS", 2026, 10000, "MS-2026-10000", NULL},
      {"ZDXM", 2026, 999999, "ZDXM-2026-999999", NULL},
      {"A", 1900, 1, "A-1900-0001", NULL},
      {"Z", 9999, 5, "Z-9999-0005", NULL},
      {"ms", 2026, 1, NULL, "ledger.code_bad_prefix"},
      {"", 2026, 1, NULL, "ledger.code_bad_prefix"},
      {NULL, 2026, 1, NULL, "ledger.code_bad_prefix"},
      {"ABCDE", 2026, 1, NULL, "ledger.code_bad_prefix"},
      {"M1", 2026, 1, NULL, "ledger.code_bad_prefix"},
      {"民生", 2026, 1, NULL, "ledger.code_bad_prefix"},
      {"MS", 1899, 1, NULL, "ledger.code_bad_year"},
      {"MS", 10000, 1, NULL, "ledger.code_bad_year"},
      {"MS", 2026, 0, NULL, "ledger.code_bad_seq"},
      {"MS", 2026, -3, NULL, "ledger.code_bad_seq"},
      {"MS", 2026, 1000000, NULL, "ledger.code_bad_seq"},
  };
  char out[LEDGER_CODE_MAX];
  struct lx_err e;
  (void)state;
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    int rc = ledger_code_format(v[i].prefix, v[i].year, v[i].seq, out,
                                sizeof out, &e);
    if (v[i].want) {
      assert_int_equal(rc, LX_OK);
      assert_string_equal(out, v[i].want);
    } else {
      assert_int_equal(rc, LX_EINVAL);
      assert_string_equal(e.code, v[i].err_code);
    }
  }
  assert_int_equal(ledger_code_format("MS", 2026, 12, out, 12, &e), LX_ETOOBIG);
  assert_string_equal(out, "");
  assert_int_equal(ledger_code_format("MS", 2026, 12, out, 13, &e), LX_OK);
  assert_true(ledger_code_prefix_valid("MS"));
  assert_true(ledger_code_prefix_valid("ABCD"));
  assert_false(ledger_code_prefix_valid("ABCDE"));
  assert_false(ledger_code_prefix_valid("M-"));
  assert_false(ledger_code_prefix_valid(NULL));
}

static void test_parse(void **state)
{
  static const char *const bad[] = {"ms-2026-0012",    "MS-2026-012",
                                    "MS-2026-00012",   "MS-26-0012",
                                    "MS2026-0012",     "MS-2026-0000",
                                    "MS-2026-1234567", "MS-2026-0012 ",
                                    " MS-2026-0012",   "ABCDE-2026-0012",
                                    "MS-1899-0001",    "MS-2026-",
                                    "-2026-0012",      "",
                                    "MS-2026-00a1",    "MS—2026-0012",
                                    "ＭＳ-2026-0012",  "MS-2026-0012-1",
                                    "MS-02026-0012",   "MS--2026-0012",
                                    "MS-2026-010000"};
  struct ledger_code c;
  struct lx_err e;
  (void)state;
  assert_int_equal(ledger_code_parse("MS-2026-0012", &c, &e), LX_OK);
  assert_string_equal(c.prefix, "MS");
  assert_int_equal(c.year, 2026);
  assert_int_equal(c.seq, 12);
  assert_int_equal(ledger_code_parse("ABCD-2026-999999", &c, &e), LX_OK);
  assert_string_equal(c.prefix, "ABCD");
  assert_int_equal(c.seq, 999999);
  assert_int_equal(ledger_code_parse("X-2027-10000", &c, &e), LX_OK);
  assert_int_equal(c.seq, 10000);
  for (size_t i = 0; i < LX_COUNT(bad); i++) {
    memset(&c, 0x5a, sizeof c);
    if (ledger_code_parse(bad[i], &c, &e) != LX_EINVAL)
      fail_msg("%s should not parse", bad[i]);
    assert_string_equal(e.code, "ledger.code_invalid");
    assert_string_equal(e.message, "事项编号格式无效（应如 MS-2026-0012）");
    assert_int_equal(c.year, 0x5a5a5a5a); /* untouched */
  }
  assert_int_equal(ledger_code_parse(NULL, &c, &e), LX_EINVAL);
}

static void test_round_trip(void **state)
{
  static const char *const prefixes[] = {"M", "MS", "ZDX", "ZDXM"};
  static const int seqs[] = {1, 9, 10, 999, 1000, 9999, 10000, 123456, 999999};
  char out[LEDGER_CODE_MAX];
  struct ledger_code c;
  struct lx_err e;
  (void)state;
  for (size_t p = 0; p < LX_COUNT(prefixes); p++)
    for (int y = 1900; y <= 9999; y += 811)
      for (size_t s = 0; s < LX_COUNT(seqs); s++) {
        assert_int_equal(
            ledger_code_format(prefixes[p], y, seqs[s], out, sizeof out, &e),
            LX_OK);
        assert_int_equal(ledger_code_parse(out, &c, &e), LX_OK);
        assert_string_equal(c.prefix, prefixes[p]);
        assert_int_equal(c.year, y);
        assert_int_equal(c.seq, seqs[s]);
      }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_format),
      cmocka_unit_test(test_parse),
      cmocka_unit_test(test_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
