/*
 * sql_intern.h — long-lived copies of SQL texts that are assembled at run
 * time (list queries whose WHERE clause depends on the filters given).
 *
 * store_prepare() caches statements by the address of their SQL text, so
 * that text must live as long as the store.  A list query built from a
 * fixed set of fragments has a bounded number of variants; interning each
 * variant once gives it a stable address, and the statement cache then
 * works for it as for a literal.  Values are still always bound: only
 * fixed fragments written in the source may go into the text.
 */
#ifndef SQL_INTERN_H
#define SQL_INTERN_H

#include <stddef.h>

/* Most distinct texts kept (beyond it store_sql_intern returns NULL). */
#define SQL_INTERN_MAX 1024

/* Returns the interned copy of sql: the same pointer for equal texts.
 * Thread-safe.  Returns NULL when the table is full (a bug: a caller put
 * something other than fixed fragments into its SQL).
 * Returns: owned by the table; valid until the process exits. */
const char *store_sql_intern(const char *sql);

#endif
