/*
 * fields.h — per-type custom fields of ledger items (自定义字段): their
 * definitions and the validation of one value given as text, as it arrives
 * from JSON or from an Excel cell, into a normalised text form or a
 * Chinese error naming the field ("「截止日期」不是有效日期").
 *
 * Normalised forms (what is stored):
 *   text, long text  trimmed; text turns line breaks and tabs into spaces,
 *                    long text keeps \n (CRLF → LF); other control
 *                    characters are refused.  Text that starts with = + - @
 *                    stays text: nothing here evaluates it, and exports
 *                    write it as a string (SECURITY.md INJ-06).
 *   number, money,   plain decimal "-1234.5" (no exponent, no trailing
 *   percent          zeros).  Accepted: full-width digits, thousands
 *                    separators in groups of three ("1,234,567.8"),
 *                    exponents ("1.5E+3", as Excel writes), and values with
 *                    more than 15 significant digits are rounded to 15
 *                    (Excel's own precision: "0.30000000000000004" → 0.3).
 *                    money is in 万元: "1,200万元", "1200万", "¥1200" mean
 *                    1200, "1.2亿" means 12000; a bare "元" amount is
 *                    refused (unit mix-ups cost 10,000×).  percent accepts
 *                    "85", "85%", "85％" → 85 (so a 0.85 means 0.85 %).
 *   date             "YYYY-MM-DD"; accepts 2026-06-30, 2026-6-30,
 *                    2026年6月30日, 2026.6.30, 2026/6/30, 20260630 and Excel
 *                    serial numbers of 1950..2099 (46203 → 2026-06-30; a
 *                    fraction, the time of day, is dropped).
 *   select           the option, exactly as defined.
 *   multi select     the chosen options in definition order joined by ","
 *                    (input may use , ， 、 ; ； or line breaks; duplicates
 *                    merge).  Options therefore may not contain those.
 *   person, unit     the trimmed name or id text (≤ 64 characters); turning
 *                    it into an id is the ledger engine's job (it needs the
 *                    database), not this module's.
 * An empty (blank) value is "" for an optional field and an error for a
 * required one.
 */
#ifndef LEDGER_FIELDS_H
#define LEDGER_FIELDS_H

#include "base/lx.h"

#include <stddef.h>

struct sb;

enum ledger_field_type {
  LEDGER_FIELD_TEXT = 0, /* text      文本 */
  LEDGER_FIELD_LONGTEXT, /* longtext  长文本 */
  LEDGER_FIELD_NUMBER,   /* number    数字 */
  LEDGER_FIELD_MONEY,    /* money     金额（万元） */
  LEDGER_FIELD_PERCENT,  /* percent   百分比 */
  LEDGER_FIELD_DATE,     /* date      日期 */
  LEDGER_FIELD_SELECT,   /* select    单选 */
  LEDGER_FIELD_MULTI,    /* multiselect 多选 */
  LEDGER_FIELD_PERSON,   /* person    人员 */
  LEDGER_FIELD_UNIT,     /* unit      单位 */
  LEDGER_FIELD_TYPE_COUNT
};

#define LEDGER_FIELD_MAX_CHARS 32767 /* Excel's cell limit */
#define LEDGER_FIELD_MAX_OPTIONS 200
#define LEDGER_FIELD_OPTION_MAX_CHARS 64
#define LEDGER_FIELD_LABEL_MAX_CHARS 32
#define LEDGER_FIELD_KEY_MAX 32

struct ledger_field_def {
  const char *key;   /* "due_date": [a-z][a-z0-9_]*, ≤ 32 bytes */
  const char *label; /* "截止日期", 1..32 characters */
  enum ledger_field_type type;
  int required;
  int max_len;  /* characters; 0 = default (text 200, long text 5000,
                   person/unit 64); at most LEDGER_FIELD_MAX_CHARS */
  int decimals; /* number/money/percent: most digits after the point;
                   -1 = default (number 6, money 4 i.e. 1 元, percent 2) */
  int has_min, has_max;
  double min, max; /* bounds; percent defaults to 0..100 when unset */
  const char *const *options; /* select/multi select */
  int n_options;
};

/* Stable ASCII code ("money") and Chinese label ("金额（万元）") of a type;
 * "" when out of range.  Returns static strings. */
const char *ledger_field_type_code(enum ledger_field_type t);
const char *ledger_field_type_label(enum ledger_field_type t);

/* Parses a type code.  Returns 1 and sets *out, else 0. */
int ledger_field_type_parse(const char *code, enum ledger_field_type *out);

/* Checks a definition an admin made.
 * rc: LX_OK; LX_EINVAL ("ledger.field_def_*", field names the part). */
LX_MUST_CHECK int ledger_field_def_check(const struct ledger_field_def *f,
                                         struct lx_err *err);

/* Validates the value in[0..len) (NULL = empty) against f and writes its
 * normalised form into out, which is cleared first (left empty on error).
 * rc: LX_OK; LX_EINVAL with code "ledger.field_required",
 * "ledger.field_bad_text", "ledger.field_too_long",
 * "ledger.field_bad_number", "ledger.field_decimals",
 * "ledger.field_out_of_range", "ledger.field_bad_date" or
 * "ledger.field_bad_option", err->field = f->key and a message naming
 * f->label; LX_ETOOBIG when out's cap is too small. */
LX_MUST_CHECK int ledger_field_validate(const struct ledger_field_def *f,
                                        const char *in, size_t len,
                                        struct sb *out, struct lx_err *err);

#endif
