/*
 * xlsx_read.c — the XML layer of the xlsx reader (see xlsx_read.h): finds
 * the workbook through the package relationships, picks the sheet, reads
 * the number formats, then has xlsx_read_sheet.c read the shared strings
 * and stream the sheet's rows.
 *
 * Every part goes through one expat set-up (parse_part) that refuses DTDs
 * and entity declarations, bounds nesting depth and token length, and
 * stops at the first error a handler records.  Namespaces are resolved by
 * expat and elements matched by local name, so "x:row" and "row" are the
 * same.  Text is collected into capped string builders (base/sb.h).
 */
#include "io/xlsx_read.h"

#include "base/sb.h"
#include "base/timeutil.h"
#include "io/xlsx_read_int.h"

#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int xlsx_rd_stop(struct xlsx_rd *r, int rc)
{
  if (!r->rc)
    r->rc = rc ? rc : LX_EINTERNAL;
  XML_StopParser(r->p, XML_FALSE);
  return r->rc;
}

static void stop_err(struct xlsx_rd *r, int rc, const char *code,
                     const char *msg)
{
  xlsx_rd_stop(r, err_set(r->err, rc, code, "file", msg));
}

static const char *local(const char *name)
{
  const char *bar = strrchr(name, '|');
  return bar ? bar + 1 : name;
}

const char *xlsx_rd_attr(const char **atts, const char *name)
{
  for (int i = 0; atts[i]; i += 2)
    if (strcmp(local(atts[i]), name) == 0)
      return atts[i + 1];
  return NULL;
}

static int ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void copy(char *dst, size_t cap, const char *src)
{
  size_t n = strlen(src);
  if (n >= cap)
    n = cap - 1;
  memcpy(dst, src, n);
  dst[n] = 0;
}

/* ---- number formats ---------------------------------------------------- */

static unsigned char builtin_fmt(int id)
{
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
      (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
    return XR_DATE;
  return id == 9 || id == 10 ? XR_PERCENT : XR_GENERAL;
}

/* A custom format code is a date if it has d/m/y/h/s outside quotes,
 * escapes and [brackets] (elapsed [h] counts); a percent if it has %. */
static unsigned char code_fmt(const char *s)
{
  int pct = 0;
  for (; *s; s++) {
    char c = *s;
    if (c == '"') {
      while (s[1] && s[1] != '"')
        s++;
      if (s[1])
        s++;
    } else if ((c == '\\' || c == '_' || c == '*') && s[1]) {
      s++;
    } else if (c == '[') {
      const char *e = strchr(s, ']');
      if (!e)
        break;
      if (strchr("hHmMsS", s[1]))
        return XR_DATE;
      s = e;
    } else if (strchr("dDmMyYhHsS", c)) {
      return XR_DATE;
    } else if (c == '%') {
      pct = 1;
    }
  }
  return pct ? XR_PERCENT : XR_GENERAL;
}

static unsigned char fmt_kind(struct xlsx_rd *r, int id)
{
  for (int i = 0; i < r->n_fmts; i++)
    if (r->fmts[i].id == id)
      return r->fmts[i].kind;
  return builtin_fmt(id);
}

/* ---- expat plumbing ----------------------------------------------------- */

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sys,
                       const XML_Char *pub, int has_internal)
{
  (void)name, (void)sys, (void)pub, (void)has_internal;
  stop_err(ud, LX_EINVAL, "xlsx.doctype",
           "文件包含不允许的 XML 文档类型声明（DOCTYPE），已拒绝");
}

static void on_entity(void *ud, const XML_Char *name, int is_param,
                      const XML_Char *value, int value_len,
                      const XML_Char *base, const XML_Char *sys,
                      const XML_Char *pub, const XML_Char *notation)
{
  (void)name, (void)is_param, (void)value, (void)value_len, (void)base;
  (void)sys, (void)pub, (void)notation;
  stop_err(ud, LX_EINVAL, "xlsx.doctype", "文件包含不允许的 XML 实体声明");
}

static int on_ext_entity(XML_Parser p, const XML_Char *ctx,
                         const XML_Char *base, const XML_Char *sys,
                         const XML_Char *pub)
{
  (void)p, (void)ctx, (void)base, (void)sys, (void)pub;
  return XML_STATUS_ERROR; /* never fetch anything */
}

static void start(void *ud, const XML_Char *name, const XML_Char **atts);
static void end(void *ud, const XML_Char *name);
static void chars(void *ud, const XML_Char *s, int n);

static int sink(void *ctx, const char *buf, size_t n, int final,
                struct lx_err *err)
{
  struct xlsx_rd *r = ctx;
  (void)err;
  for (size_t i = 0; i < n; i++) { /* no token longer than max_token */
    if (buf[i] == '>')
      r->run = 0;
    else if (++r->run > r->lim->max_token)
      return err_setf(r->err, LX_ETOOBIG, "xlsx.xml_token", "file",
                      "文件中有超过%zuKB的单个 XML 内容，已拒绝",
                      r->lim->max_token >> 10);
  }
  if (XML_Parse(r->p, buf, (int)n, final) == XML_STATUS_ERROR) {
    if (r->rc)
      return r->rc;
    return err_setf(r->err, LX_EINVAL, "xlsx.bad_xml", "file",
                    "文件内容损坏（XML 错误：%s，第%lu行）",
                    XML_ErrorString(XML_GetErrorCode(r->p)),
                    (unsigned long)XML_GetCurrentLineNumber(r->p));
  }
  return r->rc;
}

/* Parses the part at path with the handlers for kind.  A missing part is
 * LX_ENOTFOUND (no error set). */
static int parse_part(struct xlsx_rd *r, const char *path, int kind)
{
  int idx = xlsx_zip_find(r->z, path), rc;
  if (idx < 0)
    return LX_ENOTFOUND;
  r->p = XML_ParserCreateNS(NULL, '|');
  if (!r->p)
    return err_set(r->err, LX_ENOMEM, "xlsx.nomem", "", "内存不足");
  r->part = kind;
  r->depth = 0;
  r->run = 0;
  XML_SetUserData(r->p, r);
  XML_SetParamEntityParsing(r->p, XML_PARAM_ENTITY_PARSING_NEVER);
  XML_SetStartDoctypeDeclHandler(r->p, on_doctype);
  XML_SetEntityDeclHandler(r->p, on_entity);
  XML_SetExternalEntityRefHandler(r->p, on_ext_entity);
  XML_SetElementHandler(r->p, start, end);
  XML_SetCharacterDataHandler(r->p, chars);
  rc = xlsx_zip_read(r->z, idx, sink, r, r->err);
  XML_ParserFree(r->p);
  r->p = NULL;
  return rc;
}

/* ---- handlers ----------------------------------------------------------- */

static void start_rel(struct xlsx_rd *r, const char *el, const char **atts)
{
  const char *type = xlsx_rd_attr(atts, "Type"),
             *target = xlsx_rd_attr(atts, "Target");
  const char *id = xlsx_rd_attr(atts, "Id"),
             *mode = xlsx_rd_attr(atts, "TargetMode");
  if (strcmp(el, "Relationship") || !type || !target ||
      (mode && strcmp(mode, "Internal")))
    return;
  if (ends_with(type, "/officeDocument") && !r->office[0])
    copy(r->office, XR_PATH_CAP, target);
  else if (ends_with(type, "/sharedStrings") && !r->sst_t[0])
    copy(r->sst_t, XR_PATH_CAP, target);
  else if (ends_with(type, "/styles") && !r->styles_t[0])
    copy(r->styles_t, XR_PATH_CAP, target);
  else if (r->want_id && id && strcmp(id, r->want_id) == 0)
    copy(r->sheet_t, XR_PATH_CAP, target);
}

static void start_wb(struct xlsx_rd *r, const char *el, const char **atts)
{
  const char *v;
  if (strcmp(el, "workbookPr") == 0) {
    v = xlsx_rd_attr(atts, "date1904");
    r->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
  } else if (strcmp(el, "sheet") == 0) {
    const char *name = xlsx_rd_attr(atts, "name"),
               *id = xlsx_rd_attr(atts, "id");
    const char *st = xlsx_rd_attr(atts, "state");
    if (!name || !id)
      return;
    r->n_sheets++;
    if (r->want_name && !r->found && strcmp(name, r->want_name) == 0) {
      copy(r->name, sizeof r->name, name);
      copy(r->rid, sizeof r->rid, id);
      r->found = 1;
    }
    if (!r->any_rid[0]) {
      copy(r->any_name, sizeof r->any_name, name);
      copy(r->any_rid, sizeof r->any_rid, id);
    }
    if (!r->vis_rid[0] && (!st || strcmp(st, "visible") == 0)) {
      copy(r->vis_name, sizeof r->vis_name, name);
      copy(r->vis_rid, sizeof r->vis_rid, id);
    }
  }
}

static void start_styles(struct xlsx_rd *r, const char *el, const char **atts)
{
  const char *id = xlsx_rd_attr(atts, "numFmtId");
  if (strcmp(el, "numFmt") == 0 && id && r->n_fmts < XR_MAX_FMTS) {
    const char *code = xlsx_rd_attr(atts, "formatCode");
    r->fmts[r->n_fmts].id = atoi(id);
    r->fmts[r->n_fmts].kind = code ? code_fmt(code) : XR_GENERAL;
    r->n_fmts++;
  } else if (strcmp(el, "cellXfs") == 0) {
    r->in_xfs = 1;
  } else if (strcmp(el, "xf") == 0 && r->in_xfs && r->n_xf < XR_MAX_XF) {
    r->xf[r->n_xf++] = id ? fmt_kind(r, atoi(id)) : XR_GENERAL;
  }
}

static void start(void *ud, const XML_Char *name, const XML_Char **atts)
{
  struct xlsx_rd *r = ud;
  const char *el = local(name);
  if (r->rc)
    return;
  if (++r->depth > r->lim->max_depth) {
    xlsx_rd_stop(r, err_setf(r->err, LX_EINVAL, "xlsx.xml_depth", "file",
                             "文件中的 XML 嵌套超过%d层，已拒绝",
                             r->lim->max_depth));
    return;
  }
  switch (r->part) {
  case XR_RELS: start_rel(r, el, atts); break;
  case XR_WB: start_wb(r, el, atts); break;
  case XR_STYLES: start_styles(r, el, atts); break;
  case XR_SST: xlsx_rd_sst_start(r, el, atts); break;
  default: xlsx_rd_sheet_start(r, el, atts); break;
  }
}

static void chars(void *ud, const XML_Char *s, int n)
{
  struct xlsx_rd *r = ud;
  if (!r->rc && (r->in_t || r->in_v))
    sb_append(&r->text, s, (size_t)n);
}

static void end(void *ud, const XML_Char *name)
{
  struct xlsx_rd *r = ud;
  const char *el = local(name);
  r->depth--;
  if (r->rc)
    return;
  if (r->part == XR_STYLES && strcmp(el, "cellXfs") == 0)
    r->in_xfs = 0;
  else if (r->part == XR_SST)
    xlsx_rd_sst_end(r, el);
  else if (r->part == XR_SHEET)
    xlsx_rd_sheet_end(r, el);
}

/* ---- the read ----------------------------------------------------------- */

/* dir of part + target, with "." and ".." resolved; 0 if it escapes. */
static int resolve(const char *part, const char *target, char *out)
{
  char tmp[2 * XR_PATH_CAP];
  struct sb s;
  size_t n = 0, i = 0, len;
  const char *slash = strrchr(part, '/');
  sb_init(&s, NULL, tmp, sizeof tmp, sizeof tmp - 1);
  if (target[0] != '/' && slash)
    sb_append(&s, part, (size_t)(slash - part + 1));
  sb_puts(&s, target[0] == '/' ? target + 1 : target);
  if (sb_err(&s))
    return 0;
  len = s.len;
  while (i <= len) { /* copy segment by segment */
    size_t e = i;
    while (e < len && tmp[e] != '/')
      e++;
    if (e - i == 2 && tmp[i] == '.' && tmp[i + 1] == '.') {
      if (n == 0)
        return 0;
      while (n > 0 && out[n - 1] != '/')
        n--;
      if (n > 0)
        n--;
    } else if (e > i && !(e - i == 1 && tmp[i] == '.')) {
      if (n + (e - i) + 2 > XR_PATH_CAP)
        return 0;
      if (n)
        out[n++] = '/';
      memcpy(out + n, tmp + i, e - i);
      n += e - i;
    }
    i = e + 1;
  }
  out[n] = 0;
  return n > 0;
}

static int not_xlsx(struct xlsx_rd *r)
{
  return xlsx_err_not_xlsx(r->err);
}

static int read_book(struct xlsx_rd *r, const char *want_sheet)
{
  char wb[XR_PATH_CAP], rels[XR_PATH_CAP + 16], path[XR_PATH_CAP];
  const char *slash;
  int rc = parse_part(r, "_rels/.rels", XR_RELS);
  if (rc && rc != LX_ENOTFOUND)
    return rc;
  if (!r->office[0] || !resolve("", r->office, wb))
    copy(wb, sizeof wb, "xl/workbook.xml");
  r->office[0] = 0;
  r->want_name = want_sheet;
  rc = parse_part(r, wb, XR_WB);
  if (rc == LX_ENOTFOUND)
    return not_xlsx(r);
  if (rc)
    return rc;
  if (r->want_name && !r->found)
    return err_setf(r->err, LX_ENOTFOUND, "xlsx.no_sheet", "sheet",
                    "文件中找不到工作表「%.60s」", want_sheet);
  if (!r->found) {
    copy(r->name, sizeof r->name, r->vis_rid[0] ? r->vis_name : r->any_name);
    copy(r->rid, sizeof r->rid, r->vis_rid[0] ? r->vis_rid : r->any_rid);
  }
  if (!r->rid[0])
    return not_xlsx(r);
  slash = strrchr(wb, '/');
  {
    struct sb s;
    sb_init(&s, NULL, rels, sizeof rels, sizeof rels - 1);
    sb_append(&s, wb, slash ? (size_t)(slash - wb + 1) : 0);
    sb_puts(&s, "_rels/");
    sb_puts(&s, slash ? slash + 1 : wb);
    sb_puts(&s, ".rels");
  }
  r->want_id = r->rid;
  rc = parse_part(r, rels, XR_RELS);
  if (rc == LX_ENOTFOUND || (!rc && !r->sheet_t[0]))
    return not_xlsx(r);
  if (rc)
    return rc;
  if (r->styles_t[0] && resolve(wb, r->styles_t, path)) {
    r->xf = lx_calloc(XR_MAX_XF, 1);
    rc = parse_part(r, path, XR_STYLES);
    if (rc && rc != LX_ENOTFOUND)
      return rc;
  }
  if (r->sst_t[0] && resolve(wb, r->sst_t, path)) {
    rc = parse_part(r, path, XR_SST);
    if (rc && rc != LX_ENOTFOUND)
      return rc;
  }
  if (!resolve(wb, r->sheet_t, path))
    return not_xlsx(r);
  rc = parse_part(r, path, XR_SHEET);
  return rc == LX_ENOTFOUND ? not_xlsx(r) : rc;
}

void xlsx_read_limits_default(struct xlsx_read_limits *lim)
{
  lim->max_file = 20u << 20;
  lim->max_total = 200u << 20;
  lim->ratio_free = 1u << 20;
  lim->max_ratio = 100;
  lim->max_entries = 1000;
  lim->max_depth = 64;
  lim->max_token = 1u << 20;
  lim->max_rows = 100000;
  lim->max_cols = 256;
  lim->max_cell_chars = 32767;
  lim->max_shared_strings = 500000;
  lim->max_shared_bytes = 64u << 20;
  lim->max_ms = 60000;
}

static int size_check(uint64_t len, const struct xlsx_read_limits *lim,
                      struct lx_err *err)
{
  if (len == 0)
    return err_set(err, LX_EINVAL, "xlsx.empty", "file", "文件是空的");
  if (len > lim->max_file)
    return err_setf(err, LX_ETOOBIG, "xlsx.too_big", "file",
                    "文件超过%zuMB的上限", lim->max_file >> 20);
  return LX_OK;
}

int xlsx_read_mem(const void *data, size_t len, const char *sheet,
                  const struct xlsx_read_limits *lim, xlsx_row_fn fn, void *ctx,
                  struct xlsx_read_info *info, struct lx_err *err)
{
  struct xlsx_read_limits def;
  struct xlsx_rd *r;
  size_t cell_bytes;
  int rc;
  if (!lim) {
    xlsx_read_limits_default(&def);
    lim = &def;
  }
  if (info)
    memset(info, 0, sizeof *info);
  LX_ASSERT(fn != NULL);
  rc = size_check(len, lim, err);
  if (rc)
    return rc;
  r = lx_calloc(1, sizeof *r);
  r->lim = lim;
  r->err = err;
  r->fn = fn;
  r->ctx = ctx;
  cell_bytes = (size_t)lim->max_cell_chars * 7 + 64; /* _xHHHH_ escapes */
  sb_init(&r->text, NULL, NULL, 0, cell_bytes);
  sb_init(&r->sst, NULL, NULL, 0, lim->max_shared_bytes);
  sb_init(&r->rowbuf, NULL, NULL, 0,
          (size_t)lim->max_cols * ((size_t)lim->max_cell_chars * 4 + 1));
  r->cells = lx_calloc((size_t)lim->max_cols + 1, sizeof *r->cells);
  r->cell_off = lx_calloc((size_t)lim->max_cols + 1, sizeof *r->cell_off);
  rc = xlsx_zip_open(data, len, lim,
                     lim->max_ms ? time_mono_us() + lim->max_ms * 1000 : 0,
                     &r->z, err);
  if (!rc)
    rc = read_book(r, sheet);
  if (info) {
    copy(info->sheet, sizeof info->sheet, r->name);
    info->n_sheets = r->n_sheets;
    info->n_rows = r->n_rows;
    info->n_shared = r->n_sst;
    info->date1904 = r->date1904;
  }
  xlsx_zip_close(r->z);
  sb_reset(&r->text);
  sb_reset(&r->sst);
  sb_reset(&r->rowbuf);
  lx_free(r->cells);
  lx_free(r->cell_off);
  lx_free(r->sst_off);
  lx_free(r->xf);
  lx_free(r);
  return rc;
}

int xlsx_read_file(const char *path, const char *sheet,
                   const struct xlsx_read_limits *lim, xlsx_row_fn fn,
                   void *ctx, struct xlsx_read_info *info, struct lx_err *err)
{
  struct xlsx_read_limits def;
  struct stat st;
  char *buf;
  size_t got = 0;
  int fd, rc;
  if (!lim) {
    xlsx_read_limits_default(&def);
    lim = &def;
  }
  if (info)
    memset(info, 0, sizeof *info);
  fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0)
      close(fd);
    return err_set(err, LX_EIO, "xlsx.io", "file", "无法读取文件");
  }
  rc = size_check((uint64_t)st.st_size, lim, err);
  if (rc) {
    close(fd);
    return rc;
  }
  buf = lx_malloc((size_t)st.st_size);
  while (got < (size_t)st.st_size) {
    ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    got += (size_t)n;
  }
  close(fd);
  if (got != (size_t)st.st_size)
    rc = err_set(err, LX_EIO, "xlsx.io", "file", "无法读取文件");
  else
    rc = xlsx_read_mem(buf, got, sheet, lim, fn, ctx, info, err);
  lx_free(buf);
  return rc;
}
