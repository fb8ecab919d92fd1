/*
 * calendar.c — the work calendar: a sorted array of exception days
 * (holidays on weekdays, make-up working days on weekends), date
 * arithmetic in working days, and the admin import text form (see
 * calendar.h).
 *
 * Counting working days between two dates is done by formula (weekdays in
 * the range) corrected by the exceptions in the range, found by binary
 * search, so health checks over thousands of items stay cheap.
 */
#include "domain/ledger/calendar.h"

#include "base/sb.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "domain/ledger/ledger_int.h"

#include <string.h>

#define DAY_MIN (-25567) /* 1900-01-01, a Monday */
#define DAY_MAX 2932896  /* 9999-12-31 */

/* The 2026 schedule of the State Council General Office notice
 * (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04, published by
 * Xinhua): checked line by line against it.  Admins can edit or re-import
 * the year; later years are imported. */
static const char default_2026[] =
    "# 2026 年法定节假日与调休（国务院办公厅 2025-11-04 通知）\n"
    "2026-01-01~2026-01-03 休 元旦\n"
    "2026-01-04 班 元旦调休\n"
    "2026-02-14 班 春节调休\n"
    "2026-02-15~2026-02-23 休 春节\n"
    "2026-02-28 班 春节调休\n"
    "2026-04-04~2026-04-06 休 清明节\n"
    "2026-05-01~2026-05-05 休 劳动节\n"
    "2026-05-09 班 劳动节调休\n"
    "2026-06-19~2026-06-21 休 端午节\n"
    "2026-09-20 班 国庆节调休\n"
    "2026-09-25~2026-09-27 休 中秋节\n"
    "2026-10-01~2026-10-07 休 国庆节\n"
    "2026-10-10 班 国庆节调休\n";

void ledger_cal_init(struct ledger_cal *cal)
{
  cal->days = NULL;
  cal->n = 0;
  cal->cap = 0;
}

void ledger_cal_reset(struct ledger_cal *cal)
{
  lx_free(cal->days);
  ledger_cal_init(cal);
}

int ledger_cal_weekday(int32_t day)
{
  int r = (int)(day % 7);
  if (r < 0)
    r += 7;
  return (r + 4) % 7; /* 1970-01-01 was a Thursday */
}

static int is_weekend(int32_t day)
{
  int w = ledger_cal_weekday(day);
  return w == 0 || w == 6;
}

/* Index of the first entry with .day >= day. */
static int lower_bound(const struct ledger_cal *cal, int32_t day)
{
  int lo = 0, hi = cal->n;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (cal->days[mid].day < day)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

const struct ledger_cal_day *ledger_cal_find(const struct ledger_cal *cal,
                                             int32_t day)
{
  int i;
  if (!cal || cal->n == 0)
    return NULL;
  i = lower_bound(cal, day);
  return i < cal->n && cal->days[i].day == day ? &cal->days[i] : NULL;
}

int ledger_cal_is_workday(const struct ledger_cal *cal, int32_t day)
{
  const struct ledger_cal_day *e = ledger_cal_find(cal, day);
  if (e)
    return e->kind == LEDGER_CAL_WORKDAY;
  return !is_weekend(day);
}

static int name_ok(const char *name)
{
  size_t n = name ? strlen(name) : 0;
  return n < LEDGER_CAL_NAME_MAX && utf8_valid(name ? name : "", n);
}

/* Inserts or (replace=1) overwrites; with replace=0 a present day is
 * LX_ECONFLICT. */
static int insert(struct ledger_cal *cal, int32_t day,
                  enum ledger_cal_kind kind, const char *name, size_t name_len,
                  int replace)
{
  int i = cal->n > 0 && cal->days[cal->n - 1].day < day ? cal->n
                                                        : lower_bound(cal, day);
  struct ledger_cal_day *e;
  if (i < cal->n && cal->days[i].day == day) {
    if (!replace)
      return LX_ECONFLICT;
  } else {
    if (cal->n >= LEDGER_CAL_MAX_DAYS)
      return LX_ETOOBIG;
    if (cal->n == cal->cap) {
      cal->cap = cal->cap ? cal->cap * 2 : 32;
      cal->days = lx_realloc(cal->days, (size_t)cal->cap * sizeof *cal->days);
    }
    memmove(&cal->days[i + 1], &cal->days[i],
            (size_t)(cal->n - i) * sizeof *cal->days);
    cal->n++;
  }
  e = &cal->days[i];
  e->day = day;
  e->kind = kind;
  memset(e->name, 0, sizeof e->name);
  if (name_len)
    memcpy(e->name, name, name_len);
  e->name[name_len] = 0;
  return LX_OK;
}

int ledger_cal_add(struct ledger_cal *cal, int32_t day,
                   enum ledger_cal_kind kind, const char *name,
                   struct lx_err *err)
{
  if (kind != LEDGER_CAL_HOLIDAY && kind != LEDGER_CAL_WORKDAY)
    return err_set(err, LX_EINVAL, "ledger.cal_bad_kind", "kind",
                   "类型无效（应为休或班）");
  if (day < DAY_MIN || day > DAY_MAX)
    return err_set(err, LX_EINVAL, "ledger.cal_bad_date", "day", "日期无效");
  if (kind == LEDGER_CAL_WORKDAY && !is_weekend(day))
    return err_set(err, LX_EINVAL, "ledger.cal_not_weekend", "day",
                   "该日本来就是工作日，不需要调休上班");
  if (!name_ok(name))
    return err_set(err, LX_EINVAL, "ledger.cal_bad_name", "name",
                   "名称过长或不是有效文本");
  if (insert(cal, day, kind, name, name ? strlen(name) : 0, 1))
    return err_set(err, LX_ETOOBIG, "ledger.cal_full", "",
                   "工作日历的日期过多");
  return LX_OK;
}

int ledger_cal_remove(struct ledger_cal *cal, int32_t day)
{
  int i = lower_bound(cal, day);
  if (i >= cal->n || cal->days[i].day != day)
    return LX_ENOTFOUND;
  memmove(&cal->days[i], &cal->days[i + 1],
          (size_t)(cal->n - i - 1) * sizeof *cal->days);
  cal->n--;
  return LX_OK;
}

int ledger_cal_add_days(int32_t day, int n, int32_t *out)
{
  int64_t r = (int64_t)day + n;
  if (r < DAY_MIN || r > DAY_MAX)
    return LX_EINVAL;
  *out = (int32_t)r;
  return LX_OK;
}

int ledger_cal_add_workdays(const struct ledger_cal *cal, int32_t day, int n,
                            int32_t *out)
{
  int step = n < 0 ? -1 : 1, left = n < 0 ? -n : n;
  int32_t d = day;
  if (n > 36500 || n < -36500 || day < DAY_MIN || day > DAY_MAX)
    return LX_EINVAL;
  if (n == 0) {
    while (!ledger_cal_is_workday(cal, d))
      if (++d > DAY_MAX)
        return LX_EINVAL;
    *out = d;
    return LX_OK;
  }
  while (left > 0) {
    d += step;
    if (d < DAY_MIN || d > DAY_MAX)
      return LX_EINVAL;
    if (ledger_cal_is_workday(cal, d))
      left--;
  }
  *out = d;
  return LX_OK;
}

/* Mondays–Fridays among the days DAY_MIN..x (floor arithmetic). */
static int64_t weekdays_upto(int32_t x)
{
  int64_t k = (int64_t)x - DAY_MIN + 1, q, r;
  q = k >= 0 ? k / 7 : -((-k + 6) / 7);
  r = k - q * 7;
  return q * 5 + (r < 5 ? r : 5);
}

int ledger_cal_workdays_between(const struct ledger_cal *cal, int32_t from,
                                int32_t to)
{
  int sign = 1, i;
  int64_t n;
  if (to < from) {
    int32_t t = from;
    from = to;
    to = t;
    sign = -1;
  }
  n = weekdays_upto(to) - weekdays_upto(from);
  if (cal)
    for (i = lower_bound(cal, from + 1); i < cal->n && cal->days[i].day <= to;
         i++) {
      int we = is_weekend(cal->days[i].day);
      if (cal->days[i].kind == LEDGER_CAL_HOLIDAY && !we)
        n--;
      else if (cal->days[i].kind == LEDGER_CAL_WORKDAY && we)
        n++;
    }
  return (int)(sign * n);
}

/* ---- parsing ----------------------------------------------------------- */

static int digits(const char *s, size_t n, size_t *i, int min, int max,
                  int *out)
{
  int v = 0, k = 0;
  while (*i < n && s[*i] >= '0' && s[*i] <= '9' && k < max) {
    v = v * 10 + (s[*i] - '0');
    (*i)++;
    k++;
  }
  if (k < min || (*i < n && s[*i] >= '0' && s[*i] <= '9'))
    return 0;
  *out = v;
  return 1;
}

static int eat(const char *s, size_t n, size_t *i, const char *lit)
{
  size_t l = strlen(lit);
  if (n - *i < l || memcmp(s + *i, lit, l) != 0)
    return 0;
  *i += l;
  return 1;
}

/* An ignored time of day: [ T]H:MM[:SS[.fff]]. */
static int time_tail(const char *s, size_t n, size_t i)
{
  int h, m, sec;
  if (i == n)
    return 1;
  if (s[i] != ' ' && s[i] != 'T')
    return 0;
  while (i < n && s[i] == ' ')
    i++;
  if (i < n && s[i] == 'T')
    i++;
  if (!digits(s, n, &i, 1, 2, &h) || !eat(s, n, &i, ":") ||
      !digits(s, n, &i, 2, 2, &m) || h > 23 || m > 59)
    return 0;
  if (eat(s, n, &i, ":")) {
    if (!digits(s, n, &i, 2, 2, &sec) || sec > 59)
      return 0;
    if (eat(s, n, &i, "."))
      while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
  }
  return i == n;
}

/* The date part of s: sets y, m, d and *i just past it; 0 if malformed. */
static int ymd(const char *s, size_t n, size_t *i, int *y, int *m, int *d)
{
  int v;
  if (n >= 8 && digits(s, 8, i, 8, 8, &v) &&
      (n == 8 || s[8] == ' ' || s[8] == 'T')) {
    *y = v / 10000; /* compact YYYYMMDD */
    *m = v / 100 % 100;
    *d = v % 100;
    return 1;
  }
  *i = 0;
  if (!digits(s, n, i, 4, 4, y))
    return 0;
  if (*i < n && (s[*i] == '-' || s[*i] == '/' || s[*i] == '.')) {
    char sep = s[(*i)++];
    return digits(s, n, i, 1, 2, m) && *i < n && s[(*i)++] == sep &&
           digits(s, n, i, 1, 2, d);
  }
  if (!eat(s, n, i, "年") || !digits(s, n, i, 1, 2, m) || !eat(s, n, i, "月") ||
      !digits(s, n, i, 1, 2, d))
    return 0;
  if (!eat(s, n, i, "日"))
    (void)eat(s, n, i, "号");
  return 1;
}

int ledger_cal_parse_date(const char *in, size_t in_len, int32_t *out_days)
{
  char s[96];
  size_t i = 0, n;
  int y, m, d, len;
  const char *p = in;
  ledger_trim(&p, &in_len);
  len = ledger_fold_ascii(p, in_len, s, sizeof s);
  if (len <= 0)
    return 0;
  n = (size_t)len;
  if (!ymd(s, n, &i, &y, &m, &d) || !time_tail(s, n, i) || y < 1900 ||
      y > 9999 || m < 1 || m > 12 || d < 1 || d > ledger_month_days(y, m))
    return 0;
  *out_days = time_days_from_civil(y, m, d);
  return 1;
}

struct parse {
  struct lx_err *errs;
  int max_errs, n_errs, line;
};

static void bad(struct parse *ps, int rc, const char *code, const char *msg,
                const char *tok, size_t tok_len)
{
  if (ps->n_errs < ps->max_errs) {
    char field[24];
    struct sb f;
    sb_init(&f, NULL, field, sizeof field, sizeof field - 1);
    sb_appendf(&f, "line:%d", ps->line);
    if (tok)
      err_setf(&ps->errs[ps->n_errs], rc, code, field, "第%d行%s：%.*s",
               ps->line, msg, ledger_clip(tok, tok_len, 60), tok);
    else
      err_setf(&ps->errs[ps->n_errs], rc, code, field, "第%d行%s", ps->line,
               msg);
  }
  ps->n_errs++;
}

static int is_sep(const char *s, size_t n, size_t i, size_t *len)
{
  if (s[i] == ' ' || s[i] == '\t' || s[i] == ',') {
    *len = 1;
    return 1;
  }
  if (n - i >= 3 && (memcmp(s + i, "\xEF\xBC\x8C", 3) == 0 || /* ， */
                     memcmp(s + i, "\xE3\x80\x80", 3) == 0)) {
    *len = 3;
    return 1;
  }
  return 0;
}

/* Next token of s[*i..n); returns its length (0 at the end). */
static size_t token(const char *s, size_t n, size_t *i, const char **tok)
{
  size_t len, start;
  while (*i < n && is_sep(s, n, *i, &len))
    *i += len;
  start = *i;
  while (*i < n && !is_sep(s, n, *i, &len))
    (*i)++;
  *tok = s + start;
  return *i - start;
}

static int tok_is(const char *t, size_t n, const char *lit)
{
  return strlen(lit) == n && memcmp(t, lit, n) == 0;
}

/* Splits "A~B", "A～B", "A至B" into two dates. */
static int split_range(const char *t, size_t n, size_t *a_len, const char **b,
                       size_t *b_len)
{
  static const char *const seps[] = {"~", "\xEF\xBD\x9E", "至"};
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < LX_COUNT(seps); k++) {
      size_t l = strlen(seps[k]);
      if (n - i >= l && memcmp(t + i, seps[k], l) == 0) {
        *a_len = i;
        *b = t + i + l;
        *b_len = n - i - l;
        return 1;
      }
    }
  return 0;
}

static void parse_line(struct ledger_cal *out, struct parse *ps, const char *s,
                       size_t n)
{
  const char *t, *t2, *b = NULL;
  size_t i = 0, tl, t2l, a_len, b_len = 0, save;
  int32_t d0, d1, d;
  enum ledger_cal_kind kind;
  char dbuf[16];
  if (!utf8_valid(s, n)) {
    bad(ps, LX_EINVAL, "ledger.cal_bad_utf8", "不是有效的 UTF-8 文本", NULL, 0);
    return;
  }
  tl = token(s, n, &i, &t);
  a_len = tl;
  if (!split_range(t, tl, &a_len, &b, &b_len)) {
    save = i; /* "A 至 B" with spaces */
    t2l = token(s, n, &i, &t2);
    if (tok_is(t2, t2l, "至") || tok_is(t2, t2l, "~") ||
        tok_is(t2, t2l, "\xEF\xBD\x9E"))
      b_len = token(s, n, &i, &b);
    else
      i = save;
  }
  if (!ledger_cal_parse_date(t, a_len, &d0)) {
    bad(ps, LX_EINVAL, "ledger.cal_bad_date", "日期无效", t, a_len);
    return;
  }
  d1 = d0;
  if (b && !ledger_cal_parse_date(b, b_len, &d1)) {
    bad(ps, LX_EINVAL, "ledger.cal_bad_date", "日期无效", b, b_len);
    return;
  }
  if (d1 < d0 || d1 - d0 >= LEDGER_CAL_MAX_RANGE) {
    bad(ps, LX_EINVAL, "ledger.cal_bad_range",
        "日期范围无效（结束早于开始或超过31天）", NULL, 0);
    return;
  }
  tl = token(s, n, &i, &t);
  if (tl == 0) {
    bad(ps, LX_EINVAL, "ledger.cal_missing_kind", "缺少类型（休或班）", NULL,
        0);
    return;
  }
  if (tok_is(t, tl, "休") || tok_is(t, tl, "假") || tok_is(t, tl, "放假") ||
      tok_is(t, tl, "休息"))
    kind = LEDGER_CAL_HOLIDAY;
  else if (tok_is(t, tl, "班") || tok_is(t, tl, "上班") ||
           tok_is(t, tl, "补班") || tok_is(t, tl, "调休上班"))
    kind = LEDGER_CAL_WORKDAY;
  else {
    bad(ps, LX_EINVAL, "ledger.cal_bad_kind", "类型无效（应为休或班）", t, tl);
    return;
  }
  while (i < n && is_sep(s, n, i, &tl))
    i += tl;
  t = s + i; /* the name: the rest of the line */
  tl = n - i;
  ledger_trim(&t, &tl);
  if (tl >= LEDGER_CAL_NAME_MAX) {
    bad(ps, LX_EINVAL, "ledger.cal_bad_name", "名称过长", NULL, 0);
    return;
  }
  for (d = d0; d <= d1; d++)
    if (kind == LEDGER_CAL_WORKDAY && !is_weekend(d)) {
      time_format_date(d, dbuf, sizeof dbuf);
      bad(ps, LX_EINVAL, "ledger.cal_not_weekend",
          "的日期本来就是工作日，不需要调休上班", dbuf, strlen(dbuf));
      return;
    }
  for (d = d0; d <= d1; d++) {
    int rc = insert(out, d, kind, t, tl, 0);
    if (rc == LX_ECONFLICT) {
      time_format_date(d, dbuf, sizeof dbuf);
      bad(ps, LX_EINVAL, "ledger.cal_duplicate", "日期重复", dbuf,
          strlen(dbuf));
      return;
    }
    if (rc) {
      bad(ps, LX_ETOOBIG, "ledger.cal_full", "超出工作日历的日期上限", NULL, 0);
      return;
    }
  }
}

int ledger_cal_parse(struct ledger_cal *out, const char *text, size_t len,
                     struct lx_err *errs, int max_errs, int *out_n_errs)
{
  struct parse ps = {errs, max_errs, 0, 0};
  size_t pos = 0;
  int rc = LX_OK;
  *out_n_errs = 0;
  if (len > LEDGER_CAL_MAX_TEXT) {
    if (max_errs > 0)
      err_set(&errs[0], LX_ETOOBIG, "ledger.cal_too_big", "text",
              "导入的文本过长");
    *out_n_errs = 1;
    return LX_ETOOBIG;
  }
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
    pos = 3;
  while (pos < len) {
    const char *ln = text + pos;
    const char *nl = memchr(ln, '\n', len - pos);
    size_t n = nl ? (size_t)(nl - ln) : len - pos;
    pos += n + (nl ? 1 : 0);
    ps.line++;
    ledger_trim(&ln, &n);
    if (n == 0 || ln[0] == '#' || (n >= 2 && ln[0] == '/' && ln[1] == '/'))
      continue;
    parse_line(out, &ps, ln, n);
  }
  if (ps.n_errs) {
    rc = LX_EINVAL;
    for (int i = 0; i < ps.n_errs && i < max_errs; i++)
      if (errs[i].rc == LX_ETOOBIG)
        rc = LX_ETOOBIG;
    ledger_cal_reset(out);
  }
  *out_n_errs = ps.n_errs;
  return rc;
}

static int year_of(int32_t day)
{
  int y = 1970 + (int)(day / 366);
  while (time_days_from_civil(y + 1, 1, 1) <= day)
    y++;
  while (time_days_from_civil(y, 1, 1) > day)
    y--;
  return y;
}

/* 1 if year y occurs in the ascending list ys[0..n). */
static int has_year(const int *ys, int n, int y)
{
  int lo = 0, hi = n;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (ys[mid] < y)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && ys[lo] == y;
}

int ledger_cal_merge_years(struct ledger_cal *dst, const struct ledger_cal *src,
                           struct lx_err *err)
{
  struct ledger_cal_day *m;
  int *ys = lx_malloc((size_t)(src->n + 1) * sizeof *ys);
  int n_ys = 0, n_keep = 0, i, j, k = 0;
  for (i = 0; i < src->n; i++) { /* src is sorted: years ascend */
    int y = year_of(src->days[i].day);
    if (n_ys == 0 || ys[n_ys - 1] != y)
      ys[n_ys++] = y;
  }
  for (i = 0; i < dst->n; i++)
    n_keep += !has_year(ys, n_ys, year_of(dst->days[i].day));
  if (n_keep + src->n > LEDGER_CAL_MAX_DAYS) {
    lx_free(ys);
    return err_set(err, LX_ETOOBIG, "ledger.cal_full", "",
                   "工作日历的日期过多");
  }
  m = lx_malloc((size_t)(n_keep + src->n + 1) * sizeof *m);
  for (i = 0, j = 0; i < dst->n || j < src->n;) {
    if (j >= src->n || (i < dst->n && dst->days[i].day < src->days[j].day)) {
      if (!has_year(ys, n_ys, year_of(dst->days[i].day)))
        m[k++] = dst->days[i];
      i++;
    } else {
      if (i < dst->n && dst->days[i].day == src->days[j].day)
        i++; /* same day, same year: replaced */
      m[k++] = src->days[j++];
    }
  }
  lx_free(ys);
  lx_free(dst->days);
  dst->days = m;
  dst->n = k;
  dst->cap = n_keep + src->n + 1;
  return LX_OK;
}

int ledger_cal_format(const struct ledger_cal *cal, char *out, size_t cap)
{
  struct sb sb;
  char d[16];
  if (cap == 0)
    return LX_ETOOBIG;
  sb_init(&sb, NULL, out, cap, cap - 1);
  for (int i = 0; i < cal->n; i++) {
    time_format_date(cal->days[i].day, d, sizeof d);
    sb_puts(&sb, d);
    sb_puts(&sb, cal->days[i].kind == LEDGER_CAL_HOLIDAY ? " 休" : " 班");
    if (cal->days[i].name[0]) {
      sb_putc(&sb, ' ');
      sb_puts(&sb, cal->days[i].name);
    }
    sb_putc(&sb, '\n');
  }
  return sb_err(&sb);
}

const char *ledger_cal_default_text(void)
{
  return default_2026;
}

int ledger_cal_load_default(struct ledger_cal *cal, struct lx_err *err)
{
  struct lx_err e[1];
  int n_errs;
  if (ledger_cal_parse(cal, default_2026, sizeof default_2026 - 1, e, 1,
                       &n_errs))
    return err_set(err, LX_EINTERNAL, "ledger.cal_default", "",
                   "内置工作日历无效");
  return LX_OK;
}

/* ---- one year from an admin's list ------------------------------------ */

int ledger_cal_year_of(int32_t day)
{
  return year_of(day);
}

static const char *const holiday_words[] = {
    "holiday", "休", "假", "放假", "休息", "节假日", "法定节假日"};
static const char *const workday_words[] = {"workday", "班",   "上班",
                                            "补班",    "调休", "调休上班"};

int ledger_cal_kind_parse(const char *s, size_t n, enum ledger_cal_kind *out)
{
  if (!s)
    return 0;
  ledger_trim(&s, &n);
  for (size_t i = 0; i < LX_COUNT(holiday_words); i++)
    if (tok_is(s, n, holiday_words[i])) {
      *out = LEDGER_CAL_HOLIDAY;
      return 1;
    }
  for (size_t i = 0; i < LX_COUNT(workday_words); i++)
    if (tok_is(s, n, workday_words[i])) {
      *out = LEDGER_CAL_WORKDAY;
      return 1;
    }
  return 0;
}

const char *ledger_cal_kind_code(enum ledger_cal_kind k)
{
  return k == LEDGER_CAL_HOLIDAY   ? "holiday"
         : k == LEDGER_CAL_WORKDAY ? "workday"
                                   : "";
}

const char *ledger_cal_kind_label(enum ledger_cal_kind k)
{
  return k == LEDGER_CAL_HOLIDAY   ? "法定节假日"
         : k == LEDGER_CAL_WORKDAY ? "调休上班"
                                   : "";
}

struct ybuild {
  const char *row_word, *prefix;
  struct lx_err *errs;
  int max_errs, n_errs;
};

/* Records one bad entry: column is the Chinese column name, sub the
 * field suffix ("day"), what the complaint, tok the value quoted. */
static void ybad(struct ybuild *b, const struct ledger_cal_entry *e,
                 const char *code, const char *column, const char *sub,
                 const char *what, const char *tok)
{
  char field[64];
  size_t tl = tok ? strlen(tok) : 0;
  if (b->n_errs < b->max_errs) {
    struct sb f;
    sb_init(&f, NULL, field, sizeof field, sizeof field - 1);
    if (!strcmp(b->row_word, "行"))
      sb_appendf(&f, "row:%d", e->row);
    else
      sb_appendf(&f, "%s[%d].%s", b->prefix, e->row - 1, sub);
    if (tl)
      err_setf(&b->errs[b->n_errs], LX_EINVAL, code, field,
               "第%d%s「%s」%s：%.*s", e->row, b->row_word, column, what,
               ledger_clip(tok, tl, 60), tok);
    else
      err_setf(&b->errs[b->n_errs], LX_EINVAL, code, field, "第%d%s「%s」%s",
               e->row, b->row_word, column, what);
  }
  b->n_errs++;
}

int ledger_cal_build_year(int year, const struct ledger_cal_entry *e, int n,
                          const char *row_word, const char *prefix,
                          struct ledger_cal *out, struct lx_err *errs,
                          int max_errs, int *out_n_errs)
{
  struct ybuild b = {row_word, prefix ? prefix : "days", errs, max_errs, 0};
  char dbuf[16];
  for (int i = 0; i < n; i++) {
    const struct ledger_cal_entry *x = &e[i];
    const char *nm = x->name ? x->name : "";
    size_t nl = strlen(nm);
    enum ledger_cal_kind kind = LEDGER_CAL_HOLIDAY;
    int32_t d = 0;
    int ok = 1, rc;
    if (!x->day || !*x->day) {
      ybad(&b, x, "calendar.day_required", "日期", "day", "不能为空", NULL);
      ok = 0;
    } else if (!ledger_cal_parse_date(x->day, strlen(x->day), &d)) {
      ybad(&b, x, "calendar.bad_date", "日期", "day", "不是有效日期", x->day);
      ok = 0;
    } else if (year_of(d) != year) {
      ybad(&b, x, "calendar.wrong_year", "日期", "day",
           year >= 1900 && year <= 9999 ? "不在所选年份内" : "年份无效",
           x->day);
      ok = 0;
    }
    if (!x->kind || !ledger_cal_kind_parse(x->kind, strlen(x->kind), &kind)) {
      ybad(&b, x, "calendar.bad_kind", "类型", "kind",
           "应为放假（法定节假日）或上班（调休）", x->kind);
      ok = 0;
    }
    ledger_trim(&nm, &nl);
    if (nl == 0) {
      ybad(&b, x, "calendar.name_required", "名称", "name", "不能为空", NULL);
      ok = 0;
    } else if (!utf8_valid(nm, nl)) {
      ybad(&b, x, "calendar.bad_name", "名称", "name", "不是有效文本", NULL);
      ok = 0;
    } else {
      char tmp[LEDGER_CAL_NAME_MAX];
      size_t chars = 0;
      for (size_t k = 0; k < nl; k++)
        chars += ((unsigned char)nm[k] & 0xC0) != 0x80;
      if (chars > LEDGER_CAL_ENTRY_NAME_CHARS || nl >= sizeof tmp) {
        ybad(&b, x, "calendar.name_too_long", "名称", "name", "不能超过20个字",
             NULL);
        ok = 0;
      }
    }
    if (!ok)
      continue;
    if (kind == LEDGER_CAL_WORKDAY && !is_weekend(d)) {
      time_format_date(d, dbuf, sizeof dbuf);
      ybad(&b, x, "calendar.not_weekend", "类型", "kind",
           "有误：该日本来就是工作日，不需要调休上班", dbuf);
      continue;
    }
    rc = insert(out, d, kind, nm, nl, 0);
    if (rc == LX_ECONFLICT) {
      time_format_date(d, dbuf, sizeof dbuf);
      ybad(&b, x, "calendar.duplicate", "日期", "day", "重复", dbuf);
    } else if (rc) {
      ybad(&b, x, "calendar.full", "日期", "day", "超出工作日历的日期上限",
           NULL);
    }
  }
  *out_n_errs = b.n_errs;
  if (b.n_errs) {
    ledger_cal_reset(out);
    return LX_EINVAL;
  }
  return LX_OK;
}
