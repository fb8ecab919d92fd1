/*
 * test_router.c — the router in-process: a fake table, requests built by
 * hand, no sockets.  Matching, parameters, 404/405/400, the guard running
 * before the handler, and a handler error becoming the envelope.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "http/router.h"

#include <string.h>

static int calls;

static int h_ok(struct req *r, struct resp *w)
{
  int64_t id = 0;
  calls++;
  if (req_param(r, "id") && req_param_id(r, "id", &id))
    return r->err.rc;
  sb_appendf(&w->body, "{\"id\":%lld}", (long long)id);
  return LX_OK;
}

static int h_fail(struct req *r, struct resp *w)
{
  (void)w;
  calls++;
  return err_set(&r->err, LX_ECONFLICT, "item.closed", "status",
                 "事项已销号，不能再提交进展");
}

static const struct route table[] = {
    {HTTP_GET, "/api/v1/items", "public", h_ok, "list"},
    {HTTP_POST, "/api/v1/items", "secret", h_ok, "create"},
    {HTTP_GET, "/api/v1/items/:id", "public", h_ok, "get"},
    {HTTP_POST, "/api/v1/items/:id/close", "public", h_fail, "close"},
    {HTTP_GET, "/api/v1/units/:code/x", "public", h_ok, "code"},
};

static int guard(struct req *r, const struct route *rt)
{
  if (strcmp(rt->permission, "public") == 0)
    return LX_OK;
  return err_set(&r->err, LX_EFORBIDDEN, "forbidden", "", "没有权限");
}

static void run(int method, const char *path, struct resp *w,
                struct arena **a)
{
  struct req *r;
  *a = arena_new();
  r = arena_zalloc(*a, sizeof *r);
  r->arena = *a;
  r->method = method;
  r->path = path;
  r->raw_uri = path;
  memset(w, 0, sizeof *w);
  w->status = 200;
  sb_init(&w->body, *a, NULL, 0, 1 << 20);
  router_dispatch(r, w);
}

static void matching(void **state)
{
  struct resp w;
  struct arena *a;
  (void)state;
  router_init(table, 5, guard);
  calls = 0;
  run(HTTP_GET, "/api/v1/items/42", &w, &a);
  assert_int_equal(w.status, 200);
  assert_string_equal(w.body.buf, "{\"id\":42}");
  arena_free(a);
  run(HTTP_GET, "/api/v1/items/", &w, &a); /* trailing slash = the list */
  assert_int_equal(w.status, 200);
  arena_free(a);
  run(HTTP_HEAD, "/api/v1/items", &w, &a); /* HEAD follows GET */
  assert_int_equal(w.status, 200);
  arena_free(a);
  run(HTTP_GET, "/api/v1/units/ab-c/x", &w, &a); /* non-id params free */
  assert_int_equal(w.status, 200);
  arena_free(a);
  assert_int_equal(calls, 4);
}

static void errors(void **state)
{
  struct resp w;
  struct arena *a;
  (void)state;
  router_init(table, 5, guard);
  calls = 0;
  run(HTTP_GET, "/api/v1/nope", &w, &a);
  assert_int_equal(w.status, 404);
  assert_non_null(strstr(w.body.buf, "\"code\":\"http.not_found\""));
  arena_free(a);
  run(HTTP_DELETE, "/api/v1/items", &w, &a);
  assert_int_equal(w.status, 405);
  assert_string_equal(w.hdr_names[0], "Allow");
  assert_string_equal(w.hdr_values[0], "GET, POST");
  arena_free(a);
  run(HTTP_GET, "/api/v1/items/x1", &w, &a);
  assert_int_equal(w.status, 400);
  assert_non_null(strstr(w.body.buf, "\"field\":\"id\""));
  arena_free(a);
  run(HTTP_POST, "/api/v1/items", &w, &a); /* guard refuses */
  assert_int_equal(w.status, 403);
  arena_free(a);
  run(HTTP_POST, "/api/v1/items/7/close", &w, &a);
  assert_int_equal(w.status, 409);
  assert_non_null(strstr(w.body.buf, "\"code\":\"item.closed\""));
  assert_non_null(strstr(w.body.buf, "事项已销号"));
  assert_non_null(strstr(w.body.buf, "\"field\":\"status\""));
  arena_free(a);
  assert_int_equal(calls, 1); /* only the close handler ran */
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(matching),
      cmocka_unit_test(errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
