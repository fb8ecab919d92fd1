/*
 * sb.h — the one string builder: a bounded, NUL-terminated byte buffer
 * with sticky errors (SQLite's StrAccum with curl's dynbuf cap).
 *
 * Start it on a stack buffer; it moves to the heap (or to an arena) only
 * when that overflows.  Appends past max_bytes set LX_ETOOBIG and every
 * later append does nothing, so callers append freely and check sb_err()
 * once.  Escaping lives in the appenders (JSON, HTML, URL); SQL values are
 * never formatted, they are bound.
 */
#ifndef SB_H
#define SB_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct sb {
  char *buf;           /* always NUL-terminated */
  size_t len;          /* bytes used, excluding the NUL */
  size_t cap;          /* bytes available including the NUL */
  size_t max;          /* hard cap on len */
  struct arena *arena; /* where growth comes from; NULL = heap */
  int on_stack;        /* buf is the caller's initial buffer */
  int err;             /* sticky LX_ code */
};

/* Sets up sb.  stack/stack_len may be NULL/0.  max_bytes is required. */
void sb_init(struct sb *sb, struct arena *arena, char *stack, size_t stack_len,
             size_t max_bytes);

/* Releases heap memory (not arena or stack memory) and empties sb. */
void sb_reset(struct sb *sb);

/* Empties the text but keeps the buffer and clears no error. */
void sb_clear(struct sb *sb);

/* The sticky error: LX_OK, LX_ETOOBIG. */
int sb_err(const struct sb *sb);

void sb_append(struct sb *sb, const char *s, size_t n);

/* Makes room for n more bytes in one step (a writer that knows its answer
 * will be large avoids growing it by doubling).  Sets the sticky error
 * like an append would. */
void sb_reserve(struct sb *sb, size_t n);
void sb_puts(struct sb *sb, const char *s);
/* Appends one byte (inline: the JSON writer calls it for every comma,
 * colon and quote). */
static inline void sb_putc(struct sb *sb, char c)
{
  if (!sb->err && sb->len + 2 <= sb->cap && sb->len < sb->max) {
    sb->buf[sb->len++] = c; /* room for c and the NUL: the common case */
    sb->buf[sb->len] = 0;
    return;
  }
  sb_append(sb, &c, 1);
}
void sb_appendf(struct sb *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sb_append_i64(struct sb *sb, int64_t v);

/* Appends s as a quoted JSON string ("..." with escapes); NULL → null. */
void sb_append_json_str(struct sb *sb, const char *s);
/* Same with an explicit length. */
void sb_append_json_strn(struct sb *sb, const char *s, size_t n);
/* Appends text HTML-escaped (& < > " '). */
void sb_append_html(struct sb *sb, const char *s);
/* Appends s percent-encoded for a URL component (RFC 3986 unreserved kept). */
void sb_append_url(struct sb *sb, const char *s);

/* Hands the bytes over and leaves sb empty.  If out_len is not NULL it gets
 * the length.  Returns: with an arena, arena-owned; otherwise the caller
 * frees with lx_free().  Returns NULL if sb_err() is set. */
char *sb_take(struct sb *sb, size_t *out_len);

#endif
