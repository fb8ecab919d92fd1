/*
 * markdown.h — study material bodies are Markdown (CommonMark) and are
 * rendered to HTML on the server with libcmark in its safe mode
 * (CMARK_OPT_DEFAULT, never CMARK_OPT_UNSAFE): raw HTML blocks and inline
 * tags come out as the comment "<!-- raw HTML omitted -->", and links or
 * images to javascript:, vbscript:, file: and (non-image) data: URLs get
 * an empty address.  So whatever a body holds, the HTML sent to browsers
 * cannot run script; the reader page may put it into the DOM as is.
 *
 * Also here: the plain text of a body (for character counts, the
 * reading-time estimate and summaries).
 */
#ifndef STUDY_MARKDOWN_H
#define STUDY_MARKDOWN_H

#include "base/lx.h"

#include <stddef.h>

struct arena;

/* Renders md[0..len) to safe HTML.  Invalid UTF-8 is replaced (U+FFFD).
 * Returns: arena-owned NUL-terminated HTML (never NULL). */
const char *study_markdown_render(struct arena *a, const char *md, size_t len);

/* The text of md[0..len) without Markdown syntax: the literal text of
 * every text, code and code-block node, blocks separated by newlines.
 * *out_chars (may be NULL) gets the number of characters of the text
 * that are not white space.
 * Returns: arena-owned NUL-terminated text (never NULL). */
const char *study_markdown_text(struct arena *a, const char *md, size_t len,
                                long *out_chars);

#endif
