/*
 * calendar.h — the work calendar (工作日历): which days are working days
 * under China's statutory holidays (法定节假日) and make-up working days
 * (调休上班), and date arithmetic in days or working days on it.
 *
 * Days are counted as days since 1970-01-01 (int32_t), as in
 * base/timeutil.h.  A day is a working day when it is Monday–Friday and
 * not a holiday, or Saturday/Sunday and a make-up day.  The calendar is
 * one sorted array of exceptions; lookups are binary searches and counting
 * working days between two dates costs O(log n + exceptions in range).
 *
 * Admins paste a new year in a plain text form, one day (or range) a line:
 *
 *     # 2026 年国庆节
 *     2026-10-01 休 国庆节
 *     2026年10月2日~2026年10月7日 休 国庆节
 *     2026/10/10 班 国庆节调休
 *
 * Dates may be written 2026-10-01, 2026-10-1, 2026年10月1日, 2026.10.1,
 * 2026/10/1 (full-width digits too); fields are separated by spaces, tabs,
 * the ideographic space or commas; the kind is 休 (also 假/放假/休息) or
 * 班 (also 上班/补班/调休上班); the name is optional.  ledger_cal_parse
 * reports every bad line ("第3行日期无效") and changes nothing on error.
 *
 * Not thread-safe for writers; a calendar that is only read may be shared.
 */
#ifndef LEDGER_CALENDAR_H
#define LEDGER_CALENDAR_H

#include "base/lx.h"

#include <stddef.h>
#include <stdint.h>

/* Most exceptions one calendar holds (about 30 a year: a century). */
#define LEDGER_CAL_MAX_DAYS 4000
/* Longest holiday name in bytes, including the NUL. */
#define LEDGER_CAL_NAME_MAX 64
/* Longest import text accepted. */
#define LEDGER_CAL_MAX_TEXT (256 * 1024)
/* Longest range one import line may cover (days). */
#define LEDGER_CAL_MAX_RANGE 31

enum ledger_cal_kind {
  LEDGER_CAL_HOLIDAY = 1, /* 休: a weekday that is not worked */
  LEDGER_CAL_WORKDAY = 2  /* 班: a weekend day that is worked */
};

struct ledger_cal_day {
  int32_t day;
  enum ledger_cal_kind kind;
  char name[LEDGER_CAL_NAME_MAX]; /* "国庆节", may be empty */
};

/* The calendar: embed it, ledger_cal_init, ledger_cal_reset. */
struct ledger_cal {
  struct ledger_cal_day *days; /* sorted by day, no duplicates */
  int n;
  int cap;
};

/* Sets cal up empty (no allocation). */
void ledger_cal_init(struct ledger_cal *cal);

/* Frees the day list and leaves cal empty. */
void ledger_cal_reset(struct ledger_cal *cal);

/* Day of week of day: 0 = Sunday … 6 = Saturday. */
int ledger_cal_weekday(int32_t day);

/* Adds or replaces the entry for day.  name may be NULL.
 * rc: LX_OK; LX_EINVAL ("ledger.cal_bad_kind", or "ledger.cal_not_weekend"
 * for a 班 day that is Monday–Friday anyway, or "ledger.cal_bad_name" for a
 * name that is too long or not UTF-8); LX_ETOOBIG ("ledger.cal_full") past
 * LEDGER_CAL_MAX_DAYS. */
LX_MUST_CHECK int ledger_cal_add(struct ledger_cal *cal, int32_t day,
                                 enum ledger_cal_kind kind, const char *name,
                                 struct lx_err *err);

/* Removes the entry for day.  rc: LX_OK; LX_ENOTFOUND. */
LX_MUST_CHECK int ledger_cal_remove(struct ledger_cal *cal, int32_t day);

/* The entry for day, or NULL.  Returns: points into cal, valid until the
 * next change. */
const struct ledger_cal_day *ledger_cal_find(const struct ledger_cal *cal,
                                             int32_t day);

/* 1 if day is a working day.  cal may be NULL (plain Monday–Friday). */
int ledger_cal_is_workday(const struct ledger_cal *cal, int32_t day);

/* *out = day + n calendar days (n may be negative).
 * rc: LX_OK; LX_EINVAL when the result leaves years 1900..9999. */
LX_MUST_CHECK int ledger_cal_add_days(int32_t day, int n, int32_t *out);

/* *out = the n-th working day after day (n > 0) or before it (n < 0); day
 * itself is not counted, so "within 5 working days of the notice" is
 * ledger_cal_add_workdays(cal, notice, 5, &deadline).  n = 0 gives day
 * itself if it is a working day, else the next working day.  cal may be
 * NULL.  rc: LX_OK; LX_EINVAL when |n| > 36500 or the result leaves years
 * 1900..9999. */
LX_MUST_CHECK int ledger_cal_add_workdays(const struct ledger_cal *cal,
                                          int32_t day, int n, int32_t *out);

/* Number of working days d with from < d <= to (negative of the count of
 * to < d <= from when to < from).  So for n > 0,
 * ledger_cal_workdays_between(cal, a, ledger_cal_add_workdays(a, n)) == n.
 * cal may be NULL.  Dates must lie in years 1900..9999. */
int ledger_cal_workdays_between(const struct ledger_cal *cal, int32_t from,
                                int32_t to);

/* Parses one date in any form the import accepts (2026-10-01, 2026-10-1,
 * 2026年10月1日, 2026.10.1, 2026/10/1, 20261001, full-width digits; an
 * optional trailing time such as " 00:00:00" or "T08:00" is ignored) and
 * checks that it is a real date in years 1900..9999.
 * Returns 1 and sets *out_days, else 0. */
int ledger_cal_parse_date(const char *s, size_t n, int32_t *out_days);

/* Parses import text (see the file comment) into out, which must be empty
 * (freshly initialised).  Every bad line is counted in *out_n_errs and the
 * first max_errs of them are written to errs (code "ledger.cal_*", field
 * "line:N", a message such as "第3行日期无效：2026-02-30").  A day given
 * twice is an error.  On any error out is left empty.
 * rc: LX_OK; LX_EINVAL (bad lines); LX_ETOOBIG (text longer than
 * LEDGER_CAL_MAX_TEXT or more than LEDGER_CAL_MAX_DAYS days; reported in
 * errs[0] when max_errs > 0). */
LX_MUST_CHECK int ledger_cal_parse(struct ledger_cal *out, const char *text,
                                   size_t len, struct lx_err *errs,
                                   int max_errs, int *out_n_errs);

/* Replaces, year by year, dst's entries with src's: every year that has an
 * entry in src loses all its entries in dst and gets src's.  So importing a
 * corrected year replaces that year and keeps the others.
 * rc: LX_OK; LX_ETOOBIG ("ledger.cal_full"), dst unchanged. */
LX_MUST_CHECK int ledger_cal_merge_years(struct ledger_cal *dst,
                                         const struct ledger_cal *src,
                                         struct lx_err *err);

/* Writes cal in the import form (one line per day, "YYYY-MM-DD 休 名称")
 * into out (a caller-owned buffer of cap bytes, NUL-terminated).
 * rc: LX_OK; LX_ETOOBIG when out is too small. */
LX_MUST_CHECK int ledger_cal_format(const struct ledger_cal *cal, char *out,
                                    size_t cap);

/* The built-in calendar text for 2026 (static). */
const char *ledger_cal_default_text(void);

/* Loads the built-in 2026 schedule into the empty cal.
 * rc: LX_OK; LX_EINTERNAL if the built-in text does not parse (a bug). */
LX_MUST_CHECK int ledger_cal_load_default(struct ledger_cal *cal,
                                          struct lx_err *err);

/* ---- one year from an admin's list (API and .xlsx import) ------------ */

/* Longest name of an entry given in a year list, in characters. */
#define LEDGER_CAL_ENTRY_NAME_CHARS 20

/* One entry as typed: any date form ledger_cal_parse_date accepts, a kind
 * word and a name.  row numbers the entry in messages. */
struct ledger_cal_entry {
  const char *day;
  const char *kind;
  const char *name;
  int row;
};

/* Parses a kind word: holiday / 休 / 假 / 放假 / 休息 / 节假日 / 法定节假日
 * → LEDGER_CAL_HOLIDAY; workday / 班 / 上班 / 补班 / 调休 / 调休上班 →
 * LEDGER_CAL_WORKDAY (blanks around are ignored).  Returns 1 and sets
 * *out, else 0. */
int ledger_cal_kind_parse(const char *s, size_t n, enum ledger_cal_kind *out);

/* Stable code ("holiday", "workday") and label ("法定节假日", "调休上班").
 * Returns static strings ("" when out of range). */
const char *ledger_cal_kind_code(enum ledger_cal_kind k);
const char *ledger_cal_kind_label(enum ledger_cal_kind k);

/* Builds the special days of year from e[0..n) into the empty out.  Every
 * entry is checked: a real date inside year, a known kind, a name of
 * 1..LEDGER_CAL_ENTRY_NAME_CHARS characters, a make-up working day on a
 * weekend, no date twice.  Every bad entry is counted in *out_n_errs and
 * the first max_errs are written to errs, with field "<prefix>[i].day" /
 * ".kind" / ".name" when row_word is "条" (i = row − 1) or "row:N" when it
 * is "行", and a message such as "第3行「日期」不是有效日期：2026-02-30".
 * On any error out is left empty.
 * rc: LX_OK; LX_EINVAL. */
LX_MUST_CHECK int
ledger_cal_build_year(int year, const struct ledger_cal_entry *e, int n,
                      const char *row_word, const char *prefix,
                      struct ledger_cal *out, struct lx_err *errs, int max_errs,
                      int *out_n_errs);

/* The year (1900..9999) of a day number. */
int ledger_cal_year_of(int32_t day);

#endif
