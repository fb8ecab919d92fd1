/*
 * test_digest.c — known-answer tests for base/digest.c: SHA-256 (FIPS
 * 180-2 examples, streaming equals one-shot), base64 (RFC 4648), HMAC-SHA256
 * (RFC 4231 cases 1 and 2), HMAC-SHA1 (RFC 2202 cases 1 and 2), SM3 (GB/T 32905
 * "abc", skipped when OpenSSL lacks it), constant-time compare and hex.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/digest.h"

#include <string.h>

static void hex_of(const uint8_t *d, size_t n, char *out)
{
  digest_hex_encode(d, n, out);
}

static void test_sha256_vectors(void **state)
{
  static const struct {
    const char *in, *hex;
  } v[] = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc",
       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
  };
  char hex[DIGEST_HEX256_SIZE];
  (void)state;
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    digest_sha256_hex(v[i].in, strlen(v[i].in), hex);
    assert_string_equal(hex, v[i].hex);
  }
}

static void test_sha256_stream(void **state)
{
  static const char msg[] =
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  struct digest_sha256 h;
  uint8_t a[32], b[32];
  char hex[65];
  (void)state;
  /* Any split gives the one-shot digest. */
  digest_sha256(msg, sizeof msg - 1, a);
  for (size_t cut = 0; cut < sizeof msg; cut++) {
    digest_sha256_init(&h);
    digest_sha256_update(&h, msg, cut);
    digest_sha256_update(&h, NULL, 0);
    digest_sha256_update(&h, msg + cut, sizeof msg - 1 - cut);
    digest_sha256_final(&h, b);
    assert_memory_equal(a, b, 32);
    assert_null(h.md);
  }
  /* One million 'a' in 1000-byte parts (FIPS 180-2 example 3). */
  {
    char block[1000];
    memset(block, 'a', sizeof block);
    digest_sha256_init(&h);
    for (int i = 0; i < 1000; i++)
      digest_sha256_update(&h, block, sizeof block);
    digest_sha256_final(&h, b);
    hex_of(b, 32, hex);
    assert_string_equal(
        hex,
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
  /* reset abandons a started context and is idempotent. */
  digest_sha256_init(&h);
  digest_sha256_update(&h, "x", 1);
  digest_sha256_reset(&h);
  digest_sha256_reset(&h);
  assert_null(h.md);
}

static void test_hmac_sha256_rfc4231(void **state)
{
  uint8_t key[20], mac[32];
  char hex[65];
  (void)state;
  /* Test case 1 */
  memset(key, 0x0b, sizeof key);
  digest_hmac_sha256(key, sizeof key, "Hi There", 8, mac);
  hex_of(mac, 32, hex);
  assert_string_equal(
      hex, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  /* Test case 2 */
  digest_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, mac);
  hex_of(mac, 32, hex);
  assert_string_equal(
      hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  /* Empty key and empty message are allowed. */
  digest_hmac_sha256(NULL, 0, NULL, 0, mac);
  hex_of(mac, 32, hex);
  assert_string_equal(
      hex, "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

static void test_hmac_sha1_rfc2202(void **state)
{
  uint8_t key[20], mac[20];
  char hex[41];
  (void)state;
  memset(key, 0x0b, sizeof key);
  digest_hmac_sha1(key, sizeof key, "Hi There", 8, mac);
  hex_of(mac, 20, hex);
  assert_string_equal(hex, "b617318655057264e28bc0b6fb378c8ef146be00");
  digest_hmac_sha1("Jefe", 4, "what do ya want for nothing?", 28, mac);
  hex_of(mac, 20, hex);
  assert_string_equal(hex, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

static void test_sm3(void **state)
{
  char hex[65];
  (void)state;
  if (!digest_sm3_available()) {
    assert_int_equal(digest_sm3_hex("abc", 3, hex), LX_EUNSUPPORTED);
    assert_string_equal(hex, "");
    skip();
  }
  assert_int_equal(digest_sm3_hex("abc", 3, hex), LX_OK);
  assert_string_equal(
      hex, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

static void test_equal(void **state)
{
  (void)state;
  assert_true(digest_equal("abcdef", "abcdef", 6));
  assert_false(digest_equal("abcdef", "abcdeg", 6));
  assert_false(digest_equal("xbcdef", "abcdef", 6));
  assert_true(digest_equal("a", "b", 0));
}

static void test_hex(void **state)
{
  static const uint8_t bin[] = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
  uint8_t back[8];
  char hex[13];
  size_t n = 99;
  (void)state;
  digest_hex_encode(bin, sizeof bin, hex);
  assert_string_equal(hex, "00017f80abff");
  assert_int_equal(digest_hex_decode(hex, 12, back, sizeof back, &n), LX_OK);
  assert_int_equal(n, 6);
  assert_memory_equal(back, bin, 6);
  assert_int_equal(digest_hex_decode("00017F80ABFF", 12, back, 6, &n), LX_OK);
  assert_memory_equal(back, bin, 6);
  assert_int_equal(digest_hex_decode("", 0, back, 0, &n), LX_OK);
  assert_int_equal(n, 0);
  assert_int_equal(digest_hex_decode("abc", 3, back, 8, &n), LX_EINVAL);
  assert_int_equal(digest_hex_decode("zz", 2, back, 8, &n), LX_EINVAL);
  assert_int_equal(digest_hex_decode("0g", 2, back, 8, &n), LX_EINVAL);
  assert_int_equal(digest_hex_decode("001122", 6, back, 2, &n), LX_ETOOBIG);
  digest_hex_encode(bin, 0, hex);
  assert_string_equal(hex, "");
}

/* RFC 4648 §10 test vectors */
static void test_base64(void **state)
{
  static const char *const v[][2] = {{"", ""},
                                     {"f", "Zg=="},
                                     {"fo", "Zm8="},
                                     {"foo", "Zm9v"},
                                     {"foob", "Zm9vYg=="},
                                     {"fooba", "Zm9vYmE="},
                                     {"foobar", "Zm9vYmFy"}};
  char out[DIGEST_B64_SIZE(6)];
  (void)state;
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    digest_base64_encode(v[i][0], strlen(v[i][0]), out);
    assert_string_equal(out, v[i][1]);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sha256_vectors),
      cmocka_unit_test(test_sha256_stream),
      cmocka_unit_test(test_hmac_sha256_rfc4231),
      cmocka_unit_test(test_hmac_sha1_rfc2202),
      cmocka_unit_test(test_sm3),
      cmocka_unit_test(test_equal),
      cmocka_unit_test(test_hex),
      cmocka_unit_test(test_base64),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
