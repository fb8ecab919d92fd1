/*
 * org_int.h — shared by the org module's own files only: assembling list
 * queries from fixed fragments with their values collected in placeholder
 * order (plain '?', portable), then interned and prepared.
 */
#ifndef ORG_INT_H
#define ORG_INT_H

#include "base/lx.h"
#include "base/sb.h"

#include <stdint.h>

struct store_conn;
struct store_stmt;

struct listq_val {
  const char *text; /* NULL: an integer */
  int64_t i;
};

struct listq {
  struct sb sb;
  char buf[2048];
  struct listq_val v[24];
  int n;
};

/* Empties l. */
void listq_init(struct listq *l);
/* Appends a fixed SQL fragment (a literal: never a value). */
void listq_add(struct listq *l, const char *sql_part);
/* Appends a value for the next '?' (text must outlive the query). */
void listq_text(struct listq *l, const char *t);
void listq_i64(struct listq *l, int64_t i);

/* Interns l's SQL, prepares it on c and binds the values.
 * rc: LX_OK; LX_EINTERNAL (too long or too many values); LX_EDB.
 * Returns the statement in *out (store_stmt_done when finished). */
LX_MUST_CHECK int listq_prepare(struct store_conn *c, struct listq *l,
                                struct store_stmt **out, struct lx_err *err);

#endif
