/*
 * files.h — the content-addressed file store beside the database: a file
 * whose SHA-256 is H lives at <dir>/H[0..2)/H[2..4)/H, written once
 * (temporary file in <dir>, fsync, rename, fsync of the folder), so the
 * same bytes uploaded twice are stored once.  <dir> is the files_dir
 * setting, by default the database path + ".files".  Knows nothing of
 * what the files are: callers keep the rows that point at them.
 */
#ifndef STORE_FILES_H
#define STORE_FILES_H

#include "base/lx.h"

#include <stddef.h>

#define STORE_FILE_PATH_MAX 1200

/* The folder in use: cfg.files_dir, or cfg.db + ".files" when unset.
 * Returns: a static buffer filled at the first call (cfg is read-only once
 * the server runs). */
const char *store_files_dir(void);

/* Writes the path of the file with hex digest sha256 (64 lowercase hex
 * digits) into out.  rc: LX_OK; LX_EINVAL for a malformed digest;
 * LX_ETOOBIG when out is too small. */
LX_MUST_CHECK int store_file_path(const char *dir, const char *sha256,
                                  char *out, size_t out_len);

/* Stores data[0..len) under its digest sha256 (computed by the caller)
 * in dir, creating the folders as needed.  Already present (same size):
 * nothing is written.  rc: LX_OK; LX_EINVAL (bad digest); LX_EIO with err
 * "file.store" (disk full, permissions). */
LX_MUST_CHECK int store_file_put(const char *dir, const char *sha256,
                                 const void *data, size_t len,
                                 struct lx_err *err);

#endif
