/*
 * migrate.h — numbered schema migrations compiled into the binary
 * (src/store/migrations/NNNN_name.sql), applied in one transaction and
 * recorded in schema_migration(version, name, applied_at, sha256).
 */
#ifndef MIGRATE_H
#define MIGRATE_H

#include "base/lx.h"

struct store;

/* The newest migration this binary knows. */
int migrate_binary_version(void);

/* Reads the database's version (0 for a new database). rc: LX_OK, LX_EDB. */
LX_MUST_CHECK int migrate_db_version(struct store *st, int *out,
                                     struct lx_err *err);

/* Applies every pending migration in one write transaction.  Refuses a
 * database newer than the binary (LX_ECONFLICT) and a database whose
 * recorded migration text differs from the binary's (LX_ECONFLICT).
 * *out_applied gets the number applied. */
LX_MUST_CHECK int migrate_apply(struct store *st, int *out_applied,
                                struct lx_err *err);

/* LX_OK if the database is exactly at the binary's version; LX_ECONFLICT
 * with a message naming both versions otherwise. */
LX_MUST_CHECK int migrate_check(struct store *st, struct lx_err *err);

#endif
