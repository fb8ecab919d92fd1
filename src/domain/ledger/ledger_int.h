/*
 * ledger_int.h — helpers shared by the ledger module's own .c files only
 * (not part of any public header): trimming and folding of the text forms
 * that Chinese offices type into forms and spreadsheets.
 */
#ifndef LEDGER_INT_H
#define LEDGER_INT_H

#include <stddef.h>

/* Narrows s[0..*n) in place by dropping leading and trailing white space:
 * ASCII blanks and controls \t\n\v\f\r, U+00A0 and the ideographic space
 * U+3000. */
void ledger_trim(const char **s, size_t *n);

/* Copies s[0..n) into out folding full-width forms to ASCII: U+FF01..FF5E
 * (０-９ Ａ-Ｚ ． ， － ／ ％ ＋ …) become 0x21..0x7E and U+3000 becomes a
 * space; everything else is copied unchanged.  out is NUL-terminated.
 * Returns the folded length, or -1 if out (cap bytes) is too small. */
int ledger_fold_ascii(const char *s, size_t n, char *out, size_t cap);

/* The length of s[0..n) cut to at most max bytes on a UTF-8 character
 * boundary (for quoting bad input in messages with "%.*s"). */
int ledger_clip(const char *s, size_t n, size_t max);

/* 1 if s is NULL, empty, or only spaces, tabs and line breaks. */
int ledger_blank(const char *s);

/* 1 if y is a leap year of the Gregorian calendar. */
int ledger_is_leap(int y);

/* Days in month m (1..12) of year y; 0 for a bad month. */
int ledger_month_days(int y, int m);

#endif
