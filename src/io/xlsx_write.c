/*
 * xlsx_write.c — the one-sheet export writer over libxlsxwriter (see
 * xlsx_write.h).  Values go through worksheet_write_string/_number only;
 * worksheet_write_formula is never called.
 */
#include "io/xlsx_write.h"

#include "base/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

struct xlsx {
  lxw_workbook *wb;
  lxw_worksheet *ws;
  lxw_format *f_head, *f_time, *f_date, *f_pct;
  int n_cols;
  long row;  /* current 0-based sheet row (header is row 0) */
  long head; /* rows before the data: the header (and a title) */
  lxw_error err;
  char *buf; /* scratch for cleaned text */
  size_t buf_cap;
};

int xlsx_tmp_path(char *out, size_t out_len, struct lx_err *err)
{
  const char *dir = getenv("TMPDIR");
  int fd, n;
  if (!dir || !*dir || strlen(dir) > 200)
    dir = "/tmp";
  n = snprintf(out, out_len, "%s/luoshi-export-XXXXXX.xlsx", dir);
  if (n < 0 || (size_t)n >= out_len)
    return err_set(err, LX_EIO, "export.tmp", "", "无法创建导出文件");
  fd = mkstemps(out, 5);
  if (fd < 0)
    return err_set(err, LX_EIO, "export.tmp", "", "无法创建导出文件");
  close(fd);
  return LX_OK;
}

static int sheet_name_ok(const char *s)
{
  size_t n = 0;
  if (!s || !*s)
    return 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (strchr("[]:*?/\\", *p))
      return 0;
    if ((*p & 0xc0) != 0x80)
      n++;
  }
  return n <= 31;
}

int xlsx_open(const char *path, const char *sheet_name,
              const struct xlsx_col *cols, int n_cols, struct xlsx **out,
              struct lx_err *err)
{
  return xlsx_open_titled(path, sheet_name, NULL, cols, n_cols, out, err);
}

int xlsx_open_titled(const char *path, const char *sheet_name,
                     const char *title, const struct xlsx_col *cols, int n_cols,
                     struct xlsx **out, struct lx_err *err)
{
  struct xlsx *x;
  lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
  char dir[XLSX_PATH_MAX];
  const char *slash = strrchr(path, '/');
  *out = NULL;
  if (!sheet_name_ok(sheet_name) || n_cols < 1 || n_cols > 256)
    return err_set(err, LX_EINVAL, "export.sheet", "", "工作表参数无效");
  if (slash && (size_t)(slash - path) < sizeof dir) {
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    o.tmpdir = dir;
  }
  x = lx_calloc(1, sizeof *x);
  x->wb = workbook_new_opt(path, &o);
  if (!x->wb) {
    lx_free(x);
    return err_set(err, LX_EIO, "export.open", "", "无法创建导出文件");
  }
  x->ws = workbook_add_worksheet(x->wb, sheet_name);
  x->f_head = workbook_add_format(x->wb);
  x->f_time = workbook_add_format(x->wb);
  x->f_date = workbook_add_format(x->wb);
  x->f_pct = workbook_add_format(x->wb);
  if (!x->ws || !x->f_head || !x->f_time || !x->f_date || !x->f_pct) {
    workbook_close(x->wb);
    lx_free(x);
    return err_set(err, LX_EIO, "export.open", "", "无法创建导出文件");
  }
  format_set_bold(x->f_head);
  format_set_num_format(x->f_time, "yyyy-mm-dd hh:mm:ss");
  format_set_num_format(x->f_date, "yyyy-mm-dd");
  format_set_num_format(x->f_pct, "0.0%");
  x->n_cols = n_cols;
  x->head = title && *title ? 2 : 1;
  for (int i = 0; i < n_cols; i++) {
    if (cols[i].width > 0)
      worksheet_set_column(x->ws, (lxw_col_t)i, (lxw_col_t)i, cols[i].width,
                           NULL);
  }
  if (x->head == 2) {
    xlsx_text(x, 0, title);
    x->row = 1;
  }
  for (int i = 0; i < n_cols; i++)
    xlsx_text(x, i, cols[i].title);
  worksheet_freeze_panes(x->ws, (lxw_row_t)x->head, 0);
  x->row = x->head;
  *out = x;
  return LX_OK;
}

static void note(struct xlsx *x, lxw_error e)
{
  if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR)
    x->err = e;
}

static int col_ok(struct xlsx *x, int col)
{
  if (col < 0 || col >= x->n_cols) {
    note(x, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
    return 0;
  }
  return 1;
}

/* Copies s into x->buf without the characters XML 1.0 cannot carry
 * (controls other than tab, LF and CR; they become a space) and cut to
 * XLSX_MAX_CELL_CHARS characters.  s is valid UTF-8 (all stored text
 * passed the API's UTF-8 check). */
static const char *clean(struct xlsx *x, const char *s)
{
  size_t n = strlen(s), o = 0, chars = 0;
  if (n + 1 > x->buf_cap) {
    x->buf_cap = n + 1 > 256 ? n + 1 : 256;
    x->buf = lx_realloc(x->buf, x->buf_cap);
  }
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c & 0xc0) != 0x80 && ++chars > XLSX_MAX_CELL_CHARS)
      break;
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
      c = ' ';
    else if (c == 0x7f)
      c = ' ';
    x->buf[o++] = (char)c;
  }
  x->buf[o] = 0;
  return x->buf;
}

void xlsx_text(struct xlsx *x, int col, const char *s)
{
  if (!s || !col_ok(x, col))
    return;
  if (!*s)
    return;
  note(x, worksheet_write_string(x->ws, (lxw_row_t)(x->row), (lxw_col_t)col,
                                 clean(x, s),
                                 x->row < x->head ? x->f_head : NULL));
}

void xlsx_number(struct xlsx *x, int col, double v)
{
  if (!col_ok(x, col))
    return;
  note(x, worksheet_write_number(x->ws, (lxw_row_t)x->row, (lxw_col_t)col, v,
                                 NULL));
}

void xlsx_percent(struct xlsx *x, int col, double v)
{
  if (!col_ok(x, col))
    return;
  note(x, worksheet_write_number(x->ws, (lxw_row_t)x->row, (lxw_col_t)col, v,
                                 x->f_pct));
}

/* Excel's serial day number: days since 1899-12-30 (the 1900 leap-year
 * bug is folded into that epoch for every date after 1900-03-01). */
static double excel_serial_days(int32_t unix_days)
{
  return (double)unix_days + 25569.0;
}

void xlsx_time(struct xlsx *x, int col, int64_t ms)
{
  double local_s;
  if (ms <= 0 || !col_ok(x, col))
    return;
  local_s = (double)(ms / 1000) + time_get_offset_min() * 60.0;
  note(x, worksheet_write_number(x->ws, (lxw_row_t)x->row, (lxw_col_t)col,
                                 excel_serial_days(0) + local_s / 86400.0,
                                 x->f_time));
}

void xlsx_date(struct xlsx *x, int col, const char *ymd)
{
  int32_t days;
  if (!ymd || !*ymd || !col_ok(x, col))
    return;
  if (!time_parse_date(ymd, &days)) {
    xlsx_text(x, col, ymd);
    return;
  }
  note(x, worksheet_write_number(x->ws, (lxw_row_t)x->row, (lxw_col_t)col,
                                 excel_serial_days(days), x->f_date));
}

int xlsx_row_end(struct xlsx *x)
{
  if (x->row >= XLSX_MAX_ROWS)
    return LX_ETOOBIG;
  x->row++;
  return LX_OK;
}

long xlsx_rows(const struct xlsx *x)
{
  return x->row - x->head;
}

int xlsx_close(struct xlsx *x, struct lx_err *err)
{
  lxw_error e = workbook_close(x->wb);
  lxw_error first = x->err != LXW_NO_ERROR ? x->err : e;
  lx_free(x->buf);
  lx_free(x);
  if (first != LXW_NO_ERROR)
    return err_setf(err, LX_EIO, "export.write", "", "导出文件写入失败（%s）",
                    lxw_strerror(first));
  return LX_OK;
}
