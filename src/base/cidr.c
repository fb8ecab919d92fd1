/*
 * cidr.c — address lists (see cidr.h).
 */
#include "base/cidr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The 128-bit form of ip; IPv4 becomes ::ffff:a.b.c.d (v4 = 1).
 * Returns 1 on success. */
static int to128(const char *ip, unsigned char out[16], int *v4)
{
  struct in_addr a4;
  *v4 = 0;
  if (inet_pton(AF_INET, ip, &a4) == 1) {
    memset(out, 0, 10);
    out[10] = out[11] = 0xff;
    memcpy(out + 12, &a4, 4);
    *v4 = 1;
    return 1;
  }
  return inet_pton(AF_INET6, ip, out) == 1;
}

static int bad(struct lx_err *err, const char *entry)
{
  return err_setf(err, LX_EINVAL, "cidr.bad", "",
                  "地址列表中的「%s」不是有效的 IP 地址或网段（如 10.0.0.0/8）",
                  entry);
}

int cidr_list_parse(const char *spec, struct cidr_list *out, struct lx_err *err)
{
  const char *p = spec ? spec : "";
  memset(out, 0, sizeof *out);
  while (*p) {
    char tok[64], *slash;
    size_t n = strcspn(p, ", ;\t");
    int v4, bits;
    struct cidr *c;
    if (n == 0) {
      p++;
      continue;
    }
    if (n >= sizeof tok) {
      snprintf(tok, sizeof tok, "%.20s…", p);
      return bad(err, tok);
    }
    memcpy(tok, p, n);
    tok[n] = 0;
    p += n;
    if (out->n == CIDR_MAX)
      return err_setf(err, LX_EINVAL, "cidr.bad", "", "地址列表最多 %d 项",
                      CIDR_MAX);
    c = &out->e[out->n];
    slash = strchr(tok, '/');
    if (slash)
      *slash = 0;
    if (!to128(tok, c->addr, &v4)) {
      if (slash)
        *slash = '/';
      return bad(err, tok);
    }
    bits = v4 ? 32 : 128;
    if (slash) {
      char *end;
      long b = strtol(slash + 1, &end, 10);
      if (*end || end == slash + 1 || b < 0 || b > bits) {
        *slash = '/';
        return bad(err, tok);
      }
      bits = (int)b;
    }
    c->bits = v4 ? bits + 96 : bits;
    /* clear the host bits so that matching compares prefixes only */
    for (int i = 0; i < 16; i++) {
      int keep = c->bits - i * 8;
      if (keep <= 0)
        c->addr[i] = 0;
      else if (keep < 8)
        c->addr[i] &= (unsigned char)(0xff << (8 - keep));
    }
    out->n++;
  }
  return LX_OK;
}

int cidr_list_match(const struct cidr_list *l, const char *ip)
{
  unsigned char a[16];
  int v4;
  if (!ip || !to128(ip, a, &v4))
    return 0;
  for (int k = 0; k < l->n; k++) {
    const struct cidr *c = &l->e[k];
    int full = c->bits / 8, rest = c->bits % 8;
    if (memcmp(a, c->addr, (size_t)full))
      continue;
    if (rest &&
        (a[full] & (unsigned char)(0xff << (8 - rest))) != c->addr[full])
      continue;
    return 1;
  }
  return 0;
}
