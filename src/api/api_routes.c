/*
 * api_routes.c — builds the route table from routes.def and holds the
 * per-request glue (read connection, guard).
 */
#include "api/api.h"

#include "store/store.h"

#include <string.h>

#define GET HTTP_GET
#define POST HTTP_POST
#define PUT HTTP_PUT
#define DELETE HTTP_DELETE
#define PATCH HTTP_PATCH

static const struct route table[] = {
#define ROUTE(m, p, perm, fn) {m, p, perm, fn, #fn},
#include "api/routes.def"
#undef ROUTE
};

const struct route *api_routes(int *n)
{
  *n = (int)LX_COUNT(table);
  return table;
}

int api_guard(struct req *r, const struct route *rt)
{
  if (strcmp(rt->permission, "public") == 0)
    return LX_OK;
  return err_set(&r->err, LX_EUNAUTH, "auth.required", "", "请先登录");
}

int api_db(struct req *r, struct store_conn **out)
{
  struct app *app = r->app;
  int rc;
  if (r->db) {
    *out = r->db;
    return LX_OK;
  }
  rc = store_read_acquire(app->store, (struct store_conn **)&r->db, &r->err);
  if (rc)
    return rc;
  *out = r->db;
  return LX_OK;
}

void api_request_end(void *vapp, struct req *r)
{
  struct app *app = vapp;
  if (r->db) {
    store_read_release(app->store, r->db);
    r->db = NULL;
  }
}
