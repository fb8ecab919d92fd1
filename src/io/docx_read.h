/*
 * docx_read.h — reading a Word (.docx) document's text for the study
 * library's import, and turning imported text into Markdown.
 *
 * A .docx is a zip; the container is checked with the xlsx reader's
 * strict zip layer (io/xlsx_read_int.h: entry count, zip-bomb ratio and
 * total-size limits, no zip64, no encrypted, nested or symlinked entries,
 * bounded inflation) and word/document.xml is parsed with expat with
 * DOCTYPE and entity declarations refused, nesting and token length
 * bounded.  What comes out is the list of paragraphs in order with their
 * heading level (from the paragraph style — Heading1…6, 标题 1…6, Title,
 * the numeric style ids Chinese Word uses — or the outline level); table
 * cells come out as paragraphs.  Images, fields and formatting are
 * dropped.
 */
#ifndef DOCX_READ_H
#define DOCX_READ_H

#include "base/lx.h"

#include <stddef.h>

struct arena;

#define DOCX_MAX_PARAS 100000
#define DOCX_MAX_TEXT (4 * 1024 * 1024) /* bytes of text in all */

struct docx_para {
  int level;        /* 0 = body text; 1..6 = heading level */
  const char *text; /* UTF-8, never NULL, may be "" */
};

/* Reads the paragraphs of the document in data[0..len).
 * rc: LX_OK; LX_EUNSUPPORTED ("docx.not_docx"); LX_ETOOBIG ("docx.*"
 * limits); LX_EINVAL ("docx.corrupt", "docx.bad_xml", "docx.doctype", …).
 * Returns an arena-owned array of *out_n paragraphs in *out. */
LX_MUST_CHECK int docx_read_paras(struct arena *a, const void *data, size_t len,
                                  struct docx_para **out, int *out_n,
                                  struct lx_err *err);

/* Reads the document and renders it as Markdown: headings as "#"… lines,
 * paragraphs separated by blank lines, Markdown syntax characters in the
 * text escaped.  The title is the first heading's text, else the first
 * non-empty paragraph's (at most 200 characters); that paragraph is not
 * repeated in the body when other text follows.
 * rc: as docx_read_paras; LX_EINVAL ("import.empty") when there is no
 * text.  Returns arena-owned strings. */
LX_MUST_CHECK int docx_read_markdown(struct arena *a, const void *data,
                                     size_t len, const char **out_md,
                                     const char **out_title,
                                     struct lx_err *err);

/* Turns an imported text file into Markdown.  The bytes must be UTF-8 (a
 * BOM is dropped); otherwise, when they decode as GB18030 (GBK), they are
 * converted; text with NUL bytes is refused.  is_md = 1: the text is
 * Markdown already; the title is the first heading's text (or the first
 * line's), and that heading line is taken out of the body.  is_md = 0:
 * plain text; the first non-empty line is the title and every other
 * non-empty line becomes a paragraph (escaped).
 * rc: LX_OK; LX_EINVAL ("import.not_text", "import.empty",
 * "import.encoding"); LX_ETOOBIG.  Returns arena-owned strings. */
LX_MUST_CHECK int docx_text_markdown(struct arena *a, const void *data,
                                     size_t len, int is_md, const char **out_md,
                                     const char **out_title,
                                     struct lx_err *err);

#endif
