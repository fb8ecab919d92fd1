/*
 * markdown.c — safe Markdown rendering with libcmark (see markdown.h).
 */
#include "domain/study/markdown.h"

#include "base/arena.h"
#include "base/sb.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

/* Never CMARK_OPT_UNSAFE: raw HTML and dangerous URLs are suppressed. */
#define MD_OPTS (CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8)

const char *study_markdown_render(struct arena *a, const char *md, size_t len)
{
  char *html = cmark_markdown_to_html(md ? md : "", md ? len : 0, MD_OPTS);
  const char *out;
  if (!html)
    return "";
  out = arena_strdup(a, html);
  free(html); /* cmark's default allocator is malloc */
  return out;
}

static long count_chars(const char *s)
{
  long n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p & 0xC0) == 0x80)
      continue; /* continuation byte */
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
      continue;
    if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
      continue; /* U+3000 ideographic space */
    n++;
  }
  return n;
}

const char *study_markdown_text(struct arena *a, const char *md, size_t len,
                                long *out_chars)
{
  cmark_node *doc = cmark_parse_document(md ? md : "", md ? len : 0, MD_OPTS);
  cmark_iter *it;
  cmark_event_type ev;
  struct sb sb;
  const char *out;
  sb_init(&sb, a, NULL, 0, len * 2 + 64);
  if (!doc) {
    if (out_chars)
      *out_chars = 0;
    return "";
  }
  it = cmark_iter_new(doc);
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    const char *lit;
    if (ev == CMARK_EVENT_ENTER &&
        (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE ||
         t == CMARK_NODE_CODE_BLOCK)) {
      lit = cmark_node_get_literal(n);
      if (lit)
        sb_puts(&sb, lit);
    } else if (ev == CMARK_EVENT_ENTER &&
               (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)) {
      sb_putc(&sb, '\n');
    } else if (ev == CMARK_EVENT_EXIT &&
               (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING)) {
      sb_putc(&sb, '\n');
    }
  }
  cmark_iter_free(it);
  cmark_node_free(doc);
  out = sb_err(&sb) ? NULL : sb_take(&sb, NULL);
  if (!out)
    out = "";
  if (out_chars)
    *out_chars = count_chars(out);
  return out;
}
