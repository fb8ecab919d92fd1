/*
 * pinyin.c — Chinese names to toneless pinyin and initials (see pinyin.h).
 *
 * The input is split into runs: ASCII letters and digits are copied
 * straight through, other ASCII is dropped, and each run of non-ASCII
 * characters goes through ICU ("Han-Latin; Latin-ASCII; Lower", or the
 * "/Names" variant for people).  ICU separates the syllables it makes
 * with spaces, so every run of letters in its output is one syllable and
 * gives one initial; digits (such as full-width ones) are kept whole.
 *
 * One transliterator per kind is shared behind a mutex.  Measured on the
 * development machine: ~21 µs per short name with the mutex, ~24 µs with
 * utrans_clone per call, and neither scales past one core because ICU
 * takes a global lock inside rule-based transliteration anyway.
 */
#include "domain/org/pinyin.h"

#include "base/utf8.h"

#include <pthread.h>
#include <string.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

/* UTF-16 units for one run before and after transliteration: 512 input
 * bytes are at most 512 units, and a syllable ("zhuang ") is at most 7
 * units per 3-byte character. */
#define RUN_CAP 4096

static const char *const rules[2] = {
    "Han-Latin; Latin-ASCII; Lower",
    "Han-Latin/Names; Latin-ASCII; Lower",
};

static struct {
  pthread_mutex_t mu;
  UTransliterator *t;
} tr[2] = {
    {PTHREAD_MUTEX_INITIALIZER, NULL},
    {PTHREAD_MUTEX_INITIALIZER, NULL},
};

/* A bounded ASCII output buffer; overflow is sticky. */
struct outbuf {
  char *buf;
  size_t cap;
  size_t len;
  int overflow;
};

static void out_put(struct outbuf *o, char c)
{
  if (o->len + 1 >= o->cap) {
    o->overflow = 1;
    return;
  }
  o->buf[o->len++] = c;
  o->buf[o->len] = 0;
}

/* Opens tr[k] if needed; the caller holds tr[k].mu.  0 on success. */
static int open_locked(int k)
{
  UErrorCode st = U_ZERO_ERROR;
  UChar id[64];
  size_t i;
  if (tr[k].t)
    return 0;
  for (i = 0; rules[k][i]; i++)
    id[i] = (UChar)rules[k][i];
  tr[k].t = utrans_openU(id, (int32_t)i, UTRANS_FORWARD, NULL, 0, NULL, &st);
  if (U_FAILURE(st)) {
    if (tr[k].t)
      utrans_close(tr[k].t);
    tr[k].t = NULL;
    return -1;
  }
  return 0;
}

int org_pinyin_init(void)
{
  for (int k = 0; k < 2; k++) {
    int r;
    pthread_mutex_lock(&tr[k].mu);
    r = open_locked(k);
    pthread_mutex_unlock(&tr[k].mu);
    if (r)
      return LX_EINTERNAL;
  }
  return LX_OK;
}

void org_pinyin_shutdown(void)
{
  for (int k = 0; k < 2; k++) {
    pthread_mutex_lock(&tr[k].mu);
    if (tr[k].t)
      utrans_close(tr[k].t);
    tr[k].t = NULL;
    pthread_mutex_unlock(&tr[k].mu);
  }
}

/* Transliterates run[0..*n) in place through tr[k].  0 on success, -1 on
 * an ICU failure, -2 when the result does not fit RUN_CAP. */
static int transliterate(int k, UChar *run, int32_t *n)
{
  UErrorCode st = U_ZERO_ERROR;
  int32_t limit = *n;
  pthread_mutex_lock(&tr[k].mu);
  if (open_locked(k)) {
    pthread_mutex_unlock(&tr[k].mu);
    return -1;
  }
  utrans_transUChars(tr[k].t, run, n, RUN_CAP, 0, &limit, &st);
  pthread_mutex_unlock(&tr[k].mu);
  if (st == U_BUFFER_OVERFLOW_ERROR || st == U_STRING_NOT_TERMINATED_WARNING)
    return -2;
  return U_FAILURE(st) ? -1 : 0;
}

/* Appends the ASCII letters and digits of a transliterated run: all of
 * them to full, and the first letter of each letter run plus every digit
 * to initials. */
static void emit_run(const UChar *run, int32_t n, struct outbuf *full,
                     struct outbuf *ini)
{
  int in_word = 0;
  for (int32_t i = 0; i < n; i++) {
    UChar c = run[i];
    if (c >= 'A' && c <= 'Z')
      c = (UChar)(c - 'A' + 'a');
    if (c >= 'a' && c <= 'z') {
      out_put(full, (char)c);
      if (!in_word)
        out_put(ini, (char)c);
      in_word = 1;
    } else if (c >= '0' && c <= '9') {
      out_put(full, (char)c);
      out_put(ini, (char)c);
      in_word = 0;
    } else {
      in_word = 0;
    }
  }
}

/* Decodes one code point of valid UTF-8 at *p and advances *p. */
static UChar32 next_cp(const unsigned char **p)
{
  const unsigned char *s = *p;
  UChar32 c = s[0];
  int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
  if (extra)
    c &= 0x3F >> extra;
  for (int i = 1; i <= extra; i++)
    c = (c << 6) | (s[i] & 0x3F);
  *p = s + 1 + extra;
  return c;
}

int org_pinyin_convert(const char *name, enum org_pinyin_kind kind, char *full,
                       size_t full_len, char *initials, size_t initials_len)
{
  struct outbuf of = {full, full_len, 0, 0},
                oi = {initials, initials_len, 0, 0};
  UChar run[RUN_CAP];
  int32_t n_run = 0;
  const unsigned char *p = (const unsigned char *)name;
  size_t n_bytes = strlen(name);
  int k = kind == ORG_PINYIN_PERSON ? 1 : 0;
  int rc = LX_OK;
  if (full_len == 0 || initials_len == 0)
    return LX_ETOOBIG;
  full[0] = 0;
  initials[0] = 0;
  if (n_bytes > ORG_PINYIN_MAX_INPUT)
    return LX_ETOOBIG;
  if (!utf8_valid(name, n_bytes))
    return LX_EINVAL;
  for (;;) {
    UChar32 c = *p ? next_cp(&p) : 0;
    if (c >= 0x80) {
      U16_APPEND_UNSAFE(run, n_run, c);
      continue;
    }
    /* An ASCII character or the end closes the pending non-ASCII run. */
    if (n_run > 0) {
      int r = transliterate(k, run, &n_run);
      if (r) {
        rc = r == -2 ? LX_ETOOBIG : LX_EINTERNAL;
        goto done;
      }
      emit_run(run, n_run, &of, &oi);
      n_run = 0;
    }
    if (c == 0)
      break;
    if (c >= 'A' && c <= 'Z')
      c = c - 'A' + 'a';
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out_put(&of, (char)c);
      out_put(&oi, (char)c);
    }
  }
  if (of.overflow || oi.overflow)
    rc = LX_ETOOBIG;
done:
  if (rc) {
    full[0] = 0;
    initials[0] = 0;
  }
  return rc;
}

/* 1 if needle (compared ignoring ASCII case) occurs in hay. */
static int contains(const char *hay, const char *needle)
{
  size_t n = strlen(needle);
  for (; *hay; hay++) {
    size_t i = 0;
    while (i < n && hay[i]) {
      char q = needle[i];
      if (q >= 'A' && q <= 'Z')
        q = (char)(q - 'A' + 'a');
      if (hay[i] != q)
        break;
      i++;
    }
    if (i == n)
      return 1;
  }
  return 0;
}

bool org_pinyin_match(const char *full, const char *initials, const char *query)
{
  if (!query || !*query)
    return true;
  return contains(full ? full : "", query) ||
         contains(initials ? initials : "", query);
}
