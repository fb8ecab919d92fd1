/*
 * sb.c — the bounded string builder (see sb.h).  Growth doubles the
 * buffer up to max+1 bytes; an append that would pass max sets a sticky
 * LX_ETOOBIG and leaves the text as it was before that append.
 */
#include "base/sb.h"

#include "base/arena.h"
#include "base/lx.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static char empty_buf[1];

void sb_init(struct sb *sb, struct arena *arena, char *stack, size_t stack_len,
             size_t max_bytes)
{
  sb->arena = arena;
  sb->max = max_bytes;
  sb->len = 0;
  sb->err = LX_OK;
  if (stack && stack_len > 0) {
    sb->buf = stack;
    sb->cap = stack_len;
    sb->on_stack = 1;
    stack[0] = 0;
  } else {
    sb->buf = empty_buf;
    sb->cap = 1;
    sb->on_stack = 1; /* the static empty buffer is never freed */
  }
}

void sb_reset(struct sb *sb)
{
  if (!sb->on_stack && !sb->arena)
    lx_free(sb->buf);
  sb->buf = empty_buf;
  sb->cap = 1;
  sb->on_stack = 1;
  sb->len = 0;
  sb->err = LX_OK;
}

void sb_clear(struct sb *sb)
{
  sb->len = 0;
  if (sb->buf != empty_buf) /* the shared empty buffer is always "" */
    sb->buf[0] = 0;
}

int sb_err(const struct sb *sb)
{
  return sb->err;
}

/* Makes room for n more bytes plus the NUL; 0 on success. */
static int grow(struct sb *sb, size_t n)
{
  size_t want, cap;
  char *nb;
  if (sb->err)
    return -1;
  if (n > sb->max || sb->len > sb->max - n) {
    sb->err = LX_ETOOBIG;
    return -1;
  }
  want = sb->len + n + 1;
  if (want <= sb->cap)
    return 0;
  cap = sb->cap < 64 ? 64 : sb->cap;
  while (cap < want)
    cap *= 2;
  if (cap > sb->max + 1)
    cap = sb->max + 1;
  if (sb->arena) {
    nb = arena_alloc(sb->arena, cap);
    memcpy(nb, sb->buf, sb->len + 1);
  } else if (sb->on_stack) {
    nb = lx_malloc(cap);
    memcpy(nb, sb->buf, sb->len + 1);
  } else {
    nb = lx_realloc(sb->buf, cap);
  }
  sb->buf = nb;
  sb->cap = cap;
  sb->on_stack = 0;
  return 0;
}

void sb_append(struct sb *sb, const char *s, size_t n)
{
  if (n == 0) /* nothing to add (and the shared empty buffer stays "") */
    return;
  /* fits (the hot path of JSON writing): no call to grow */
  if (sb->err || n >= sb->cap - sb->len || n > sb->max - sb->len) {
    if (grow(sb, n))
      return;
  }
  memcpy(sb->buf + sb->len, s, n);
  sb->len += n;
  sb->buf[sb->len] = 0;
}

void sb_puts(struct sb *sb, const char *s)
{
  sb_append(sb, s, strlen(s));
}

void sb_reserve(struct sb *sb, size_t n)
{
  (void)grow(sb, n);
}

void sb_appendf(struct sb *sb, const char *fmt, ...)
{
  va_list ap;
  int n;
  char tmp[256];
  if (sb->err)
    return;
  va_start(ap, fmt);
  n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if ((size_t)n < sizeof tmp) {
    sb_append(sb, tmp, (size_t)n);
    return;
  }
  if (grow(sb, (size_t)n))
    return;
  va_start(ap, fmt);
  vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  sb->len += (size_t)n;
}

void sb_append_i64(struct sb *sb, int64_t v)
{
  char tmp[24];
  char *p = tmp + sizeof tmp;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do {
    *--p = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0)
    *--p = '-';
  sb_append(sb, p, (size_t)(tmp + sizeof tmp - p));
}

/* 1 for the bytes sb_append_json_strn escapes: control characters,
 * '"', '\\' and <>& */
static const unsigned char json_esc[256] = {
    1, 1, 1,         1,          1,         1,         1,        1, 1, 1,
    1, 1, 1,         1,          1,         1,         1,        1, 1, 1,
    1, 1, 1,         1,          1,         1,         1,        1, 1, 1,
    1, 1, ['"'] = 1, ['\\'] = 1, ['<'] = 1, ['>'] = 1, ['&'] = 1};

void sb_append_json_strn(struct sb *sb, const char *s, size_t n)
{
  static const char hex[] = "0123456789abcdef";
  size_t i, start = 0;
  if (!s) {
    sb_append(sb, "null", 4);
    return;
  }
  sb_putc(sb, '"');
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    const char *esc = NULL;
    char u[6];
    if (!json_esc[c])
      continue;
    if (c == '"')
      esc = "\\\"";
    else if (c == '\\')
      esc = "\\\\";
    else if (c == '\n')
      esc = "\\n";
    else if (c == '\r')
      esc = "\\r";
    else if (c == '\t')
      esc = "\\t";
    else {
      /* control characters, and <>& so JSON is safe inside HTML */
      u[0] = '\\';
      u[1] = 'u';
      u[2] = '0';
      u[3] = '0';
      u[4] = hex[c >> 4];
      u[5] = hex[c & 15];
    }
    sb_append(sb, s + start, i - start);
    if (esc)
      sb_puts(sb, esc);
    else
      sb_append(sb, u, 6);
    start = i + 1;
  }
  sb_append(sb, s + start, n - start);
  sb_putc(sb, '"');
}

void sb_append_json_str(struct sb *sb, const char *s)
{
  sb_append_json_strn(sb, s, s ? strlen(s) : 0);
}

void sb_append_html(struct sb *sb, const char *s)
{
  size_t start = 0, i;
  for (i = 0; s[i]; i++) {
    const char *esc;
    switch (s[i]) {
    case '&': esc = "&amp;"; break;
    case '<': esc = "&lt;"; break;
    case '>': esc = "&gt;"; break;
    case '"': esc = "&quot;"; break;
    case '\'': esc = "&#39;"; break;
    default: continue;
    }
    sb_append(sb, s + start, i - start);
    sb_puts(sb, esc);
    start = i + 1;
  }
  sb_append(sb, s + start, i - start);
}

void sb_append_url(struct sb *sb, const char *s)
{
  static const char hex[] = "0123456789ABCDEF";
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      sb_putc(sb, (char)c);
    } else {
      char e[3] = {'%', hex[c >> 4], hex[c & 15]};
      sb_append(sb, e, 3);
    }
  }
}

char *sb_take(struct sb *sb, size_t *out_len)
{
  char *p;
  if (sb->err) {
    sb_reset(sb);
    return NULL;
  }
  if (out_len)
    *out_len = sb->len;
  if (sb->on_stack) {
    p = sb->arena ? arena_strndup(sb->arena, sb->buf, sb->len)
                  : lx_strndup(sb->buf, sb->len);
  } else {
    p = sb->buf;
  }
  sb->buf = empty_buf;
  sb->cap = 1;
  sb->on_stack = 1;
  sb->len = 0;
  return p;
}
