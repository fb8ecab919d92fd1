/*
 * xlsx_read.c — the XML layer of the xlsx reader (see xlsx_read.h): finds
 * the workbook through the package relationships, picks the sheet, reads
 * the number formats and shared strings, then streams the sheet's rows.
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
#include "base/utf8.h"
#include "io/xlsx_read_int.h"

#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_CAP 256
#define MAX_XF 65536
#define MAX_FMTS 1024
#define EXCEL_MAX_ROW 1048576L
#define EXCEL_MAX_COL 16384

enum part { P_RELS, P_WB, P_STYLES, P_SST, P_SHEET };
enum fmt { F_GENERAL = 0, F_DATE, F_PERCENT };
enum ctype { T_N, T_S, T_STR, T_INLINE, T_B, T_E, T_D };

struct rd {
  struct xlsx_zip *z;
  const struct xlsx_read_limits *lim;
  struct lx_err *err;
  XML_Parser p;
  int rc, depth, part;
  size_t run; /* bytes since the last '>' */
  /* relationships: the wanted id (sheet) and types */
  const char *want_id;
  char office[PATH_CAP], sheet_t[PATH_CAP], sst_t[PATH_CAP], styles_t[PATH_CAP];
  /* workbook */
  const char *want_name;
  char name[96], rid[64], vis_name[96], vis_rid[64], any_name[96], any_rid[64];
  int n_sheets, date1904, found;
  /* styles */
  int in_xfs, n_fmts, n_xf;
  struct {
    int id;
    unsigned char kind;
  } fmts[MAX_FMTS];
  unsigned char *xf;
  /* shared strings */
  struct sb sst;
  uint32_t *sst_off;
  long n_sst, cap_sst;
  /* collecting text */
  struct sb text;
  int in_si, in_t, in_rph, in_v, in_is, in_c;
  /* sheet */
  int in_data, col, n_cells;
  enum ctype ct;
  unsigned char style_kind;
  long row, n_rows;
  struct sb rowbuf;
  size_t *cell_off;
  struct xlsx_cell *cells;
  xlsx_row_fn fn;
  void *ctx;
};

static int stop(struct rd *r, int rc)
{
  if (!r->rc)
    r->rc = rc ? rc : LX_EINTERNAL;
  XML_StopParser(r->p, XML_FALSE);
  return r->rc;
}

static void stop_err(struct rd *r, int rc, const char *code, const char *msg)
{
  stop(r, err_set(r->err, rc, code, "file", msg));
}

static const char *local(const char *name)
{
  const char *bar = strrchr(name, '|');
  return bar ? bar + 1 : name;
}

static const char *attr(const char **atts, const char *name)
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

/* Appends a column name ("A", "AB") for 0-based col. */
static void col_name(int col, char *out)
{
  char tmp[8];
  int n = 0;
  for (col++; col > 0 && n < 7; col = (col - 1) / 26)
    tmp[n++] = (char)('A' + (col - 1) % 26);
  for (int i = 0; i < n; i++)
    out[i] = tmp[n - 1 - i];
  out[n] = 0;
}

/* ---- number formats ---------------------------------------------------- */

static unsigned char builtin_fmt(int id)
{
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
      (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
    return F_DATE;
  return id == 9 || id == 10 ? F_PERCENT : F_GENERAL;
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
        return F_DATE;
      s = e;
    } else if (strchr("dDmMyYhHsS", c)) {
      return F_DATE;
    } else if (c == '%') {
      pct = 1;
    }
  }
  return pct ? F_PERCENT : F_GENERAL;
}

static unsigned char fmt_kind(struct rd *r, int id)
{
  for (int i = 0; i < r->n_fmts; i++)
    if (r->fmts[i].id == id)
      return r->fmts[i].kind;
  return builtin_fmt(id);
}

/* ---- text --------------------------------------------------------------- */

static int hexval(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/* Decodes OOXML's _xHHHH_ escapes in place (never grows); drops NULs.
 * Returns the new length. */
static size_t unescape(char *s, size_t n)
{
  size_t i = 0, o = 0;
  while (i < n) {
    int a, b, c, d;
    if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_' &&
        (a = hexval(s[i + 2])) >= 0 && (b = hexval(s[i + 3])) >= 0 &&
        (c = hexval(s[i + 4])) >= 0 && (d = hexval(s[i + 5])) >= 0) {
      unsigned cp = (unsigned)(a << 12 | b << 8 | c << 4 | d);
      i += 7;
      if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
        continue;
      if (cp < 0x80) {
        s[o++] = (char)cp;
      } else if (cp < 0x800) {
        s[o++] = (char)(0xC0 | cp >> 6);
        s[o++] = (char)(0x80 | (cp & 0x3F));
      } else {
        s[o++] = (char)(0xE0 | cp >> 12);
        s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[o++] = (char)(0x80 | (cp & 0x3F));
      }
      continue;
    }
    s[o++] = s[i++];
  }
  s[o] = 0;
  return o;
}

/* Finishes the collected text as a string value; checks its length. */
static int finish_text(struct rd *r)
{
  if (!sb_err(&r->text))
    r->text.len = unescape(r->text.buf, r->text.len);
  if (sb_err(&r->text) ||
      utf8_len(r->text.buf) > (size_t)r->lim->max_cell_chars) {
    char c[8];
    col_name(r->col, c);
    if (r->part == P_SHEET)
      err_setf(r->err, LX_ETOOBIG, "xlsx.cell_too_long", "file",
               "第%ld行第%s列的内容超过%d个字符", r->row, c,
               r->lim->max_cell_chars);
    else
      err_setf(r->err, LX_ETOOBIG, "xlsx.cell_too_long", "file",
               "第%ld个共享字符串超过%d个字符", r->n_sst + 1,
               r->lim->max_cell_chars);
    return stop(r, LX_ETOOBIG);
  }
  return LX_OK;
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
  struct rd *r = ctx;
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
static int parse_part(struct rd *r, const char *path, int kind)
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

static void start_rel(struct rd *r, const char *el, const char **atts)
{
  const char *type = attr(atts, "Type"), *target = attr(atts, "Target");
  const char *id = attr(atts, "Id"), *mode = attr(atts, "TargetMode");
  if (strcmp(el, "Relationship") || !type || !target ||
      (mode && strcmp(mode, "Internal")))
    return;
  if (ends_with(type, "/officeDocument") && !r->office[0])
    copy(r->office, PATH_CAP, target);
  else if (ends_with(type, "/sharedStrings") && !r->sst_t[0])
    copy(r->sst_t, PATH_CAP, target);
  else if (ends_with(type, "/styles") && !r->styles_t[0])
    copy(r->styles_t, PATH_CAP, target);
  else if (r->want_id && id && strcmp(id, r->want_id) == 0)
    copy(r->sheet_t, PATH_CAP, target);
}

static void start_wb(struct rd *r, const char *el, const char **atts)
{
  const char *v;
  if (strcmp(el, "workbookPr") == 0) {
    v = attr(atts, "date1904");
    r->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
  } else if (strcmp(el, "sheet") == 0) {
    const char *name = attr(atts, "name"), *id = attr(atts, "id");
    const char *st = attr(atts, "state");
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

static void start_styles(struct rd *r, const char *el, const char **atts)
{
  const char *id = attr(atts, "numFmtId");
  if (strcmp(el, "numFmt") == 0 && id && r->n_fmts < MAX_FMTS) {
    const char *code = attr(atts, "formatCode");
    r->fmts[r->n_fmts].id = atoi(id);
    r->fmts[r->n_fmts].kind = code ? code_fmt(code) : F_GENERAL;
    r->n_fmts++;
  } else if (strcmp(el, "cellXfs") == 0) {
    r->in_xfs = 1;
  } else if (strcmp(el, "xf") == 0 && r->in_xfs && r->n_xf < MAX_XF) {
    r->xf[r->n_xf++] = id ? fmt_kind(r, atoi(id)) : F_GENERAL;
  }
}

static void start_sst(struct rd *r, const char *el, const char **atts)
{
  if (strcmp(el, "sst") == 0) {
    const char *u = attr(atts, "uniqueCount");
    if (u && strtol(u, NULL, 10) > r->lim->max_shared_strings)
      stop(r, err_setf(r->err, LX_ETOOBIG, "xlsx.too_many_strings", "file",
                       "文件中的共享字符串过多（超过%ld个）",
                       r->lim->max_shared_strings));
  } else if (strcmp(el, "si") == 0) {
    r->in_si = 1;
    sb_clear(&r->text);
  } else if (strcmp(el, "rPh") == 0) {
    r->in_rph++;
  } else if (strcmp(el, "t") == 0 && r->in_si && !r->in_rph) {
    r->in_t = 1;
  }
}

static int parse_ref(const char *ref)
{
  int col = 0, k = 0;
  for (; *ref >= 'A' && *ref <= 'Z' && k < 3; ref++, k++)
    col = col * 26 + (*ref - 'A' + 1);
  if (k == 0 || col > EXCEL_MAX_COL)
    return -1;
  for (; *ref; ref++)
    if (*ref < '0' || *ref > '9')
      return -1;
  return col - 1;
}

static void bad_ref(struct rd *r, const char *what)
{
  stop(r, err_setf(r->err, LX_EINVAL, "xlsx.bad_ref", "file",
                   "文件内容损坏（第%ld行附近的%s无效）", r->row, what));
}

static void start_sheet(struct rd *r, const char *el, const char **atts)
{
  const char *v;
  if (strcmp(el, "sheetData") == 0) {
    r->in_data = 1;
  } else if (!r->in_data) {
    return;
  } else if (strcmp(el, "row") == 0) {
    long n = r->row + 1;
    v = attr(atts, "r");
    if (v) {
      char *e;
      errno = 0;
      n = strtol(v, &e, 10);
      if (errno || *e || e == v || n <= r->row || n > EXCEL_MAX_ROW) {
        bad_ref(r, "行号");
        return;
      }
    }
    r->row = n;
    r->col = -1;
    r->n_cells = 0;
    sb_clear(&r->rowbuf);
  } else if (strcmp(el, "c") == 0) {
    int col = r->col + 1;
    const char *t = attr(atts, "t"), *s = attr(atts, "s");
    v = attr(atts, "r");
    if (v)
      col = parse_ref(v);
    if (col < 0 || col <= r->col) {
      bad_ref(r, "单元格位置");
      return;
    }
    r->col = col;
    r->in_c = 1;
    r->ct = !t || !strcmp(t, "n")      ? T_N
            : !strcmp(t, "s")          ? T_S
            : !strcmp(t, "inlineStr")  ? T_INLINE
            : !strcmp(t, "b")          ? T_B
            : !strcmp(t, "e")          ? T_E
            : !strcmp(t, "d")          ? T_D
                                       : T_STR;
    r->style_kind = F_GENERAL;
    if (s) {
      long k = strtol(s, NULL, 10);
      if (k >= 0 && k < r->n_xf)
        r->style_kind = r->xf[k];
    }
    sb_clear(&r->text);
  } else if (r->in_c && strcmp(el, "v") == 0) {
    r->in_v = 1;
  } else if (r->in_c && strcmp(el, "is") == 0) {
    r->in_is = 1;
  } else if (r->in_is && strcmp(el, "rPh") == 0) {
    r->in_rph++;
  } else if (r->in_is && !r->in_rph && strcmp(el, "t") == 0) {
    r->in_t = 1;
  }
}

static void start(void *ud, const XML_Char *name, const XML_Char **atts)
{
  struct rd *r = ud;
  const char *el = local(name);
  if (r->rc)
    return;
  if (++r->depth > r->lim->max_depth) {
    stop(r, err_setf(r->err, LX_EINVAL, "xlsx.xml_depth", "file",
                     "文件中的 XML 嵌套超过%d层，已拒绝", r->lim->max_depth));
    return;
  }
  switch (r->part) {
  case P_RELS: start_rel(r, el, atts); break;
  case P_WB: start_wb(r, el, atts); break;
  case P_STYLES: start_styles(r, el, atts); break;
  case P_SST: start_sst(r, el, atts); break;
  default: start_sheet(r, el, atts); break;
  }
}

static void chars(void *ud, const XML_Char *s, int n)
{
  struct rd *r = ud;
  if (!r->rc && (r->in_t || r->in_v))
    sb_append(&r->text, s, (size_t)n);
}

static void end_sst(struct rd *r, const char *el)
{
  if (strcmp(el, "t") == 0) {
    r->in_t = 0;
  } else if (strcmp(el, "rPh") == 0 && r->in_rph) {
    r->in_rph--;
  } else if (strcmp(el, "si") == 0) {
    r->in_si = 0;
    if (finish_text(r))
      return;
    if (r->n_sst >= r->lim->max_shared_strings) {
      stop(r, err_setf(r->err, LX_ETOOBIG, "xlsx.too_many_strings", "file",
                       "文件中的共享字符串过多（超过%ld个）",
                       r->lim->max_shared_strings));
      return;
    }
    if (r->n_sst == r->cap_sst) {
      r->cap_sst = r->cap_sst ? r->cap_sst * 2 : 1024;
      r->sst_off = lx_realloc(r->sst_off, (size_t)r->cap_sst *
                                              sizeof *r->sst_off);
    }
    r->sst_off[r->n_sst++] = (uint32_t)r->sst.len;
    sb_append(&r->sst, r->text.buf, r->text.len + 1); /* with the NUL */
    if (sb_err(&r->sst))
      stop(r, err_set(r->err, LX_ETOOBIG, "xlsx.too_many_strings", "file",
                      "文件中的共享字符串总量过大"));
  }
}

/* The value of the finished cell, converted, into the row buffer. */
static void end_cell(struct rd *r)
{
  enum xlsx_cell_kind kind = XLSX_CELL_STRING;
  const char *val = r->text.buf;
  char num[64], cn[8];
  struct sb t;
  r->in_c = r->in_v = r->in_is = r->in_t = 0;
  if (r->ct == T_S && r->text.len) {
    char *e;
    long k = strtol(r->text.buf, &e, 10);
    if (*e || k < 0 || k >= r->n_sst) {
      bad_ref(r, "共享字符串编号");
      return;
    }
    val = r->sst.buf + r->sst_off[k];
  } else if (r->ct == T_INLINE || r->ct == T_STR || r->ct == T_D) {
    if (finish_text(r))
      return;
  } else if (r->ct == T_B) {
    kind = XLSX_CELL_BOOL;
    val = r->text.len == 0 ? "" : strcmp(val, "0") ? "TRUE" : "FALSE";
  } else if (r->ct == T_E) {
    kind = XLSX_CELL_ERROR;
  } else if (r->text.len) { /* a number, maybe a date or a percent */
    kind = XLSX_CELL_NUMBER;
    sb_init(&t, NULL, num, sizeof num, sizeof num - 1);
    if (r->style_kind == F_DATE) {
      kind = XLSX_CELL_DATE;
      if (r->date1904) {
        sb_appendf(&t, "%.15g", strtod(val, NULL) + 1462);
        val = num;
      }
    } else if (r->style_kind == F_PERCENT) {
      kind = XLSX_CELL_PERCENT;
      sb_appendf(&t, "%.15g%%", strtod(val, NULL) * 100);
      val = num;
    }
  }
  if (!val[0])
    return;
  if (r->col >= r->lim->max_cols) {
    col_name(r->col, cn);
    stop(r, err_setf(r->err, LX_ETOOBIG, "xlsx.too_many_cols", "file",
                     "第%ld行第%s列超出了%d列的上限", r->row, cn,
                     r->lim->max_cols));
    return;
  }
  while (r->n_cells < r->col) { /* gaps */
    r->cells[r->n_cells].kind = XLSX_CELL_EMPTY;
    r->cell_off[r->n_cells++] = (size_t)-1;
  }
  r->cells[r->n_cells].kind = kind;
  r->cell_off[r->n_cells] = r->rowbuf.len;
  sb_append(&r->rowbuf, val, strlen(val) + 1);
  r->cells[r->n_cells].len = strlen(val);
  r->n_cells++;
}

static void end_row(struct rd *r)
{
  int rc;
  if (sb_err(&r->rowbuf)) {
    stop(r, err_set(r->err, LX_ETOOBIG, "xlsx.cell_too_long", "file",
                    "一行的内容过多"));
    return;
  }
  if (r->n_cells == 0)
    return;
  if (++r->n_rows > r->lim->max_rows) {
    stop(r, err_setf(r->err, LX_ETOOBIG, "xlsx.too_many_rows", "file",
                     "文件超过%ld行的上限", r->lim->max_rows));
    return;
  }
  for (int i = 0; i < r->n_cells; i++) {
    if (r->cell_off[i] == (size_t)-1) {
      r->cells[i].text = "";
      r->cells[i].len = 0;
    } else {
      r->cells[i].text = r->rowbuf.buf + r->cell_off[i];
    }
  }
  rc = r->fn(r->ctx, r->row, r->cells, r->n_cells, r->err);
  if (rc)
    stop(r, rc);
}

static void end(void *ud, const XML_Char *name)
{
  struct rd *r = ud;
  const char *el = local(name);
  r->depth--;
  if (r->rc)
    return;
  if (r->part == P_STYLES && strcmp(el, "cellXfs") == 0)
    r->in_xfs = 0;
  else if (r->part == P_SST)
    end_sst(r, el);
  else if (r->part != P_SHEET || !r->in_data)
    return;
  else if (strcmp(el, "sheetData") == 0)
    r->in_data = 0;
  else if (strcmp(el, "v") == 0)
    r->in_v = 0;
  else if (strcmp(el, "t") == 0)
    r->in_t = 0;
  else if (strcmp(el, "rPh") == 0 && r->in_rph)
    r->in_rph--;
  else if (strcmp(el, "c") == 0 && r->in_c)
    end_cell(r);
  else if (strcmp(el, "row") == 0)
    end_row(r);
}

/* ---- the read ----------------------------------------------------------- */

/* dir of part + target, with "." and ".." resolved; 0 if it escapes. */
static int resolve(const char *part, const char *target, char *out)
{
  char tmp[2 * PATH_CAP];
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
      if (n + (e - i) + 2 > PATH_CAP)
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

static int not_xlsx(struct rd *r)
{
  return xlsx_err_not_xlsx(r->err);
}

static int read_book(struct rd *r, const char *want_sheet)
{
  char wb[PATH_CAP], rels[PATH_CAP + 16], path[PATH_CAP];
  const char *slash;
  int rc = parse_part(r, "_rels/.rels", P_RELS);
  if (rc && rc != LX_ENOTFOUND)
    return rc;
  if (!r->office[0] || !resolve("", r->office, wb))
    copy(wb, sizeof wb, "xl/workbook.xml");
  r->office[0] = 0;
  r->want_name = want_sheet;
  rc = parse_part(r, wb, P_WB);
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
  rc = parse_part(r, rels, P_RELS);
  if (rc == LX_ENOTFOUND || (!rc && !r->sheet_t[0]))
    return not_xlsx(r);
  if (rc)
    return rc;
  if (r->styles_t[0] && resolve(wb, r->styles_t, path)) {
    r->xf = lx_calloc(MAX_XF, 1);
    rc = parse_part(r, path, P_STYLES);
    if (rc && rc != LX_ENOTFOUND)
      return rc;
  }
  if (r->sst_t[0] && resolve(wb, r->sst_t, path)) {
    rc = parse_part(r, path, P_SST);
    if (rc && rc != LX_ENOTFOUND)
      return rc;
  }
  if (!resolve(wb, r->sheet_t, path))
    return not_xlsx(r);
  rc = parse_part(r, path, P_SHEET);
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
                  const struct xlsx_read_limits *lim, xlsx_row_fn fn,
                  void *ctx, struct xlsx_read_info *info, struct lx_err *err)
{
  struct xlsx_read_limits def;
  struct rd *r;
  size_t cell_bytes;
  int rc;
  if (!lim) {
    xlsx_read_limits_default(&def);
    lim = &def;
  }
  if (info)
    memset(info, 0, sizeof *info);
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
  fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0)
      close(fd);
    return err_set(err, LX_EIO, "xlsx.io", "file", "无法读取文件");
  }
  rc = size_check((uint64_t)st.st_size, lim, err);
  if (rc) {
    close(fd);
    if (info)
      memset(info, 0, sizeof *info);
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
