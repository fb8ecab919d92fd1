/*
 * import.h — the Excel import of ledger items (台账导入): the columns of a
 * type's import template, the mapping of a sheet's header row onto them,
 * and the validation of every data row into a ready-to-create item, with
 * every error of every row and column collected in Chinese
 * ("第12行「截止日期」不是有效日期").
 *
 * Columns: 标题*, 描述, 牵头单位*, 配合单位, 牵头领导, 开始日期, 截止日期*,
 * 优先级, 指标目标值, 指标单位, then the type's custom fields by label
 * (required ones marked *).  Headers are matched by name in any order;
 * a trailing or leading * (or ＊) and surrounding blanks are ignored;
 * 事项名称, 事项描述 and 完成时限 are accepted as other names of 标题,
 * 描述 and 截止日期.  An unknown or repeated column, or a missing required
 * one, is an error of the header row.
 *
 * Values:
 *   units      exact name or organisation code, within the caller's
 *              ledger.write scope; 配合单位 separated by 、，, ; ； or line
 *              breaks; a name shared by several units asks for the code;
 *   leader     a person's name; a name shared by several people must be
 *              written 姓名（单位） (full- or half-width brackets);
 *   dates      date cells (Excel serials) or text: 2026-06-30, 2026-6-30,
 *              2026/6/30, 2026.6.30, 2026年6月30日, 20260630 (fields.h);
 *   priority   一般 / 重要 / 紧急 (or normal / high / urgent), blank = 一般;
 *   numbers    as fields.h (full-width digits, thousands separators …);
 *   text       verbatim: "=SUM(A1:A2)" stays that text (never a formula).
 * Rows whose cells are all blank are skipped.  At most
 * LEDGER_IMPORT_MAX_ROWS data rows.
 *
 * The state lives in the arena given to ledger_import_init; reads use the
 * connection given there (any read connection).
 */
#ifndef LEDGER_IMPORT_H
#define LEDGER_IMPORT_H

#include "base/lx.h"
#include "domain/ledger/item.h"

#include <stddef.h>
#include <stdint.h>

struct arena;
struct store_conn;
struct subject;

#define LEDGER_IMPORT_MAX_ROWS 5000   /* data rows per file */
#define LEDGER_IMPORT_MAX_ERRORS 2000 /* errors kept (all are counted) */
#define LEDGER_IMPORT_PREVIEW 100     /* rows kept for the preview */

/* The core columns, in template order; custom fields follow. */
enum ledger_import_col {
  LEDGER_IMP_TITLE = 0,
  LEDGER_IMP_DESC,
  LEDGER_IMP_LEAD_UNIT,
  LEDGER_IMP_CO_UNITS,
  LEDGER_IMP_LEADER,
  LEDGER_IMP_START,
  LEDGER_IMP_DUE,
  LEDGER_IMP_PRIORITY,
  LEDGER_IMP_TARGET,
  LEDGER_IMP_IND_UNIT,
  LEDGER_IMP_CORE_COUNT
};

/* One column of a type's template. */
struct ledger_import_column {
  const char *name; /* header without the *: "截止日期", a field's label */
  int required;
  int is_date;                          /* formatted as a date */
  const struct ledger_field_rec *field; /* custom field, NULL for core */
  const char *hint; /* 填写说明 (static or arena text) */
};

/* One cell as read from the sheet.  is_date: a date-styled number, text
 * is its Excel serial; is_error: a formula's error value ("#N/A"), which
 * is refused wherever it stands. */
struct ledger_import_cell {
  const char *text;
  size_t len;
  int is_date;
  int is_error;
};

struct ledger_import_error {
  long row;            /* Excel row number */
  const char *column;  /* header name, "" for the whole row or file */
  const char *message; /* "第12行「截止日期」不是有效日期" */
};

/* One data row, normalised (for the preview and the commit). */
struct ledger_import_row {
  long row;
  int ok;                   /* no error in this row */
  struct ledger_item_in in; /* ready for ledger_item_create when ok */
  const char *lead_unit_name, *co_unit_names, *leader_name;
  const char **values; /* normalised custom values, by type field */
};

struct ledger_import_unit; /* the unit directory (import.c) */

struct ledger_import {
  struct arena *a;
  struct store_conn *c;
  const struct subject *s;
  const struct ledger_type *t;
  int n_columns;
  struct ledger_import_column *columns;
  /* header mapping: map[i] = the column index of sheet column i, or -1 */
  long header_row;    /* 0 until the header is read */
  int header_missing; /* required columns missing: rows are not checked */
  int n_map;
  int *map;
  /* unit directory, loaded once */
  int n_units;
  struct ledger_import_unit *units;
  /* results */
  long n_rows;  /* non-blank data rows */
  long n_valid; /* rows without errors */
  int n_kept;   /* rows stored in rows[] (every row; ≤ MAX_ROWS) */
  struct ledger_import_row *rows;
  long n_errors; /* errors found (errors[] keeps the first MAX_ERRORS) */
  int n_kept_errors;
  struct ledger_import_error *errors;
};

/* The columns of t's template, core first (arena array of *out_n). */
void ledger_import_columns(struct arena *a, const struct ledger_type *t,
                           struct ledger_import_column **out, int *out_n);

/* Normalises a header cell: trims blanks and the * marks.  Writes at most
 * cap-1 bytes into out (NUL-terminated). */
void ledger_import_header_name(const char *s, size_t n, char *out, size_t cap);

/* Index into columns[0..n) of the header text h (already normalised; the
 * other names of core columns accepted), or -1. */
int ledger_import_column_find(const struct ledger_import_column *columns, int n,
                              const char *h);

/* Parses a date as offices type it (or an Excel serial) into "YYYY-MM-DD"
 * (out ≥ 11 bytes).  Returns 1 on success, 0 for no valid date. */
int ledger_import_date(const char *s, size_t n, char *out);

/* The priority code for 一般/重要/紧急 (or the codes themselves), "normal"
 * for blank; NULL when unknown.  Returns a static string. */
const char *ledger_import_priority(const char *s, size_t n);

/* The Chinese label of a priority code ("重要"); "" for an unknown one. */
const char *ledger_import_priority_label(const char *code);

/* Starts an import of type t (with its fields) for subject s: loads the
 * unit directory through c (NULL: none, every unit is unknown and leaders
 * cannot be looked up; for tests of the pure parts).  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int ledger_import_init(struct ledger_import *im, struct arena *a,
                                     struct store_conn *c,
                                     const struct subject *s,
                                     const struct ledger_type *t,
                                     struct lx_err *err);

/* Feeds one non-empty sheet row (the first is the header).  Errors of
 * the data are collected in im, not returned.
 * rc: LX_OK; LX_EINVAL ("import.too_many_rows") past the row cap, which
 * stops the read; LX_EDB. */
LX_MUST_CHECK int ledger_import_feed(struct ledger_import *im, long row,
                                     const struct ledger_import_cell *cells,
                                     int n_cells, struct lx_err *err);

/* Ends the read: a file without a header row or without any data row is
 * an error of the file (collected).  rc: LX_OK. */
LX_MUST_CHECK int ledger_import_finish(struct ledger_import *im,
                                       struct lx_err *err);

/* Appends an error "第<row>行「<column>」<what>" (or "第<row>行<what>"
 * when column is ""; "<what>" alone when row is 0). */
void ledger_import_error_add(struct ledger_import *im, long row,
                             const char *column, const char *what);

/* ---- export ------------------------------------------------------------ */

/* A child value of an item for a list export. */
struct ledger_export_kv {
  int64_t item_id;
  const char *key;   /* custom field key (NULL for co-units) */
  const char *value; /* co-unit name, or the field's stored value */
};

/* The co-units (names, in org order) of the items with ids in [lo, hi],
 * ordered by item id descending (the list's order), in one query.
 * Returns in *out an arena array of *out_n.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int ledger_export_co_units(struct store_conn *c, struct arena *a,
                                         int64_t lo, int64_t hi,
                                         struct ledger_export_kv **out,
                                         int *out_n, struct lx_err *err);

/* The custom field values of the items with ids in [lo, hi], ordered by
 * item id descending, in one query.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int ledger_export_fields(struct store_conn *c, struct arena *a,
                                       int64_t lo, int64_t hi,
                                       struct ledger_export_kv **out,
                                       int *out_n, struct lx_err *err);

#endif
