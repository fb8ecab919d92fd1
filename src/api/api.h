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

#include "store/store.h"

struct store;
struct store_conn;
struct subject;

struct rl;

struct app {
  struct store *store;
  int json_max_depth;
  const char *version;
  struct rl *rl_api;   /* per-account API rate limit (NULL = none) */
  struct rl *rl_login; /* per-address login rate limit (NULL = none) */
  struct rl *rl_export; /* per-account exports per hour (NULL = none) */
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

/* The logged-in subject of r (set by the guard), or NULL on public
 * routes.  Returns: arena-owned. */
const struct subject *api_subject(struct req *r);

/* Queues fn as a write job (group commit) and waits until it is durable;
 * errors land in r->err.  rc: fn's rc or LX_EBUSY/LX_EDB. */
LX_MUST_CHECK int api_write(struct req *r, store_job_fn fn, void *ctx);

/* Appends an audit entry for r's subject and client address inside a
 * write job (c is the job's connection).  object_id 0 = none.  before and
 * after are JSON texts or NULL.  rc: LX_OK, LX_EDB. */
LX_MUST_CHECK int api_audit(struct req *r, struct store_conn *c,
                            const char *action, const char *object_type,
                            int64_t object_id, const char *result,
                            const char *before, const char *after,
                            const char *detail);

/* 404 for a resource that does not exist.  Returns LX_ENOTFOUND. */
int api_not_found(struct req *r, const char *what);

/* The same 404 for a resource that exists outside the caller's data scope
 * (the two must look the same, AC-02), audited as an access-control
 * failure ("access.out_of_scope", result deny).  Returns LX_ENOTFOUND. */
int api_out_of_scope(struct req *r, const char *what);

struct jw;
/* Writes the API's user object U for subject s. */
void api_user_json(struct jw *j, const struct subject *s, int must_totp);

/* Starts a JSON response: status, content type.  Returns the sb to write
 * into (arena-backed). */
struct sb *api_json(struct resp *w, int status);

/* Handlers (one per routes.def row). */
#define ROUTE(m, p, perm, fn) int fn(struct req *r, struct resp *w);
#define UPLOAD ROUTE
#include "api/routes.def"
#undef UPLOAD
#undef ROUTE

#endif
