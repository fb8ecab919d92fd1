/*
 * test_rand.c — base/rand.c: buffers get filled (and differ between
 * calls), tokens have the right shape, and rand_u32_uniform stays in range
 * with a roughly flat histogram.  Statistical checks use wide margins
 * (more than 6 sigma) so they do not flake.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/rand.h"

#include <stdlib.h>
#include <string.h>

static void test_bytes(void **state)
{
  uint8_t a[64], b[64], zero[64];
  size_t big = 1 << 20;
  uint8_t *p = malloc(big);
  size_t n_zero = 0;
  (void)state;
  memset(zero, 0, sizeof zero);
  assert_int_equal(rand_bytes(a, sizeof a), LX_OK);
  assert_int_equal(rand_bytes(b, sizeof b), LX_OK);
  assert_memory_not_equal(a, b, sizeof a);
  assert_memory_not_equal(a, zero, sizeof a);
  assert_int_equal(rand_bytes(a, 0), LX_OK);
  /* A large read goes through the short-read loop. */
  assert_non_null(p);
  assert_int_equal(rand_bytes(p, big), LX_OK);
  for (size_t i = 0; i < big; i++)
    n_zero += p[i] == 0;
  /* Expect big/256 = 4096 zero bytes; sigma ~64. */
  assert_in_range(n_zero, 3600, 4600);
  free(p);
}

static void test_token_hex(void **state)
{
  char a[33], b[33], big[200];
  (void)state;
  assert_int_equal(rand_token_hex(a, sizeof a, 16), LX_OK);
  assert_int_equal(rand_token_hex(b, sizeof b, 16), LX_OK);
  assert_int_equal(strlen(a), 32);
  assert_int_equal(strspn(a, "0123456789abcdef"), 32);
  assert_string_not_equal(a, b);
  assert_int_equal(rand_token_hex(a, 32, 16), LX_ETOOBIG);
  assert_int_equal(rand_token_hex(a, 1, 0), LX_OK);
  assert_string_equal(a, "");
  /* More than the internal 64-byte chunk. */
  assert_int_equal(rand_token_hex(big, sizeof big, 99), LX_OK);
  assert_int_equal(strlen(big), 198);
  assert_int_equal(strspn(big, "0123456789abcdef"), 198);
}

static void test_uniform(void **state)
{
  int hist[10] = {0};
  uint32_t v = 7;
  (void)state;
  assert_int_equal(rand_u32_uniform(0, &v), LX_EINVAL);
  assert_int_equal(rand_u32_uniform(1, &v), LX_OK);
  assert_int_equal(v, 0);
  for (int i = 0; i < 20000; i++) {
    assert_int_equal(rand_u32_uniform(10, &v), LX_OK);
    assert_true(v < 10);
    hist[v]++;
  }
  /* 2000 expected per bucket, sigma ~42. */
  for (int i = 0; i < 10; i++)
    assert_in_range(hist[i], 1700, 2300);
  for (int i = 0; i < 100; i++) {
    assert_int_equal(rand_u32_uniform(0xFFFFFFFFu, &v), LX_OK);
    assert_true(v < 0xFFFFFFFFu);
    assert_int_equal(rand_u32_uniform(0x80000001u, &v), LX_OK);
    assert_true(v < 0x80000001u);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bytes),
      cmocka_unit_test(test_token_hex),
      cmocka_unit_test(test_uniform),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
