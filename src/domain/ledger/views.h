/*
 * views.h — saved list views (我的视图): a name for a list page's filter
 * query string and sort, private to the account that saved it.  At most
 * LEDGER_VIEWS_MAX per account; names unique per account and page.
 * Checking that the query string is one the list accepts is the
 * caller's job (the API parses it with the list's own parser).
 */
#ifndef LEDGER_VIEWS_H
#define LEDGER_VIEWS_H

#include "base/lx.h"

#include <stdint.h>

struct arena;
struct store_conn;

#define LEDGER_VIEWS_MAX 20
#define LEDGER_VIEW_NAME_MAX 20    /* characters */
#define LEDGER_VIEW_QUERY_MAX 1000 /* bytes */

struct ledger_view {
  int64_t id;
  const char *page, *name, *query, *sort;
  int64_t created_at;
};

/* 1 for a page that has views ("items"). */
int ledger_view_page_valid(const char *page);

/* The views of account_id on page (NULL = all pages) by name.
 * Returns in *out an arena array.  rc: LX_OK, LX_EDB. */
LX_MUST_CHECK int ledger_view_list(struct store_conn *c, struct arena *a,
                                   int64_t account_id, const char *page,
                                   struct ledger_view **out, int *out_n,
                                   struct lx_err *err);

/* One view of account_id (someone else's is LX_ENOTFOUND, like a
 * missing one).  rc: LX_OK, LX_ENOTFOUND, LX_EDB. */
LX_MUST_CHECK int ledger_view_get(struct store_conn *c, struct arena *a,
                                  int64_t account_id, int64_t id,
                                  struct ledger_view *out, struct lx_err *err);

/* Saves a view (in a write job).  rc: LX_OK; LX_EINVAL ("field.*" on
 * name, page, query); LX_ECONFLICT ("view.name_taken", "view.too_many");
 * LX_EDB. */
LX_MUST_CHECK int ledger_view_create(struct store_conn *c, int64_t account_id,
                                     const struct ledger_view *v,
                                     int64_t *out_id, struct lx_err *err);

/* Deletes view id of account_id (in a write job).
 * rc: LX_OK, LX_ENOTFOUND, LX_EDB. */
LX_MUST_CHECK int ledger_view_delete(struct store_conn *c, int64_t account_id,
                                     int64_t id, struct lx_err *err);

#endif
