/*
 * log.c — line-oriented logging to stderr.  Lines are formatted into a
 * buffer first and written with one write(2), so concurrent threads never
 * interleave within a line.
 */
#include "base/log.h"

#include "base/timeutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;

void log_set_level(enum log_level lvl)
{
  min_level = lvl;
}

int log_level_parse(const char *name, enum log_level *out)
{
  static const char *const names[] = {"debug", "info", "warn", "error"};
  for (int i = 0; i < 4; i++)
    if (strcmp(name, names[i]) == 0) {
      *out = (enum log_level)i;
      return 1;
    }
  return 0;
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
  static const char *const tags[] = {"DEBUG", "INFO", "WARN", "ERROR"};
  char line[2048], ts[40];
  va_list ap;
  int n, m;
  if (lvl < min_level)
    return;
  time_iso8601(time_now_ms(), ts, sizeof ts);
  n = snprintf(line, sizeof line, "%s %s ", ts, tags[lvl]);
  va_start(ap, fmt);
  m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
  va_end(ap);
  if (m < 0)
    m = 0;
  n += m;
  if ((size_t)n > sizeof line - 2)
    n = sizeof line - 2;
  line[n++] = '\n';
  if (write(2, line, (size_t)n) < 0) {
    /* nowhere left to report a failing stderr */
  }
}

void log_escape(const char *s, char *out, size_t out_len)
{
  static const char hex[] = "0123456789abcdef";
  size_t o = 0;
  if (out_len == 0)
    return;
  for (; s && *s && o + 5 < out_len; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '\n') {
      out[o++] = '\\';
      out[o++] = 'n';
    } else if (c == '\r') {
      out[o++] = '\\';
      out[o++] = 'r';
    } else if (c == '\\') {
      out[o++] = '\\';
      out[o++] = '\\';
    } else if (c < 0x20 || c == 0x7f) {
      out[o++] = '\\';
      out[o++] = 'x';
      out[o++] = hex[c >> 4];
      out[o++] = hex[c & 15];
    } else {
      out[o++] = (char)c;
    }
  }
  out[o] = 0;
}
