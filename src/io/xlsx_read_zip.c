/*
 * xlsx_read_zip.c — the zip layer of the xlsx reader (see
 * xlsx_read_int.h): a strict walk of the end record, the central
 * directory and every local header against SECURITY.md's limits before
 * libzip sees the archive, then bounded inflation of single entries.
 *
 * The walk is our own (libzip does not expose zip64 extra fields or local
 * header offsets) and only reads: it never inflates.  libzip must then
 * agree on the entry count, and it opens with ZIP_CHECKCONS so that local
 * and central headers must match.  An xlsx under 20 MiB with at most
 * 1,000 entries never needs zip64, so any zip64 marker is refused.
 */
#include "io/xlsx_read_int.h"

#include "base/timeutil.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#define CHUNK (64 * 1024)
#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END 0x06054b50u
#define SIG_Z64_LOC 0x07064b50u

struct entry {
  const char *name; /* points into the archive bytes; not NUL-terminated */
  size_t name_len;
  uint64_t off, end; /* local header .. end of data */
};

struct xlsx_zip {
  zip_t *za;
  const struct xlsx_read_limits *lim;
  int64_t deadline_us;
  uint64_t total; /* bytes inflated so far, all entries */
  char *buf;
};

static unsigned u16(const unsigned char *p)
{
  return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t u32(const unsigned char *p)
{
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

int xlsx_err_not_xlsx(struct lx_err *err)
{
  return err_set(err, LX_EUNSUPPORTED, "xlsx.not_xlsx", "file",
                 "文件不是有效的 Excel（.xlsx）文件");
}

static int corrupt(struct lx_err *err)
{
  return err_set(err, LX_EINVAL, "xlsx.corrupt", "file",
                 "文件已损坏，无法读取，请用 Excel 或 WPS 另存后再导入");
}

/* A part name that could point outside a directory, or is odd. */
static int name_ok(const char *s, size_t n)
{
  size_t seg = 0;
  if (n == 0 || s[0] == '/' || (n >= 2 && s[1] == ':'))
    return 0;
  for (size_t i = 0; i <= n; i++) {
    if (i == n || s[i] == '/') {
      size_t len = i - seg;
      if ((len == 1 && s[seg] == '.') ||
          (len == 2 && s[seg] == '.' && s[seg + 1] == '.'))
        return 0;
      seg = i + 1;
      continue;
    }
    if ((unsigned char)s[i] < 0x20 || s[i] == '\\' || s[i] == 0x7f)
      return 0;
  }
  return 1;
}

static int cmp_name(const void *a, const void *b)
{
  const struct entry *x = a, *y = b;
  size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
  int c = strncasecmp(x->name, y->name, n);
  if (c)
    return c;
  return x->name_len < y->name_len ? -1 : x->name_len > y->name_len;
}

static int cmp_off(const void *a, const void *b)
{
  const struct entry *x = a, *y = b;
  return x->off < y->off ? -1 : x->off > y->off;
}

/* Walks one central directory record at b+p; fills e. */
static int central(const unsigned char *b, size_t cd_end, size_t *p,
                   const struct xlsx_read_limits *lim, uint64_t *sum,
                   struct entry *e, struct lx_err *err)
{
  const unsigned char *h = b + *p;
  unsigned flags, method, nlen, xlen, clen, host;
  uint32_t csize, usize, ext, off;
  size_t x;
  if (*p + 46 > cd_end || u32(h) != SIG_CENTRAL)
    return corrupt(err);
  host = h[5];
  flags = u16(h + 8);
  method = u16(h + 10);
  csize = u32(h + 20);
  usize = u32(h + 24);
  nlen = u16(h + 28);
  xlen = u16(h + 30);
  clen = u16(h + 32);
  ext = u32(h + 38);
  off = u32(h + 42);
  if (*p + 46 + nlen + xlen + clen > cd_end || u16(h + 34) != 0)
    return corrupt(err);
  e->name = (const char *)h + 46;
  e->name_len = nlen;
  e->off = off;
  e->end = csize; /* completed from the local header later */
  if ((flags & 0x41) || method == 99)
    return err_set(err, LX_EINVAL, "xlsx.encrypted", "file",
                   "文件中有加密内容，请取消密码保护后再导入");
  if (csize == 0xFFFFFFFFu || usize == 0xFFFFFFFFu || off == 0xFFFFFFFFu)
    goto zip64;
  for (x = 0; x + 4 <= xlen;) { /* extra fields */
    unsigned id = u16(h + 46 + nlen + x), sz = u16(h + 46 + nlen + x + 2);
    if (id == 0x0001)
      goto zip64;
    if (id == 0x9901)
      return err_set(err, LX_EINVAL, "xlsx.encrypted", "file",
                     "文件中有加密内容，请取消密码保护后再导入");
    x += 4 + sz;
  }
  if (x != xlen)
    return corrupt(err);
  if (!name_ok(e->name, nlen))
    return err_set(err, LX_EINVAL, "xlsx.bad_name", "file",
                   "文件中有不安全的条目名称（绝对路径或“..”）");
  if (nlen >= 4 && strncasecmp(e->name + nlen - 4, ".zip", 4) == 0)
    return err_set(err, LX_EINVAL, "xlsx.nested_zip", "file",
                   "文件中嵌套了压缩包，不能导入");
  if (host == 3 && ((ext >> 16) & 0170000) == 0120000)
    return err_set(err, LX_EINVAL, "xlsx.symlink", "file",
                   "文件中有符号链接条目，不能导入");
  if (method != 0 && method != 8)
    return err_set(err, LX_EINVAL, "xlsx.bad_method", "file",
                   "文件使用了不支持的压缩方式");
  *sum += usize;
  if (*sum > lim->max_total)
    return err_setf(err, LX_ETOOBIG, "xlsx.uncompressed_too_big", "file",
                    "文件解压后超过%lluMB上限",
                    (unsigned long long)(lim->max_total >> 20));
  if (usize > lim->ratio_free && usize > (uint64_t)lim->max_ratio * csize)
    return err_setf(err, LX_ETOOBIG, "xlsx.ratio", "file",
                    "文件压缩比异常（超过%u:1），疑似压缩炸弹", lim->max_ratio);
  *p += 46 + nlen + xlen + clen;
  return LX_OK;
zip64:
  return err_set(err, LX_EINVAL, "xlsx.zip64", "file",
                 "文件使用了不必要的 ZIP64 格式，不能导入");
}

/* The whole container check; no inflation. */
static int precheck(const unsigned char *b, size_t len,
                    const struct xlsx_read_limits *lim, unsigned *out_n,
                    struct lx_err *err)
{
  static const unsigned char cfb[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                       0xA1, 0xB1, 0x1A, 0xE1};
  size_t pos, lo, p, cd_off, cd_size;
  unsigned n, i;
  uint64_t sum = 0;
  struct entry *es = NULL;
  int rc = LX_OK;
  if (len >= 8 && memcmp(b, cfb, 8) == 0)
    return err_set(err, LX_EUNSUPPORTED, "xlsx.xls_or_encrypted", "file",
                   "文件是旧版 Excel（.xls）格式或设置了打开密码，请另存为"
                   "不加密的 .xlsx 后再导入");
  if (len < 22 + 30 || u32(b) != SIG_LOCAL)
    return xlsx_err_not_xlsx(err);
  lo = len > 22 + 65535 ? len - 22 - 65535 : 0;
  for (pos = len - 22;; pos--) {
    if (u32(b + pos) == SIG_END && pos + 22 + u16(b + pos + 20) == len)
      break;
    if (pos == lo)
      return xlsx_err_not_xlsx(err);
  }
  n = u16(b + pos + 10);
  cd_size = u32(b + pos + 12);
  cd_off = u32(b + pos + 16);
  if (n == 0xFFFF || cd_size == 0xFFFFFFFFu || cd_off == 0xFFFFFFFFu ||
      (pos >= 20 && u32(b + pos - 20) == SIG_Z64_LOC))
    return err_set(err, LX_EINVAL, "xlsx.zip64", "file",
                   "文件使用了不必要的 ZIP64 格式，不能导入");
  if ((int)n > lim->max_entries)
    return err_setf(err, LX_ETOOBIG, "xlsx.too_many_entries", "file",
                    "文件包含的条目过多（超过%d个）", lim->max_entries);
  if (u16(b + pos + 4) != 0 || u16(b + pos + 6) != 0 || u16(b + pos + 8) != n ||
      cd_off + cd_size > pos)
    return corrupt(err);
  if (n == 0)
    return xlsx_err_not_xlsx(err);
  *out_n = n;
  es = lx_calloc(n, sizeof *es);
  for (i = 0, p = cd_off; i < n && !rc; i++)
    rc = central(b, cd_off + cd_size, &p, lim, &sum, &es[i], err);
  if (rc)
    goto done;
  for (i = 0; i < n; i++) { /* local headers: inside, matching */
    const unsigned char *h = b + es[i].off;
    if (es[i].off + 30 > cd_off || u32(h) != SIG_LOCAL ||
        u16(h + 26) != es[i].name_len || (u16(h + 6) & 0x41)) {
      rc = corrupt(err);
      goto done;
    }
    es[i].end += es[i].off + 30 + u16(h + 26) + u16(h + 28);
    if (es[i].end > cd_off || memcmp(h + 30, es[i].name, es[i].name_len) != 0) {
      rc = corrupt(err);
      goto done;
    }
  }
  qsort(es, n, sizeof *es, cmp_off);
  for (i = 1; i < n; i++)
    if (es[i].off < es[i - 1].end) {
      rc = err_set(err, LX_EINVAL, "xlsx.overlap", "file",
                   "文件中的条目互相重叠，疑似恶意构造");
      goto done;
    }
  qsort(es, n, sizeof *es, cmp_name);
  for (i = 1; i < n; i++)
    if (cmp_name(&es[i - 1], &es[i]) == 0) {
      rc = err_set(err, LX_EINVAL, "xlsx.duplicate_name", "file",
                   "文件中有重名的条目");
      goto done;
    }
done:
  lx_free(es);
  return rc;
}

int xlsx_zip_open(const unsigned char *data, size_t len,
                  const struct xlsx_read_limits *lim, int64_t deadline_us,
                  struct xlsx_zip **out, struct lx_err *err)
{
  zip_error_t ze;
  zip_source_t *src;
  zip_t *za;
  struct xlsx_zip *z;
  unsigned n = 0;
  int rc;
  *out = NULL;
  rc = precheck(data, len, lim, &n, err);
  if (rc)
    return rc;
  zip_error_init(&ze);
  src = zip_source_buffer_create(data, len, 0, &ze);
  if (!src) {
    zip_error_fini(&ze);
    return corrupt(err);
  }
  za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
  if (!za) {
    zip_source_free(src);
    rc = zip_error_code_zip(&ze) == ZIP_ER_NOZIP ? xlsx_err_not_xlsx(err)
                                                 : corrupt(err);
    zip_error_fini(&ze);
    return rc;
  }
  zip_error_fini(&ze);
  if (zip_get_num_entries(za, 0) != (zip_int64_t)n) { /* we disagree */
    zip_discard(za);
    return corrupt(err);
  }
  z = lx_calloc(1, sizeof *z);
  z->buf = lx_malloc(CHUNK);
  z->za = za;
  z->lim = lim;
  z->deadline_us = deadline_us;
  *out = z;
  return LX_OK;
}

void xlsx_zip_close(struct xlsx_zip *z)
{
  if (!z)
    return;
  zip_discard(z->za);
  lx_free(z->buf);
  lx_free(z);
}

int xlsx_zip_find(struct xlsx_zip *z, const char *name)
{
  zip_int64_t i = zip_name_locate(z->za, name, ZIP_FL_NOCASE);
  return i < 0 || i > 0x7fffffff ? -1 : (int)i;
}

int xlsx_zip_read(struct xlsx_zip *z, int idx, xlsx_sink_fn sink, void *ctx,
                  struct lx_err *err)
{
  const struct xlsx_read_limits *lim = z->lim;
  zip_stat_t st;
  zip_file_t *f = NULL;
  uint64_t got = 0;
  int rc = LX_OK;
  zip_stat_init(&st);
  if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0 ||
      !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
    return corrupt(err);
  f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
  if (!f)
    return corrupt(err);
  for (;;) {
    zip_int64_t n = zip_fread(f, z->buf, CHUNK);
    if (n < 0) {
      rc = corrupt(err);
      break;
    }
    if (n == 0) {
      rc = got == st.size ? sink(ctx, z->buf, 0, 1, err)
                          : err_set(err, LX_EINVAL, "xlsx.size_mismatch",
                                    "file", "文件中条目的实际大小与声明不符");
      break;
    }
    got += (uint64_t)n;
    z->total += (uint64_t)n;
    if (got > st.size) {
      rc = err_set(err, LX_EINVAL, "xlsx.size_mismatch", "file",
                   "文件中条目的实际大小与声明不符，疑似压缩炸弹");
      break;
    }
    if (z->total > lim->max_total) {
      rc = err_setf(err, LX_ETOOBIG, "xlsx.uncompressed_too_big", "file",
                    "文件解压后超过%lluMB上限",
                    (unsigned long long)(lim->max_total >> 20));
      break;
    }
    if (got > lim->ratio_free &&
        got > (uint64_t)lim->max_ratio * st.comp_size) {
      rc = err_setf(err, LX_ETOOBIG, "xlsx.ratio", "file",
                    "文件压缩比异常（超过%u:1），疑似压缩炸弹", lim->max_ratio);
      break;
    }
    if (z->deadline_us && time_mono_us() > z->deadline_us) {
      rc = err_set(err, LX_ETIMEOUT, "xlsx.timeout", "file",
                   "文件处理超时，请拆分后再导入");
      break;
    }
    rc = sink(ctx, z->buf, (size_t)n, 0, err);
    if (rc)
      break;
  }
  zip_fclose(f);
  return rc;
}
