/*
 * xlsx_fixture.h — helpers for the xlsx reader tests (header-only, static;
 * included by test_xlsx_read.c and test_xlsx_attack.c): a private temp
 * directory, a row collector, a libzip builder for hand-made workbooks
 * (the parts a minimal workbook needs, with any part replaced), a raw
 * stored-zip writer for containers libzip refuses to make, and in-place
 * patching of zip headers.  Fixtures are generated here, never committed.
 */
#ifndef XLSX_FIXTURE_H
#define XLSX_FIXTURE_H

#include "base/timeutil.h"
#include "io/xlsx_read.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

/* Helpers each test file may or may not use. */
#define FX_FN static __attribute__((unused))

#define FX_ROWS 64
#define FX_COLS 300

static char fx_dir[256];
static int64_t fx_slowest_us; /* the slowest refusal so far */
static char fx_slowest[600];

FX_FN int fx_rm(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
  (void)st, (void)flag, (void)ftw;
  return remove(p);
}

FX_FN int fx_setup(void **state)
{
  const char *t = getenv("TMPDIR");
  (void)state;
  snprintf(fx_dir, sizeof fx_dir, "%s/luoshi-xlsx-XXXXXX",
           t && *t ? t : "/tmp");
  return mkdtemp(fx_dir) ? 0 : -1;
}

FX_FN int fx_teardown(void **state)
{
  (void)state;
  return nftw(fx_dir, fx_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* A path in the temp directory (static buffer rotation: 4 at a time). */
static const char *fx_path(const char *name)
{
  static char buf[4][512];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", fx_dir, name);
  return buf[k];
}

/* ---- collecting rows ----------------------------------------------------- */

struct fx_rows {
  long n, last_row;
  long rownum[FX_ROWS];
  int ncells[FX_ROWS];
  char *text[FX_ROWS][16];
  enum xlsx_cell_kind kind[FX_ROWS][16];
  int stop_at; /* return LX_EINVAL at this row number (0 = never) */
};

FX_FN int fx_collect(void *ctx, long row, const struct xlsx_cell *cells, int n,
                     struct lx_err *err)
{
  struct fx_rows *r = ctx;
  if (r->stop_at && row == r->stop_at)
    return err_set(err, LX_EINVAL, "test.stop", "", "第3行「截止日期」无效");
  if (r->n < FX_ROWS) {
    r->rownum[r->n] = row;
    r->ncells[r->n] = n;
    for (int i = 0; i < n && i < 16; i++) {
      r->text[r->n][i] = strdup(cells[i].text);
      r->kind[r->n][i] = cells[i].kind;
      if (strlen(cells[i].text) != cells[i].len)
        return err_set(err, LX_EINTERNAL, "test.len", "", "len");
    }
  }
  r->n++;
  r->last_row = row;
  return LX_OK;
}

FX_FN void fx_rows_free(struct fx_rows *r)
{
  for (int i = 0; i < FX_ROWS; i++)
    for (int k = 0; k < 16; k++)
      free(r->text[i][k]);
  memset(r, 0, sizeof *r);
}

/* Reads path with lim (NULL = defaults) into rows; checks it took < 5 s. */
FX_FN int fx_read(const char *path, const char *sheet,
                  const struct xlsx_read_limits *lim, struct fx_rows *rows,
                  struct xlsx_read_info *info, struct lx_err *err)
{
  int64_t t0 = time_mono_us();
  int rc;
  err_clear(err);
  rc = xlsx_read_file(path, sheet, lim, fx_collect, rows, info, err);
  if (rc && time_mono_us() - t0 > fx_slowest_us) {
    fx_slowest_us = time_mono_us() - t0;
    snprintf(fx_slowest, sizeof fx_slowest, "%s (%s)", path, err->code);
  }
  if (time_mono_us() - t0 > 5 * 1000 * 1000)
    fail_msg("reading %s took %.1f s", path,
             (double)(time_mono_us() - t0) / 1e6);
  return rc;
}

/* Expects path to be refused with rc and code. */
FX_FN void fx_refused(const char *path, const struct xlsx_read_limits *lim,
                      int rc, const char *code)
{
  struct fx_rows rows = {0};
  struct lx_err e;
  int got = fx_read(path, NULL, lim, &rows, NULL, &e);
  if (got != rc || strcmp(e.code, code))
    fail_msg("%s: rc %d code %s (%s), want rc %d code %s", path, got, e.code,
             e.message, rc, code);
  assert_true(e.message[0] != 0);
  fx_rows_free(&rows);
}

/* ---- building zips ------------------------------------------------------- */

struct fx_part {
  const char *name;
  const char *data; /* NULL = leave the part out */
  size_t len;       /* 0 = strlen(data) */
};

FX_FN void fx_zip(const char *path, const struct fx_part *p, int n)
{
  int ze = 0;
  zip_t *za;
  unlink(path);
  za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
  assert_non_null(za);
  for (int i = 0; i < n; i++) {
    zip_source_t *s;
    zip_int64_t idx;
    if (!p[i].data)
      continue;
    s = zip_source_buffer(za, p[i].data,
                          p[i].len ? p[i].len : strlen(p[i].data), 0);
    assert_non_null(s);
    idx = zip_file_add(za, p[i].name, s, ZIP_FL_ENC_UTF_8);
    if (idx < 0)
      fail_msg("zip_file_add %s: %s", p[i].name, zip_strerror(za));
  }
  if (zip_close(za) != 0)
    fail_msg("zip_close: %s", zip_strerror(za));
}

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL                                                                 \
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"

static const char fx_ctypes[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"><Default Extension=\"xml\" ContentType=\"application/"
    "xml\"/></Types>";
static const char fx_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"" NS_PKG
    "\"><Relationship Id=\"rId1\" Type=\"" NS_REL
    "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
static const char fx_wb[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets>"
    "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char fx_wb_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"" NS_PKG "\">"
    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" NS_REL "/sharedStrings\" "
    "Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" NS_REL "/styles\" "
    "Target=\"styles.xml\"/></Relationships>";
static const char fx_sheet[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\">"
    "<c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>";
static const char fx_sst[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<sst xmlns=\"" NS_MAIN "\" count=\"1\" uniqueCount=\"1\">"
    "<si><t>标题</t></si></sst>";

/* A minimal workbook with the sheet, shared strings and styles given
 * (NULL = the defaults above; styles NULL = no styles part). */
FX_FN void fx_book(const char *path, const char *sheet, size_t sheet_len,
                   const char *sst, size_t sst_len, const char *styles)
{
  struct fx_part p[] = {
      {"[Content_Types].xml", fx_ctypes, 0},
      {"_rels/.rels", fx_rels, 0},
      {"xl/workbook.xml", fx_wb, 0},
      {"xl/_rels/workbook.xml.rels", fx_wb_rels, 0},
      {"xl/worksheets/sheet1.xml", sheet ? sheet : fx_sheet, sheet_len},
      {"xl/sharedStrings.xml", sst ? sst : fx_sst, sst_len},
      {"xl/styles.xml", styles, 0},
  };
  fx_zip(path, p, (int)(sizeof p / sizeof p[0]));
}

/* ---- raw zip bytes --------------------------------------------------------
 */

FX_FN char *fx_slurp(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *b;
  long n;
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  b = malloc((size_t)n + 1);
  assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  *len = (size_t)n;
  return b;
}

FX_FN void fx_spit(const char *path, const void *b, size_t len)
{
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(b, 1, len, f), len);
  fclose(f);
}

FX_FN uint32_t fx_u32(const unsigned char *p)
{
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

FX_FN void fx_put32(unsigned char *p, uint32_t v)
{
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16);
  p[3] = (unsigned char)(v >> 24);
}

FX_FN void fx_put16(unsigned char *p, unsigned v)
{
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
}

/* Offset of the end-of-central-directory record. */
FX_FN size_t fx_eocd(const unsigned char *b, size_t len)
{
  for (size_t p = len - 22;; p--) {
    if (fx_u32(b + p) == 0x06054b50u)
      return p;
    assert_true(p > 0);
  }
}

/* Offset of the central record of the entry called name. */
FX_FN size_t fx_central(const unsigned char *b, size_t len, const char *name)
{
  size_t e = fx_eocd(b, len), p = fx_u32(b + e + 16);
  unsigned n = b[e + 10] | b[e + 11] << 8;
  for (unsigned i = 0; i < n; i++) {
    unsigned nl = b[p + 28] | b[p + 29] << 8, xl = b[p + 30] | b[p + 31] << 8,
             cl = b[p + 32] | b[p + 33] << 8;
    if (nl == strlen(name) && memcmp(b + p + 46, name, nl) == 0)
      return p;
    p += 46 + nl + xl + cl;
  }
  fail_msg("no entry %s", name);
  return 0;
}

/* Writes a zip of stored entries by hand.  at[i] (if not NULL and >= 0)
 * forces the local-header offset the central record of entry i names. */
struct fx_raw {
  const char *name;
  const char *data;
  size_t len;
  unsigned flags, extra_id; /* general flags; an extra field id (0 = none) */
};

FX_FN size_t fx_raw_zip(unsigned char *out, const struct fx_raw *e, int n,
                        const long *at)
{
  size_t p = 0, offs[16], cd;
  for (int i = 0; i < n; i++) {
    size_t nl = strlen(e[i].name);
    uint32_t crc = (uint32_t)crc32(0, (const Bytef *)e[i].data, (uInt)e[i].len);
    offs[i] = p;
    fx_put32(out + p, 0x04034b50u);
    fx_put16(out + p + 4, 20);
    fx_put16(out + p + 6, e[i].flags);
    fx_put16(out + p + 8, 0);
    fx_put32(out + p + 10, 0);
    fx_put32(out + p + 14, crc);
    fx_put32(out + p + 18, (uint32_t)e[i].len);
    fx_put32(out + p + 22, (uint32_t)e[i].len);
    fx_put16(out + p + 26, (unsigned)nl);
    fx_put16(out + p + 28, 0);
    memcpy(out + p + 30, e[i].name, nl);
    memcpy(out + p + 30 + nl, e[i].data, e[i].len);
    p += 30 + nl + e[i].len;
  }
  cd = p;
  for (int i = 0; i < n; i++) {
    size_t nl = strlen(e[i].name), xl = e[i].extra_id ? 12 : 0;
    uint32_t crc = (uint32_t)crc32(0, (const Bytef *)e[i].data, (uInt)e[i].len);
    fx_put32(out + p, 0x02014b50u);
    fx_put16(out + p + 4, 20);
    fx_put16(out + p + 6, 20);
    fx_put16(out + p + 8, e[i].flags);
    fx_put16(out + p + 10, 0);
    fx_put32(out + p + 12, 0);
    fx_put32(out + p + 16, crc);
    fx_put32(out + p + 20, (uint32_t)e[i].len);
    fx_put32(out + p + 24, (uint32_t)e[i].len);
    fx_put16(out + p + 28, (unsigned)nl);
    fx_put16(out + p + 30, (unsigned)xl);
    memset(out + p + 32, 0, 10);
    fx_put32(out + p + 42,
             (uint32_t)(at && at[i] >= 0 ? (size_t)at[i] : offs[i]));
    memcpy(out + p + 46, e[i].name, nl);
    if (xl) {
      fx_put16(out + p + 46 + nl, e[i].extra_id);
      fx_put16(out + p + 48 + nl, 8);
      memset(out + p + 50 + nl, 0, 8);
    }
    p += 46 + nl + xl;
  }
  fx_put32(out + p, 0x06054b50u);
  fx_put16(out + p + 4, 0);
  fx_put16(out + p + 6, 0);
  fx_put16(out + p + 8, (unsigned)n);
  fx_put16(out + p + 10, (unsigned)n);
  fx_put32(out + p + 12, (uint32_t)(p - cd));
  fx_put32(out + p + 16, (uint32_t)cd);
  fx_put16(out + p + 20, 0);
  return p + 22;
}

/* Peak resident set of this process, MiB. */
FX_FN long fx_peak_mib(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

#endif
