/*
 * xlsx_read_int.h — the zip container layer of the xlsx reader, shared by
 * xlsx_read.c (XML) and xlsx_read_zip.c (zip) only.
 *
 * xlsx_zip_open checks the whole central directory against the limits
 * before libzip opens the archive; xlsx_zip_read inflates one entry in
 * 64 KiB chunks under the running byte budget and hands each chunk to a
 * sink.
 */
#ifndef XLSX_READ_INT_H
#define XLSX_READ_INT_H

#include "io/xlsx_read.h"

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

#endif
