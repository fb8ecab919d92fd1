/*
 * fts_tokenizer.c — the FTS5 tokenizer "luoshi_cjk": friso words plus
 * overlapping CJK bigrams (see fts_tokenizer.h for the design).
 */
#include "store/fts_tokenizer.h"

#include "base/cfg.h"
#include "base/log.h"

#include <friso.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_INI "/etc/friso/friso.ini"
#define WORD_MARK '\x1f'
#define MAX_ASCII_TOKEN 64

/* Party-history terms friso's stock dictionary lacks: added at load so
 * that each is one word. */
static const char *const lexicon[] = {
    "学史明理",   "学史增信",       "学史崇德",
    "学史力行",   "初心使命",       "三会一课",
    "主题党日",   "两个确立",       "两个维护",
    "四史",       "党史学习教育",   "我为群众办实事",
    "四个意识",   "四个自信",       "红船精神",
    "井冈山精神", "长征精神",       "延安精神",
    "西柏坡精神", "伟大建党精神",   "乡村振兴",
    "共同富裕",   "全面从严治党",   "民主生活会",
    "组织生活会", "党支部",         "党小组",
    "学习强国",   "新时代",         "中国式现代化",
    "不忘初心",   "牢记使命",       "党风廉政",
    "基层党组织", "脱贫攻坚",       "一国两制",
    "改革开放",   "新民主主义革命", "社会主义核心价值观",
    "初心",
};

enum { MODE_BOTH = 0, MODE_BIGRAMS = 1, MODE_WORDS = 2 };

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static friso_t g_friso;
static friso_config_t g_fcfg;
static int g_loaded;

/* ---- characters ---------------------------------------------------- */

size_t fts_utf8_next(const char *s, size_t n, unsigned *cp)
{
  const unsigned char *p = (const unsigned char *)s;
  unsigned c = p[0];
  size_t len, i;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xc2 && c <= 0xdf)
    len = 2, c &= 0x1f;
  else if (c >= 0xe0 && c <= 0xef)
    len = 3, c &= 0x0f;
  else if (c >= 0xf0 && c <= 0xf4)
    len = 4, c &= 0x07;
  else {
    *cp = 0xfffd;
    return 1;
  }
  if (len > n) {
    *cp = 0xfffd;
    return 1;
  }
  for (i = 1; i < len; i++) {
    if ((p[i] & 0xc0) != 0x80) {
      *cp = 0xfffd;
      return 1;
    }
    c = (c << 6) | (p[i] & 0x3f);
  }
  *cp = c;
  return len;
}

int fts_is_cjk(unsigned cp)
{
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
         (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2ffff) ||
         cp == 0x3007;
}

int fts_alnum_fold(unsigned cp)
{
  if (cp >= 0xff10 && cp <= 0xff19) /* full-width digits */
    cp -= 0xfee0;
  else if (cp >= 0xff21 && cp <= 0xff3a) /* full-width A-Z */
    cp -= 0xfee0;
  else if (cp >= 0xff41 && cp <= 0xff5a) /* full-width a-z */
    cp -= 0xfee0;
  if (cp >= '0' && cp <= '9')
    return (int)cp;
  if (cp >= 'a' && cp <= 'z')
    return (int)cp;
  if (cp >= 'A' && cp <= 'Z')
    return (int)(cp - 'A' + 'a');
  return 0;
}

/* ---- friso ----------------------------------------------------------- */

/* Reads "friso.lex_dir = …" from the ini so a missing dictionary is
 * noticed before friso (which does not report it) is asked to load it. */
static int lex_dir_ok(const char *ini)
{
  char line[1200], path[1300];
  FILE *f = fopen(ini, "r");
  int ok = 0;
  if (!f)
    return 0;
  while (fgets(line, sizeof line, f)) {
    char *p = line, *e;
    while (*p == ' ' || *p == '\t')
      p++;
    if (strncmp(p, "friso.lex_dir", 13) != 0)
      continue;
    p = strchr(p, '=');
    if (!p)
      break;
    p++;
    while (*p == ' ' || *p == '\t')
      p++;
    e = p + strlen(p);
    while (e > p && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' '))
      *--e = '\0';
    if (*p == '/') {
      snprintf(path, sizeof path, "%sfriso.lex.ini", p);
      ok = access(path, R_OK) == 0;
    } else {
      ok = 1; /* relative: friso resolves it; trust the size check */
    }
    break;
  }
  fclose(f);
  return ok;
}

static void load_friso(void)
{
  const char *ini = cfg.friso_ini[0] ? cfg.friso_ini : DEFAULT_INI;
  char buf[1024];
  friso_t f;
  friso_config_t c;
  if (access(ini, R_OK) != 0 || !lex_dir_ok(ini)) {
    log_warn("friso dictionary not found (friso_ini=%s): study search "
             "uses bigrams only",
             ini);
    return;
  }
  snprintf(buf, sizeof buf, "%s", ini);
  f = friso_new();
  c = friso_new_config();
  if (!friso_init_from_ifile(f, c, buf) || friso_all_dic_size(f->dic) < 100) {
    log_warn("friso could not load its dictionary (friso_ini=%s): study "
             "search uses bigrams only",
             ini);
    friso_free_config(c);
    friso_free(f);
    return;
  }
  c->add_syn = 0; /* synonyms would add words the text does not have */
  c->clr_stw = 0; /* keep stop words: positions must cover the text */
  c->spx_out = 0;
  if (c->max_len < 8)
    c->max_len = 8; /* 我为群众办实事 is 7 characters */
  for (size_t i = 0; i < sizeof lexicon / sizeof lexicon[0]; i++) {
    if (friso_dic_match(f->dic, __LEX_CJK_WORDS__, (fstring)lexicon[i]))
      continue;
    /* the dictionary keeps the pointer for the life of the process */
    friso_dic_add(f->dic, __LEX_CJK_WORDS__, lx_strdup(lexicon[i]), NULL);
  }
  g_friso = f;
  g_fcfg = c;
  g_loaded = 1;
}

int fts_tokenizer_has_words(void)
{
  pthread_once(&load_once, load_friso);
  return g_loaded;
}

struct seg {
  int start, len; /* in characters of the run */
};

/* Segments the run s[0..n) (its character offsets in off[0..nch], off[nch]
 * = n) with friso into *out (heap, caller frees); returns the count. */
static int segment(const char *s, size_t n, const int *off, int nch,
                   struct seg **out)
{
  friso_task_t task;
  char *buf;
  int cap = 16, k = 0;
  struct seg *v;
  *out = NULL;
  if (!fts_tokenizer_has_words() || nch < 1)
    return 0;
  buf = lx_malloc(n + 1);
  memcpy(buf, s, n);
  buf[n] = '\0';
  v = lx_malloc(sizeof *v * (size_t)cap);
  task = friso_new_task();
  friso_set_text(task, buf);
  while (g_fcfg->next_token(g_friso, g_fcfg, task)) {
    int b = task->token->offset, e = b + (int)task->token->rlen;
    int lo = 0, hi = nch, i, j;
    if (b < 0 || e > (int)n || e <= b)
      continue;
    /* character index of byte b (binary search in off) */
    while (lo < hi) {
      int mid = (lo + hi) / 2;
      if (off[mid] < b)
        lo = mid + 1;
      else
        hi = mid;
    }
    i = lo;
    if (i >= nch || off[i] != b)
      continue;
    for (j = i; j < nch && off[j] < e; j++)
      ;
    if (off[j] != e)
      continue;
    if (k == cap) {
      cap *= 2;
      v = lx_realloc(v, sizeof *v * (size_t)cap);
    }
    v[k].start = i;
    v[k].len = j - i;
    k++;
  }
  friso_free_task(task);
  lx_free(buf);
  *out = v;
  return k;
}

/* Character offsets of the UTF-8 CJK run s[0..n): heap array of nch+1
 * entries (caller frees), count in *nch. */
static int *char_offsets(const char *s, size_t n, int *nch)
{
  int *off = lx_malloc(sizeof *off * (n + 1));
  size_t p = 0;
  int k = 0;
  while (p < n) {
    unsigned cp;
    off[k++] = (int)p;
    p += fts_utf8_next(s + p, n - p, &cp);
  }
  off[k] = (int)n;
  *nch = k;
  return off;
}

void fts_tokenizer_words(const char *s, size_t n,
                         void (*fn)(void *ctx, const char *w, size_t len),
                         void *ctx)
{
  int nch, k;
  int *off;
  struct seg *v;
  if (n >= 4096 || !fts_tokenizer_has_words())
    return;
  off = char_offsets(s, n, &nch);
  k = segment(s, n, off, nch, &v);
  for (int i = 0; i < k; i++)
    if (v[i].len >= 2)
      fn(ctx, s + off[v[i].start],
         (size_t)(off[v[i].start + v[i].len] - off[v[i].start]));
  lx_free(v);
  lx_free(off);
}

/* ---- the FTS5 tokenizer ---------------------------------------------- */

struct tok {
  int mode;
};

typedef int (*xtoken_fn)(void *, int, const char *, int, int, int);

static int tok_create(void *unused, const char **az, int n, Fts5Tokenizer **out)
{
  struct tok *t;
  int mode = MODE_BOTH;
  (void)unused;
  if (n > 1)
    return SQLITE_ERROR;
  if (n == 1) {
    if (strcmp(az[0], "both") == 0)
      mode = MODE_BOTH;
    else if (strcmp(az[0], "bigrams") == 0)
      mode = MODE_BIGRAMS;
    else if (strcmp(az[0], "words") == 0)
      mode = MODE_WORDS;
    else
      return SQLITE_ERROR;
  }
  t = sqlite3_malloc(sizeof *t);
  if (!t)
    return SQLITE_NOMEM;
  t->mode = mode;
  *out = (Fts5Tokenizer *)t;
  return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p)
{
  sqlite3_free(p);
}

/* Emits the tokens of one CJK run text[b..e).  more: more indexable text
 * follows the run (query mode keeps the lone last character then). */
static int emit_run(const struct tok *t, int query, int aux, int more, void *pc,
                    xtoken_fn xt, const char *text, int b, int e)
{
  int nch, rc = SQLITE_OK, k = 0, w = 0;
  int *off = char_offsets(text + b, (size_t)(e - b), &nch);
  struct seg *v = NULL;
  char *buf = NULL;
  /* words only where they are indexed: documents being indexed or
   * deleted.  Queries need none (the builder adds them), nor do
   * highlight() and snippet() (FTS5_TOKENIZE_AUX): the words are
   * colocated, so the bigram positions alone line up with the index, and
   * skipping friso there keeps snippets cheap. */
  if (t->mode == MODE_WORDS ||
      (t->mode == MODE_BOTH && !query && !aux && nch >= 2))
    k = segment(text + b, (size_t)(e - b), off, nch, &v);
  if (t->mode == MODE_WORDS) {
    /* friso's words in order; characters it skipped alone */
    int i = 0;
    while (i < nch && rc == SQLITE_OK) {
      int len = 1;
      while (w < k && v[w].start < i)
        w++;
      if (w < k && v[w].start == i)
        len = v[w].len;
      rc = xt(pc, 0, text + b + off[i], off[i + len] - off[i], b + off[i],
              b + off[i + len]);
      i += len;
    }
    goto done;
  }
  for (int i = 0; i < nch && rc == SQLITE_OK; i++) {
    if (i + 1 < nch)
      rc = xt(pc, 0, text + b + off[i], off[i + 2] - off[i], b + off[i],
              b + off[i + 2]);
    else if (!query || nch == 1 || more)
      rc = xt(pc, 0, text + b + off[i], off[i + 1] - off[i], b + off[i],
              b + off[i + 1]);
    for (; rc == SQLITE_OK && w < k && v[w].start <= i; w++) {
      int wb = off[v[w].start], we = off[v[w].start + v[w].len];
      if (v[w].start != i || v[w].len < 2)
        continue;
      buf = lx_realloc(buf, (size_t)(we - wb) + 1);
      buf[0] = WORD_MARK;
      memcpy(buf + 1, text + b + wb, (size_t)(we - wb));
      rc = xt(pc, FTS5_TOKEN_COLOCATED, buf, we - wb + 1, b + wb, b + we);
    }
  }
done:
  lx_free(buf);
  lx_free(v);
  lx_free(off);
  return rc;
}

/* 1 if text[p..n) holds another letter, digit or CJK character. */
static int more_follows(const char *text, int p, int n)
{
  while (p < n) {
    unsigned cp;
    p += (int)fts_utf8_next(text + p, (size_t)(n - p), &cp);
    if (fts_is_cjk(cp) || fts_alnum_fold(cp))
      return 1;
  }
  return 0;
}

static int tok_tokenize(Fts5Tokenizer *pt, void *pc, int flags,
                        const char *text, int n, xtoken_fn xt)
{
  const struct tok *t = (const struct tok *)pt;
  int query = (flags & FTS5_TOKENIZE_QUERY) != 0;
  int p = 0, rc = SQLITE_OK;
  if (n <= 0)
    return SQLITE_OK;
  if (query && text[0] == WORD_MARK && t->mode == MODE_BOTH)
    return n > 1 ? xt(pc, 0, text, n, 0, n) : SQLITE_OK;
  while (p < n && rc == SQLITE_OK) {
    unsigned cp;
    int len = (int)fts_utf8_next(text + p, (size_t)(n - p), &cp);
    if (fts_is_cjk(cp)) {
      int b = p;
      p += len;
      while (p < n) {
        len = (int)fts_utf8_next(text + p, (size_t)(n - p), &cp);
        if (!fts_is_cjk(cp))
          break;
        p += len;
      }
      rc = emit_run(t, query, (flags & FTS5_TOKENIZE_AUX) != 0,
                    query && more_follows(text, p, n), pc, xt, text, b, p);
    } else if (fts_alnum_fold(cp)) {
      char word[MAX_ASCII_TOKEN];
      int b = p, k = 0, c;
      while (p < n) {
        len = (int)fts_utf8_next(text + p, (size_t)(n - p), &cp);
        c = fts_alnum_fold(cp);
        if (!c)
          break;
        if (k < MAX_ASCII_TOKEN)
          word[k++] = (char)c;
        p += len;
      }
      rc = xt(pc, 0, word, k, b, p);
    } else {
      p += len;
    }
  }
  return rc;
}

/* The fts5_api pointer of db (NULL if FTS5 is missing). */
static fts5_api *fts5_api_of(sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  sqlite3_finalize(st);
  return api;
}

int fts_tokenizer_register(sqlite3 *db)
{
  static fts5_tokenizer methods = {tok_create, tok_delete, tok_tokenize};
  fts5_api *api = fts5_api_of(db);
  if (!api)
    return SQLITE_ERROR;
  fts_tokenizer_has_words(); /* load friso now, not inside a query */
  return api->xCreateTokenizer(api, "luoshi_cjk", NULL, &methods, NULL);
}
