/*
 * jw.c — comma and nesting bookkeeping for the streaming JSON writer.
 */
#include "base/jw.h"

#include "base/timeutil.h"

#include <math.h>
#include <stdio.h>

void jw_init(struct jw *w, struct sb *sb)
{
  w->sb = sb;
  w->depth = 0;
  w->n[0] = 0;
  w->after_key = 0;
}

/* Writes the comma a new value needs at the current level. */
static void sep(struct jw *w)
{
  if (w->after_key) {
    w->after_key = 0;
    return;
  }
  if (w->n[w->depth])
    sb_putc(w->sb, ',');
  w->n[w->depth] = 1;
}

static void open(struct jw *w, char c)
{
  sep(w);
  sb_putc(w->sb, c);
  if (w->depth < JW_MAX_DEPTH - 1)
    w->depth++;
  w->n[w->depth] = 0;
}

static void close_(struct jw *w, char c)
{
  sb_putc(w->sb, c);
  if (w->depth > 0)
    w->depth--;
}

void jw_obj(struct jw *w) { open(w, '{'); }
void jw_obj_end(struct jw *w) { close_(w, '}'); }
void jw_arr(struct jw *w) { open(w, '['); }
void jw_arr_end(struct jw *w) { close_(w, ']'); }

void jw_key(struct jw *w, const char *k)
{
  sep(w);
  sb_append_json_str(w->sb, k);
  sb_putc(w->sb, ':');
  w->after_key = 1;
}

void jw_str(struct jw *w, const char *v)
{
  sep(w);
  sb_append_json_str(w->sb, v);
}

void jw_i64(struct jw *w, int64_t v)
{
  sep(w);
  sb_append_i64(w->sb, v);
}

void jw_double(struct jw *w, double v)
{
  sep(w);
  if (!isfinite(v))
    sb_puts(w->sb, "null");
  else
    sb_appendf(w->sb, "%.15g", v);
}

void jw_bool(struct jw *w, int v)
{
  sep(w);
  sb_puts(w->sb, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
  sep(w);
  sb_puts(w->sb, "null");
}

void jw_raw(struct jw *w, const char *json)
{
  sep(w);
  sb_puts(w->sb, json && *json ? json : "null");
}

void jw_time(struct jw *w, int64_t ms, int null_if_zero)
{
  char buf[40];
  if (null_if_zero && ms <= 0) {
    jw_null(w);
    return;
  }
  time_iso8601(ms, buf, sizeof buf);
  jw_str(w, buf);
}

void jw_kstr(struct jw *w, const char *k, const char *v)
{
  jw_key(w, k);
  jw_str(w, v);
}

void jw_ki64(struct jw *w, const char *k, int64_t v)
{
  jw_key(w, k);
  jw_i64(w, v);
}

void jw_kbool(struct jw *w, const char *k, int v)
{
  jw_key(w, k);
  jw_bool(w, v);
}

void jw_ktime(struct jw *w, const char *k, int64_t ms)
{
  jw_key(w, k);
  jw_time(w, ms, 1);
}
