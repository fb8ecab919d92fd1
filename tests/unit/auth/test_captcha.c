/*
 * test_captcha.c — domain/auth/captcha.c and base/png.c: the image is a
 * valid PNG (signature, IHDR 120 × 40 grayscale, every CRC right, IDAT
 * inflates to 40 rows of filter byte + 120 pixels, not blank), answers
 * are four digits that differ between challenges, a challenge is spent by
 * its first check (right or wrong), expires after five minutes, trims
 * spaces and refuses anything but its four digits; the ring forgets the
 * oldest challenge.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/png.h"
#include "domain/auth/captcha.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

static uint32_t be32(const uint8_t *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         p[3];
}

static void image_is_a_png(void **state)
{
  char id[AUTH_CAPTCHA_ID_LEN + 1], ans[AUTH_CAPTCHA_DIGITS + 1];
  uint8_t *png, raw[40 * 121];
  size_t len, pos = 8;
  uLongf raw_len = sizeof raw;
  int seen_idat = 0, dark = 0;
  (void)state;
  assert_int_equal(auth_captcha_new(1000, id, &png, &len, ans), LX_OK);
  assert_int_equal(strlen(id), AUTH_CAPTCHA_ID_LEN);
  assert_int_equal(strlen(ans), 4);
  for (int i = 0; i < 4; i++)
    assert_true(ans[i] >= '0' && ans[i] <= '9');
  assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
  while (pos + 12 <= len) {
    uint32_t n = be32(png + pos);
    const uint8_t *type = png + pos + 4;
    assert_true(pos + 12 + n <= len);
    assert_int_equal(be32(png + pos + 8 + n), (uint32_t)crc32(0L, type, 4 + n));
    if (!memcmp(type, "IHDR", 4)) {
      assert_int_equal(be32(type + 4), 120);
      assert_int_equal(be32(type + 8), 40);
      assert_int_equal(type[12], 8); /* bit depth */
      assert_int_equal(type[13], 0); /* grayscale */
    } else if (!memcmp(type, "IDAT", 4)) {
      assert_int_equal(uncompress(raw, &raw_len, type + 4, n), Z_OK);
      seen_idat = 1;
    }
    pos += 12 + n;
  }
  assert_int_equal(pos, len);
  assert_true(seen_idat);
  assert_int_equal(raw_len, 40 * 121);
  for (int y = 0; y < 40; y++) {
    assert_int_equal(raw[y * 121], 0);
    for (int x = 1; x < 121; x++)
      dark += raw[y * 121 + x] < 100;
  }
  assert_true(dark > 100); /* digits and noise were drawn */
  lx_free(png);
  assert_int_equal(png_gray(raw, 0, 1, &png, &len), LX_EINVAL);
}

static void spent_expired_and_trimmed(void **state)
{
  char id[AUTH_CAPTCHA_ID_LEN + 1], ans[AUTH_CAPTCHA_DIGITS + 1];
  char other[AUTH_CAPTCHA_ID_LEN + 1], oans[AUTH_CAPTCHA_DIGITS + 1];
  char wrong[8], padded[16];
  uint8_t *png;
  size_t len;
  int differ = 0;
  (void)state;
  assert_int_equal(auth_captcha_new(0, id, &png, &len, ans), LX_OK);
  lx_free(png);
  assert_int_equal(auth_captcha_check(id, ans, 1000), 1);
  assert_int_equal(auth_captcha_check(id, ans, 1000), 0); /* spent */
  /* a wrong answer spends it too */
  assert_int_equal(auth_captcha_new(0, id, &png, &len, ans), LX_OK);
  lx_free(png);
  snprintf(wrong, sizeof wrong, "%c%c%c%c", ans[0] == '9' ? '0' : ans[0] + 1,
           ans[1], ans[2], ans[3]);
  assert_int_equal(auth_captcha_check(id, wrong, 1000), 0);
  assert_int_equal(auth_captcha_check(id, ans, 1000), 0);
  /* expiry */
  assert_int_equal(auth_captcha_new(0, id, &png, &len, ans), LX_OK);
  lx_free(png);
  assert_int_equal(auth_captcha_check(id, ans, AUTH_CAPTCHA_TTL_MS + 1), 0);
  /* spaces around are fine; anything else is not */
  assert_int_equal(auth_captcha_new(0, id, &png, &len, ans), LX_OK);
  lx_free(png);
  snprintf(padded, sizeof padded, " %s ", ans);
  assert_int_equal(auth_captcha_check(id, padded, 1), 1);
  assert_int_equal(auth_captcha_new(0, id, &png, &len, ans), LX_OK);
  lx_free(png);
  snprintf(padded, sizeof padded, "%s5", ans);
  assert_int_equal(auth_captcha_check(id, padded, 1), 0);
  assert_int_equal(auth_captcha_check("short", ans, 1), 0);
  assert_int_equal(auth_captcha_check(NULL, ans, 1), 0);
  /* answers vary */
  for (int i = 0; i < 20; i++) {
    assert_int_equal(auth_captcha_new(0, other, &png, &len, oans), LX_OK);
    lx_free(png);
    differ += strcmp(oans, ans) != 0;
    assert_string_not_equal(other, id);
  }
  assert_true(differ > 15);
}

static void ring_forgets_the_oldest(void **state)
{
  char first[AUTH_CAPTCHA_ID_LEN + 1], fans[AUTH_CAPTCHA_DIGITS + 1];
  char id[AUTH_CAPTCHA_ID_LEN + 1];
  uint8_t *png;
  size_t len;
  (void)state;
  assert_int_equal(auth_captcha_new(0, first, &png, &len, fans), LX_OK);
  lx_free(png);
  for (int i = 0; i < AUTH_CAPTCHA_SLOTS; i++) {
    assert_int_equal(auth_captcha_new(0, id, &png, &len, NULL), LX_OK);
    lx_free(png);
  }
  assert_int_equal(auth_captcha_check(first, fans, 1), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(image_is_a_png),
      cmocka_unit_test(spent_expired_and_trimmed),
      cmocka_unit_test(ring_forgets_the_oldest),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
