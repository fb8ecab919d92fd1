/*
 * test_xlsx_attack.c — io/xlsx_read.c against hostile and broken files
 * (SECURITY.md FILE-03..06), all generated here: a plain text file, an
 * empty file, a 50 MiB file, an old .xls, zips that are not workbooks; a
 * 300 MiB zip bomb streamed through a zip_source callback (so this test
 * never holds it in memory) and the same bomb with a lying size header;
 * 1,001 entries, "../" and absolute names, duplicates, encryption, zip64,
 * symlinks, nested zips, overlapping entries, odd compression; DOCTYPE
 * and billion laughs, external entities, depth 10,000, a 10 MB attribute,
 * 1,000,000 shared strings, 100,001 rows, 1,048,576 empty rows, 257
 * columns, 32,768-character cells, bad references, malformed XML and the
 * deadline.  Each is refused with its code, in under 5 s, and the peak
 * memory of the whole run stays bounded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "xlsx_fixture.h"

#include <xlsxwriter.h>

#define SHEET_HEAD                                                             \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"" NS_MAIN      \
  "\"><sheetData>"
#define SHEET_TAIL "</sheetData></worksheet>"

/* A growing text buffer for generated XML. */
struct gbuf {
  char *p;
  size_t len, cap;
};

static void gput(struct gbuf *b, const char *s, size_t n)
{
  if (b->len + n + 1 > b->cap) {
    b->cap = (b->len + n + 1) * 2;
    b->p = realloc(b->p, b->cap);
    assert_non_null(b->p);
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}

static void gputs(struct gbuf *b, const char *s)
{
  gput(b, s, strlen(s));
}

/* ---- files that are not workbooks -----------------------------------------
 */

static void test_not_xlsx(void **state)
{
  static const unsigned char cfb[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1,
                                      0x1A, 0xE1, 0,    0,    0,    0};
  static const struct fx_part txt[] = {{"hello.txt", "你好", 0}};
  const char *p;
  struct fx_rows rows = {0};
  struct lx_err e;
  struct xlsx_read_limits lim;
  char *big;
  int fd;
  (void)state;
  p = fx_path("plain.xlsx");
  {
    static const char csv[] = "事项名称,截止日期\n老旧小区改造,2026-06-30\n";
    fx_spit(p, csv, sizeof csv - 1);
  }
  fx_refused(p, NULL, LX_EUNSUPPORTED, "xlsx.not_xlsx");
  assert_int_equal(fx_read(p, NULL, NULL, &rows, NULL, &e), LX_EUNSUPPORTED);
  assert_string_equal(e.message, "文件不是有效的 Excel（.xlsx）文件");
  p = fx_path("empty.xlsx");
  fx_spit(p, "", 0);
  fx_refused(p, NULL, LX_EINVAL, "xlsx.empty");
  p = fx_path("big.xlsx"); /* 50 MiB, sparse: refused by size alone */
  fd = open(p, O_CREAT | O_TRUNC | O_WRONLY, 0600);
  assert_true(fd >= 0);
  assert_int_equal(ftruncate(fd, 50 << 20), 0);
  close(fd);
  fx_refused(p, NULL, LX_ETOOBIG, "xlsx.too_big");
  assert_int_equal(fx_read(p, NULL, NULL, &rows, NULL, &e), LX_ETOOBIG);
  assert_string_equal(e.message, "文件超过20MB的上限");
  big = calloc(1, (20 << 20) + 1);
  assert_int_equal(xlsx_read_mem(big, (20 << 20) + 1, NULL, NULL, fx_collect,
                                 &rows, NULL, &e),
                   LX_ETOOBIG);
  assert_int_equal(
      xlsx_read_mem(big, 20 << 20, NULL, NULL, fx_collect, &rows, NULL, &e),
      LX_EUNSUPPORTED);
  free(big);
  xlsx_read_limits_default(&lim);
  lim.max_file = 100;
  fx_refused(fx_path("plain.xlsx"), &lim, LX_EUNSUPPORTED, "xlsx.not_xlsx");
  p = fx_path("old.xls");
  fx_spit(p, cfb, sizeof cfb);
  fx_refused(p, NULL, LX_EUNSUPPORTED, "xlsx.xls_or_encrypted");
  p = fx_path("other.zip");
  fx_zip(p, txt, 1);
  fx_refused(p, NULL, LX_EUNSUPPORTED, "xlsx.not_xlsx");
  assert_int_equal(xlsx_read_file(fx_path("missing.xlsx"), NULL, NULL,
                                  fx_collect, &rows, NULL, &e),
                   LX_EIO);
  assert_string_equal(e.code, "xlsx.io");
  assert_int_equal(
      xlsx_read_file(fx_dir, NULL, NULL, fx_collect, &rows, NULL, &e), LX_EIO);
  {
    /* a workbook whose sheet part is missing, and one without a workbook */
    struct fx_part nosheet[] = {
        {"_rels/.rels", fx_rels, 0},
        {"xl/workbook.xml", fx_wb, 0},
        {"xl/_rels/workbook.xml.rels", fx_wb_rels, 0},
    };
    p = fx_path("nosheet.xlsx");
    fx_zip(p, nosheet, 3);
    fx_refused(p, NULL, LX_EUNSUPPORTED, "xlsx.not_xlsx");
    fx_zip(p, nosheet, 1);
    fx_refused(p, NULL, LX_EUNSUPPORTED, "xlsx.not_xlsx");
  }
  {
    /* trailing bytes after the end record */
    size_t len;
    char *b;
    p = fx_path("trail.xlsx");
    fx_book(p, NULL, 0, NULL, 0, NULL);
    b = fx_slurp(p, &len);
    b = realloc(b, len + 8);
    memcpy(b + len, "trailing", 8);
    fx_spit(p, b, len + 8);
    free(b);
    fx_refused(p, NULL, LX_EUNSUPPORTED, "xlsx.not_xlsx");
  }
  fx_rows_free(&rows);
}

/* ---- the zip bomb ----------------------------------------------------------
 */

struct gen {
  uint64_t size, pos;
  char pat[64 * 1024 + 8];
};

static const char bomb_head[] = SHEET_HEAD;

/* A sheet of `size` bytes: the head, then "<row/>" again and again; made
 * on the fly, so 300 MiB never sit in memory. */
static zip_int64_t gen_cb(void *ud, void *data, zip_uint64_t len,
                          zip_source_cmd_t cmd)
{
  struct gen *g = ud;
  switch (cmd) {
  case ZIP_SOURCE_OPEN: g->pos = 0; return 0;
  case ZIP_SOURCE_READ: {
    uint64_t left = g->size - g->pos, n = len < left ? len : left, done = 0;
    const uint64_t hl = sizeof bomb_head - 1;
    while (done < n) {
      uint64_t at = g->pos + done, k;
      if (at < hl) {
        k = hl - at < n - done ? hl - at : n - done;
        memcpy((char *)data + done, bomb_head + at, k);
      } else {
        k = n - done < 64 * 1024 ? n - done : 64 * 1024;
        memcpy((char *)data + done, g->pat + (at - hl) % 6, k);
      }
      done += k;
    }
    g->pos += n;
    return (zip_int64_t)n;
  }
  case ZIP_SOURCE_CLOSE: return 0;
  case ZIP_SOURCE_STAT: {
    zip_stat_t *st = data;
    zip_stat_init(st);
    st->size = g->size;
    st->mtime = 0;
    st->valid |= ZIP_STAT_SIZE | ZIP_STAT_MTIME;
    return sizeof *st;
  }
  case ZIP_SOURCE_ERROR:
    memset(data, 0, 2 * sizeof(int));
    return 2 * sizeof(int);
  case ZIP_SOURCE_FREE: return 0;
  case ZIP_SOURCE_SUPPORTS:
    return zip_source_make_command_bitmap(
        ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
        ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
  default: return -1;
  }
}

/* A workbook whose sheet is `size` bytes of generated XML. */
static void bomb(const char *path, uint64_t size)
{
  static struct gen g;
  int ze = 0;
  zip_t *za;
  zip_source_t *s;
  const char *names[] = {"_rels/.rels", "xl/workbook.xml",
                         "xl/_rels/workbook.xml.rels"};
  const char *parts[] = {fx_rels, fx_wb, fx_wb_rels};
  for (size_t i = 0; i < sizeof g.pat; i++)
    g.pat[i] = "<row/>"[i % 6];
  g.size = size;
  unlink(path);
  za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
  assert_non_null(za);
  for (int i = 0; i < 3; i++) {
    s = zip_source_buffer(za, parts[i], strlen(parts[i]), 0);
    assert_true(zip_file_add(za, names[i], s, 0) >= 0);
  }
  s = zip_source_function(za, gen_cb, &g);
  assert_non_null(s);
  assert_true(zip_file_add(za, "xl/worksheets/sheet1.xml", s, 0) >= 0);
  assert_int_equal(zip_close(za), 0);
}

/* Sets the uncompressed size of entry name in both of its headers. */
static void patch_usize(const char *path, const char *name, uint32_t usize)
{
  size_t len, c;
  unsigned char *b = (unsigned char *)fx_slurp(path, &len);
  c = fx_central(b, len, name);
  fx_put32(b + c + 24, usize);
  fx_put32(b + fx_u32(b + c + 42) + 22, usize);
  fx_spit(path, b, len);
  free(b);
}

static void test_zip_bomb(void **state)
{
  const char *p = fx_path("bomb.xlsx"), *q = fx_path("liar.xlsx");
  struct fx_rows rows = {0};
  struct lx_err e;
  size_t len;
  char *b;
  int64_t t0 = time_mono_us();
  (void)state;
  bomb(p, 300ull << 20);
  b = fx_slurp(p, &len);
  print_message("300 MiB bomb: %zu bytes, made in %.1f s\n", len,
                (double)(time_mono_us() - t0) / 1e6);
  assert_true(len < (2u << 20));
  fx_spit(q, b, len);
  free(b);
  /* honest header: refused from the central directory, nothing inflated */
  fx_refused(p, NULL, LX_ETOOBIG, "xlsx.uncompressed_too_big");
  assert_int_equal(fx_read(p, NULL, NULL, &rows, NULL, &e), LX_ETOOBIG);
  assert_string_equal(e.message, "文件解压后超过200MB上限");
  /* the header claims 1,000 bytes: stopped by the running budget */
  patch_usize(q, "xl/worksheets/sheet1.xml", 1000);
  fx_refused(q, NULL, LX_EINVAL, "xlsx.size_mismatch");
  /* a honest 5 MiB of "<row/>" is more than 100:1 */
  bomb(p, 5u << 20);
  fx_refused(p, NULL, LX_ETOOBIG, "xlsx.ratio");
  /* the same within the budget when the ratio is allowed: it reads */
  {
    struct xlsx_read_limits lim;
    xlsx_read_limits_default(&lim);
    lim.max_ratio = 100000;
    assert_int_equal(fx_read(p, NULL, &lim, &rows, NULL, &e), LX_EINVAL);
    assert_string_equal(e.code, "xlsx.bad_xml"); /* no closing tags */
    lim.max_total = 3u << 20;
    fx_refused(p, &lim, LX_ETOOBIG, "xlsx.uncompressed_too_big");
  }
  fx_rows_free(&rows);
}

/* ---- the container ----------------------------------------------------------
 */

/* A valid minimal workbook plus one extra part. */
static void book_plus(const char *path, const char *name, const char *data)
{
  struct fx_part p[] = {
      {"_rels/.rels", fx_rels, 0},
      {"xl/workbook.xml", fx_wb, 0},
      {"xl/_rels/workbook.xml.rels", fx_wb_rels, 0},
      {"xl/worksheets/sheet1.xml", fx_sheet, 0},
      {"xl/sharedStrings.xml", fx_sst, 0},
      {name, data, 0},
  };
  fx_zip(path, p, 6);
}

static void test_entries_and_names(void **state)
{
  static const char *const bad[] = {"../x",        "/etc/x",   "xl/../../x",
                                    "C:/x",        "a\\b.xml", "xl/./a.xml",
                                    "xl//a/../..", ".."};
  const char *p = fx_path("names.xlsx");
  struct fx_part *many;
  char(*names)[32];
  struct fx_rows rows = {0};
  struct lx_err e;
  (void)state;
  book_plus(p, "xl/media/ok.txt", "x"); /* the control: it reads */
  assert_int_equal(fx_read(p, NULL, NULL, &rows, NULL, &e), LX_OK);
  assert_int_equal(rows.n, 1);
  fx_rows_free(&rows);
  for (size_t i = 0; i < LX_COUNT(bad); i++) {
    book_plus(p, bad[i], "x");
    fx_refused(p, NULL, LX_EINVAL, "xlsx.bad_name");
  }
  book_plus(p, "XL/Workbook.XML", fx_wb); /* OPC names ignore case */
  fx_refused(p, NULL, LX_EINVAL, "xlsx.duplicate_name");
  book_plus(p, "xl/media/inner.ZIP", "PK");
  fx_refused(p, NULL, LX_EINVAL, "xlsx.nested_zip");
  /* 1,001 entries */
  many = calloc(1001, sizeof *many);
  names = calloc(1001, sizeof *names);
  many[0] = (struct fx_part){"_rels/.rels", fx_rels, 0};
  many[1] = (struct fx_part){"xl/workbook.xml", fx_wb, 0};
  many[2] = (struct fx_part){"xl/_rels/workbook.xml.rels", fx_wb_rels, 0};
  many[3] = (struct fx_part){"xl/worksheets/sheet1.xml", fx_sheet, 0};
  many[4] = (struct fx_part){"xl/sharedStrings.xml", fx_sst, 0};
  for (int i = 5; i < 1001; i++) {
    snprintf(names[i], sizeof names[i], "xl/media/f%04d.txt", i);
    many[i] = (struct fx_part){names[i], "x", 0};
  }
  fx_zip(p, many, 1001);
  fx_refused(p, NULL, LX_ETOOBIG, "xlsx.too_many_entries");
  fx_zip(p, many, 1000);
  assert_int_equal(fx_read(p, NULL, NULL, &rows, NULL, &e), LX_OK);
  fx_rows_free(&rows);
  free(many);
  free(names);
}

static void test_zip_features(void **state)
{
  const char *p = fx_path("feat.xlsx");
  static unsigned char buf[8192], lh[512];
  struct fx_raw two[2] = {{"xl/a.xml", "<a/>", 4, 0, 0},
                          {"xl/a.xml", "<b/>", 4, 0, 0}};
  size_t n, len, c;
  unsigned char *b;
  int ze = 0;
  zip_t *za;
  (void)state;
  /* the same name twice */
  fx_spit(p, buf, fx_raw_zip(buf, two, 2, NULL));
  fx_refused(p, NULL, LX_EINVAL, "xlsx.duplicate_name");
  /* encryption: the flag bit, the AES extra field, and libzip's own */
  two[1].name = "xl/b.xml";
  two[1].flags = 1;
  fx_spit(p, buf, fx_raw_zip(buf, two, 2, NULL));
  fx_refused(p, NULL, LX_EINVAL, "xlsx.encrypted");
  two[1].flags = 0;
  two[1].extra_id = 0x9901;
  fx_spit(p, buf, fx_raw_zip(buf, two, 2, NULL));
  fx_refused(p, NULL, LX_EINVAL, "xlsx.encrypted");
  book_plus(p, "xl/secret.xml", "<x/>");
  za = zip_open(p, 0, &ze);
  assert_non_null(za);
  if (zip_file_set_encryption(
          za, (zip_uint64_t)zip_name_locate(za, "xl/secret.xml", 0),
          ZIP_EM_AES_256, "密码") == 0) {
    assert_int_equal(zip_close(za), 0);
    fx_refused(p, NULL, LX_EINVAL, "xlsx.encrypted");
  } else {
    zip_discard(za);
    print_message("libzip without AES: skipped its encrypted entry\n");
  }
  /* zip64: an extra field, and an end record pointing past 4 GiB */
  two[1].extra_id = 0x0001;
  fx_spit(p, buf, fx_raw_zip(buf, two, 2, NULL));
  fx_refused(p, NULL, LX_EINVAL, "xlsx.zip64");
  two[1].extra_id = 0;
  n = fx_raw_zip(buf, two, 2, NULL);
  fx_put32(buf + fx_eocd(buf, n) + 16, 0xFFFFFFFFu);
  fx_spit(p, buf, n);
  fx_refused(p, NULL, LX_EINVAL, "xlsx.zip64");
  /* a symlink entry */
  book_plus(p, "xl/link.xml", "/etc/passwd");
  za = zip_open(p, 0, &ze);
  assert_int_equal(zip_file_set_external_attributes(
                       za, (zip_uint64_t)zip_name_locate(za, "xl/link.xml", 0),
                       0, ZIP_OPSYS_UNIX, 0120777u << 16),
                   0);
  assert_int_equal(zip_close(za), 0);
  fx_refused(p, NULL, LX_EINVAL, "xlsx.symlink");
  /* overlap: b's local header sits inside a's data */
  {
    struct fx_raw inner = {"xl/b.xml", "<b/>", 4, 0, 0};
    size_t lh_len = fx_raw_zip(lh, &inner, 1, NULL);
    struct fx_raw ov[2] = {{"xl/a.xml", NULL, 0, 0, 0}, inner};
    long at[2] = {-1, 30 + 8};
    ov[0].data = (const char *)lh;
    ov[0].len = lh_len - 22 - 46 - 8; /* just b's local header and data */
    fx_spit(p, buf, fx_raw_zip(buf, ov, 2, at));
    fx_refused(p, NULL, LX_EINVAL, "xlsx.overlap");
  }
  /* a central record pointing nowhere sensible */
  {
    long at[2] = {-1, 3};
    fx_spit(p, buf, fx_raw_zip(buf, two, 2, at));
    fx_refused(p, NULL, LX_EINVAL, "xlsx.corrupt");
  }
  /* bzip2 (method 12) */
  book_plus(p, "xl/x.xml", "<x/>");
  b = (unsigned char *)fx_slurp(p, &len);
  c = fx_central(b, len, "xl/x.xml");
  fx_put16(b + c + 10, 12);
  fx_put16(b + fx_u32(b + c + 42) + 8, 12);
  fx_spit(p, b, len);
  free(b);
  fx_refused(p, NULL, LX_EINVAL, "xlsx.bad_method");
  /* a corrupted deflate stream in the sheet */
  fx_book(p, NULL, 0, NULL, 0, NULL);
  b = (unsigned char *)fx_slurp(p, &len);
  c = fx_u32(b + fx_central(b, len, "xl/worksheets/sheet1.xml") + 42);
  memset(b + c + 30 + 24, 0xFF, 20);
  fx_spit(p, b, len);
  free(b);
  fx_refused(p, NULL, LX_EINVAL, "xlsx.corrupt");
}

/* ---- XML
 * ---------------------------------------------------------------------- */

static void test_xml_dtd_and_depth(void **state)
{
  static const char laughs[] =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
      "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
      "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
      "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
      "<!ENTITY lol9 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">]>"
      "<sst xmlns=\"" NS_MAIN "\"><si><t>&lol9;</t></si></sst>";
  static const char xxe[] =
      "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "
      "\"file:///etc/passwd\">]><worksheet xmlns=\"" NS_MAIN "\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c>"
      "</row></sheetData></worksheet>";
  static const char bare[] = "<?xml version=\"1.0\"?><!DOCTYPE worksheet>"
                             "<worksheet xmlns=\"" NS_MAIN "\"/>";
  static const char broken[] = SHEET_HEAD "<row r=\"1\"><c></row>" SHEET_TAIL;
  const char *p = fx_path("xml.xlsx");
  struct gbuf g = {0};
  struct fx_rows rows = {0};
  struct lx_err e;
  (void)state;
  fx_book(p, NULL, 0, laughs, 0, NULL);
  fx_refused(p, NULL, LX_EINVAL, "xlsx.doctype");
  assert_int_equal(fx_read(p, NULL, NULL, &rows, NULL, &e), LX_EINVAL);
  assert_string_equal(e.message,
                      "文件包含不允许的 XML 文档类型声明（DOCTYPE），已拒绝");
  fx_book(p, xxe, 0, NULL, 0, NULL);
  fx_refused(p, NULL, LX_EINVAL, "xlsx.doctype");
  fx_book(p, bare, 0, NULL, 0, NULL);
  fx_refused(p, NULL, LX_EINVAL, "xlsx.doctype");
  fx_book(p, broken, 0, NULL, 0, NULL);
  fx_refused(p, NULL, LX_EINVAL, "xlsx.bad_xml");
  /* depth 10,000 */
  gputs(&g, SHEET_HEAD);
  for (int i = 0; i < 10000; i++)
    gputs(&g, "<a>");
  for (int i = 0; i < 10000; i++)
    gputs(&g, "</a>");
  gputs(&g, SHEET_TAIL);
  fx_book(p, g.p, g.len, NULL, 0, NULL);
  fx_refused(p, NULL, LX_EINVAL, "xlsx.xml_depth");
  /* a 10 MB attribute (random letters: it does compress, but not 100:1) */
  g.len = 0;
  gputs(&g, SHEET_HEAD "<row r=\"1\"><c r=\"A1\" x=\"");
  {
    uint32_t x = 7;
    char chunk[4096];
    for (int k = 0; k < 10 * 256; k++) {
      for (size_t i = 0; i < sizeof chunk; i++) {
        x = x * 1103515245u + 12345u;
        chunk[i] = (char)('a' + (x >> 16) % 26);
      }
      gput(&g, chunk, sizeof chunk);
    }
  }
  gputs(&g, "\"/></row>" SHEET_TAIL);
  fx_book(p, g.p, g.len, NULL, 0, NULL);
  fx_refused(p, NULL, LX_ETOOBIG, "xlsx.xml_token");
  free(g.p);
  fx_rows_free(&rows);
}

static void test_shared_strings(void **state)
{
  const char *p = fx_path("sst.xlsx");
  struct gbuf g = {0};
  struct xlsx_read_limits lim;
  char s[64];
  (void)state;
  /* 1,000,000 strings, declared */
  gputs(&g, "<sst xmlns=\"" NS_MAIN "\" uniqueCount=\"1000000\">");
  for (int i = 0; i < 1000000; i++) {
    snprintf(s, sizeof s, "<si><t>%ld</t></si>", (long)i * 7919);
    gputs(&g, s);
  }
  gputs(&g, "</sst>");
  fx_book(p, NULL, 0, g.p, g.len, NULL);
  fx_refused(p, NULL, LX_ETOOBIG, "xlsx.too_many_strings");
  /* and not declared: counted */
  memcpy(g.p + strlen("<sst xmlns=\"" NS_MAIN "\" "), "uniqueC0unt", 11);
  fx_book(p, NULL, 0, g.p, g.len, NULL);
  fx_refused(p, NULL, LX_ETOOBIG, "xlsx.too_many_strings");
  xlsx_read_limits_default(&lim);
  lim.max_shared_strings = 1000;
  g.len = 0;
  gputs(&g, "<sst xmlns=\"" NS_MAIN "\">");
  for (int i = 0; i < 1001; i++)
    gputs(&g, "<si><t>标题</t></si>");
  gputs(&g, "</sst>");
  fx_book(p, NULL, 0, g.p, g.len, NULL);
  fx_refused(p, &lim, LX_ETOOBIG, "xlsx.too_many_strings");
  lim.max_shared_strings = 1001;
  {
    struct fx_rows rows = {0};
    struct lx_err e;
    assert_int_equal(fx_read(p, NULL, &lim, &rows, NULL, &e), LX_OK);
    fx_rows_free(&rows);
  }
  /* total bytes */
  lim.max_shared_bytes = 4000;
  fx_refused(p, &lim, LX_ETOOBIG, "xlsx.too_many_strings");
  free(g.p);
}

/* A sheet of one row with one inline string of n copies of ch. */
static void long_cell(const char *path, int n, const char *ch, int shared)
{
  struct gbuf g = {0}, t = {0};
  for (int i = 0; i < n; i++)
    gputs(&t, ch);
  if (shared) {
    gputs(&g, "<sst xmlns=\"" NS_MAIN "\"><si><t>");
    gput(&g, t.p, t.len);
    gputs(&g, "</t></si></sst>");
    fx_book(path, NULL, 0, g.p, g.len, NULL);
  } else {
    gputs(&g, SHEET_HEAD "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>");
    gput(&g, t.p, t.len);
    gputs(&g, "</t></is></c></row>" SHEET_TAIL);
    fx_book(path, g.p, g.len, NULL, 0, NULL);
  }
  free(g.p);
  free(t.p);
}

static void test_cells_rows_cols(void **state)
{
  const char *p = fx_path("cells.xlsx");
  struct fx_rows rows = {0};
  struct lx_err e;
  struct xlsx_read_limits lim;
  lxw_workbook_options o = {.constant_memory = 1, .tmpdir = fx_dir};
  lxw_workbook *wb;
  lxw_worksheet *ws;
  (void)state;
  long_cell(p, 32768, "a", 0);
  fx_refused(p, NULL, LX_ETOOBIG, "xlsx.cell_too_long");
  assert_int_equal(fx_read(p, NULL, NULL, &rows, NULL, &e), LX_ETOOBIG);
  assert_string_equal(e.message, "第1行第A列的内容超过32767个字符");
  long_cell(p, 32767, "字", 0);
  assert_int_equal(fx_read(p, NULL, NULL, &rows, NULL, &e), LX_OK);
  assert_int_equal(strlen(rows.text[0][0]), 3 * 32767);
  fx_rows_free(&rows);
  long_cell(p, 32767, "_x000D_", 0); /* escapes count as what they mean */
  assert_int_equal(fx_read(p, NULL, NULL, &rows, NULL, &e), LX_OK);
  fx_rows_free(&rows);
  long_cell(p, 32768, "b", 1);
  fx_refused(p, NULL, LX_ETOOBIG, "xlsx.cell_too_long");
  /* 257 columns */
  wb = workbook_new(p);
  ws = workbook_add_worksheet(wb, NULL);
  for (int c = 0; c < 257; c++)
    worksheet_write_number(ws, 0, (lxw_col_t)c, c, NULL);
  assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
  fx_refused(p, NULL, LX_ETOOBIG, "xlsx.too_many_cols");
  assert_int_equal(fx_read(p, NULL, NULL, &rows, NULL, &e), LX_ETOOBIG);
  assert_string_equal(e.message, "第1行第IW列超出了256列的上限");
  fx_rows_free(&rows);
  /* 100,001 rows: refused by default, read with a higher limit */
  wb = workbook_new_opt(p, &o);
  ws = workbook_add_worksheet(wb, NULL);
  for (int r = 0; r < 100001; r++)
    worksheet_write_number(ws, (lxw_row_t)r, 0, r, NULL);
  assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
  fx_refused(p, NULL, LX_ETOOBIG, "xlsx.too_many_rows");
  xlsx_read_limits_default(&lim);
  lim.max_rows = 100001;
  assert_int_equal(fx_read(p, NULL, &lim, &rows, NULL, &e), LX_OK);
  assert_int_equal(rows.n, 100001);
  assert_int_equal(rows.last_row, 100001);
  fx_rows_free(&rows);
  lim.max_ms = 1; /* the deadline */
  fx_refused(p, &lim, LX_ETIMEOUT, "xlsx.timeout");
}

static void test_empty_rows_and_refs(void **state)
{
  static const struct {
    const char *sheet, *code;
  } bad[] = {
      {SHEET_HEAD "<row r=\"5\"/><row r=\"4\"/>" SHEET_TAIL, "xlsx.bad_ref"},
      {SHEET_HEAD "<row r=\"0\"/>" SHEET_TAIL, "xlsx.bad_ref"},
      {SHEET_HEAD "<row r=\"1048577\"/>" SHEET_TAIL, "xlsx.bad_ref"},
      {SHEET_HEAD "<row r=\"x\"/>" SHEET_TAIL, "xlsx.bad_ref"},
      {SHEET_HEAD "<row><c r=\"1A\"><v>1</v></c></row>" SHEET_TAIL,
       "xlsx.bad_ref"},
      {SHEET_HEAD "<row><c r=\"XFE1\"><v>1</v></c></row>" SHEET_TAIL,
       "xlsx.bad_ref"},
      {SHEET_HEAD "<row><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>1</v></c>"
                  "</row>" SHEET_TAIL,
       "xlsx.bad_ref"},
      {SHEET_HEAD "<row><c r=\"A1\" t=\"s\"><v>5</v></c></row>" SHEET_TAIL,
       "xlsx.bad_ref"},
      {SHEET_HEAD "<row><c r=\"A1\" t=\"s\"><v>-1</v></c></row>" SHEET_TAIL,
       "xlsx.bad_ref"},
  };
  const char *p = fx_path("refs.xlsx");
  struct gbuf g = {0};
  struct fx_rows rows = {0};
  struct lx_err e;
  char s[64];
  (void)state;
  for (size_t i = 0; i < LX_COUNT(bad); i++) {
    fx_book(p, bad[i].sheet, 0, NULL, 0, NULL);
    fx_refused(p, NULL, LX_EINVAL, bad[i].code);
  }
  /* 1,048,576 empty (styled) rows and one value at the very end */
  gputs(&g, SHEET_HEAD);
  for (long r = 1; r < 1048576; r++) {
    snprintf(s, sizeof s, "<row r=\"%ld\" s=\"1\" customFormat=\"1\"/>", r);
    gputs(&g, s);
  }
  gputs(&g,
        "<row r=\"1048576\"><c r=\"A1048576\"><v>9</v></c></row>" SHEET_TAIL);
  fx_book(p, g.p, g.len, NULL, 0, NULL);
  free(g.p);
  assert_int_equal(fx_read(p, NULL, NULL, &rows, NULL, &e), LX_OK);
  assert_int_equal(rows.n, 1);
  assert_int_equal(rows.rownum[0], 1048576);
  fx_rows_free(&rows);
}

static void test_peak_memory(void **state)
{
  long mib = fx_peak_mib();
  (void)state;
  print_message("peak RSS of the whole run: %ld MiB\n", mib);
  print_message("slowest refusal: %.3f s, %s\n", (double)fx_slowest_us / 1e6,
                fx_slowest);
#if !defined(__SANITIZE_ADDRESS__)
  assert_true(mib < 256);
#endif
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_not_xlsx),
      cmocka_unit_test(test_zip_bomb),
      cmocka_unit_test(test_entries_and_names),
      cmocka_unit_test(test_zip_features),
      cmocka_unit_test(test_xml_dtd_and_depth),
      cmocka_unit_test(test_shared_strings),
      cmocka_unit_test(test_cells_rows_cols),
      cmocka_unit_test(test_empty_rows_and_refs),
      cmocka_unit_test(test_peak_memory),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
