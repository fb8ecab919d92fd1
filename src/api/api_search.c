/*
 * api_search.c — GET /api/v1/search/materials: full-text search over the
 * study materials a reader may see (study.read).
 *
 *   ?q=        1–100 characters (required)
 *   ?topic_id= a topic (its subtree included)   ?tag=   one tag
 *   ?from= ?to= publish_date bounds, YYYY-MM-DD  ?offset= 0..999
 *   ?limit=    1..50 (default 20)
 *
 * → {items: [{id, title_html, snippet_html, topic: {id, name} | null,
 *             tags: [..], source, publish_date, score}], total, offset}
 *
 * title_html and snippet_html are safe HTML: the text is HTML-escaped
 * first, and only then are the store's hit markers turned into balanced
 * <mark>…</mark> (markers in the stored text itself can only move a
 * highlight, never open a tag).  total counts matches up to 1000.
 * Paging is by offset (results are ordered by relevance, not by a key).
 */
#include "api/api_org.h"

#include "base/arena.h"
#include "base/jw.h"
#include "base/sb.h"
#include "domain/policy/policy.h"
#include "domain/study/search.h"

#include <string.h>

/* Appends text as HTML with the hit markers as <mark>.  in_snippet: also
 * drops Markdown emphasis/heading characters. */
static void hl_html(struct sb *sb, const char *s, int in_snippet)
{
  int open = 0;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    char one[2] = {(char)c, 0};
    if (c == (unsigned char)STORE_FTS_HL_OPEN) {
      if (!open)
        sb_puts(sb, "<mark>");
      open = 1;
    } else if (c == (unsigned char)STORE_FTS_HL_CLOSE) {
      if (open)
        sb_puts(sb, "</mark>");
      open = 0;
    } else if (c == '\n' || c == '\r' || c == '\t') {
      sb_putc(sb, ' ');
    } else if (c < ' ' || c == 0x7f) {
      /* other control characters: dropped */
    } else if (in_snippet && (c == '#' || c == '*' || c == '`')) {
      /* Markdown markup in a plain-text snippet */
    } else {
      sb_append_html(sb, one);
    }
  }
  if (open)
    sb_puts(sb, "</mark>");
}

static const char *html_of(struct req *r, const char *s, int in_snippet)
{
  struct sb sb;
  sb_init(&sb, r->arena, NULL, 0, 64 * 1024);
  hl_html(&sb, s ? s : "", in_snippet);
  return sb_err(&sb) ? "" : sb_take(&sb, NULL);
}

int api_search_materials(struct req *r, struct resp *w)
{
  const struct subject *s = api_subject(r);
  struct study_search_query in = {0};
  struct store_fts_hit *hits;
  struct store_conn *c;
  int64_t topic_id = 0, offset = 0, limit = STUDY_SEARCH_LIMIT_DEFAULT;
  int present, n, total, rc;
  struct jw j;
  rc = api_query_int(r, "topic_id", 1, INT64_MAX, &topic_id, &present);
  if (!rc)
    rc = api_query_int(r, "offset", 0, STUDY_SEARCH_OFFSET_MAX, &offset,
                       &present);
  if (!rc)
    rc = api_query_int(r, "limit", 1, STORE_FTS_LIMIT_MAX, &limit, &present);
  if (!rc && !present)
    limit = STUDY_SEARCH_LIMIT_DEFAULT;
  if (!rc)
    rc = api_db(r, &c);
  if (rc)
    return rc;
  in.q = req_query(r, "q");
  in.unit_path = s->unit_path;
  in.topic_id = topic_id;
  in.tag = req_query(r, "tag");
  in.from = req_query(r, "from");
  in.to = req_query(r, "to");
  in.offset = (int)offset;
  in.limit = (int)limit;
  rc = study_search_run(c, r->arena, &in, &hits, &n, &total, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_key(&j, "items");
  jw_arr(&j);
  for (int i = 0; i < n; i++) {
    const struct store_fts_hit *h = &hits[i];
    jw_obj(&j);
    jw_ki64(&j, "id", h->id);
    jw_kstr(&j, "title_html", html_of(r, h->title_hl, 0));
    jw_kstr(&j, "snippet_html", html_of(r, h->snippet_hl, 1));
    jw_key(&j, "topic");
    if (h->topic_id) {
      jw_obj(&j);
      jw_ki64(&j, "id", h->topic_id);
      jw_kstr(&j, "name", h->topic_name);
      jw_obj_end(&j);
    } else {
      jw_null(&j);
    }
    jw_key(&j, "tags");
    jw_arr(&j);
    for (int k = 0; k < h->n_tags; k++)
      jw_str(&j, h->tags[k]);
    jw_arr_end(&j);
    jw_kstr(&j, "source", h->source);
    jw_kstr(&j, "publish_date", h->publish_date);
    jw_key(&j, "score");
    jw_double(&j, h->score);
    jw_obj_end(&j);
  }
  jw_arr_end(&j);
  jw_ki64(&j, "total", total);
  jw_ki64(&j, "offset", offset);
  jw_obj_end(&j);
  return LX_OK;
}
