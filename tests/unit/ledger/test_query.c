/*
 * test_query.c — domain/ledger/query.c and tags.c: list sort codes
 * parsed and printed back, cursor keys checked per sort, sort keys taken
 * from a row, and tag validity (length, characters, duplicates, count).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/ledger/item.h"
#include "domain/ledger/tags.h"

#include <string.h>

static void test_sort_parse(void **state)
{
  static const struct {
    const char *code;
    int ok;
    enum ledger_sort want;
  } v[] = {
      {NULL, 1, LEDGER_SORT_NEWEST},
      {"", 1, LEDGER_SORT_NEWEST},
      {"due_date", 1, LEDGER_SORT_DUE},
      {"-due_date", 1, LEDGER_SORT_DUE_DESC},
      {"updated_at", 1, LEDGER_SORT_UPDATED},
      {"-updated_at", 1, LEDGER_SORT_UPDATED_DESC},
      {"code", 1, LEDGER_SORT_CODE},
      {"progress", 1, LEDGER_SORT_PROGRESS},
      {"-progress", 1, LEDGER_SORT_PROGRESS_DESC},
      {"-code", 0, 0},
      {"title", 0, 0},
      {"DUE_DATE", 0, 0},
      {"due_date ", 0, 0},
      {"id", 0, 0},
  };
  (void)state;
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    enum ledger_sort s = LEDGER_SORT_COUNT;
    assert_int_equal(ledger_sort_parse(v[i].code, &s), v[i].ok);
    if (v[i].ok) {
      assert_int_equal(s, v[i].want);
      assert_string_equal(ledger_sort_code(s), v[i].code ? v[i].code : "");
    }
  }
}

static void test_sort_key(void **state)
{
  static const struct {
    enum ledger_sort s;
    const char *key;
    int ok;
  } v[] = {
      {LEDGER_SORT_DUE, "2026-06-30", 1},
      {LEDGER_SORT_DUE, "2026-02-30", 0},
      {LEDGER_SORT_DUE_DESC, "x", 0},
      {LEDGER_SORT_UPDATED, "1767225600000", 1},
      {LEDGER_SORT_UPDATED, "12a", 0},
      {LEDGER_SORT_PROGRESS_DESC, "60", 1},
      {LEDGER_SORT_PROGRESS, "", 0},
      {LEDGER_SORT_CODE, "MS-2026-0001", 1},
      {LEDGER_SORT_CODE, "", 0},
      {LEDGER_SORT_COUNT, "1", 0},
  };
  struct ledger_item it;
  char buf[64];
  (void)state;
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
    assert_int_equal(ledger_sort_key_valid(v[i].s, v[i].key), v[i].ok);
  memset(&it, 0, sizeof it);
  it.id = 42;
  it.due_date = "2027-01-31";
  it.code = "ZD-2026-0007";
  it.progress = 35;
  it.updated_at = 1767225600123;
  ledger_sort_key(LEDGER_SORT_DUE, &it, buf, sizeof buf);
  assert_string_equal(buf, "2027-01-31");
  ledger_sort_key(LEDGER_SORT_CODE, &it, buf, sizeof buf);
  assert_string_equal(buf, "ZD-2026-0007");
  ledger_sort_key(LEDGER_SORT_PROGRESS_DESC, &it, buf, sizeof buf);
  assert_string_equal(buf, "35");
  ledger_sort_key(LEDGER_SORT_UPDATED, &it, buf, sizeof buf);
  assert_string_equal(buf, "1767225600123");
  ledger_sort_key(LEDGER_SORT_NEWEST, &it, buf, sizeof buf);
  assert_string_equal(buf, "42");
}

static void test_tags(void **state)
{
  static const struct {
    const char *tag;
    int ok;
  } v[] = {
      {"乡村振兴", 1},
      {"2026年重点", 1},
      {"一二三四五六七八九十一二三四五六七八九十", 1},   /* 20 */
      {"一二三四五六七八九十一二三四五六七八九十一", 0}, /* 21 */
      {"", 0},
      {NULL, 0},
      {" 前导空格", 0},
      {"a,b", 0},
      {"换\n行", 0},
      {"\xff\xfe", 0},
  };
  const char *ten[11] = {"1", "2", "3", "4",  "5", "6",
                         "7", "8", "9", "10", "11"};
  const char *dup[2] = {"养老", "养老"};
  struct lx_err e;
  (void)state;
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
    assert_int_equal(ledger_tag_valid(v[i].tag), v[i].ok);
  assert_int_equal(ledger_tags_check(ten, 10, &e), LX_OK);
  assert_int_equal(ledger_tags_check(ten, 11, &e), LX_EINVAL);
  assert_string_equal(e.code, "ledger.tag_too_many");
  assert_int_equal(ledger_tags_check(dup, 2, &e), LX_EINVAL);
  assert_string_equal(e.code, "ledger.tag_duplicate");
  assert_string_equal(e.field, "tags");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sort_parse),
      cmocka_unit_test(test_sort_key),
      cmocka_unit_test(test_tags),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
