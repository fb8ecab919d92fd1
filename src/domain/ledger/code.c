/*
 * code.c — item codes "MS-2026-0012": format, parse, validate (see
 * code.h).
 */
#include "domain/ledger/code.h"

#include "base/sb.h"

#include <string.h>

int ledger_code_prefix_valid(const char *prefix)
{
  size_t n = prefix ? strlen(prefix) : 0;
  if (n < 1 || n > LEDGER_CODE_PREFIX_MAX)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (prefix[i] < 'A' || prefix[i] > 'Z')
      return 0;
  return 1;
}

int ledger_code_format(const char *prefix, int year, int seq, char *out,
                       size_t out_len, struct lx_err *err)
{
  struct sb sb;
  if (!ledger_code_prefix_valid(prefix))
    return err_set(err, LX_EINVAL, "ledger.code_bad_prefix", "prefix",
                   "编号前缀应为1至4个大写英文字母");
  if (year < 1900 || year > 9999)
    return err_set(err, LX_EINVAL, "ledger.code_bad_year", "year",
                   "编号年份无效");
  if (seq < 1 || seq > LEDGER_CODE_SEQ_MAX)
    return err_set(err, LX_EINVAL, "ledger.code_bad_seq", "seq",
                   "编号序号应在1至999999之间");
  if (out_len == 0)
    return LX_ETOOBIG;
  sb_init(&sb, NULL, out, out_len, out_len - 1);
  sb_appendf(&sb, "%s-%04d-%04d", prefix, year, seq);
  if (sb_err(&sb)) {
    out[0] = 0;
    return err_set(err, LX_ETOOBIG, "ledger.code_buffer", "", "编号缓冲区过小");
  }
  return LX_OK;
}

int ledger_code_parse(const char *s, struct ledger_code *out,
                      struct lx_err *err)
{
  size_t i = 0, k, n = s ? strlen(s) : 0;
  int year = 0, seq = 0;
  char prefix[LEDGER_CODE_PREFIX_MAX + 1];
  while (i < n && i < LEDGER_CODE_PREFIX_MAX && s[i] >= 'A' && s[i] <= 'Z')
    i++;
  if (i == 0 || i >= n || s[i] != '-')
    goto bad;
  memcpy(prefix, s, i);
  prefix[i] = 0;
  i++;
  for (k = 0; k < 4; k++, i++) {
    if (i >= n || s[i] < '0' || s[i] > '9')
      goto bad;
    year = year * 10 + (s[i] - '0');
  }
  if (i >= n || s[i] != '-' || year < 1900)
    goto bad;
  i++;
  for (k = 0; i < n; k++, i++) {
    if (k >= 6 || s[i] < '0' || s[i] > '9')
      goto bad;
    seq = seq * 10 + (s[i] - '0');
  }
  /* canonical: four digits, or more only without a leading zero */
  if (k < 4 || seq < 1 || (k > 4 && s[n - k] == '0'))
    goto bad;
  memcpy(out->prefix, prefix, sizeof prefix);
  out->year = year;
  out->seq = seq;
  return LX_OK;
bad:
  return err_set(err, LX_EINVAL, "ledger.code_invalid", "code",
                 "事项编号格式无效（应如 MS-2026-0012）");
}
