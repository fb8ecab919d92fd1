/*
 * api.h — the handlers' shared context and helpers: the application
 * struct every request points to, JSON body parsing with the project's
 * limits, and the route table built from routes.def.
 */
#ifndef API_H
#define API_H

#include "base/lx.h"
#include "http/http.h"

#include <jansson.h>

struct store;
struct store_conn;

struct app {
  struct store *store;
  int json_max_depth;
  const char *version;
};

/* The route table (routes.def).  n is set to the number of rows. */
const struct route *api_routes(int *n);

/* The guard the router calls before every handler (the policy module's
 * entry point once identity exists). */
int api_guard(struct req *r, const struct route *rt);

/* Releases per-request resources (read connection).  Called by the server
 * when a request ends. */
void api_request_end(void *app, struct req *r);

/* The request's read connection, taken from the pool on first use and
 * given back when the request ends.  rc: LX_OK, LX_EDB. */
LX_MUST_CHECK int api_db(struct req *r, struct store_conn **out);

/* Parses the request body as a JSON object: Content-Type must be
 * application/json (415), the body present (400), valid UTF-8 (400),
 * nesting within the limit (400, checked before jansson sees it), no
 * duplicate keys (400), an object at the top (400).
 * Returns: a new reference; the caller json_decref()s it. */
LX_MUST_CHECK int api_body(struct req *r, json_t **out);

/* Reads a string member.  required: missing → 400.  max_chars bounds the
 * length in characters; an empty string counts as missing when required.
 * Returns in *out a pointer owned by the json object (or NULL). */
LX_MUST_CHECK int api_get_str(struct req *r, json_t *obj, const char *key,
                              int required, size_t max_chars,
                              const char **out);

/* Reads an integer member (not a float, not a string).  rc: LX_OK,
 * LX_EINVAL.  *present says whether it was there. */
LX_MUST_CHECK int api_get_int(struct req *r, json_t *obj, const char *key,
                              int required, int64_t min, int64_t max,
                              int64_t *out, int *present);

/* Reads ?limit= (default 20, 1..200) and ?cursor= (an opaque token the
 * previous page returned; here the last id seen, 0 for the first page).
 * rc: LX_OK, LX_EINVAL naming the parameter. */
LX_MUST_CHECK int api_page(struct req *r, int *out_limit, int64_t *out_cursor);

/* Starts a JSON response: status, content type.  Returns the sb to write
 * into (arena-backed). */
struct sb *api_json(struct resp *w, int status);

/* Handlers (one per routes.def row). */
#define ROUTE(m, p, perm, fn) int fn(struct req *r, struct resp *w);
#include "api/routes.def"
#undef ROUTE

#endif
