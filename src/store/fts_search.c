/*
 * fts_search.c — store_fts_search for SQLite: the user's text becomes a
 * MATCH expression in which every token is quoted (fts_match_expr), the
 * FTS5 table material_fts (migration 0012) is joined with material for
 * the filters, ranked by bm25 and paged; highlights and snippets are
 * fetched for the page's rows only.  The filters read material through
 * the covering index material_search_idx (migration 0019), never the
 * rows themselves: a row holds its body, so checking every match against
 * the table would read most of the library.
 */
#include "store/fts_tokenizer.h"
#include "store/store_int.h"

#include "base/arena.h"
#include "base/sb.h"

#include <string.h>

#define MAX_WORDS 32

struct words {
  struct sb *sb;
  const char *seen[MAX_WORDS];
  size_t seen_len[MAX_WORDS];
  int n;
};

static void add_word(void *vctx, const char *w, size_t len)
{
  struct words *ws = vctx;
  for (int i = 0; i < ws->n; i++)
    if (ws->seen_len[i] == len && memcmp(ws->seen[i], w, len) == 0)
      return;
  if (ws->n == MAX_WORDS)
    return;
  ws->seen[ws->n] = w;
  ws->seen_len[ws->n] = len;
  sb_puts(ws->sb, ws->n ? " OR \"\x1f" : "\"\x1f");
  sb_append(ws->sb, w, len);
  sb_putc(ws->sb, '"');
  ws->n++;
}

/* Appends the expression of one piece text[b..e) (letters, digits and
 * CJK only, so it can be quoted as is). */
static void piece(struct sb *out, const char *text, size_t b, size_t e,
                  int mode)
{
  char wbuf[1024];
  struct sb wsb;
  struct words ws = {0};
  size_t p = b, last_run = b;
  int run_len = 0, ends_cjk = 0;
  /* the length of the CJK run the piece ends with */
  while (p < e) {
    unsigned cp;
    size_t len = fts_utf8_next(text + p, e - p, &cp);
    if (fts_is_cjk(cp)) {
      if (!ends_cjk)
        run_len = 0, last_run = p;
      run_len++;
      ends_cjk = 1;
    } else {
      ends_cjk = 0;
    }
    p += len;
  }
  (void)last_run;
  sb_init(&wsb, NULL, wbuf, sizeof wbuf, 8192);
  ws.sb = &wsb;
  if (mode == FTS_Q_BOTH) {
    /* the words of each CJK run of the piece */
    p = b;
    while (p < e) {
      unsigned cp;
      size_t len = fts_utf8_next(text + p, e - p, &cp), rb = p;
      if (!fts_is_cjk(cp)) {
        p += len;
        continue;
      }
      while (p < e) {
        len = fts_utf8_next(text + p, e - p, &cp);
        if (!fts_is_cjk(cp))
          break;
        p += len;
      }
      fts_tokenizer_words(text + rb, p - rb, add_word, &ws);
    }
  }
  if (ws.n)
    sb_putc(out, '(');
  sb_putc(out, '"');
  sb_append(out, text + b, e - b);
  sb_putc(out, '"');
  if (ends_cjk && run_len == 1)
    sb_puts(out, " *");
  if (ws.n) {
    sb_puts(out, " OR (\"");
    sb_append(out, text + b, e - b);
    sb_putc(out, '"');
    if (ends_cjk && run_len == 1)
      sb_puts(out, " *");
    sb_puts(out, " AND (");
    sb_append(out, wsb.buf, wsb.len);
    sb_puts(out, ")))");
  }
  sb_reset(&wsb);
}

char *fts_match_expr(const char *text, int mode, struct arena *a)
{
  struct sb out;
  size_t n = strlen(text), p = 0;
  int pieces = 0;
  sb_init(&out, a, NULL, 0, 64 * 1024);
  while (p < n) {
    unsigned cp;
    size_t len = fts_utf8_next(text + p, n - p, &cp), b = p;
    if (!fts_is_cjk(cp) && !fts_alnum_fold(cp)) {
      p += len;
      continue;
    }
    while (p < n) {
      len = fts_utf8_next(text + p, n - p, &cp);
      if (!fts_is_cjk(cp) && !fts_alnum_fold(cp))
        break;
      p += len;
    }
    if (pieces++)
      sb_puts(&out, " AND ");
    piece(&out, text, b, p, mode);
  }
  if (!pieces || sb_err(&out))
    return NULL;
  return sb_take(&out, NULL);
}

static const char sql_page[] =
    "SELECT f.rowid, bm25(material_fts, 10.0, 3.0, 1.0, 5.0) AS r"
    " FROM material_fts f CROSS JOIN material m"
    " INDEXED BY material_search_idx ON m.id = f.rowid"
    " WHERE material_fts MATCH ?1 AND m.status = 'published'"
    " AND (m.visible_all = 1 OR ?2 = 1 OR EXISTS (SELECT 1 FROM"
    " material_unit u WHERE u.material_id = m.id"
    " AND substr(?3, 1, length(u.unit_path)) = u.unit_path))"
    " AND (?4 IS NULL OR m.topic_id IN (SELECT t.id FROM study_topic t"
    " WHERE substr(t.path, 1, length(?4)) = ?4))"
    " AND (?5 IS NULL OR EXISTS (SELECT 1 FROM material_tag g"
    " WHERE g.material_id = m.id AND g.tag = ?5))"
    " AND (?6 IS NULL OR m.publish_date >= ?6)"
    " AND (?7 IS NULL OR m.publish_date <= ?7)"
    " ORDER BY r, f.rowid LIMIT ?8 OFFSET ?9";

static const char sql_count[] =
    "SELECT count(*) FROM (SELECT 1"
    " FROM material_fts f CROSS JOIN material m"
    " INDEXED BY material_search_idx ON m.id = f.rowid"
    " WHERE material_fts MATCH ?1 AND m.status = 'published'"
    " AND (m.visible_all = 1 OR ?2 = 1 OR EXISTS (SELECT 1 FROM"
    " material_unit u WHERE u.material_id = m.id"
    " AND substr(?3, 1, length(u.unit_path)) = u.unit_path))"
    " AND (?4 IS NULL OR m.topic_id IN (SELECT t.id FROM study_topic t"
    " WHERE substr(t.path, 1, length(?4)) = ?4))"
    " AND (?5 IS NULL OR EXISTS (SELECT 1 FROM material_tag g"
    " WHERE g.material_id = m.id AND g.tag = ?5))"
    " AND (?6 IS NULL OR m.publish_date >= ?6)"
    " AND (?7 IS NULL OR m.publish_date <= ?7)"
    " LIMIT ?8)";

static const char sql_detail[] =
    "SELECT highlight(material_fts, 0, char(2), char(3)),"
    " snippet(material_fts, 2, char(2), char(3), '…', 24),"
    " snippet(material_fts, 1, char(2), char(3), '…', 24),"
    " m.topic_id, coalesce(t.name, ''), m.source, m.publish_date"
    " FROM material_fts JOIN material m ON m.id = material_fts.rowid"
    " LEFT JOIN study_topic t ON t.id = m.topic_id"
    " WHERE material_fts MATCH ?1 AND material_fts.rowid = ?2";

static const char sql_tags[] =
    "SELECT tag FROM material_tag WHERE material_id = ? ORDER BY tag";

static void bind_filters(struct store_stmt *s, const struct store_fts_query *q,
                         const char *expr, const char *topic_path)
{
  store_bind_text(s, 1, expr);
  store_bind_i64(s, 2, q->all_units ? 1 : 0);
  store_bind_text(s, 3, q->unit_path ? q->unit_path : "");
  store_bind_text(s, 4, topic_path);
  store_bind_text(s, 5, q->tag && q->tag[0] ? q->tag : NULL);
  store_bind_text(s, 6, q->from && q->from[0] ? q->from : NULL);
  store_bind_text(s, 7, q->to && q->to[0] ? q->to : NULL);
}

/* Reads highlight, snippet, topic, source, date and tags of hit h. */
static int load_detail(struct store_conn *c, const char *expr, struct arena *a,
                       struct store_fts_hit *h, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, sql_detail, &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, expr);
  store_bind_i64(s, 2, h->id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    const char *body = store_col_text(s, 1), *sum = store_col_text(s, 2);
    h->title_hl =
        arena_strdup(a, store_col_text(s, 0) ? store_col_text(s, 0) : "");
    /* the body's best passage, or the summary's when only it matches */
    if (body && !strchr(body, STORE_FTS_HL_OPEN) && sum &&
        strchr(sum, STORE_FTS_HL_OPEN))
      body = sum;
    h->snippet_hl = arena_strdup(a, body ? body : "");
    h->topic_id = store_col_i64(s, 3);
    h->topic_name = arena_strdup(a, store_col_text(s, 4));
    h->source = arena_strdup(a, store_col_text(s, 5));
    h->publish_date =
        store_col_is_null(s, 6) ? NULL : arena_strdup(a, store_col_text(s, 6));
    rc = LX_OK;
  } else if (rc == STORE_DONE) {
    h->title_hl = h->snippet_hl = h->topic_name = h->source = "";
    rc = LX_OK;
  }
  store_stmt_done(s);
  if (rc)
    return rc;
  rc = store_prepare(c, sql_tags, &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, h->id);
  {
    const char *tmp[32];
    int k = 0;
    while ((rc = store_step(s, err)) == STORE_ROW)
      if (k < 32)
        tmp[k++] = arena_strdup(a, store_col_text(s, 0));
    store_stmt_done(s);
    if (rc != STORE_DONE)
      return rc;
    h->tags = arena_alloc(a, sizeof *h->tags * (size_t)(k ? k : 1));
    memcpy(h->tags, tmp, sizeof *tmp * (size_t)k);
    h->n_tags = k;
  }
  return LX_OK;
}

/* Counts up to cap matches of expr under the filters into *n. */
static int count_matches(struct store_conn *c, const struct store_fts_query *q,
                         const char *expr, const char *topic_path, int cap,
                         int *n, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, sql_count, &s, err);
  if (rc)
    return rc;
  bind_filters(s, q, expr, topic_path);
  store_bind_i64(s, 8, cap);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    *n = (int)store_col_i64(s, 0);
  store_stmt_done(s);
  return rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
}

/* Ranks the matches of expr under the filters by bm25 and fills hits
 * with up to limit of them from offset; *got says how many. */
static int rank_page(struct store_conn *c, const struct store_fts_query *q,
                     const char *expr, const char *topic_path, int limit,
                     int offset, struct store_fts_hit *hits, int *got,
                     struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, sql_page, &s, err), k = 0;
  if (rc)
    return rc;
  bind_filters(s, q, expr, topic_path);
  store_bind_i64(s, 8, limit);
  store_bind_i64(s, 9, offset);
  while ((rc = store_step(s, err)) == STORE_ROW && k < limit) {
    hits[k].id = store_col_i64(s, 0);
    hits[k].score = -store_col_double(s, 1);
    k++;
  }
  store_stmt_done(s);
  *got = k;
  return rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
}

int store_fts_search(struct store_conn *c, const struct store_fts_query *q,
                     struct arena *a, struct store_fts_hit **out, int *n,
                     int *total, struct lx_err *err)
{
  const char *expr = fts_match_expr(q->text ? q->text : "", FTS_Q_BOTH, a);
  const char *topic_path = NULL;
  struct store_fts_hit *hits;
  struct store_stmt *s;
  int limit = q->limit, rc, k = 0;
  *out = NULL;
  *n = 0;
  *total = 0;
  if (limit < 1)
    limit = 1;
  if (limit > STORE_FTS_LIMIT_MAX)
    limit = STORE_FTS_LIMIT_MAX;
  if (!expr)
    return LX_OK; /* nothing searchable (only punctuation): no hits */
  if (q->topic_id > 0) {
    rc = store_prepare(c, "SELECT path FROM study_topic WHERE id = ?", &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, q->topic_id);
    rc = store_step(s, err);
    if (rc == STORE_ROW)
      topic_path = arena_strdup(a, store_col_text(s, 0));
    store_stmt_done(s);
    if (rc == STORE_DONE)
      return LX_OK; /* no such topic: nothing in it */
    if (rc != STORE_ROW)
      return rc;
  }
  rc = count_matches(c, q, expr, topic_path, STORE_FTS_TOTAL_MAX, total, err);
  if (rc)
    return rc;
  if (*total == 0 || q->offset >= *total)
    return LX_OK;
  hits = arena_zalloc(a, sizeof *hits * (size_t)limit);
  {
    /* Two tiers: materials matching in the title, summary or tags come
     * first, then those matching only in the body, each tier by bm25.
     * With title/tag weights of 10 and 5 against 1 that is nearly what
     * one ranking gives, and a common term no longer makes bm25 score
     * every body in the library: a first page usually comes from tier 1
     * alone (a few hundred matches instead of thousands). */
    struct sb t1, t2;
    const char *e1, *e2;
    int n1 = 0, off = q->offset > 0 ? q->offset : 0;
    sb_init(&t1, a, NULL, 0, 64 * 1024);
    sb_puts(&t1, "{title summary tags} : (");
    sb_puts(&t1, expr);
    sb_putc(&t1, ')');
    e1 = sb_take(&t1, NULL);
    sb_init(&t2, a, NULL, 0, 128 * 1024);
    sb_puts(&t2, "(");
    sb_puts(&t2, expr);
    sb_puts(&t2, ") NOT ");
    sb_puts(&t2, e1);
    e2 = sb_take(&t2, NULL);
    if (!e1 || !e2)
      return err_set(err, LX_ENOMEM, "search.oom", "q", "内存不足");
    rc = count_matches(c, q, e1, topic_path, STORE_FTS_TOTAL_MAX, &n1, err);
    if (rc)
      return rc;
    if (off < n1) {
      rc = rank_page(c, q, e1, topic_path, limit, off, hits, &k, err);
      if (rc)
        return rc;
    }
    if (k < limit && n1<STORE_FTS_TOTAL_MAX && * total> n1) {
      int got = 0;
      rc = rank_page(c, q, e2, topic_path, limit - k, off > n1 ? off - n1 : 0,
                     hits + k, &got, err);
      if (rc)
        return rc;
      k += got;
    }
  }
  /* highlights need only the phrases: the words sit at the same
   * positions, so the phrase-only expression marks the same text with
   * half the phrase instances to walk */
  expr = fts_match_expr(q->text, FTS_Q_BIGRAMS, a);
  for (int i = 0; i < k; i++) {
    rc = load_detail(c, expr, a, &hits[i], err);
    if (rc)
      return rc;
  }
  *out = hits;
  *n = k;
  return LX_OK;
}
