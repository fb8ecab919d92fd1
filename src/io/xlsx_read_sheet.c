/*
 * xlsx_read_sheet.c — the cell layer of the xlsx reader (see xlsx_read.h):
 * the shared strings table, and a sheet's rows and cells turned into the
 * strings handed to the row callback — shared/inline/formula strings with
 * _xHHHH_ escapes decoded and phonetic runs dropped, booleans, errors,
 * date-styled numbers as serials (1904 files shifted), percent-styled
 * numbers as "85%" — under the row, column, cell and table limits.
 */
#include "io/xlsx_read_int.h"

#include "base/utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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
    unsigned cp = 0;
    int ok = s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_';
    for (int k = 2; ok && k < 6; k++) {
      int h = hexval(s[i + k]);
      ok = h >= 0;
      cp = cp << 4 | (unsigned)(h < 0 ? 0 : h);
    }
    if (!ok) {
      s[o++] = s[i++];
      continue;
    }
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
  }
  s[o] = 0;
  return o;
}

/* Finishes the collected text as a string value; checks its length. */
static int finish_text(struct xlsx_rd *r)
{
  if (!sb_err(&r->text))
    r->text.len = unescape(r->text.buf, r->text.len);
  if (sb_err(&r->text) ||
      utf8_len(r->text.buf) > (size_t)r->lim->max_cell_chars) {
    char c[8];
    col_name(r->col, c);
    if (r->part == XR_SHEET)
      err_setf(r->err, LX_ETOOBIG, "xlsx.cell_too_long", "file",
               "第%ld行第%s列的内容超过%d个字符", r->row, c,
               r->lim->max_cell_chars);
    else
      err_setf(r->err, LX_ETOOBIG, "xlsx.cell_too_long", "file",
               "第%ld个共享字符串超过%d个字符", r->n_sst + 1,
               r->lim->max_cell_chars);
    return xlsx_rd_stop(r, LX_ETOOBIG);
  }
  return LX_OK;
}

/* ---- shared strings ------------------------------------------------------ */

void xlsx_rd_sst_start(struct xlsx_rd *r, const char *el, const char **atts)
{
  if (strcmp(el, "sst") == 0) {
    const char *u = xlsx_rd_attr(atts, "uniqueCount");
    if (u && strtol(u, NULL, 10) > r->lim->max_shared_strings)
      xlsx_rd_stop(r, err_setf(r->err, LX_ETOOBIG, "xlsx.too_many_strings",
                               "file", "文件中的共享字符串过多（超过%ld个）",
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

void xlsx_rd_sst_end(struct xlsx_rd *r, const char *el)
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
      xlsx_rd_stop(r, err_setf(r->err, LX_ETOOBIG, "xlsx.too_many_strings",
                               "file", "文件中的共享字符串过多（超过%ld个）",
                               r->lim->max_shared_strings));
      return;
    }
    if (r->n_sst == r->cap_sst) {
      r->cap_sst = r->cap_sst ? r->cap_sst * 2 : 1024;
      r->sst_off =
          lx_realloc(r->sst_off, (size_t)r->cap_sst * sizeof *r->sst_off);
    }
    r->sst_off[r->n_sst++] = (uint32_t)r->sst.len;
    sb_append(&r->sst, r->text.buf, r->text.len + 1); /* with the NUL */
    if (sb_err(&r->sst))
      xlsx_rd_stop(r, err_set(r->err, LX_ETOOBIG, "xlsx.too_many_strings",
                              "file", "文件中的共享字符串总量过大"));
  }
}

/* ---- sheet -----------------------------------------------------------------
 */

static int parse_ref(const char *ref)
{
  int col = 0, k = 0;
  for (; *ref >= 'A' && *ref <= 'Z' && k < 3; ref++, k++)
    col = col * 26 + (*ref - 'A' + 1);
  if (k == 0 || col > XR_EXCEL_MAX_COL)
    return -1;
  for (; *ref; ref++)
    if (*ref < '0' || *ref > '9')
      return -1;
  return col - 1;
}

static void bad_ref(struct xlsx_rd *r, const char *what)
{
  xlsx_rd_stop(r,
               err_setf(r->err, LX_EINVAL, "xlsx.bad_ref", "file",
                        "文件内容损坏（第%ld行附近的%s无效）", r->row, what));
}

void xlsx_rd_sheet_start(struct xlsx_rd *r, const char *el, const char **atts)
{
  const char *v;
  if (strcmp(el, "sheetData") == 0) {
    r->in_data = 1;
  } else if (!r->in_data) {
    return;
  } else if (strcmp(el, "row") == 0) {
    long n = r->row + 1;
    v = xlsx_rd_attr(atts, "r");
    if (v) {
      char *e;
      errno = 0;
      n = strtol(v, &e, 10);
      if (errno || *e || e == v || n <= r->row || n > XR_EXCEL_MAX_ROW) {
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
    const char *t = xlsx_rd_attr(atts, "t"), *s = xlsx_rd_attr(atts, "s");
    v = xlsx_rd_attr(atts, "r");
    if (v)
      col = parse_ref(v);
    if (col < 0 || col <= r->col) {
      bad_ref(r, "单元格位置");
      return;
    }
    r->col = col;
    r->in_c = 1;
    r->ct = !t || !strcmp(t, "n")     ? XR_N
            : !strcmp(t, "s")         ? XR_S
            : !strcmp(t, "inlineStr") ? XR_INLINE
            : !strcmp(t, "b")         ? XR_B
            : !strcmp(t, "e")         ? XR_E
            : !strcmp(t, "d")         ? XR_D
                                      : XR_STR;
    r->style_kind = XR_GENERAL;
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

/* The value of the finished cell, converted, into the row buffer. */
static void end_cell(struct xlsx_rd *r)
{
  enum xlsx_cell_kind kind = XLSX_CELL_STRING;
  const char *val = r->text.buf;
  char num[64], cn[8];
  struct sb t;
  r->in_c = r->in_v = r->in_is = r->in_t = 0;
  if (r->ct == XR_S && r->text.len) {
    char *e;
    long k = strtol(r->text.buf, &e, 10);
    if (*e || k < 0 || k >= r->n_sst) {
      bad_ref(r, "共享字符串编号");
      return;
    }
    val = r->sst.buf + r->sst_off[k];
  } else if (r->ct == XR_INLINE || r->ct == XR_STR || r->ct == XR_D) {
    if (finish_text(r))
      return;
  } else if (r->ct == XR_B) {
    kind = XLSX_CELL_BOOL;
    val = r->text.len == 0 ? "" : strcmp(val, "0") ? "TRUE" : "FALSE";
  } else if (r->ct == XR_E) {
    kind = XLSX_CELL_ERROR;
  } else if (r->text.len) { /* a number, maybe a date or a percent */
    kind = XLSX_CELL_NUMBER;
    sb_init(&t, NULL, num, sizeof num, sizeof num - 1);
    if (r->style_kind == XR_DATE) {
      kind = XLSX_CELL_DATE;
      if (r->date1904) {
        sb_appendf(&t, "%.15g", strtod(val, NULL) + 1462);
        val = num;
      }
    } else if (r->style_kind == XR_PERCENT) {
      kind = XLSX_CELL_PERCENT;
      sb_appendf(&t, "%.15g%%", strtod(val, NULL) * 100);
      val = num;
    }
  }
  if (!val[0])
    return;
  if (r->col >= r->lim->max_cols) {
    col_name(r->col, cn);
    xlsx_rd_stop(r, err_setf(r->err, LX_ETOOBIG, "xlsx.too_many_cols", "file",
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

static void end_row(struct xlsx_rd *r)
{
  int rc;
  if (sb_err(&r->rowbuf)) {
    xlsx_rd_stop(r, err_set(r->err, LX_ETOOBIG, "xlsx.cell_too_long", "file",
                            "一行的内容过多"));
    return;
  }
  if (r->n_cells == 0)
    return;
  if (++r->n_rows > r->lim->max_rows) {
    xlsx_rd_stop(r, err_setf(r->err, LX_ETOOBIG, "xlsx.too_many_rows", "file",
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
    xlsx_rd_stop(r, rc);
}

void xlsx_rd_sheet_end(struct xlsx_rd *r, const char *el)
{
  if (!r->in_data)
    return;
  if (strcmp(el, "sheetData") == 0)
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
