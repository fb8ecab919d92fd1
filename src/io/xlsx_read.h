/*
 * xlsx_read.h — a safe reader for uploaded .xlsx workbooks (libzip +
 * expat): streams the rows of one sheet to a callback as arrays of cell
 * strings.
 *
 * Files saved by Excel, WPS and LibreOffice are read alike: shared and
 * inline strings (rich-text runs joined, phonetic runs dropped, _xHHHH_
 * escapes decoded), numbers as Excel wrote them, booleans, error values,
 * formula cells by their cached value (the formula itself is never looked
 * at), dates by the cell style's number format (the serial number is
 * passed on, 1904-system files shifted to the 1900 system, for
 * domain/ledger/fields.c to turn into a date), percent-styled numbers as
 * "85%", and namespace prefixes ("x:row") of any kind.
 *
 * Untrusted input, so every limit of SECURITY.md §2 "xlsx import" is
 * enforced before or while decompressing, never after:
 *   - the container is checked from its central directory before a byte is
 *     inflated: size, entry count, declared total and per-entry ratio,
 *     encryption, zip64, names (absolute, "..", backslash, duplicates),
 *     symlinks, nested .zip entries, overlapping entries, and the
 *     compression method;
 *   - while inflating, a running budget stops an entry that produces more
 *     than it declared, more than 100:1 of its compressed size after the
 *     first 1 MiB, or more than the total budget (a lying header);
 *   - XML: any DOCTYPE or entity declaration aborts the parse (no DTD, so
 *     no entity expansion and no external entities), depth ≤ 64, no single
 *     token longer than 1 MiB; rows, columns, cell length and the shared
 *     strings table are bounded; a wall-clock deadline applies.
 * Only the parts needed are ever decompressed: _rels/.rels, the workbook,
 * its relationships, styles, shared strings and the one sheet.
 *
 * Every refusal is an lx_err with a stable code "xlsx.*" and a Chinese
 * message.  Not thread-safe per call; separate calls are independent.
 */
#ifndef XLSX_READ_H
#define XLSX_READ_H

#include "base/lx.h"

#include <stddef.h>
#include <stdint.h>

enum xlsx_cell_kind {
  XLSX_CELL_EMPTY = 0,
  XLSX_CELL_STRING,  /* text (shared, inline or a formula's string) */
  XLSX_CELL_NUMBER,  /* "1234.5", "1.2E-3": as stored */
  XLSX_CELL_BOOL,    /* "TRUE" / "FALSE" */
  XLSX_CELL_DATE,    /* date-styled number: Excel serial (1900 system) */
  XLSX_CELL_PERCENT, /* percent-styled number, ×100 with a sign: "85%" */
  XLSX_CELL_ERROR    /* "#N/A", "#DIV/0!" … */
};

/* One cell.  text is NUL-terminated UTF-8 ("" when empty). */
struct xlsx_cell {
  const char *text;
  size_t len;
  enum xlsx_cell_kind kind;
};

struct xlsx_read_limits {
  size_t max_file;         /* compressed file: 20 MiB */
  uint64_t max_total;      /* all parts read, uncompressed: 200 MiB */
  uint64_t ratio_free;     /* ratio checked past this: 1 MiB */
  unsigned max_ratio;      /* per entry: 100 (:1) */
  int max_entries;         /* 1,000 */
  int max_depth;           /* XML nesting: 64 */
  size_t max_token;        /* bytes of XML without a '>': 1 MiB */
  long max_rows;           /* non-empty rows, header included: 100,000 */
  int max_cols;            /* 256 (A..IV) */
  int max_cell_chars;      /* 32,767 */
  long max_shared_strings; /* 500,000 */
  size_t max_shared_bytes; /* 64 MiB */
  int64_t max_ms;          /* wall time: 60,000; 0 = none */
};

/* What was read. */
struct xlsx_read_info {
  char sheet[96]; /* name of the sheet read */
  int n_sheets;
  long n_rows;   /* non-empty rows passed to the callback */
  long n_shared; /* shared strings */
  int date1904;  /* the workbook used the 1904 date system */
};

/* Called once per non-empty row, in order.  row is the sheet's 1-based row
 * number (what Excel shows), cells[0] is column A, n_cells is one past the
 * last non-empty cell.  The cells are valid only during the call.  Return
 * LX_OK to go on; anything else stops the read, which returns that rc (set
 * err yourself). */
typedef int (*xlsx_row_fn)(void *ctx, long row, const struct xlsx_cell *cells,
                           int n_cells, struct lx_err *err);

/* The defaults above (SECURITY.md §2). */
void xlsx_read_limits_default(struct xlsx_read_limits *lim);

/* Reads the sheet named sheet (NULL = the first visible sheet) of the
 * workbook in data[0..len), calling fn for each row.  lim NULL = defaults;
 * info may be NULL.
 * rc: LX_OK; the callback's rc; LX_EUNSUPPORTED ("xlsx.not_xlsx",
 * "xlsx.xls_or_encrypted"); LX_ETOOBIG ("xlsx.too_big",
 * "xlsx.too_many_entries", "xlsx.uncompressed_too_big", "xlsx.ratio",
 * "xlsx.too_many_rows", "xlsx.too_many_cols", "xlsx.cell_too_long",
 * "xlsx.too_many_strings", "xlsx.xml_token"); LX_EINVAL ("xlsx.empty",
 * "xlsx.corrupt", "xlsx.encrypted", "xlsx.zip64", "xlsx.bad_name",
 * "xlsx.duplicate_name", "xlsx.symlink", "xlsx.nested_zip",
 * "xlsx.overlap", "xlsx.bad_method", "xlsx.size_mismatch", "xlsx.doctype",
 * "xlsx.xml_depth", "xlsx.bad_xml", "xlsx.bad_ref"); LX_ENOTFOUND
 * ("xlsx.no_sheet"); LX_ETIMEOUT ("xlsx.timeout"). */
LX_MUST_CHECK int xlsx_read_mem(const void *data, size_t len, const char *sheet,
                                const struct xlsx_read_limits *lim,
                                xlsx_row_fn fn, void *ctx,
                                struct xlsx_read_info *info,
                                struct lx_err *err);

/* Same for the file at path; its size is checked before it is read.
 * rc: as xlsx_read_mem, plus LX_EIO ("xlsx.io"). */
LX_MUST_CHECK int xlsx_read_file(const char *path, const char *sheet,
                                 const struct xlsx_read_limits *lim,
                                 xlsx_row_fn fn, void *ctx,
                                 struct xlsx_read_info *info,
                                 struct lx_err *err);

#endif
