/*
 * router.h — matches a method and path against the route table (404, 405
 * with Allow, 400 for a malformed :id) and calls the guard (the policy
 * module, installed by the application) before the handler.
 */
#ifndef ROUTER_H
#define ROUTER_H

#include "http/http.h"

/* Decides whether r may run its route.  rc: LX_OK, LX_EUNAUTH,
 * LX_EFORBIDDEN, LX_ENOTFOUND (with r->err set). */
typedef int (*router_guard_fn)(struct req *r, const struct route *rt);

/* Installs the table (must outlive the router) and the guard. */
void router_init(const struct route *table, int n, router_guard_fn guard);

/* Number of routes (for metrics). */
int router_count(void);
const struct route *router_at(int i);

/* Finds the route for r (sets r->route, r->route_idx, params).
 * rc: LX_OK, LX_ENOTFOUND, LX_EMETHOD (allow gets the Allow list),
 * LX_EINVAL (bad path parameter). */
LX_MUST_CHECK int router_match(struct req *r, char *allow, size_t allow_len);

/* Matches, guards and runs the handler, writing the result or the error
 * into w. */
void router_dispatch(struct req *r, struct resp *w);

#endif
