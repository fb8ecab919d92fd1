/*
 * norm.c — text folding shared by the ledger parsers (calendar import,
 * field values): white space trimming that knows the ideographic space,
 * and full-width to ASCII folding, so that "２０２６－０６－３０" and
 * "１，２００" parse like their ASCII forms.  See ledger_int.h.
 */
#include "domain/ledger/ledger_int.h"

static int is_ws_at(const unsigned char *p, size_t left, size_t *len)
{
  if (left >= 1 && (p[0] == ' ' || (p[0] >= '\t' && p[0] <= '\r'))) {
    *len = 1;
    return 1;
  }
  if (left >= 2 && p[0] == 0xC2 && p[1] == 0xA0) { /* U+00A0 */
    *len = 2;
    return 1;
  }
  if (left >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
    *len = 3; /* U+3000 */
    return 1;
  }
  return 0;
}

/* Length of a white-space character that ends exactly at p[n]. */
static size_t ws_before(const unsigned char *p, size_t n)
{
  size_t len;
  if (n >= 1 && is_ws_at(p + n - 1, 1, &len))
    return 1;
  if (n >= 2 && is_ws_at(p + n - 2, 2, &len) && len == 2)
    return 2;
  if (n >= 3 && is_ws_at(p + n - 3, 3, &len) && len == 3)
    return 3;
  return 0;
}

void ledger_trim(const char **s, size_t *n)
{
  const unsigned char *p = (const unsigned char *)*s;
  size_t left = *n, len, k;
  while (left > 0 && is_ws_at(p, left, &len)) {
    p += len;
    left -= len;
  }
  while (left > 0) {
    k = ws_before(p, left);
    if (k == 0)
      break;
    left -= k;
  }
  *s = (const char *)p;
  *n = left;
}

int ledger_fold_ascii(const char *s, size_t n, char *out, size_t cap)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, o = 0;
  if (cap == 0)
    return -1;
  while (i < n) {
    unsigned char c = p[i];
    unsigned cp;
    if (c == 0xEF && i + 2 < n && (p[i + 1] == 0xBC || p[i + 1] == 0xBD) &&
        (p[i + 2] & 0xC0) == 0x80) {
      cp = 0xF000u | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        if (o + 1 >= cap)
          return -1;
        out[o++] = (char)(cp - 0xFF01 + 0x21);
        i += 3;
        continue;
      }
    }
    if (c == 0xE3 && i + 2 < n && p[i + 1] == 0x80 && p[i + 2] == 0x80) {
      if (o + 1 >= cap)
        return -1;
      out[o++] = ' ';
      i += 3;
      continue;
    }
    if (o + 1 >= cap)
      return -1;
    out[o++] = (char)c;
    i++;
  }
  out[o] = 0;
  return (int)o;
}

int ledger_clip(const char *s, size_t n, size_t max)
{
  if (n <= max)
    return (int)n;
  while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
    max--;
  return (int)max;
}

int ledger_is_leap(int y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int ledger_month_days(int y, int m)
{
  static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12)
    return 0;
  return md[m - 1] + (m == 2 && ledger_is_leap(y));
}

int ledger_blank(const char *s)
{
  if (!s)
    return 1;
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
      return 0;
  return 1;
}
