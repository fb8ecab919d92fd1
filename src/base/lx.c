/*
 * lx.c — error records, rc names and the aborting allocator shared by
 * every module.  See lx.h.
 */
#include "base/lx.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_str(char *dst, size_t cap, const char *src)
{
  size_t n = src ? strlen(src) : 0;
  if (n >= cap)
    n = cap - 1;
  /* do not cut a UTF-8 sequence in half */
  while (n > 0 && src && ((unsigned char)src[n] & 0xC0) == 0x80)
    n--;
  if (n)
    memcpy(dst, src, n);
  dst[n] = 0;
}

int err_set(struct lx_err *err, int rc, const char *code, const char *field,
            const char *message)
{
  if (!err)
    return rc;
  err->rc = rc;
  copy_str(err->code, sizeof err->code, code);
  copy_str(err->field, sizeof err->field, field);
  copy_str(err->message, sizeof err->message, message);
  return rc;
}

int err_setf(struct lx_err *err, int rc, const char *code, const char *field,
             const char *fmt, ...)
{
  char msg[256];
  va_list ap;
  if (!err)
    return rc;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return err_set(err, rc, code, field, msg);
}

void err_clear(struct lx_err *err)
{
  if (err)
    memset(err, 0, sizeof *err);
}

const char *lx_rc_name(int rc)
{
  static const char *const names[] = {
      "OK",      "EINVAL",    "EUNAUTH",  "EFORBIDDEN", "ENOTFOUND", "EMETHOD",
      "ECONFLICT", "ETOOBIG", "EUNSUPPORTED", "ETOOMANY", "EBUSY",   "ETIMEOUT",
      "ENOMEM",  "EDB",       "EIO",      "EINTERNAL"};
  if (rc < 0 || (size_t)rc >= LX_COUNT(names))
    return "E?";
  return names[rc];
}

static _Noreturn void oom(size_t n)
{
  fprintf(stderr, "luoshi: out of memory allocating %zu bytes\n", n);
  abort();
}

void *lx_malloc(size_t n)
{
  void *p = malloc(n ? n : 1);
  if (!p)
    oom(n);
  return p;
}

void *lx_calloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    oom(n * size);
  return p;
}

void *lx_realloc(void *p, size_t n)
{
  void *q = realloc(p, n ? n : 1);
  if (!q)
    oom(n);
  return q;
}

char *lx_strdup(const char *s)
{
  return lx_strndup(s, strlen(s));
}

char *lx_strndup(const char *s, size_t n)
{
  char *p = lx_malloc(n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

void lx_free(void *p)
{
  free(p);
}

_Noreturn void lx_assert_fail(const char *expr, const char *file, int line)
{
  fprintf(stderr, "luoshi: assertion failed: %s (%s:%d)\n", expr, file, line);
  abort();
}
