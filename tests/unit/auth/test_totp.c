/*
 * test_totp.c — domain/auth/totp.c: RFC 4648 base32 vectors, RFC 4226
 * Appendix D HOTP values, RFC 6238 Appendix B SHA-1 values (the RFC
 * prints 8 digits; ours are the last 6 of those, since both are the same
 * binary code mod 10^n), the ±1 step window, single use, input checks
 * and the otpauth URI.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/auth/totp.h"

#include <string.h>

/* base32 of the ASCII key "12345678901234567890" used by both RFCs. */
#define RFC_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

static void test_base32_rfc4648(void **state)
{
  static const struct {
    const char *raw, *b32, *padded;
  } v[] = {
      {"", "", ""},
      {"f", "MY", "MY======"},
      {"fo", "MZXQ", "MZXQ===="},
      {"foo", "MZXW6", "MZXW6==="},
      {"foob", "MZXW6YQ", "MZXW6YQ="},
      {"fooba", "MZXW6YTB", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI", "MZXW6YTBOI======"},
  };
  char enc[40];
  uint8_t dec[32];
  size_t n;
  (void)state;
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    size_t len = strlen(v[i].raw);
    assert_int_equal(auth_totp_base32_encode(v[i].raw, len, enc, sizeof enc),
                     LX_OK);
    assert_string_equal(enc, v[i].b32);
    n = 99;
    assert_int_equal(auth_totp_base32_decode(v[i].b32, dec, sizeof dec, &n),
                     LX_OK);
    assert_int_equal(n, len);
    assert_memory_equal(dec, v[i].raw, len);
    n = 99;
    assert_int_equal(auth_totp_base32_decode(v[i].padded, dec, sizeof dec, &n),
                     LX_OK);
    assert_int_equal(n, len);
    assert_memory_equal(dec, v[i].raw, len);
  }
  assert_int_equal(
      auth_totp_base32_encode("12345678901234567890", 20, enc, sizeof enc),
      LX_OK);
  assert_string_equal(enc, RFC_SECRET);
}

static void test_base32_lenient_and_bad(void **state)
{
  static const char *const bad[] = {
      "M",                /* 1 char: no whole byte */
      "MZX",              /* 3 */
      "MZXW6Y",           /* 6 */
      "MY=A",             /* data after padding */
      "MY=",              /* wrong padding length */
      "MZXW6YTB========", /* a full group of padding */
      "MY0",              /* 0 is not in the alphabet */
      "MY1",              /* neither is 1 */
      "MZ-XW6",           /* nor '-' */
  };
  uint8_t dec[32];
  char enc[8];
  size_t n = 0;
  (void)state;
  assert_int_equal(auth_totp_base32_decode("mz xw 6y tb oi", dec, 32, &n),
                   LX_OK);
  assert_int_equal(n, 6);
  assert_memory_equal(dec, "foobar", 6);
  for (size_t i = 0; i < LX_COUNT(bad); i++)
    assert_int_equal(auth_totp_base32_decode(bad[i], dec, sizeof dec, &n),
                     LX_EINVAL);
  assert_int_equal(auth_totp_base32_decode("MZXW6YTBOI", dec, 5, &n),
                   LX_ETOOBIG);
  assert_int_equal(auth_totp_base32_encode("foobar", 6, enc, sizeof enc),
                   LX_ETOOBIG);
  assert_string_equal(enc, "");
}

static void test_hotp_rfc4226(void **state)
{
  static const char *const want[] = {"755224", "287082", "359152", "969429",
                                     "338314", "254676", "287922", "162583",
                                     "399871", "520489"};
  char code[7];
  (void)state;
  for (uint64_t c = 0; c < 10; c++) {
    assert_int_equal(auth_totp_code(RFC_SECRET, c, code), LX_OK);
    assert_string_equal(code, want[c]);
  }
}

static void test_totp_rfc6238(void **state)
{
  /* RFC 6238 Appendix B, SHA-1 column: 94287082, 07081804, 14050471,
   * 89005924, 69279037, 65353130 → their last 6 digits. */
  static const struct {
    int64_t t;
    const char *code;
  } v[] = {
      {59, "287082"},         {1111111109, "081804"}, {1111111111, "050471"},
      {1234567890, "005924"}, {2000000000, "279037"}, {20000000000, "353130"},
  };
  char code[7];
  (void)state;
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    int64_t step = -5;
    assert_int_equal(auth_totp_code(RFC_SECRET, (uint64_t)(v[i].t / 30), code),
                     LX_OK);
    assert_string_equal(code, v[i].code);
    assert_int_equal(auth_totp_verify(RFC_SECRET, v[i].code, v[i].t, -1, &step),
                     LX_OK);
    assert_int_equal(step, v[i].t / 30);
  }
}

static void test_window(void **state)
{
  const int64_t t = 1234567890, s = t / 30;
  char code[7];
  int64_t step = 0;
  (void)state;
  assert_int_equal(auth_totp_code(RFC_SECRET, (uint64_t)s, code), LX_OK);
  /* One step late or early: accepted, and the matched step is reported. */
  assert_int_equal(auth_totp_verify(RFC_SECRET, code, t + 30, -1, &step),
                   LX_OK);
  assert_int_equal(step, s);
  assert_int_equal(auth_totp_verify(RFC_SECRET, code, t - 30, -1, &step),
                   LX_OK);
  assert_int_equal(step, s);
  /* Two steps either way: rejected. */
  assert_int_equal(auth_totp_verify(RFC_SECRET, code, t + 60, -1, &step),
                   LX_EUNAUTH);
  assert_int_equal(auth_totp_verify(RFC_SECRET, code, t - 60, -1, &step),
                   LX_EUNAUTH);
  /* A wrong code. */
  assert_int_equal(
      auth_totp_verify(RFC_SECRET, strcmp(code, "000000") ? "000000" : "000001",
                       t, -1, &step),
      LX_EUNAUTH);
}

static void test_single_use(void **state)
{
  const int64_t t = 2000000000, s = t / 30;
  char now_code[7], prev_code[7];
  int64_t step = -1, step2 = -1;
  (void)state;
  assert_int_equal(auth_totp_code(RFC_SECRET, (uint64_t)s, now_code), LX_OK);
  assert_int_equal(auth_totp_code(RFC_SECRET, (uint64_t)s - 1, prev_code),
                   LX_OK);
  assert_int_equal(auth_totp_verify(RFC_SECRET, now_code, t, -1, &step), LX_OK);
  assert_int_equal(step, s);
  /* The same code again: refused. */
  assert_int_equal(auth_totp_verify(RFC_SECRET, now_code, t, step, &step2),
                   LX_EUNAUTH);
  assert_int_equal(auth_totp_verify(RFC_SECRET, now_code, t + 10, step, &step2),
                   LX_EUNAUTH);
  /* An older step inside the window is refused once a newer one was used. */
  assert_int_equal(auth_totp_verify(RFC_SECRET, prev_code, t, step, &step2),
                   LX_EUNAUTH);
  /* The next step's code is still fine. */
  assert_int_equal(auth_totp_code(RFC_SECRET, (uint64_t)s + 1, now_code),
                   LX_OK);
  assert_int_equal(auth_totp_verify(RFC_SECRET, now_code, t + 30, step, &step2),
                   LX_OK);
  assert_int_equal(step2, s + 1);
}

static void test_bad_input(void **state)
{
  static const char *const codes[] = {
      "",       "12345",   "1234567",      "12a456",
      " 12345", "123456 ", "１２３４５６", "-12345"};
  int64_t step = 0;
  char code[7];
  (void)state;
  for (size_t i = 0; i < LX_COUNT(codes); i++)
    assert_int_equal(auth_totp_verify(RFC_SECRET, codes[i], 59, -1, &step),
                     LX_EINVAL);
  assert_int_equal(auth_totp_verify(RFC_SECRET, NULL, 59, -1, &step),
                   LX_EINVAL);
  assert_int_equal(auth_totp_verify("not base32!", "287082", 59, -1, &step),
                   LX_EINVAL);
  assert_int_equal(auth_totp_verify("", "287082", 59, -1, &step), LX_EINVAL);
  assert_int_equal(auth_totp_verify(RFC_SECRET, "287082", -1, -1, &step),
                   LX_EINVAL);
  assert_int_equal(auth_totp_code("", 0, code), LX_EINVAL);
  assert_string_equal(code, "");
  /* A secret longer than AUTH_TOTP_SECRET_MAX (64 bytes). */
  {
    char longsec[200];
    memset(longsec, 'A', 120);
    longsec[120] = 0;
    assert_int_equal(auth_totp_code(longsec, 0, code), LX_EINVAL);
  }
}

static void test_secret_new(void **state)
{
  char a[AUTH_TOTP_SECRET_B32_SIZE], b[AUTH_TOTP_SECRET_B32_SIZE];
  uint8_t key[32];
  size_t n = 0;
  (void)state;
  assert_int_equal(auth_totp_secret_new(a, sizeof a), LX_OK);
  assert_int_equal(auth_totp_secret_new(b, sizeof b), LX_OK);
  assert_int_equal(strlen(a), 32);
  assert_string_not_equal(a, b);
  assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 32);
  assert_int_equal(auth_totp_base32_decode(a, key, sizeof key, &n), LX_OK);
  assert_int_equal(n, AUTH_TOTP_SECRET_BYTES);
  assert_int_equal(auth_totp_secret_new(a, 32), LX_ETOOBIG);
}

static void test_uri(void **state)
{
  char uri[256];
  (void)state;
  assert_int_equal(auth_totp_uri(NULL, "zhangsan", RFC_SECRET, uri, sizeof uri),
                   LX_OK);
  assert_string_equal(uri, "otpauth://totp/%E8%90%BD%E5%AE%9E:zhangsan"
                           "?secret=" RFC_SECRET
                           "&issuer=%E8%90%BD%E5%AE%9E&digits=6&period=30");
  /* Names with spaces, reserved characters and Chinese are encoded; a
   * lowercase spaced secret is normalised. */
  assert_int_equal(auth_totp_uri("Luoshi Test", "张 三&x:y", "mzxw 6ytb oi",
                                 uri, sizeof uri),
                   LX_OK);
  assert_string_equal(uri, "otpauth://totp/Luoshi%20Test:"
                           "%E5%BC%A0%20%E4%B8%89%26x%3Ay"
                           "?secret=MZXW6YTBOI&issuer=Luoshi%20Test"
                           "&digits=6&period=30");
  assert_int_equal(auth_totp_uri(NULL, "zhangsan", RFC_SECRET, uri, 40),
                   LX_ETOOBIG);
  assert_string_equal(uri, "");
  assert_int_equal(auth_totp_uri(NULL, "zhangsan", "bad!", uri, sizeof uri),
                   LX_EINVAL);
  assert_string_equal(uri, "");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_base32_rfc4648),
      cmocka_unit_test(test_base32_lenient_and_bad),
      cmocka_unit_test(test_hotp_rfc4226),
      cmocka_unit_test(test_totp_rfc6238),
      cmocka_unit_test(test_window),
      cmocka_unit_test(test_single_use),
      cmocka_unit_test(test_bad_input),
      cmocka_unit_test(test_secret_new),
      cmocka_unit_test(test_uri),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
