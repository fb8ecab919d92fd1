/*
 * xlsx_read_int.h — the private interface between the xlsx reader's
 * files: xlsx_read.c (API, parts, expat set-up), xlsx_read_sheet.c
 * (shared strings, cells, rows) and xlsx_read_zip.c (the container).
 *
 * xlsx_zip_open checks the whole central directory against the limits
 * before libzip opens the archive; xlsx_zip_read inflates one entry in
 * 64 KiB chunks under the running byte budget and hands each chunk to a
 * sink.  Below that, the reader state (struct xlsx_rd) that the part
 * navigation in xlsx_read.c and the cell decoding in xlsx_read_sheet.c
 * share.
 */
#ifndef XLSX_READ_INT_H
#define XLSX_READ_INT_H

#include "base/sb.h"
#include "io/xlsx_read.h"

#include <expat.h>

struct xlsx_zip;

/* Receives inflated bytes; final = 1 once, after the last chunk (n = 0).
 * Returns LX_OK or an rc with err set, which stops the read. */
typedef int (*xlsx_sink_fn)(void *ctx, const char *buf, size_t n, int final,
                            struct lx_err *err);

/* Checks the container in data[0..len) (borrowed; must outlive the zip)
 * and opens it.  deadline_us is a time_mono_us() value (0 = none).
 * rc: see xlsx_read_mem.  Returns in *out a zip the caller closes with
 * xlsx_zip_close. */
LX_MUST_CHECK int xlsx_zip_open(const unsigned char *data, size_t len,
                                const struct xlsx_read_limits *lim,
                                int64_t deadline_us, struct xlsx_zip **out,
                                struct lx_err *err);

/* Frees z.  NULL is allowed. */
void xlsx_zip_close(struct xlsx_zip *z);

/* Index of the entry named name (ASCII case-insensitive, as OPC part names
 * are), or -1. */
int xlsx_zip_find(struct xlsx_zip *z, const char *name);

/* Inflates entry idx into sink under the budgets.
 * rc: LX_OK; the sink's rc; LX_ETOOBIG ("xlsx.uncompressed_too_big",
 * "xlsx.ratio"); LX_EINVAL ("xlsx.size_mismatch", "xlsx.corrupt");
 * LX_ETIMEOUT ("xlsx.timeout"). */
LX_MUST_CHECK int xlsx_zip_read(struct xlsx_zip *z, int idx, xlsx_sink_fn sink,
                                void *ctx, struct lx_err *err);

/* The "not an xlsx file" error (shared wording). */
int xlsx_err_not_xlsx(struct lx_err *err);

/* ---- the XML layer: state shared by xlsx_read.c and xlsx_read_sheet.c -- */

#define XR_PATH_CAP 256
#define XR_MAX_XF 65536
#define XR_MAX_FMTS 1024
#define XR_EXCEL_MAX_ROW 1048576L
#define XR_EXCEL_MAX_COL 16384

enum xlsx_rd_part { XR_RELS, XR_WB, XR_STYLES, XR_SST, XR_SHEET };
enum xlsx_rd_fmt { XR_GENERAL = 0, XR_DATE, XR_PERCENT };
enum xlsx_rd_ctype { XR_N, XR_S, XR_STR, XR_INLINE, XR_B, XR_E, XR_D };

/* One read in progress; lives from xlsx_read_mem's start to its end. */
struct xlsx_rd {
  struct xlsx_zip *z;
  const struct xlsx_read_limits *lim;
  struct lx_err *err;
  XML_Parser p;        /* the part being parsed */
  int rc, depth, part; /* first error; nesting; enum xlsx_rd_part */
  size_t run;          /* bytes since the last '>' */
  /* relationships: the wanted id (sheet) and types */
  const char *want_id;
  char office[XR_PATH_CAP], sheet_t[XR_PATH_CAP], sst_t[XR_PATH_CAP],
      styles_t[XR_PATH_CAP];
  /* workbook */
  const char *want_name;
  char name[96], rid[64], vis_name[96], vis_rid[64], any_name[96], any_rid[64];
  int n_sheets, date1904, found;
  /* styles */
  int in_xfs, n_fmts, n_xf;
  struct {
    int id;
    unsigned char kind;
  } fmts[XR_MAX_FMTS];
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
  enum xlsx_rd_ctype ct;
  unsigned char style_kind;
  long row, n_rows;
  struct sb rowbuf;
  size_t *cell_off;
  struct xlsx_cell *cells;
  xlsx_row_fn fn;
  void *ctx;
};

/* Records rc (the first error wins) and stops the parser.  Returns the
 * recorded rc. */
int xlsx_rd_stop(struct xlsx_rd *r, int rc);

/* The value of the attribute with local name `name`, or NULL. */
const char *xlsx_rd_attr(const char **atts, const char *name);

/* Element handlers of the shared-strings and sheet parts (el is the local
 * name); xlsx_read.c's expat callbacks dispatch to them. */
void xlsx_rd_sst_start(struct xlsx_rd *r, const char *el, const char **atts);
void xlsx_rd_sst_end(struct xlsx_rd *r, const char *el);
void xlsx_rd_sheet_start(struct xlsx_rd *r, const char *el, const char **atts);
void xlsx_rd_sheet_end(struct xlsx_rd *r, const char *el);

#endif
