/*
 * test_chain.c — domain/audit/chain.c: golden values pin the encoding
 * documented in chain.h (they were computed by an independent Python
 * implementation of that text), every field and NULL versus "" changes
 * the hash, shifting bytes between adjacent strings changes it, and a
 * chain of three breaks when a middle record is edited.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/audit/chain.h"

#include <string.h>

static const struct audit_rec r1 = {
    1,      1767225600000, 42,   "zhangsan", "10.0.0.8", "auth.login",
    "user", "42",          "ok", NULL,       NULL,       "登录成功"};
static const struct audit_rec r2 = {2,
                                    1767225601000,
                                    -1,
                                    NULL,
                                    "10.0.0.9",
                                    "ledger.close",
                                    "ledger_item",
                                    "7",
                                    "fail",
                                    "{\"state\":\"issued\"}",
                                    "{\"state\":\"closed\"}",
                                    ""};
static const struct audit_rec r3 = {3,    -5,   0,    "",   NULL, NULL,
                                    NULL, NULL, NULL, NULL, NULL, NULL};

#define H1 "7074d5f8634c4434d660dbf16a4d6c6c2fc3034716b73235befc8a45cbe124b4"
#define H2 "4ac204696463f01ad1aa7bea87cb88d1162481223330c8a37f1e0a6aea468290"
#define H3 "f61b1d035b8bca2070365e3d3936a02f6c5a988263d9dea99cabaa25517cd69d"

static void test_golden_chain(void **state)
{
  char h1[65], h2[65], h3[65], again[65];
  (void)state;
  assert_int_equal(audit_chain_hash(AUDIT_CHAIN_GENESIS, &r1, h1), LX_OK);
  assert_string_equal(h1, H1);
  assert_int_equal(audit_chain_hash(h1, &r2, h2), LX_OK);
  assert_string_equal(h2, H2);
  assert_int_equal(audit_chain_hash(h2, &r3, h3), LX_OK);
  assert_string_equal(h3, H3);
  /* Deterministic. */
  assert_int_equal(audit_chain_hash(h2, &r3, again), LX_OK);
  assert_string_equal(again, h3);
}

static void test_tamper_middle(void **state)
{
  struct audit_rec e = r2;
  char h2[65], h3[65];
  (void)state;
  e.result = "ok"; /* someone edits the middle record */
  assert_int_equal(audit_chain_hash(H1, &e, h2), LX_OK);
  assert_string_not_equal(h2, H2);
  assert_int_equal(audit_chain_hash(h2, &r3, h3), LX_OK);
  assert_string_not_equal(h3, H3);
  /* Dropping the middle record: r3 chained onto h1 differs too. */
  assert_int_equal(audit_chain_hash(H1, &r3, h3), LX_OK);
  assert_string_not_equal(h3, H3);
}

/* The string fields of a record by index, for table-driven edits. */
static const char **str_field(struct audit_rec *r, int i)
{
  const char **f[] = {&r->username,    &r->ip,         &r->action,
                      &r->object_type, &r->object_id,  &r->result,
                      &r->before_json, &r->after_json, &r->detail};
  return f[i];
}

static void test_every_field_counts(void **state)
{
  struct audit_rec base = {0};
  char h0[65], h[65];
  (void)state;
  assert_int_equal(audit_chain_hash(AUDIT_CHAIN_GENESIS, &base, h0), LX_OK);
  /* Integers. */
  for (int i = 0; i < 3; i++) {
    struct audit_rec e = base;
    if (i == 0)
      e.id = 1;
    else if (i == 1)
      e.at_ms = 1;
    else
      e.user_id = 1;
    assert_int_equal(audit_chain_hash(AUDIT_CHAIN_GENESIS, &e, h), LX_OK);
    assert_string_not_equal(h, h0);
  }
  /* Swapping id and user_id is not the same record. */
  {
    struct audit_rec a = base, b = base;
    char ha[65], hb[65];
    a.id = 5;
    b.user_id = 5;
    assert_int_equal(audit_chain_hash(AUDIT_CHAIN_GENESIS, &a, ha), LX_OK);
    assert_int_equal(audit_chain_hash(AUDIT_CHAIN_GENESIS, &b, hb), LX_OK);
    assert_string_not_equal(ha, hb);
  }
  /* Strings: NULL → "" and "" → "x" both change the hash, for each field,
   * and each field differs from the same value in another field. */
  {
    char seen[9][65];
    for (int i = 0; i < 9; i++) {
      struct audit_rec e = base;
      char h_empty[65];
      *str_field(&e, i) = "";
      assert_int_equal(audit_chain_hash(AUDIT_CHAIN_GENESIS, &e, h_empty),
                       LX_OK);
      assert_string_not_equal(h_empty, h0);
      *str_field(&e, i) = "x";
      assert_int_equal(audit_chain_hash(AUDIT_CHAIN_GENESIS, &e, seen[i]),
                       LX_OK);
      assert_string_not_equal(seen[i], h_empty);
      assert_string_not_equal(seen[i], h0);
      for (int j = 0; j < i; j++)
        assert_string_not_equal(seen[i], seen[j]);
    }
  }
  /* Moving a byte from one string to the next is not the same record. */
  {
    struct audit_rec a = base, b = base;
    char ha[65], hb[65];
    a.username = "ab";
    a.ip = "c";
    b.username = "a";
    b.ip = "bc";
    assert_int_equal(audit_chain_hash(AUDIT_CHAIN_GENESIS, &a, ha), LX_OK);
    assert_int_equal(audit_chain_hash(AUDIT_CHAIN_GENESIS, &b, hb), LX_OK);
    assert_string_not_equal(ha, hb);
  }
  /* The previous hash counts. */
  assert_int_equal(audit_chain_hash(H1, &base, h), LX_OK);
  assert_string_not_equal(h, h0);
}

static void test_bad_prev(void **state)
{
  static const char *const bad[] = {
      "",
      "00",
      "7074D5F8634C4434D660DBF16A4D6C6C2FC3034716B73235BEFC8A45CBE124B4",
      "7074d5f8634c4434d660dbf16a4d6c6c2fc3034716b73235befc8a45cbe124b4aa",
      "7074d5f8634c4434d660dbf16a4d6c6c2fc3034716b73235befc8a45cbe124bg",
  };
  char h[65];
  (void)state;
  for (size_t i = 0; i < LX_COUNT(bad); i++) {
    strcpy(h, "junk");
    assert_int_equal(audit_chain_hash(bad[i], &r1, h), LX_EINVAL);
    assert_string_equal(h, "");
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_golden_chain),
      cmocka_unit_test(test_tamper_middle),
      cmocka_unit_test(test_every_field_counts),
      cmocka_unit_test(test_bad_prev),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
