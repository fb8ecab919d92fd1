/*
 * lx.h — the project-wide result codes, the user-facing error record and
 * the handful of macros every module uses.
 *
 * Every fallible function returns an int that is LX_OK (0) or one of
 * enum lx_rc, and is declared LX_MUST_CHECK so -Werror rejects an ignored
 * result.  Detail meant for a person (a stable code, a Chinese message and
 * the offending field) travels in an optional struct lx_err out-parameter.
 * Only http/response.c turns a code into an HTTP status.
 */
#ifndef LX_H
#define LX_H

#include <stddef.h>
#include <stdint.h>

#define LX_MUST_CHECK __attribute__((warn_unused_result))
#define LX_UNUSED(x) ((void)(x))
#define LX_COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum lx_rc {
  LX_OK = 0,
  LX_EINVAL,      /* input does not validate: 400 */
  LX_EUNAUTH,     /* not logged in: 401 */
  LX_EFORBIDDEN,  /* logged in but not allowed: 403 */
  LX_ENOTFOUND,   /* missing or out of scope: 404 */
  LX_EMETHOD,     /* wrong method: 405 */
  LX_ECONFLICT,   /* wrong state or duplicate: 409 */
  LX_ETOOBIG,     /* over a size limit: 413 */
  LX_EUNSUPPORTED,/* wrong media type: 415 */
  LX_ETOOMANY,    /* rate limited: 429 */
  LX_EBUSY,       /* temporarily unavailable (db busy, shutting down): 503 */
  LX_ETIMEOUT,    /* deadline passed: 408 */
  LX_ENOMEM,      /* allocation failed: 500 */
  LX_EDB,         /* database error: 500 */
  LX_EIO,         /* file or network error: 500 */
  LX_EINTERNAL    /* a bug: 500 */
};

/* A user-facing error.  code is a stable snake/dotted identifier
 * ("json.too_deep"), message is zh-CN, field names the JSON path or
 * parameter at fault (may be empty).  Fixed buffers so that an error
 * can be set from any thread without allocation. */
struct lx_err {
  int rc;
  char code[64];
  char message[256];
  char field[64];
};

/* Records an error in err (NULL is allowed and ignored) and returns rc, so
 * callers can write `return err_set(err, LX_EINVAL, ...)`.  The strings are
 * copied and truncated to fit. */
int err_set(struct lx_err *err, int rc, const char *code, const char *field,
            const char *message);

/* Like err_set, but message is a printf format. */
int err_setf(struct lx_err *err, int rc, const char *code, const char *field,
             const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Clears err to "no error". */
void err_clear(struct lx_err *err);

/* A short English name of rc for logs ("EINVAL"). Returns a static string. */
const char *lx_rc_name(int rc);

/* Allocation that never returns NULL: out of memory aborts the process
 * (input cannot cause it, every buffer has a cap).  Free with lx_free. */
void *lx_malloc(size_t n);
void *lx_calloc(size_t n, size_t size);
void *lx_realloc(void *p, size_t n);
char *lx_strdup(const char *s);
char *lx_strndup(const char *s, size_t n);
void lx_free(void *p);

/* Invariant check: a failure is a bug and aborts with file and line. */
#define LX_ASSERT(c)                                                           \
  do {                                                                         \
    if (!(c))                                                                  \
      lx_assert_fail(#c, __FILE__, __LINE__);                                  \
  } while (0)
_Noreturn void lx_assert_fail(const char *expr, const char *file, int line);

#endif
