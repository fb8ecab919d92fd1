/*
 * sniff.h — what a file is, decided from its bytes only (never from its
 * name or a client's Content-Type).  The accepted kinds are the documents
 * a government office exchanges: PDF, PNG, JPEG, GIF, WebP, Office Open
 * XML (docx, xlsx, pptx: a zip whose central directory names
 * [Content_Types].xml and word/, xl/ or ppt/ parts — names are read with
 * libzip from memory, nothing is inflated) and legacy OLE2 compound files
 * holding a Word, Excel or PowerPoint stream (doc/wps, xls/et, ppt/dps).
 * Everything else is refused: executables, HTML, SVG (scripts), plain
 * zips, text, OLE2 files of other kinds (MSI installers, Outlook mail).
 *
 * Generic: used by ledger attachments and the study module alike.
 */
#ifndef SNIFF_H
#define SNIFF_H

#include <stddef.h>

struct sniff_type {
  const char *kind;  /* "pdf", "png", "jpeg", "docx", "doc", … */
  const char *mime;  /* the Content-Type to serve it with */
  const char *ext;   /* canonical extension without the dot ("jpg") */
  const char *exts;  /* extensions that name this kind, "|"-separated */
  const char *label; /* Chinese name: "PDF 文件", "Word 文档" */
};

/* The type of data[0..len), or NULL when it is not an accepted kind
 * (including len 0).  Returns: a static entry. */
const struct sniff_type *sniff_detect(const void *data, size_t len);

/* 1 if ext (without the dot, any case) is one of t's extensions. */
int sniff_ext_ok(const struct sniff_type *t, const char *ext);

/* The accepted kinds in words, for error messages.  Static. */
const char *sniff_allowed_text(void);

#endif
