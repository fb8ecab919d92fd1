/*
 * digest.c — SHA-256, HMAC, SM3, constant-time compare and hex (see
 * digest.h), using only OpenSSL 3 EVP interfaces (no deprecated
 * SHA256_* or HMAC_CTX calls).
 *
 * An OpenSSL failure for SHA-256 or HMAC can only mean out of memory or a
 * broken library, which is treated like lx_malloc's out of memory: abort.
 */
#include "base/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <string.h>

static struct {
  pthread_once_t sm3_once;
  bool sm3_ok;
} st = {PTHREAD_ONCE_INIT, false};

static const char hexdig[] = "0123456789abcdef";

void digest_sha256(const void *data, size_t len, uint8_t out[DIGEST_SHA256_LEN])
{
  unsigned int n = 0;
  int ok = EVP_Digest(data, len, out, &n, EVP_sha256(), NULL);
  LX_ASSERT(ok == 1 && n == DIGEST_SHA256_LEN);
}

void digest_sha256_hex(const void *data, size_t len,
                       char out[DIGEST_HEX256_SIZE])
{
  uint8_t d[DIGEST_SHA256_LEN];
  digest_sha256(data, len, d);
  digest_hex_encode(d, sizeof d, out);
}

void digest_sha256_init(struct digest_sha256 *ctx)
{
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  int ok;
  LX_ASSERT(md != NULL);
  ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL);
  LX_ASSERT(ok == 1);
  ctx->md = md;
}

void digest_sha256_update(struct digest_sha256 *ctx, const void *data,
                          size_t len)
{
  int ok;
  LX_ASSERT(ctx->md != NULL);
  if (len == 0)
    return;
  ok = EVP_DigestUpdate(ctx->md, data, len);
  LX_ASSERT(ok == 1);
}

void digest_sha256_final(struct digest_sha256 *ctx,
                         uint8_t out[DIGEST_SHA256_LEN])
{
  unsigned int n = 0;
  int ok;
  LX_ASSERT(ctx->md != NULL);
  ok = EVP_DigestFinal_ex(ctx->md, out, &n);
  LX_ASSERT(ok == 1 && n == DIGEST_SHA256_LEN);
  digest_sha256_reset(ctx);
}

void digest_sha256_reset(struct digest_sha256 *ctx)
{
  EVP_MD_CTX_free(ctx->md);
  ctx->md = NULL;
}

/* HMAC with the named digest; out must hold out_len bytes exactly. */
static void hmac(const char *md_name, const void *key, size_t key_len,
                 const void *data, size_t len, uint8_t *out, size_t out_len)
{
  static const uint8_t empty[1];
  size_t n = 0;
  unsigned char *r;
  /* OpenSSL refuses a NULL key even when its length is 0. */
  if (key_len == 0)
    key = empty;
  if (len == 0)
    data = empty;
  r = EVP_Q_mac(NULL, "HMAC", NULL, md_name, NULL, key, key_len, data, len, out,
                out_len, &n);
  LX_ASSERT(r != NULL && n == out_len);
}

void digest_hmac_sha1(const void *key, size_t key_len, const void *data,
                      size_t len, uint8_t out[DIGEST_SHA1_LEN])
{
  hmac("SHA1", key, key_len, data, len, out, DIGEST_SHA1_LEN);
}

void digest_hmac_sha256(const void *key, size_t key_len, const void *data,
                        size_t len, uint8_t out[DIGEST_SHA256_LEN])
{
  hmac("SHA256", key, key_len, data, len, out, DIGEST_SHA256_LEN);
}

static void sm3_probe(void)
{
  EVP_MD *md = EVP_MD_fetch(NULL, "SM3", NULL);
  st.sm3_ok = md != NULL;
  EVP_MD_free(md);
}

bool digest_sm3_available(void)
{
  int rc = pthread_once(&st.sm3_once, sm3_probe);
  LX_ASSERT(rc == 0);
  return st.sm3_ok;
}

int digest_sm3_hex(const void *data, size_t len, char out[DIGEST_HEX256_SIZE])
{
  uint8_t d[DIGEST_SM3_LEN];
  unsigned int n = 0;
  EVP_MD *md;
  int ok;
  out[0] = 0;
  if (!digest_sm3_available())
    return LX_EUNSUPPORTED;
  md = EVP_MD_fetch(NULL, "SM3", NULL);
  if (!md)
    return LX_EUNSUPPORTED;
  ok = EVP_Digest(data, len, d, &n, md, NULL);
  EVP_MD_free(md);
  LX_ASSERT(ok == 1 && n == DIGEST_SM3_LEN);
  digest_hex_encode(d, sizeof d, out);
  return LX_OK;
}

bool digest_equal(const void *a, const void *b, size_t n)
{
  return CRYPTO_memcmp(a, b, n) == 0;
}

void digest_hex_encode(const void *in, size_t n, char *out)
{
  const uint8_t *p = in;
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = hexdig[p[i] >> 4];
    out[2 * i + 1] = hexdig[p[i] & 15];
  }
  out[2 * n] = 0;
}

void digest_base64_encode(const void *in, size_t n, char *out)
{
  /* EVP_EncodeBlock takes an int length; callers encode small images */
  EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}

/* Value of one hex digit, or -1. */
static int hexval(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

int digest_hex_decode(const char *hex, size_t hex_len, uint8_t *out,
                      size_t out_cap, size_t *out_len)
{
  size_t n = hex_len / 2;
  if (hex_len % 2)
    return LX_EINVAL;
  for (size_t i = 0; i < hex_len; i++)
    if (hexval(hex[i]) < 0)
      return LX_EINVAL;
  if (n > out_cap)
    return LX_ETOOBIG;
  for (size_t i = 0; i < n; i++)
    out[i] = (uint8_t)(hexval(hex[2 * i]) << 4 | hexval(hex[2 * i + 1]));
  if (out_len)
    *out_len = n;
  return LX_OK;
}
