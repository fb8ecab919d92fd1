/*
 * timeutil.h — clocks and the date/time text forms of the API: Unix
 * milliseconds in storage, ISO 8601 with the configured offset (+08:00 by
 * default) in JSON, YYYY-MM-DD for dates.
 */
#ifndef TIMEUTIL_H
#define TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Wall clock, Unix milliseconds. */
int64_t time_now_ms(void);

/* Test facility: when path is set, time_now_ms adds the number of
 * milliseconds written in that file (re-read every 20 ms). */
void time_set_offset_file(const char *path);

/* Monotonic clock in microseconds (for durations and timeouts). */
int64_t time_mono_us(void);

/* Sets the offset used by time_iso8601 (minutes east of UTC). */
void time_set_offset_min(int minutes);

/* The offset set by time_set_offset_min (minutes east of UTC; default
 * +480, China Standard Time). */
int time_get_offset_min(void);

/* Formats ms as "2026-11-26T09:30:00+08:00" into out (at least 32 bytes). */
void time_iso8601(int64_t ms, char *out, size_t out_len);

/* Parses "YYYY-MM-DD" strictly (real calendar date, year 1900..9999).
 * Returns 1 and sets the days since 1970-01-01 in *out_days, else 0. */
int time_parse_date(const char *s, int32_t *out_days);

/* Formats days since 1970-01-01 as YYYY-MM-DD into out (>= 11 bytes). */
void time_format_date(int32_t days, char *out, size_t out_len);

/* Days since 1970-01-01 for a civil date (proleptic Gregorian). */
int32_t time_days_from_civil(int y, int m, int d);

#endif
