/*
 * audit.h — the append-only, hash-chained audit log.
 *
 * audit_append() runs inside a write job, so the entry commits (or rolls
 * back) with the change it records; a failed append fails the job.  The
 * writer thread serialises jobs, so each entry chains onto the last one.
 */
#ifndef AUDIT_H
#define AUDIT_H

#include "base/lx.h"

#include <stdint.h>

struct store;
struct store_conn;

struct audit_entry {
  int64_t account_id;      /* 0 = anonymous */
  const char *username;    /* may be NULL */
  const char *ip;
  const char *action;      /* "unit.create", "auth.login" */
  const char *object_type; /* "unit" */
  const char *object_id;   /* "42" */
  const char *result;      /* "ok" | "fail" | "deny" */
  const char *before_json; /* JSON text or NULL */
  const char *after_json;
  const char *detail;      /* free text (Chinese) */
};

/* Appends e (time = now) to the chain on the writer connection c.
 * rc: LX_OK, LX_EDB. */
LX_MUST_CHECK int audit_append(struct store_conn *c, const struct audit_entry *e,
                               struct lx_err *err);

/* Checks the whole chain.  *out_checked gets the number of rows read,
 * *out_bad_id the id of the first broken row (0 if intact).
 * rc: LX_OK (intact), LX_ECONFLICT (broken; err names the row), LX_EDB. */
LX_MUST_CHECK int audit_verify(struct store *st, int64_t *out_checked,
                               int64_t *out_bad_id, struct lx_err *err);

#endif
