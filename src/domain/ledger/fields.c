/*
 * fields.c — custom field definitions and value validation (see fields.h).
 *
 * Numbers are handled as decimal digit strings, never through binary
 * floating point, so "0.1" stays 0.1 and rounding to Excel's 15
 * significant digits is exact; only the min/max comparison uses a double.
 */
#include "domain/ledger/fields.h"

#include "base/sb.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "domain/ledger/calendar.h"
#include "domain/ledger/ledger_int.h"

#include <stdlib.h>
#include <string.h>

static const struct {
  const char *code, *label;
  int max_len, decimals;
} types[LEDGER_FIELD_TYPE_COUNT] = {
    {"text", "文本", 200, 0},    {"longtext", "长文本", 5000, 0},
    {"number", "数字", 0, 6},    {"money", "金额（万元）", 0, 4},
    {"percent", "百分比", 0, 2}, {"date", "日期", 0, 0},
    {"select", "单选", 0, 0},    {"multiselect", "多选", 0, 0},
    {"person", "人员", 64, 0},   {"unit", "单位", 64, 0},
};

/* Separators between the choices of a multi select. */
static const char *const multi_seps[] = {",",  "，", "、", ";",
                                         "；", "\n", "\r"};

#define MAX_SIG 15    /* significant digits kept (Excel's precision) */
#define MAX_INT 15    /* digits before the point */
#define MAX_DIGITS 64 /* digits accepted in the input */

const char *ledger_field_type_code(enum ledger_field_type t)
{
  return (unsigned)t < LEDGER_FIELD_TYPE_COUNT ? types[t].code : "";
}

const char *ledger_field_type_label(enum ledger_field_type t)
{
  return (unsigned)t < LEDGER_FIELD_TYPE_COUNT ? types[t].label : "";
}

int ledger_field_type_parse(const char *code, enum ledger_field_type *out)
{
  for (int i = 0; code && i < LEDGER_FIELD_TYPE_COUNT; i++)
    if (strcmp(code, types[i].code) == 0) {
      *out = (enum ledger_field_type)i;
      return 1;
    }
  return 0;
}

static int is_select(enum ledger_field_type t)
{
  return t == LEDGER_FIELD_SELECT || t == LEDGER_FIELD_MULTI;
}

static int is_numeric(enum ledger_field_type t)
{
  return t == LEDGER_FIELD_NUMBER || t == LEDGER_FIELD_MONEY ||
         t == LEDGER_FIELD_PERCENT;
}

static size_t chars(const char *s)
{
  return s && utf8_valid(s, strlen(s)) ? utf8_len(s) : (size_t)-1;
}

int ledger_field_def_check(const struct ledger_field_def *f, struct lx_err *err)
{
  size_t n = f->key ? strlen(f->key) : 0, c;
  if (n == 0 || n > LEDGER_FIELD_KEY_MAX || f->key[0] < 'a' || f->key[0] > 'z')
    goto bad_key;
  for (size_t i = 0; i < n; i++)
    if (!((f->key[i] >= 'a' && f->key[i] <= 'z') ||
          (f->key[i] >= '0' && f->key[i] <= '9') || f->key[i] == '_'))
      goto bad_key;
  c = chars(f->label);
  if (c == 0 || c > LEDGER_FIELD_LABEL_MAX_CHARS)
    return err_set(err, LX_EINVAL, "ledger.field_def_label", "label",
                   "字段名称应为1至32个字");
  if ((unsigned)f->type >= LEDGER_FIELD_TYPE_COUNT)
    return err_set(err, LX_EINVAL, "ledger.field_def_type", "type",
                   "字段类型无效");
  if (f->max_len < 0 || f->max_len > LEDGER_FIELD_MAX_CHARS)
    return err_set(err, LX_EINVAL, "ledger.field_def_max_len", "max_len",
                   "最大长度应在0至32767之间");
  if (f->decimals < -1 || f->decimals > 6)
    return err_set(err, LX_EINVAL, "ledger.field_def_decimals", "decimals",
                   "小数位数应在0至6之间");
  if (f->has_min && f->has_max && f->min > f->max)
    return err_set(err, LX_EINVAL, "ledger.field_def_range", "min",
                   "最小值不能大于最大值");
  if (!is_select(f->type))
    return f->n_options == 0
               ? LX_OK
               : err_set(err, LX_EINVAL, "ledger.field_def_options", "options",
                         "只有单选和多选字段可以设置选项");
  if (f->n_options < 1 || f->n_options > LEDGER_FIELD_MAX_OPTIONS ||
      !f->options)
    return err_set(err, LX_EINVAL, "ledger.field_def_options", "options",
                   "选项数量应在1至200之间");
  for (int i = 0; i < f->n_options; i++) {
    const char *o = f->options[i], *p = o;
    size_t on = o ? strlen(o) : 0;
    c = chars(o);
    ledger_trim(&p, &on);
    if (c == 0 || c == (size_t)-1 || c > LEDGER_FIELD_OPTION_MAX_CHARS ||
        p != o || on != strlen(o))
      return err_setf(err, LX_EINVAL, "ledger.field_def_options", "options",
                      "第%d个选项无效（1至64个字，首尾无空格）", i + 1);
    for (size_t k = 0; k < LX_COUNT(multi_seps); k++)
      if (strstr(o, multi_seps[k]))
        return err_setf(err, LX_EINVAL, "ledger.field_def_options", "options",
                        "选项「%s」不能包含逗号、顿号、分号或换行", o);
    for (int j = 0; j < i; j++)
      if (strcmp(o, f->options[j]) == 0)
        return err_setf(err, LX_EINVAL, "ledger.field_def_options", "options",
                        "选项「%s」重复", o);
  }
  return LX_OK;
bad_key:
  return err_set(
      err, LX_EINVAL, "ledger.field_def_key", "key",
      "字段标识应为小写字母开头的字母、数字或下划线，不超过32个字符");
}

/* ---- numbers ------------------------------------------------------------ */

/* value = ±d × 10^e; nd = 0 means zero. */
struct dec {
  int neg, nd, e;
  char d[MAX_DIGITS + 2];
};

static int is_digit(char c)
{
  return c >= '0' && c <= '9';
}

/* Parses [+-]digits[,ddd…][.digits][e[+-]digits]; 1 on success. */
static int dec_parse(const char *s, size_t n, struct dec *v)
{
  size_t i = 0;
  int n_all = 0, n_frac = 0, group = 0, grouped = 0, ex = 0, ex_neg = 0;
  char all[MAX_DIGITS];
  memset(v, 0, sizeof *v);
  if (i < n && (s[i] == '+' || s[i] == '-'))
    v->neg = s[i++] == '-';
  for (; i < n && (is_digit(s[i]) || s[i] == ','); i++) {
    if (s[i] == ',') { /* thousands: 1–3 digits first, then groups of 3 */
      if ((grouped ? group != 3 : (group < 1 || group > 3)))
        return 0;
      grouped = 1;
      group = 0;
      continue;
    }
    if (n_all >= MAX_DIGITS)
      return 0;
    all[n_all++] = s[i];
    group++;
  }
  if (grouped && group != 3)
    return 0;
  if (i < n && s[i] == '.') {
    for (i++; i < n && is_digit(s[i]); i++, n_frac++) {
      if (n_all >= MAX_DIGITS)
        return 0;
      all[n_all++] = s[i];
    }
  }
  if (n_all == 0)
    return 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E') && !grouped) {
    int k = 0;
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-'))
      ex_neg = s[i++] == '-';
    for (; i < n && is_digit(s[i]) && k < 4; i++, k++)
      ex = ex * 10 + (s[i] - '0');
    if (k == 0)
      return 0;
  }
  if (i != n)
    return 0;
  v->e = (ex_neg ? -ex : ex) - n_frac;
  for (i = 0; (int)i < n_all && all[i] == '0'; i++)
    ;
  for (; (int)i < n_all; i++)
    v->d[v->nd++] = all[i];
  while (v->nd > 0 && v->d[v->nd - 1] == '0') {
    v->nd--;
    v->e++;
  }
  if (v->nd > MAX_SIG) { /* round half up to MAX_SIG digits */
    int carry = v->d[MAX_SIG] >= '5';
    v->e += v->nd - MAX_SIG;
    v->nd = MAX_SIG;
    for (int k = MAX_SIG - 1; k >= 0 && carry; k--) {
      if (v->d[k] == '9') {
        v->d[k] = '0';
      } else {
        v->d[k]++;
        carry = 0;
      }
    }
    if (carry) { /* 999… rounded up to 1000… */
      v->d[0] = '1';
      v->nd = 1;
      v->e += MAX_SIG;
    }
    while (v->nd > 0 && v->d[v->nd - 1] == '0') {
      v->nd--;
      v->e++;
    }
  }
  if (v->nd == 0)
    v->neg = 0;
  return 1;
}

static void dec_format(const struct dec *v, struct sb *out)
{
  int int_digits = v->nd + v->e;
  if (v->nd == 0) {
    sb_putc(out, '0');
    return;
  }
  if (v->neg)
    sb_putc(out, '-');
  if (v->e >= 0) {
    sb_append(out, v->d, (size_t)v->nd);
    for (int k = 0; k < v->e; k++)
      sb_putc(out, '0');
  } else if (int_digits > 0) {
    sb_append(out, v->d, (size_t)int_digits);
    sb_putc(out, '.');
    sb_append(out, v->d + int_digits, (size_t)(v->nd - int_digits));
  } else {
    sb_puts(out, "0.");
    for (int k = 0; k < -int_digits; k++)
      sb_putc(out, '0');
    sb_append(out, v->d, (size_t)v->nd);
  }
}

static int strip_suffix(const char *s, size_t *n, const char *suffix)
{
  size_t l = strlen(suffix);
  if (*n < l || memcmp(s + *n - l, suffix, l) != 0)
    return 0;
  *n -= l;
  return 1;
}

static int bad(struct lx_err *err, const char *code,
               const struct ledger_field_def *f, const char *what)
{
  return err_setf(err, LX_EINVAL, code, f->key, "「%s」%s", f->label, what);
}

static int numeric(const struct ledger_field_def *f, const char *s, size_t n,
                   struct sb *out, struct lx_err *err)
{
  char buf[160], num[96];
  int len, decimals = f->decimals >= 0 ? f->decimals : types[f->type].decimals;
  int has_min = f->has_min, has_max = f->has_max;
  double lo = f->min, hi = f->max, x;
  struct dec v;
  struct sb t;
  size_t m;
  len = ledger_fold_ascii(s, n, buf, sizeof buf);
  if (len < 0)
    return bad(err, "ledger.field_bad_number", f, "不是有效数字");
  m = (size_t)len;
  if (f->type == LEDGER_FIELD_MONEY) {
    int yi = 0;
    const char *p = buf;
    if (strip_suffix(buf, &m, "亿元") || strip_suffix(buf, &m, "亿"))
      yi = 1;
    else if (!strip_suffix(buf, &m, "万元") && !strip_suffix(buf, &m, "万") &&
             strip_suffix(buf, &m, "元"))
      return bad(err, "ledger.field_bad_number", f,
                 "的金额单位应为万元（请换算后填写）");
    if (m >= 2 && memcmp(p, "\xC2\xA5", 2) == 0) { /* ¥ */
      p += 2;
      m -= 2;
    } else if (m >= 3 && memcmp(p, "\xEF\xBF\xA5", 3) == 0) { /* ￥ */
      p += 3;
      m -= 3;
    }
    ledger_trim(&p, &m);
    if (!dec_parse(p, m, &v))
      return bad(err, "ledger.field_bad_number", f, "不是有效金额");
    if (yi && v.nd)
      v.e += 4;
  } else {
    const char *p = buf;
    if (f->type == LEDGER_FIELD_PERCENT)
      (void)strip_suffix(buf, &m, "%");
    ledger_trim(&p, &m);
    if (!dec_parse(p, m, &v))
      return bad(err, "ledger.field_bad_number", f, "不是有效数字");
  }
  if (v.nd + v.e > MAX_INT)
    return bad(err, "ledger.field_out_of_range", f, "数值过大");
  if (v.e < -decimals) {
    if (decimals == 0)
      return bad(err, "ledger.field_decimals", f, "必须是整数");
    return err_setf(err, LX_EINVAL, "ledger.field_decimals", f->key,
                    "「%s」最多保留%d位小数", f->label, decimals);
  }
  sb_init(&t, NULL, num, sizeof num, sizeof num - 1);
  dec_format(&v, &t);
  if (f->type == LEDGER_FIELD_PERCENT && !has_min && !has_max) {
    has_min = has_max = 1;
    lo = 0;
    hi = 100;
  }
  x = strtod(num, NULL);
  if ((has_min && x < lo) || (has_max && x > hi)) {
    if (has_min && has_max)
      return err_setf(err, LX_EINVAL, "ledger.field_out_of_range", f->key,
                      "「%s」应在%g至%g之间", f->label, lo, hi);
    return err_setf(err, LX_EINVAL, "ledger.field_out_of_range", f->key,
                    has_min ? "「%s」不能小于%g" : "「%s」不能大于%g", f->label,
                    has_min ? lo : hi);
  }
  sb_puts(out, num);
  return LX_OK;
}

/* ---- dates, text, choices ----------------------------------------------- */

static int date(const struct ledger_field_def *f, const char *s, size_t n,
                struct sb *out, struct lx_err *err)
{
  char buf[64], d[16];
  int32_t day;
  int len;
  if (!ledger_cal_parse_date(s, n, &day)) {
    /* an Excel serial number (1900 system), 1950-01-01..2099-12-31 */
    long serial = 0;
    int i = 0, k = 0;
    len = ledger_fold_ascii(s, n, buf, sizeof buf);
    for (; len > 0 && i < len && is_digit(buf[i]) && k < 6; i++, k++)
      serial = serial * 10 + (buf[i] - '0');
    if (i < len && buf[i] == '.')
      for (i++; i < len && is_digit(buf[i]); i++)
        ;
    if (len <= 0 || k == 0 || i != len || serial < 18264 || serial > 73050)
      return bad(err, "ledger.field_bad_date", f, "不是有效日期");
    day = (int32_t)(serial - 25569);
  }
  time_format_date(day, d, sizeof d);
  sb_puts(out, d);
  return LX_OK;
}

static int text(const struct ledger_field_def *f, const char *s, size_t n,
                struct sb *out, struct lx_err *err)
{
  int single = f->type != LEDGER_FIELD_LONGTEXT;
  size_t max =
      f->max_len > 0 ? (size_t)f->max_len : (size_t)types[f->type].max_len;
  size_t n_chars = 0;
  if (!utf8_valid(s, n))
    return bad(err, "ledger.field_bad_text", f, "包含无效字符");
  if (n > 4 * max) /* more than max characters whatever they are */
    return err_setf(err, LX_EINVAL, "ledger.field_too_long", f->key,
                    "「%s」不能超过%zu个字", f->label, max);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\r' || c == '\n' || c == '\t') {
      if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
        continue; /* the \n that follows stands for both */
      sb_putc(out, single ? ' ' : c == '\t' ? '\t' : '\n');
    } else if (c < 0x20 || c == 0x7F) {
      return bad(err, "ledger.field_bad_text", f, "包含控制字符");
    } else {
      sb_putc(out, (char)c);
    }
    n_chars += (c & 0xC0) != 0x80;
  }
  if (n_chars > max)
    return err_setf(err, LX_EINVAL, "ledger.field_too_long", f->key,
                    "「%s」不能超过%zu个字", f->label, max);
  return LX_OK;
}

static int option_index(const struct ledger_field_def *f, const char *s,
                        size_t n)
{
  for (int i = 0; i < f->n_options; i++)
    if (strlen(f->options[i]) == n && memcmp(f->options[i], s, n) == 0)
      return i;
  return -1;
}

static int bad_option(const struct ledger_field_def *f, const char *s, size_t n,
                      struct lx_err *err)
{
  return err_setf(err, LX_EINVAL, "ledger.field_bad_option", f->key,
                  "「%s」的值「%.*s」不在可选项中", f->label,
                  ledger_clip(s, n, 60), s);
}

static size_t sep_at(const char *s, size_t n, size_t i)
{
  for (size_t k = 0; k < LX_COUNT(multi_seps); k++) {
    size_t l = strlen(multi_seps[k]);
    if (n - i >= l && memcmp(s + i, multi_seps[k], l) == 0)
      return l;
  }
  return 0;
}

static int choices(const struct ledger_field_def *f, const char *s, size_t n,
                   struct sb *out, struct lx_err *err)
{
  unsigned char chosen[LEDGER_FIELD_MAX_OPTIONS] = {0};
  size_t i = 0, l;
  int any = 0;
  if (f->type == LEDGER_FIELD_SELECT) {
    int k = option_index(f, s, n);
    if (k < 0)
      return bad_option(f, s, n, err);
    sb_puts(out, f->options[k]);
    return LX_OK;
  }
  while (i < n) {
    size_t start = i, pn;
    const char *p;
    int k;
    while (i < n && sep_at(s, n, i) == 0)
      i++;
    p = s + start;
    pn = i - start;
    l = i < n ? sep_at(s, n, i) : 0;
    i += l;
    ledger_trim(&p, &pn);
    if (pn == 0)
      continue;
    k = option_index(f, p, pn);
    if (k < 0 || k >= LEDGER_FIELD_MAX_OPTIONS)
      return bad_option(f, p, pn, err);
    chosen[k] = 1;
  }
  for (int k = 0; k < f->n_options && k < LEDGER_FIELD_MAX_OPTIONS; k++)
    if (chosen[k]) {
      if (any++)
        sb_putc(out, ',');
      sb_puts(out, f->options[k]);
    }
  if (!any && f->required)
    return bad(err, "ledger.field_required", f, "为必填项");
  return LX_OK;
}

int ledger_field_validate(const struct ledger_field_def *f, const char *in,
                          size_t len, struct sb *out, struct lx_err *err)
{
  const char *s = in ? in : "";
  size_t n = in ? len : 0;
  int rc;
  sb_clear(out);
  ledger_trim(&s, &n);
  if (n == 0)
    return f->required ? bad(err, "ledger.field_required", f, "为必填项")
                       : LX_OK;
  if ((unsigned)f->type >= LEDGER_FIELD_TYPE_COUNT)
    return err_set(err, LX_EINVAL, "ledger.field_def_type", f->key,
                   "字段类型无效");
  if (!utf8_valid(s, n))
    return bad(err, "ledger.field_bad_text", f, "包含无效字符");
  if (is_numeric(f->type))
    rc = numeric(f, s, n, out, err);
  else if (f->type == LEDGER_FIELD_DATE)
    rc = date(f, s, n, out, err);
  else if (is_select(f->type))
    rc = choices(f, s, n, out, err);
  else
    rc = text(f, s, n, out, err);
  if (rc == LX_OK && sb_err(out))
    rc =
        err_set(err, LX_ETOOBIG, "ledger.field_too_long", f->key, "字段值过长");
  if (rc)
    sb_clear(out);
  return rc;
}
