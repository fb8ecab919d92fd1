/*
 * timeutil.c — clocks and strict date formatting/parsing.  Civil-date
 * arithmetic uses Howard Hinnant's days_from_civil algorithm, so no libc
 * time-zone state is touched (thread-safe, no TZ surprises).
 */
#include "base/timeutil.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int offset_min = 480;

/* The test clock: an offset in ms read from a file (tests move time
 * forward to check lockouts and session expiry without waiting). */
static struct {
  pthread_mutex_t mu;
  char path[512];
  _Atomic int64_t offset;
  _Atomic int64_t next_read_us;
} clk = {PTHREAD_MUTEX_INITIALIZER, "", 0, 0};

void time_set_offset_file(const char *path)
{
  snprintf(clk.path, sizeof clk.path, "%s", path ? path : "");
}

static int64_t test_offset(void)
{
  int64_t now_us;
  if (!clk.path[0])
    return 0;
  now_us = time_mono_us();
  if (now_us >= atomic_load(&clk.next_read_us)) {
    pthread_mutex_lock(&clk.mu);
    {
      FILE *f = fopen(clk.path, "r");
      long long v = 0;
      if (f) {
        if (fscanf(f, "%lld", &v) != 1)
          v = 0;
        fclose(f);
      }
      atomic_store(&clk.offset, (int64_t)v);
      atomic_store(&clk.next_read_us, now_us + 20000);
    }
    pthread_mutex_unlock(&clk.mu);
  }
  return atomic_load(&clk.offset);
}

int64_t time_now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + test_offset();
}

int64_t time_mono_us(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void time_set_offset_min(int minutes)
{
  offset_min = minutes;
}

int time_get_offset_min(void)
{
  return offset_min;
}

int32_t time_days_from_civil(int y, int m, int d)
{
  int era, yoe, doy, doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(int32_t z, int *y, int *m, int *d)
{
  int era, doe, yoe, doy, mp;
  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  *y = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp + (mp < 10 ? 3 : -9);
  *y += *m <= 2;
}

/* Writes v (0..99) as two digits, then sep unless 0. */
static char *put2(char *p, int v, char sep)
{
  *p++ = (char)('0' + v / 10);
  *p++ = (char)('0' + v % 10);
  if (sep)
    *p++ = sep;
  return p;
}

void time_iso8601(int64_t ms, char *out, size_t out_len)
{
  int64_t secs = ms / 1000 - (ms % 1000 < 0 ? 1 : 0) + offset_min * 60;
  int64_t days = secs / 86400 - (secs % 86400 < 0 ? 1 : 0);
  int64_t rem = secs - days * 86400;
  int y, m, d, off = offset_min < 0 ? -offset_min : offset_min;
  civil_from_days((int32_t)days, &y, &m, &d);
  if (out_len >= 26 && y >= 0 && y <= 9999 && off < 100 * 60) {
    /* the same text as the snprintf below, without printf (hot in lists) */
    char *p = out;
    p = put2(p, y / 100, 0);
    p = put2(p, y % 100, '-');
    p = put2(p, m, '-');
    p = put2(p, d, 'T');
    p = put2(p, (int)(rem / 3600), ':');
    p = put2(p, (int)(rem / 60 % 60), ':');
    p = put2(p, (int)(rem % 60), offset_min < 0 ? '-' : '+');
    p = put2(p, off / 60, ':');
    p = put2(p, off % 60, 0);
    *p = 0;
    return;
  }
  snprintf(out, out_len, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, m, d,
           (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60),
           offset_min < 0 ? '-' : '+', off / 60, off % 60);
}

int time_parse_date(const char *s, int32_t *out_days)
{
  int y, m, d, dim;
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
      return 0;
  y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
      (s[3] - '0');
  m = (s[5] - '0') * 10 + (s[6] - '0');
  d = (s[8] - '0') * 10 + (s[9] - '0');
  if (y < 1900 || m < 1 || m > 12 || d < 1)
    return 0;
  dim = mdays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    dim = 29;
  if (d > dim)
    return 0;
  *out_days = time_days_from_civil(y, m, d);
  return 1;
}

void time_format_date(int32_t days, char *out, size_t out_len)
{
  int y, m, d;
  civil_from_days(days, &y, &m, &d);
  snprintf(out, out_len, "%04d-%02d-%02d", y, m, d);
}
