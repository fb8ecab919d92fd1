/*
 * export.c — the reads behind the Excel export of the item list (see
 * import.h, "export"): the co-units and custom values of a page of items,
 * each in one query ordered by item id, so that the export never queries
 * per row.
 */
#include "domain/ledger/import.h"

#include "base/arena.h"
#include "store/store.h"

#include <string.h>

static int export_rows(struct store_conn *c, struct arena *a, const char *sql,
                       int has_key, int64_t lo, int64_t hi,
                       struct ledger_export_kv **out, int *out_n,
                       struct lx_err *err)
{
  struct store_stmt *s;
  struct ledger_export_kv *v = NULL;
  int n = 0, cap = 0, rc = store_prepare(c, sql, &s, err);
  *out = NULL;
  *out_n = 0;
  if (rc)
    return rc;
  store_bind_i64(s, 1, lo);
  store_bind_i64(s, 2, hi);
  while ((rc = store_step(s, err)) == STORE_ROW) {
    const char *k = has_key ? store_col_text(s, 1) : NULL;
    const char *val = store_col_text(s, 2);
    if (n == cap) {
      struct ledger_export_kv *nv;
      cap = cap ? cap * 2 : 256;
      nv = arena_alloc(a, sizeof *nv * (size_t)cap);
      if (n)
        memcpy(nv, v, sizeof *nv * (size_t)n);
      v = nv;
    }
    v[n].item_id = store_col_i64(s, 0);
    v[n].key = k ? arena_strdup(a, k) : NULL;
    v[n].value = arena_strdup(a, val ? val : "");
    n++;
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  *out = v;
  *out_n = n;
  return LX_OK;
}

int ledger_export_co_units(struct store_conn *c, struct arena *a, int64_t lo,
                           int64_t hi, struct ledger_export_kv **out,
                           int *out_n, struct lx_err *err)
{
  return export_rows(c, a,
                     "SELECT cu.item_id, NULL, u.name FROM item_co_unit cu "
                     "JOIN unit u ON u.id = cu.unit_id WHERE cu.item_id "
                     "BETWEEN ? AND ? ORDER BY cu.item_id DESC, cu.unit_path, "
                     "cu.unit_id",
                     0, lo, hi, out, out_n, err);
}

int ledger_export_fields(struct store_conn *c, struct arena *a, int64_t lo,
                         int64_t hi, struct ledger_export_kv **out, int *out_n,
                         struct lx_err *err)
{
  return export_rows(c, a,
                     "SELECT item_id, field_key, value FROM item_field WHERE "
                     "item_id BETWEEN ? AND ? ORDER BY item_id DESC",
                     1, lo, hi, out, out_n, err);
}
