/*
 * code.h — item codes (事项编号): a type prefix, the year and a sequence
 * number per type and year, written "MS-2026-0012".
 *
 * The prefix is 1–4 uppercase ASCII letters (MS 民生实事, ZD 重点项目 …),
 * the year 1900..9999, the sequence 1..999999 written with at least four
 * digits.  Only the canonical form parses, so a code names exactly one
 * item and sorts sensibly as text within a type and year.  Handing out the
 * next number is the store's job (a counter row per type and year).
 */
#ifndef LEDGER_CODE_H
#define LEDGER_CODE_H

#include "base/lx.h"

#include <stddef.h>

#define LEDGER_CODE_PREFIX_MAX 4
#define LEDGER_CODE_SEQ_MAX 999999
/* Bytes a code needs, including the NUL ("ABCD-2026-999999"). */
#define LEDGER_CODE_MAX 17

struct ledger_code {
  char prefix[LEDGER_CODE_PREFIX_MAX + 1];
  int year;
  int seq;
};

/* 1 if prefix is 1–4 uppercase ASCII letters. */
int ledger_code_prefix_valid(const char *prefix);

/* Writes the code for (prefix, year, seq) into out (>= LEDGER_CODE_MAX
 * bytes).  rc: LX_OK; LX_EINVAL ("ledger.code_bad_prefix",
 * "ledger.code_bad_year", "ledger.code_bad_seq"); LX_ETOOBIG when out_len
 * is too small. */
LX_MUST_CHECK int ledger_code_format(const char *prefix, int year, int seq,
                                     char *out, size_t out_len,
                                     struct lx_err *err);

/* Parses a canonical code ("MS-2026-0012"; not "ms-2026-12" nor
 * "MS-2026-00012").  rc: LX_OK; LX_EINVAL ("ledger.code_invalid"). */
LX_MUST_CHECK int ledger_code_parse(const char *s, struct ledger_code *out,
                                    struct lx_err *err);

#endif
