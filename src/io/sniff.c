/*
 * sniff.c — content sniffing (see sniff.h): magic numbers for the single
 * formats, a central-directory name scan for Office Open XML, and a
 * directory-name scan for OLE2 compound files.
 */
#include "io/sniff.h"

#include "base/lx.h"

#include <string.h>
#include <strings.h>
#include <zip.h>

#define MAX_ZIP_ENTRIES 10000

enum {
  T_PDF,
  T_PNG,
  T_JPEG,
  T_GIF,
  T_WEBP,
  T_DOCX,
  T_XLSX,
  T_PPTX,
  T_DOC,
  T_XLS,
  T_PPT
};

static const struct sniff_type types[] = {
    [T_PDF] = {"pdf", "application/pdf", "pdf", "pdf", "PDF 文件"},
    [T_PNG] = {"png", "image/png", "png", "png", "PNG 图片"},
    [T_JPEG] = {"jpeg", "image/jpeg", "jpg", "jpg|jpeg|jpe", "JPEG 图片"},
    [T_GIF] = {"gif", "image/gif", "gif", "gif", "GIF 图片"},
    [T_WEBP] = {"webp", "image/webp", "webp", "webp", "WebP 图片"},
    [T_DOCX] = {"docx",
                "application/"
                "vnd.openxmlformats-officedocument.wordprocessingml.document",
                "docx", "docx|wps", "Word 文档"},
    [T_XLSX] = {"xlsx",
                "application/"
                "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx", "xlsx|et", "Excel 工作簿"},
    [T_PPTX] = {"pptx",
                "application/"
                "vnd.openxmlformats-officedocument.presentationml.presentation",
                "pptx", "pptx|dps", "PowerPoint 演示文稿"},
    [T_DOC] = {"doc", "application/msword", "doc", "doc|wps", "Word 文档"},
    [T_XLS] = {"xls", "application/vnd.ms-excel", "xls", "xls|et",
               "Excel 工作簿"},
    [T_PPT] = {"ppt", "application/vnd.ms-powerpoint", "ppt", "ppt|dps",
               "PowerPoint 演示文稿"},
};

const char *sniff_allowed_text(void)
{
  return "PDF、图片（PNG、JPEG、GIF、WebP）、Word/Excel/PowerPoint 文档"
         "（docx、xlsx、pptx、doc、xls、ppt，含 WPS 文档）";
}

int sniff_ext_ok(const struct sniff_type *t, const char *ext)
{
  const char *p;
  size_t n;
  if (!t || !ext || !*ext)
    return 0;
  n = strlen(ext);
  for (p = t->exts; *p;) {
    const char *bar = strchr(p, '|');
    size_t k = bar ? (size_t)(bar - p) : strlen(p);
    if (k == n && !strncasecmp(p, ext, n))
      return 1;
    if (!bar)
      break;
    p = bar + 1;
  }
  return 0;
}

static int has_prefix(const char *name, const char *prefix)
{
  return !strncmp(name, prefix, strlen(prefix));
}

/* Office Open XML: the central directory's names, never the contents. */
static const struct sniff_type *sniff_ooxml(const void *data, size_t len)
{
  zip_error_t zerr;
  zip_source_t *src;
  zip_t *za;
  zip_int64_t n;
  int has_ct = 0, word = 0, xl = 0, ppt = 0;
  zip_error_init(&zerr);
  src = zip_source_buffer_create(data, len, 0, &zerr);
  if (!src) {
    zip_error_fini(&zerr);
    return NULL;
  }
  za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
  if (!za) {
    zip_source_free(src);
    zip_error_fini(&zerr);
    return NULL;
  }
  n = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; i < n && i < MAX_ZIP_ENTRIES; i++) {
    const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
    if (!name)
      continue;
    if (!strcmp(name, "[Content_Types].xml"))
      has_ct = 1;
    else if (has_prefix(name, "word/"))
      word = 1;
    else if (has_prefix(name, "xl/"))
      xl = 1;
    else if (has_prefix(name, "ppt/"))
      ppt = 1;
  }
  zip_discard(za); /* frees src too */
  zip_error_fini(&zerr);
  if (!has_ct || n > MAX_ZIP_ENTRIES || word + xl + ppt != 1)
    return NULL;
  return &types[word ? T_DOCX : xl ? T_XLSX : T_PPTX];
}

/* Does data hold name as a UTF-16LE string followed by a NUL character
 * (an OLE2 directory entry name)? */
static int has_utf16(const unsigned char *data, size_t len, const char *name)
{
  size_t n = strlen(name), need = 2 * n + 2;
  if (len < need)
    return 0;
  for (size_t i = 0; i + need <= len; i += 2) {
    size_t k = 0;
    while (k < n && data[i + 2 * k] == (unsigned char)name[k] &&
           data[i + 2 * k + 1] == 0)
      k++;
    if (k == n && data[i + 2 * n] == 0 && data[i + 2 * n + 1] == 0)
      return 1;
  }
  return 0;
}

/* OLE2 compound file: which Office stream it carries. */
static const struct sniff_type *sniff_ole2(const unsigned char *p, size_t len)
{
  if (len < 1024)
    return NULL; /* a header sector and at least one more */
  if (has_utf16(p, len, "WordDocument"))
    return &types[T_DOC];
  if (has_utf16(p, len, "Workbook") || has_utf16(p, len, "Book"))
    return &types[T_XLS];
  if (has_utf16(p, len, "PowerPoint Document"))
    return &types[T_PPT];
  return NULL;
}

const struct sniff_type *sniff_detect(const void *data, size_t len)
{
  static const unsigned char png[] = {0x89, 'P',  'N',  'G',
                                      0x0d, 0x0a, 0x1a, 0x0a};
  static const unsigned char ole[] = {0xd0, 0xcf, 0x11, 0xe0,
                                      0xa1, 0xb1, 0x1a, 0xe1};
  const unsigned char *p = data;
  if (!p || len < 8)
    return NULL;
  if (len >= 5 && !memcmp(p, "%PDF-", 5))
    return &types[T_PDF];
  if (!memcmp(p, png, sizeof png))
    return &types[T_PNG];
  if (p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
    return &types[T_JPEG];
  if (len >= 6 && (!memcmp(p, "GIF87a", 6) || !memcmp(p, "GIF89a", 6)))
    return &types[T_GIF];
  if (len >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4))
    return &types[T_WEBP];
  if (!memcmp(p, "PK\x03\x04", 4))
    return sniff_ooxml(data, len);
  if (!memcmp(p, ole, sizeof ole))
    return sniff_ole2(p, len);
  return NULL;
}
