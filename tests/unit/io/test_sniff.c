/*
 * test_sniff.c — io/sniff.c, table-driven: every accepted kind with its
 * mime and canonical extension, and the refusals — disguised files (HTML
 * named .pdf, an executable named .docx, SVG), a zip without the OOXML
 * parts (or with [Content_Types].xml but no word/, xl/, ppt/), an OLE2
 * file carrying no Office stream (an MSI installer looks like that), text,
 * empty and truncated input.  Also the extension check (wps/et/dps kept,
 * .exe refused) used to name stored files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/sniff.h"
#include "tst_files.h"

struct sample {
  const char *what; /* shown on failure */
  unsigned char *(*make)(size_t *);
  const char *kind; /* expected kind, NULL = refused */
  const char *mime, *ext;
};

static unsigned char *mk_docx(size_t *n)
{
  return tf_ooxml("word", n);
}
static unsigned char *mk_xlsx(size_t *n)
{
  return tf_ooxml("xl", n);
}
static unsigned char *mk_pptx(size_t *n)
{
  return tf_ooxml("ppt", n);
}
static unsigned char *mk_doc(size_t *n)
{
  return tf_ole2("WordDocument", n);
}
static unsigned char *mk_xls(size_t *n)
{
  return tf_ole2("Workbook", n);
}
static unsigned char *mk_xls95(size_t *n)
{
  return tf_ole2("Book", n);
}
static unsigned char *mk_ppt(size_t *n)
{
  return tf_ole2("PowerPoint Document", n);
}
static unsigned char *mk_msi(size_t *n)
{
  return tf_ole2(NULL, n);
}
static unsigned char *mk_html_pdf(size_t *n)
{
  return tf_text("<!DOCTYPE html><html><script>alert(1)</script>%PDF-1.4", n);
}
static unsigned char *mk_svg(size_t *n)
{
  return tf_text("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x()\"/>",
                 n);
}
static unsigned char *mk_text(size_t *n)
{
  return tf_text("纯文本文件，不是文档。\n", n);
}
static unsigned char *mk_pdf_late(size_t *n)
{
  return tf_text("   \n%PDF-1.4\n%%EOF\n", n);
}
static unsigned char *mk_plain_zip(size_t *n)
{
  static const char *const names[] = {"readme.txt", "data/a.csv"};
  return tf_zip(names, 2, n);
}
static unsigned char *mk_ct_only(size_t *n)
{
  static const char *const names[] = {"[Content_Types].xml", "other/x.xml"};
  return tf_zip(names, 2, n);
}
static unsigned char *mk_word_no_ct(size_t *n)
{
  static const char *const names[] = {"word/document.xml", "_rels/.rels"};
  return tf_zip(names, 2, n);
}
static unsigned char *mk_mixed(size_t *n)
{
  static const char *const names[] = {"[Content_Types].xml",
                                      "word/document.xml", "xl/workbook.xml"};
  return tf_zip(names, 3, n);
}
static unsigned char *mk_zip_sig_only(size_t *n)
{
  return tf_text("PK\x03\x04 this is not really a zip at all", n);
}
static unsigned char *mk_short_ole(size_t *n)
{
  unsigned char *b = tf_ole2("WordDocument", n);
  *n = 600; /* cut before the directory entry ends */
  return b;
}
static unsigned char *mk_empty(size_t *n)
{
  return tf_dup("", 0, n);
}
static unsigned char *mk_tiny(size_t *n)
{
  return tf_text("%PDF-", n);
}

#define DOCX_MIME                                                              \
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define XLSX_MIME                                                              \
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define PPTX_MIME                                                              \
  "application/vnd.openxmlformats-officedocument.presentationml.presentation"

static const struct sample samples[] = {
    {"pdf", tf_pdf, "pdf", "application/pdf", "pdf"},
    {"png", tf_png, "png", "image/png", "png"},
    {"jpeg", tf_jpeg, "jpeg", "image/jpeg", "jpg"},
    {"gif", tf_gif, "gif", "image/gif", "gif"},
    {"webp", tf_webp, "webp", "image/webp", "webp"},
    {"docx", mk_docx, "docx", DOCX_MIME, "docx"},
    {"xlsx", mk_xlsx, "xlsx", XLSX_MIME, "xlsx"},
    {"pptx", mk_pptx, "pptx", PPTX_MIME, "pptx"},
    {"doc", mk_doc, "doc", "application/msword", "doc"},
    {"xls", mk_xls, "xls", "application/vnd.ms-excel", "xls"},
    {"xls (Excel 95 Book)", mk_xls95, "xls", "application/vnd.ms-excel", "xls"},
    {"ppt", mk_ppt, "ppt", "application/vnd.ms-powerpoint", "ppt"},
    /* refused */
    {"HTML named .pdf", mk_html_pdf, NULL, NULL, NULL},
    {"EXE named .docx", tf_exe, NULL, NULL, NULL},
    {"SVG", mk_svg, NULL, NULL, NULL},
    {"text", mk_text, NULL, NULL, NULL},
    {"%PDF not at the start", mk_pdf_late, NULL, NULL, NULL},
    {"plain zip", mk_plain_zip, NULL, NULL, NULL},
    {"zip with [Content_Types].xml only", mk_ct_only, NULL, NULL, NULL},
    {"zip with word/ but no [Content_Types].xml", mk_word_no_ct, NULL, NULL,
     NULL},
    {"zip with word/ and xl/", mk_mixed, NULL, NULL, NULL},
    {"zip signature, no zip", mk_zip_sig_only, NULL, NULL, NULL},
    {"OLE2 without an Office stream (MSI)", mk_msi, NULL, NULL, NULL},
    {"OLE2 cut short", mk_short_ole, NULL, NULL, NULL},
    {"empty", mk_empty, NULL, NULL, NULL},
    {"5 bytes", mk_tiny, NULL, NULL, NULL},
};

static void test_samples(void **state)
{
  (void)state;
  for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
    const struct sample *s = &samples[i];
    size_t n = 0;
    unsigned char *b = s->make(&n);
    const struct sniff_type *t = sniff_detect(b, n);
    if (!s->kind && t)
      fail_msg("%s: accepted as %s, must be refused", s->what, t->kind);
    if (s->kind) {
      if (!t)
        fail_msg("%s: refused (%zu bytes)", s->what, n);
      if (strcmp(t->kind, s->kind) || strcmp(t->mime, s->mime) ||
          strcmp(t->ext, s->ext))
        fail_msg("%s: got %s %s .%s", s->what, t->kind, t->mime, t->ext);
    }
    free(b);
  }
  assert_null(sniff_detect(NULL, 0));
}

static void test_ext(void **state)
{
  size_t n;
  unsigned char *b = tf_ole2("WordDocument", &n);
  const struct sniff_type *doc = sniff_detect(b, n);
  (void)state;
  free(b);
  assert_non_null(doc);
  assert_true(sniff_ext_ok(doc, "doc"));
  assert_true(sniff_ext_ok(doc, "DOC"));
  assert_true(sniff_ext_ok(doc, "wps"));
  assert_false(sniff_ext_ok(doc, "docx"));
  assert_false(sniff_ext_ok(doc, "exe"));
  assert_false(sniff_ext_ok(doc, "do"));
  assert_false(sniff_ext_ok(doc, ""));
  assert_false(sniff_ext_ok(doc, NULL));
  b = tf_jpeg(&n);
  doc = sniff_detect(b, n);
  free(b);
  assert_true(sniff_ext_ok(doc, "jpeg"));
  assert_true(sniff_ext_ok(doc, "JPG"));
  assert_false(sniff_ext_ok(doc, "png"));
  assert_non_null(strstr(sniff_allowed_text(), "PDF"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_samples),
      cmocka_unit_test(test_ext),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
