/*
 * tst_files.h — small files of every kind the attachment sniffer knows,
 * made in memory (header-only, static; used by tests/unit/io/test_sniff.c
 * and tests/api/test_attachment.c): a minimal valid PDF, image headers,
 * Office Open XML zips built with libzip (with any set of entry names),
 * OLE2 compound-file look-alikes carrying a named directory entry, and
 * the disguises (HTML, SVG, an executable, plain text, a plain zip).
 * Every function returns a malloc'd buffer the caller frees.
 */
#ifndef TST_FILES_H
#define TST_FILES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#define TF_FN static __attribute__((unused))

TF_FN unsigned char *tf_dup(const void *p, size_t n, size_t *out_len)
{
  unsigned char *b = malloc(n ? n : 1);
  memcpy(b, p, n);
  *out_len = n;
  return b;
}

/* A tiny valid one-page PDF. */
TF_FN unsigned char *tf_pdf(size_t *out_len)
{
  static const char pdf[] =
      "%PDF-1.4\n"
      "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
      "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
      "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
      "xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n"
      "0000000052 00000 n \n0000000101 00000 n \n"
      "trailer<</Size 4/Root 1 0 R>>\nstartxref\n170\n%%EOF\n";
  return tf_dup(pdf, sizeof pdf - 1, out_len);
}

TF_FN unsigned char *tf_png(size_t *out_len)
{
  static const unsigned char png[] = {
      0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0,   0, 0,
      13,   'I', 'H', 'D', 'R',  0,    0,    0,    1,   0, 1,
      8,    6,   0,   0,   0,    0x1f, 0x15, 0xc4, 0x89};
  return tf_dup(png, sizeof png, out_len);
}

TF_FN unsigned char *tf_jpeg(size_t *out_len)
{
  static const unsigned char jpg[] = {
      0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F',  0,
      1,    1,    0,    0,    1, 0,  1,   0,   0,   0xff, 0xd9};
  return tf_dup(jpg, sizeof jpg, out_len);
}

TF_FN unsigned char *tf_gif(size_t *out_len)
{
  static const unsigned char gif[] = {'G', 'I', 'F', '8', '9', 'a', 1,
                                      0,   1,   0,   0,   0,   0,   ';'};
  return tf_dup(gif, sizeof gif, out_len);
}

TF_FN unsigned char *tf_webp(size_t *out_len)
{
  static const unsigned char webp[] = {'R', 'I', 'F', 'F', 12,  0,   0,
                                       0,   'W', 'E', 'B', 'P', 'V', 'P',
                                       '8', 'L', 0,   0,   0,   0};
  return tf_dup(webp, sizeof webp, out_len);
}

/* A zip (stored through libzip into a temp file) holding the n entries
 * named in names, each with a line of text. */
TF_FN unsigned char *tf_zip(const char *const *names, int n, size_t *out_len)
{
  char path[] = "/tmp/luoshi-tf-XXXXXX";
  int fd = mkstemp(path);
  zip_t *z;
  FILE *f;
  long sz;
  unsigned char *buf = NULL;
  *out_len = 0;
  if (fd < 0)
    return NULL;
  close(fd);
  z = zip_open(path, ZIP_TRUNCATE, NULL);
  for (int i = 0; z && i < n; i++) {
    static const char body[] = "<?xml version=\"1.0\"?><x/>";
    zip_source_t *s = zip_source_buffer(z, body, sizeof body - 1, 0);
    if (zip_file_add(z, names[i], s, ZIP_FL_OVERWRITE) < 0)
      zip_source_free(s);
  }
  if (z && zip_close(z) == 0 && (f = fopen(path, "rb"))) {
    fseek(f, 0, SEEK_END);
    sz = ftell(f);
    rewind(f);
    buf = malloc((size_t)sz + 1);
    if (fread(buf, 1, (size_t)sz, f) == (size_t)sz)
      *out_len = (size_t)sz;
    fclose(f);
  }
  unlink(path);
  return buf;
}

/* Office Open XML: kind "word", "xl" or "ppt". */
TF_FN unsigned char *tf_ooxml(const char *kind, size_t *out_len)
{
  char part[64];
  const char *names[3] = {"[Content_Types].xml", "_rels/.rels", part};
  snprintf(part, sizeof part, "%s/%s.xml", kind,
           !strcmp(kind, "word") ? "document"
           : !strcmp(kind, "xl") ? "workbook"
                                 : "presentation");
  return tf_zip(names, 3, out_len);
}

/* An OLE2 compound file look-alike: the signature, then a directory
 * sector holding stream (UTF-16LE) when not NULL; 1536 bytes. */
TF_FN unsigned char *tf_ole2(const char *stream, size_t *out_len)
{
  static const unsigned char sig[] = {0xd0, 0xcf, 0x11, 0xe0,
                                      0xa1, 0xb1, 0x1a, 0xe1};
  size_t n = 1536;
  unsigned char *b = calloc(1, n);
  memcpy(b, sig, sizeof sig);
  /* the root entry, then the stream, as a directory sector would */
  for (size_t i = 0; i < 10; i++)
    b[512 + 2 * i] = (unsigned char)"Root Entry"[i];
  for (size_t i = 0; stream && stream[i]; i++)
    b[640 + 2 * i] = (unsigned char)stream[i];
  *out_len = n;
  return b;
}

TF_FN unsigned char *tf_text(const char *s, size_t *out_len)
{
  return tf_dup(s, strlen(s), out_len);
}

/* A Windows executable header (MZ … PE). */
TF_FN unsigned char *tf_exe(size_t *out_len)
{
  unsigned char *b = calloc(1, 256);
  b[0] = 'M', b[1] = 'Z', b[0x3c] = 0x80;
  memcpy(b + 0x80, "PE\0\0", 4);
  *out_len = 256;
  return b;
}

#endif
