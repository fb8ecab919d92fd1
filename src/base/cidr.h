/*
 * cidr.h — lists of IPv4/IPv6 addresses and networks ("10.0.0.0/8,
 * 192.168.1.5, fd00::/8") and matching a textual address against them.
 * Used for the 三员 source-address allow-list (admin_allow) and for the
 * proxies whose X-Forwarded-For is trusted (trusted_proxies).
 * IPv4-mapped IPv6 addresses (::ffff:10.1.2.3) match IPv4 entries.
 */
#ifndef CIDR_H
#define CIDR_H

#include "base/lx.h"

#include <stddef.h>

#define CIDR_MAX 64 /* entries per list */

struct cidr {
  unsigned char addr[16]; /* IPv4 as ::ffff:a.b.c.d */
  int bits;               /* prefix length over the 128-bit form */
};

struct cidr_list {
  int n;
  struct cidr e[CIDR_MAX];
};

/* Parses spec: entries separated by commas, spaces or semicolons; "" is
 * the empty list.  An entry is an address (a host) or address/prefix.
 * rc: LX_OK; LX_EINVAL ("cidr.bad", message naming the bad entry) for a
 * malformed entry, a prefix out of range or more than CIDR_MAX entries. */
LX_MUST_CHECK int cidr_list_parse(const char *spec, struct cidr_list *out,
                                  struct lx_err *err);

/* 1 if ip (textual IPv4 or IPv6) lies in one of the list's networks;
 * 0 otherwise, and for an unparsable ip. */
int cidr_list_match(const struct cidr_list *l, const char *ip);

#endif
