/*
 * log.h — the text log: one line per event on stderr (or a file), with a
 * timestamp and level; control characters in values are escaped so one
 * event is always one line.
 */
#ifndef LOG_H
#define LOG_H

#include <stddef.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Sets the minimum level written ("debug","info","warn","error"). */
void log_set_level(enum log_level lvl);

/* Parses a level name; 1 on success. */
int log_level_parse(const char *name, enum log_level *out);

/* Writes one line.  Thread-safe (one write(2) per line). */
void log_msg(enum log_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

/* Copies s into out (size out_len) with CR, LF, other control characters
 * and backslash escaped as \n, \r, \xNN, \\, truncated to fit. */
void log_escape(const char *s, char *out, size_t out_len);

#endif
