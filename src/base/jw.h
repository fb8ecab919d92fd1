/*
 * jw.h — the streaming JSON writer responses are built with (DESIGN.md:
 * a direct writer is ~7x cheaper than building a jansson tree).  It writes
 * into a struct sb and inserts commas itself; errors are the sb's sticky
 * error.
 */
#ifndef JW_H
#define JW_H

#include "base/sb.h"

#include <stdint.h>

#define JW_MAX_DEPTH 32

struct jw {
  struct sb *sb;
  int depth;
  unsigned char n[JW_MAX_DEPTH]; /* values written at each level (0/1) */
  int after_key;
};

void jw_init(struct jw *w, struct sb *sb);
void jw_obj(struct jw *w);     /* { */
void jw_obj_end(struct jw *w); /* } */
void jw_arr(struct jw *w);     /* [ */
void jw_arr_end(struct jw *w); /* ] */
void jw_key(struct jw *w, const char *k);
void jw_str(struct jw *w, const char *v); /* NULL → null */
void jw_i64(struct jw *w, int64_t v);
void jw_double(struct jw *w, double v);
void jw_bool(struct jw *w, int v);
void jw_null(struct jw *w);
/* Already-serialized JSON (trusted), e.g. a stored before/after document. */
void jw_raw(struct jw *w, const char *json);
/* ISO 8601 time from Unix ms; 0 or negative → null when null_if_zero. */
void jw_time(struct jw *w, int64_t ms, int null_if_zero);

/* key + value shorthands */
void jw_kstr(struct jw *w, const char *k, const char *v);
void jw_ki64(struct jw *w, const char *k, int64_t v);
void jw_kbool(struct jw *w, const char *k, int v);
void jw_ktime(struct jw *w, const char *k, int64_t ms);

#endif
