/*
 * chain.c — the audit hash chain (see chain.h for the encoding, which
 * must never change silently).
 */
#include "domain/audit/chain.h"

#include "base/digest.h"

#include <string.h>

static void put_i64(struct digest_sha256 *h, int64_t v)
{
  uint8_t b[8];
  uint64_t u = (uint64_t)v;
  for (int i = 7; i >= 0; i--) {
    b[i] = (uint8_t)(u & 0xff);
    u >>= 8;
  }
  digest_sha256_update(h, b, sizeof b);
}

static void put_str(struct digest_sha256 *h, const char *s)
{
  static const uint8_t absent = 0x00, present = 0x01;
  size_t n;
  if (!s) {
    digest_sha256_update(h, &absent, 1);
    return;
  }
  n = strlen(s);
  digest_sha256_update(h, &present, 1);
  put_i64(h, (int64_t)n);
  digest_sha256_update(h, s, n);
}

/* 1 if s is exactly 64 lowercase hex digits. */
static int is_hex64(const char *s)
{
  for (int i = 0; i < 64; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
      return 0;
  return s[64] == 0;
}

int audit_chain_hash(const char prev_hex[65], const struct audit_rec *r,
                     char out_hex[65])
{
  static const char tag[8] = {'L', 'X', 'A', 'U', 'D', 'I', 'T', '1'};
  struct digest_sha256 h;
  uint8_t prev[32], d[DIGEST_SHA256_LEN];
  size_t n = 0;
  int rc;
  out_hex[0] = 0;
  if (!is_hex64(prev_hex))
    return LX_EINVAL;
  rc = digest_hex_decode(prev_hex, 64, prev, sizeof prev, &n);
  if (rc)
    return rc;
  digest_sha256_init(&h);
  digest_sha256_update(&h, tag, sizeof tag);
  digest_sha256_update(&h, prev, sizeof prev);
  put_i64(&h, r->id);
  put_i64(&h, r->at_ms);
  put_i64(&h, r->user_id);
  put_str(&h, r->username);
  put_str(&h, r->ip);
  put_str(&h, r->action);
  put_str(&h, r->object_type);
  put_str(&h, r->object_id);
  put_str(&h, r->result);
  put_str(&h, r->before_json);
  put_str(&h, r->after_json);
  put_str(&h, r->detail);
  digest_sha256_final(&h, d);
  digest_hex_encode(d, sizeof d, out_hex);
  return LX_OK;
}
