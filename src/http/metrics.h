/*
 * metrics.h — counters for GET /metrics (Prometheus text format 0.0.4):
 * requests by route and status, a latency histogram by route, and the
 * store's commits and batch sizes.  Counters are atomics; no locks.
 */
#ifndef METRICS_H
#define METRICS_H

#include <stdint.h>

struct sb;
struct store;

/* Allocates counters for n_routes routes (+1 slot for "no route"). */
void metrics_init(int n_routes);
void metrics_shutdown(void);

/* Records one finished request.  route_idx -1 means no route matched. */
void metrics_observe(int route_idx, int status, int64_t micros);

/* Appends the whole exposition to sb. */
void metrics_render(struct sb *sb, struct store *st);

#endif
