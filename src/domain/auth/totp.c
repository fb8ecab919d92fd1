/*
 * totp.c — RFC 6238 TOTP codes, RFC 4648 base32 and the otpauth URI (see
 * totp.h).  Decoded secrets live on the stack only and are wiped with
 * explicit_bzero before returning.
 */
#include "domain/auth/totp.h"

#include "base/digest.h"
#include "base/rand.h"
#include "base/sb.h"

#include <string.h>

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* Value of one base32 character (either case), or -1. */
static int b32_val(char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a';
  if (c >= '2' && c <= '7')
    return c - '2' + 26;
  return -1;
}

int auth_totp_base32_encode(const void *in, size_t n, char *out, size_t out_len)
{
  const uint8_t *p = in;
  uint32_t acc = 0;
  int bits = 0;
  size_t o = 0;
  size_t need = (n * 8 + 4) / 5 + 1;
  if (n > SIZE_MAX / 8 - 1 || out_len < need) {
    if (out_len)
      out[0] = 0;
    return LX_ETOOBIG;
  }
  for (size_t i = 0; i < n; i++) {
    acc = (acc << 8) | p[i];
    bits += 8;
    while (bits >= 5) {
      out[o++] = b32_alphabet[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0)
    out[o++] = b32_alphabet[(acc << (5 - bits)) & 31];
  out[o] = 0;
  return LX_OK;
}

int auth_totp_base32_decode(const char *in, uint8_t *out, size_t out_cap,
                            size_t *out_len)
{
  uint32_t acc = 0;
  int bits = 0;
  size_t n_data = 0, n_pad = 0, o = 0;
  for (const char *s = in; *s; s++) {
    int v;
    if (*s == ' ')
      continue;
    if (*s == '=') {
      n_pad++;
      continue;
    }
    v = b32_val(*s);
    if (v < 0 || n_pad > 0)
      return LX_EINVAL;
    n_data++;
    acc = (acc << 5) | (uint32_t)v;
    bits += 5;
    if (bits >= 8) {
      if (o >= out_cap)
        return LX_ETOOBIG;
      out[o++] = (uint8_t)(acc >> (bits - 8));
      bits -= 8;
    }
  }
  /* 1, 3 or 6 characters in the last group cannot come from whole bytes. */
  switch (n_data % 8) {
  case 1:
  case 3:
  case 6: return LX_EINVAL;
  }
  if (n_pad > 0 && (n_pad >= 8 || (n_data + n_pad) % 8 != 0))
    return LX_EINVAL;
  *out_len = o;
  return LX_OK;
}

int auth_totp_secret_new(char *out, size_t out_len)
{
  uint8_t key[AUTH_TOTP_SECRET_BYTES];
  int rc;
  if (out_len < AUTH_TOTP_SECRET_B32_SIZE) {
    if (out_len)
      out[0] = 0;
    return LX_ETOOBIG;
  }
  rc = rand_bytes(key, sizeof key);
  if (rc == LX_OK)
    rc = auth_totp_base32_encode(key, sizeof key, out, out_len);
  explicit_bzero(key, sizeof key);
  return rc;
}

/* Decodes a secret; LX_EINVAL also for an empty one or one too long. */
static int secret_decode(const char *secret_b32, uint8_t key[], size_t *key_len)
{
  int rc =
      auth_totp_base32_decode(secret_b32, key, AUTH_TOTP_SECRET_MAX, key_len);
  if (rc == LX_OK && *key_len == 0)
    rc = LX_EINVAL;
  if (rc) {
    explicit_bzero(key, AUTH_TOTP_SECRET_MAX);
    return LX_EINVAL;
  }
  return LX_OK;
}

/* RFC 4226 section 5.3: HMAC-SHA1 of the big-endian counter, dynamic
 * truncation, then the last 6 decimal digits as text. */
static void hotp(const uint8_t *key, size_t key_len, uint64_t counter,
                 char out[AUTH_TOTP_DIGITS + 1])
{
  uint8_t msg[8], mac[DIGEST_SHA1_LEN];
  uint32_t bin;
  int off;
  for (int i = 7; i >= 0; i--) {
    msg[i] = (uint8_t)(counter & 0xff);
    counter >>= 8;
  }
  digest_hmac_sha1(key, key_len, msg, sizeof msg, mac);
  off = mac[DIGEST_SHA1_LEN - 1] & 0x0f;
  bin = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
        ((uint32_t)mac[off + 2] << 8) | (uint32_t)mac[off + 3];
  for (int i = AUTH_TOTP_DIGITS - 1; i >= 0; i--) {
    out[i] = (char)('0' + bin % 10);
    bin /= 10;
  }
  out[AUTH_TOTP_DIGITS] = 0;
  explicit_bzero(mac, sizeof mac);
}

int auth_totp_code(const char *secret_b32, uint64_t counter,
                   char out[AUTH_TOTP_DIGITS + 1])
{
  uint8_t key[AUTH_TOTP_SECRET_MAX];
  size_t key_len = 0;
  int rc = secret_decode(secret_b32, key, &key_len);
  out[0] = 0;
  if (rc)
    return rc;
  hotp(key, key_len, counter, out);
  explicit_bzero(key, sizeof key);
  return LX_OK;
}

/* 1 if code is exactly AUTH_TOTP_DIGITS ASCII digits. */
static int code_well_formed(const char *code)
{
  size_t i;
  for (i = 0; i < AUTH_TOTP_DIGITS; i++)
    if (code[i] < '0' || code[i] > '9')
      return 0;
  return code[i] == 0;
}

int auth_totp_verify(const char *secret_b32, const char *code, int64_t now_unix,
                     int64_t last_used_step, int64_t *out_step)
{
  uint8_t key[AUTH_TOTP_SECRET_MAX];
  size_t key_len = 0;
  int64_t now_step, found = -1;
  int rc;
  if (!code || !code_well_formed(code) || now_unix < 0)
    return LX_EINVAL;
  rc = secret_decode(secret_b32, key, &key_len);
  if (rc)
    return rc;
  now_step = now_unix / AUTH_TOTP_PERIOD;
  /* Every candidate is computed and compared, so the time taken does not
   * reveal which step (if any) matched. */
  for (int64_t d = -1; d <= 1; d++) {
    char want[AUTH_TOTP_DIGITS + 1];
    int64_t step = now_step + d;
    int eq;
    if (step < 0)
      continue;
    hotp(key, key_len, (uint64_t)step, want);
    eq = digest_equal(want, code, AUTH_TOTP_DIGITS);
    if (eq && step > last_used_step)
      found = step;
    explicit_bzero(want, sizeof want);
  }
  explicit_bzero(key, sizeof key);
  if (found < 0)
    return LX_EUNAUTH;
  *out_step = found;
  return LX_OK;
}

int auth_totp_uri(const char *issuer, const char *username,
                  const char *secret_b32, char *out, size_t out_len)
{
  uint8_t key[AUTH_TOTP_SECRET_MAX];
  size_t key_len = 0;
  struct sb sb;
  int rc;
  if (out_len == 0)
    return LX_ETOOBIG;
  out[0] = 0;
  rc = secret_decode(secret_b32, key, &key_len);
  explicit_bzero(key, sizeof key);
  if (rc)
    return rc;
  if (!issuer)
    issuer = "落实";
  /* The caller's buffer is the builder's only storage: with max one less
   * than its size the builder never needs to grow. */
  sb_init(&sb, NULL, out, out_len, out_len - 1);
  sb_puts(&sb, "otpauth://totp/");
  sb_append_url(&sb, issuer);
  sb_putc(&sb, ':');
  sb_append_url(&sb, username);
  sb_puts(&sb, "?secret=");
  for (const char *s = secret_b32; *s; s++)
    if (*s != ' ' && *s != '=')
      sb_putc(&sb, *s >= 'a' && *s <= 'z' ? (char)(*s - 'a' + 'A') : *s);
  sb_puts(&sb, "&issuer=");
  sb_append_url(&sb, issuer);
  sb_puts(&sb, "&digits=6&period=30");
  rc = sb_err(&sb);
  sb_reset(&sb); /* frees nothing here; kept for the day it could grow */
  if (rc)
    out[0] = 0;
  return rc;
}
