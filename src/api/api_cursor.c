/*
 * api_cursor.c — signed keyset cursors (see api_cursor.h): base64url
 * without padding, HMAC-SHA256 truncated to 128 bits, a per-process key.
 */
#include "api/api_cursor.h"

#include "base/arena.h"
#include "base/digest.h"
#include "base/log.h"
#include "base/rand.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAC_LEN 16

static struct {
  pthread_once_t once;
  unsigned char key[32];
} cur = {PTHREAD_ONCE_INIT, {0}};

static void key_init(void)
{
  if (rand_bytes(cur.key, sizeof cur.key) != LX_OK)
    log_error("cursor key: no randomness; cursors use a fixed key");
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static size_t b64_encode(const unsigned char *in, size_t n, char *out)
{
  size_t o = 0, i;
  for (i = 0; i + 2 < n; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
    out[o++] = b64[v >> 18 & 63];
    out[o++] = b64[v >> 12 & 63];
    out[o++] = b64[v >> 6 & 63];
    out[o++] = b64[v & 63];
  }
  if (n - i == 1) {
    uint32_t v = (uint32_t)in[i] << 16;
    out[o++] = b64[v >> 18 & 63];
    out[o++] = b64[v >> 12 & 63];
  } else if (n - i == 2) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
    out[o++] = b64[v >> 18 & 63];
    out[o++] = b64[v >> 12 & 63];
    out[o++] = b64[v >> 6 & 63];
  }
  out[o] = 0;
  return o;
}

static int b64_val(char c)
{
  const char *p = c ? strchr(b64, c) : NULL;
  return p ? (int)(p - b64) : -1;
}

/* Strict decode: only the alphabet, no padding, no dangling bits.
 * Returns the decoded length or -1. */
static long b64_decode(const char *in, size_t n, unsigned char *out, size_t cap)
{
  size_t o = 0, i;
  if (n % 4 == 1)
    return -1;
  for (i = 0; i < n; i += 4) {
    size_t k = n - i < 4 ? n - i : 4;
    uint32_t v = 0;
    for (size_t j = 0; j < 4; j++) {
      int d = j < k ? b64_val(in[i + j]) : 0;
      if (d < 0)
        return -1;
      v = v << 6 | (uint32_t)d;
    }
    if ((k == 2 && (v & 0xffff)) || (k == 3 && (v & 0xff)))
      return -1; /* non-canonical trailing bits */
    if (o + k - 1 > cap)
      return -1;
    out[o++] = (unsigned char)(v >> 16);
    if (k > 2)
      out[o++] = (unsigned char)(v >> 8);
    if (k > 3)
      out[o++] = (unsigned char)v;
  }
  return (long)o;
}

static void mac_of(const char *kind, const char *payload, size_t len,
                   unsigned char out[DIGEST_SHA256_LEN])
{
  char buf[API_CURSOR_MAX_PAYLOAD + 80];
  size_t kl = strlen(kind);
  pthread_once(&cur.once, key_init);
  if (kl > 64)
    kl = 64;
  memcpy(buf, kind, kl);
  buf[kl] = 0; /* kind and payload are separated by a NUL */
  memcpy(buf + kl + 1, payload, len);
  digest_hmac_sha256(cur.key, sizeof cur.key, buf, kl + 1 + len, out);
}

const char *api_cursor_encode(struct req *r, const char *kind,
                              const char *const *fields, int n)
{
  char payload[API_CURSOR_MAX_PAYLOAD + 1];
  unsigned char mac[DIGEST_SHA256_LEN];
  size_t len = 0;
  char *out;
  if (n < 1 || n > API_CURSOR_MAX_FIELDS)
    return NULL;
  for (int i = 0; i < n; i++) {
    size_t fl = strlen(fields[i]);
    if (len + fl + 1 > API_CURSOR_MAX_PAYLOAD || memchr(fields[i], '\n', fl))
      return NULL;
    if (i)
      payload[len++] = '\n';
    memcpy(payload + len, fields[i], fl);
    len += fl;
  }
  payload[len] = 0;
  mac_of(kind, payload, len, mac);
  out = arena_alloc(r->arena, (len + 2) / 3 * 4 + 1 + 24 + 1);
  len = b64_encode((const unsigned char *)payload, len, out);
  out[len++] = '.';
  b64_encode(mac, MAC_LEN, out + len);
  return out;
}

static int bad(struct req *r)
{
  return err_set(&r->err, LX_EINVAL, "page.cursor", "cursor",
                 "分页游标无效，请从第一页重新查询");
}

int api_cursor_decode(struct req *r, const char *kind, const char **out, int n,
                      int *present)
{
  const char *c = req_query(r, "cursor"), *dot;
  unsigned char payload[API_CURSOR_MAX_PAYLOAD + 1], mac[MAC_LEN + 2];
  unsigned char want[DIGEST_SHA256_LEN];
  long plen, mlen;
  const char *p;
  int k = 0;
  *present = 0;
  for (int i = 0; i < n; i++)
    out[i] = NULL;
  if (!c || !*c)
    return LX_OK;
  dot = strchr(c, '.');
  if (!dot || strlen(c) > API_CURSOR_MAX_PAYLOAD * 2)
    return bad(r);
  plen = b64_decode(c, (size_t)(dot - c), payload, API_CURSOR_MAX_PAYLOAD);
  mlen = b64_decode(dot + 1, strlen(dot + 1), mac, sizeof mac);
  if (plen <= 0 || mlen != MAC_LEN)
    return bad(r);
  payload[plen] = 0;
  if (memchr(payload, 0, (size_t)plen))
    return bad(r);
  mac_of(kind, (const char *)payload, (size_t)plen, want);
  if (!digest_equal(mac, want, MAC_LEN))
    return bad(r);
  p = (const char *)payload;
  for (;;) {
    const char *nl = strchr(p, '\n');
    size_t fl = nl ? (size_t)(nl - p) : strlen(p);
    if (k == n)
      return bad(r);
    out[k++] = arena_strndup(r->arena, p, fl);
    if (!nl)
      break;
    p = nl + 1;
  }
  if (k != n)
    return bad(r);
  *present = 1;
  return LX_OK;
}

int api_limit(struct req *r, int *out_limit)
{
  const char *l = req_query(r, "limit");
  char *end;
  long v;
  *out_limit = 20;
  if (!l)
    return LX_OK;
  v = strtol(l, &end, 10);
  if (*end || end == l || v < 1 || v > 200 || l[0] == '+' || l[0] == ' ')
    return err_set(&r->err, LX_EINVAL, "page.limit", "limit",
                   "limit 必须是 1 到 200 之间的整数");
  *out_limit = (int)v;
  return LX_OK;
}
