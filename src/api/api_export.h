/*
 * api_export.h — the Excel export of a list route (DESIGN.md: "the same
 * list with ?format=xlsx is its Excel export"), shared by the list
 * handlers so that each of them only says which rows and cells.
 *
 * The pattern (first written for the audit log):
 *   - ?format= is json (or absent) or xlsx; anything else is 400;
 *   - the rows come from the same query, with the same filters and the
 *     same data-scope filter in SQL, as the JSON list, without paging;
 *   - they are streamed into a workbook in a private temporary file
 *     (io/xlsx_write.h: text cells are never formulas);
 *   - more than spec->max_rows rows is 413 "export.too_large";
 *   - the export is audited (spec->action, with the row count and the
 *     filters) in a write job BEFORE the file is sent: if that entry
 *     cannot be written nothing is sent (fail closed);
 *   - the file goes out with a Content-Disposition naming it in Chinese
 *     (http/resp_file.h) and is removed.
 *
 * Usage in a handler:
 *   static const struct api_export_spec spec = {…};
 *   struct api_export e;
 *   int rc = api_export_begin(&e, r, &spec);
 *   while (!rc && another row) {
 *     xlsx_text(e.x, 0, …); …;
 *     rc = api_export_row_end(&e);
 *   }
 *   return api_export_end(&e, rc, w);   (always, whatever begin returned)
 */
#ifndef API_EXPORT_H
#define API_EXPORT_H

#include "api/api.h"
#include "io/xlsx_write.h"

/* Rows one export of an organisation list may hold at most. */
#define API_EXPORT_MAX_ROWS 100000

/* What a list's export is; a static constant next to its handler. */
struct api_export_spec {
  const char *sheet;       /* sheet name and the audit detail's noun */
  const char *file_utf8;   /* download name: 人员名单.xlsx */
  const char *file_ascii;  /* fallback for old clients: people.xlsx */
  const char *action;      /* audit action: "person.export" */
  const char *object_type; /* audit object type: "person" */
  const struct xlsx_col *cols;
  int n_cols;
  long max_rows; /* more matching rows than this: 413 */
  /* query parameters written into the audit detail (NULL-terminated;
   * NULL for none) */
  const char *const *filters;
};

struct api_export {
  struct req *r;
  const struct api_export_spec *spec;
  struct xlsx *x; /* the workbook: write cells with xlsx_text(e.x, …) */
  char path[XLSX_PATH_MAX];
};

/* Reads ?format=: *out_xlsx = 1 for "xlsx", 0 when absent, empty or
 * "json".  rc: LX_OK; LX_EINVAL ("query.invalid", field "format",
 * "format 只能是 json 或 xlsx") for any other value. */
LX_MUST_CHECK int api_export_format(struct req *r, int *out_xlsx);

/* Takes one export from the caller's hourly allowance (cfg rate_export;
 * api_export_begin does it, other exports must call it first).
 * rc: LX_OK; LX_ETOOMANY ("export.rate_limited", Retry-After set). */
LX_MUST_CHECK int api_export_allowed(struct req *r);

/* Starts the export: a temporary file and a workbook with the header row
 * of spec.  e is fully set up even on failure, so api_export_end can
 * always be called.  rc: LX_OK; LX_EIO; LX_ETOOMANY (see
 * api_export_allowed). */
LX_MUST_CHECK int api_export_begin(struct api_export *e, struct req *r,
                                   const struct api_export_spec *spec);

/* api_export_begin with a title row above the header (xlsx_open_titled);
 * title is copied by the workbook. */
LX_MUST_CHECK int api_export_begin_titled(struct api_export *e, struct req *r,
                                          const struct api_export_spec *spec,
                                          const char *title);

/* Ends the current row.  rc: LX_OK; LX_ETOOBIG ("export.too_large",
 * asking to narrow the filters) past spec->max_rows. */
LX_MUST_CHECK int api_export_row_end(struct api_export *e);

/* Finishes the export that rc says went well so far (LX_OK): closes the
 * workbook, audits the export in a write job and, only when that entry
 * is durable, makes the file w's body.  Whatever rc is, the workbook is
 * freed and the temporary file removed.
 * rc: rc when it was not LX_OK; else LX_OK; LX_EIO; LX_ETOOBIG; the
 * write job's rc (LX_EBUSY, LX_EDB). */
LX_MUST_CHECK int api_export_end(struct api_export *e, int rc, struct resp *w);

#endif
