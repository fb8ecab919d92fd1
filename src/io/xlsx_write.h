/*
 * xlsx_write.h — writing one-sheet Excel workbooks for list exports, on
 * libxlsxwriter in constant-memory mode (rows are flushed to a temporary
 * file as they are written, so an export of 100k rows stays small in
 * memory).
 *
 * Every cell is a string, a number or a date/time: nothing this module
 * writes is ever a formula, so a value such as "=HYPERLINK(…)" or
 * "+1-2" from user input is shown as the text it is (INJ-06).  Text is
 * cleaned of characters XML cannot carry and cut to Excel's cell limit.
 * Dates and times are real Excel serial numbers with a display format, in
 * the configured time-zone offset (base/timeutil.h).
 *
 * Usage:
 *   struct xlsx *x;  char path[XLSX_PATH_MAX];
 *   rc = xlsx_tmp_path(path, sizeof path, &err);
 *   rc = xlsx_open(path, "审计日志", cols, n_cols, &x, &err);
 *   for each row: xlsx_text(x, 0, …); xlsx_time(x, 1, ms); …; xlsx_row_end(x);
 *   rc = xlsx_close(x, &err);            (x is freed either way)
 *   … send the file, then unlink(path).
 * Not thread-safe per workbook; separate workbooks are independent.
 */
#ifndef XLSX_WRITE_H
#define XLSX_WRITE_H

#include "base/lx.h"

#include <stddef.h>
#include <stdint.h>

struct xlsx;

/* A column: its header (bold, frozen first row) and width in characters
 * (0 = default). */
struct xlsx_col {
  const char *title;
  double width;
};

#define XLSX_PATH_MAX 512
/* Data rows accepted (Excel's sheet limit less the header row). */
#define XLSX_MAX_ROWS 1048575
/* Longest text written into a cell, in characters (Excel allows 32,767). */
#define XLSX_MAX_CELL_CHARS 32000

/* Creates an empty, private (0600) temporary file named
 * $TMPDIR/luoshi-export-XXXXXX.xlsx and writes its path into out.
 * rc: LX_OK; LX_EIO. */
LX_MUST_CHECK int xlsx_tmp_path(char *out, size_t out_len, struct lx_err *err);

/* Starts a workbook at path with one sheet (sheet_name ≤ 31 characters,
 * no []:*?/\) and the header row from cols.
 * rc: LX_OK; LX_EINVAL (bad sheet name or n_cols outside 1..256); LX_EIO.
 * Returns in *out a workbook the caller ends with xlsx_close. */
LX_MUST_CHECK int xlsx_open(const char *path, const char *sheet_name,
                            const struct xlsx_col *cols, int n_cols,
                            struct xlsx **out, struct lx_err *err);

/* The same with a title row above the header (bold, in the first cell,
 * e.g. "城关街道 学习统计 2026-11-01 至 2026-11-30"); the title and the
 * header rows are frozen.  title NULL or "" is xlsx_open. */
LX_MUST_CHECK int xlsx_open_titled(const char *path, const char *sheet_name,
                                   const char *title,
                                   const struct xlsx_col *cols, int n_cols,
                                   struct xlsx **out, struct lx_err *err);

/* Cell writers for the current row; col is 0-based.  NULL text or a
 * non-positive time leaves the cell empty.  Errors are sticky and reported
 * by xlsx_close. */
void xlsx_text(struct xlsx *x, int col, const char *s);
void xlsx_number(struct xlsx *x, int col, double v);
/* A fraction (0.853) as a number cell shown as a percentage "85.3%". */
void xlsx_percent(struct xlsx *x, int col, double v);
/* A point in time (Unix ms) as a local date-time "yyyy-mm-dd hh:mm:ss". */
void xlsx_time(struct xlsx *x, int col, int64_t ms);
/* A "YYYY-MM-DD" date as an Excel date; anything else is written as text. */
void xlsx_date(struct xlsx *x, int col, const char *ymd);

/* Ends the current row.  rc: LX_OK; LX_ETOOBIG past XLSX_MAX_ROWS. */
LX_MUST_CHECK int xlsx_row_end(struct xlsx *x);

/* Number of data rows written so far. */
long xlsx_rows(const struct xlsx *x);

/* Finishes the file and frees x (also on error).
 * rc: LX_OK; LX_EIO when libxlsxwriter failed at any point. */
LX_MUST_CHECK int xlsx_close(struct xlsx *x, struct lx_err *err);

#endif
