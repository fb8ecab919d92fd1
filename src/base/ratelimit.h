/*
 * ratelimit.h — token buckets keyed by text ("a:42" for an account,
 * "ip:10.1.2.3" for an address), for the request rate limits of
 * SECURITY.md §2: API calls per account, logins per address.
 *
 * A bucket holds up to burst tokens and refills at rate tokens per
 * second; each request takes one.  Buckets live in a fixed number of
 * stripes, each with its own mutex and hash chain; full buckets idle for
 * a minute are dropped as the table is walked, so memory follows the
 * number of active clients.  Thread-safe.
 */
#ifndef RATELIMIT_H
#define RATELIMIT_H

#include "base/lx.h"

#include <stdint.h>

struct rl;

/* A limiter of rate tokens per second with burst capacity.  rate <= 0
 * makes a limiter that allows everything.  Returns: owned by the caller,
 * free with rl_free; NULL when out of memory. */
struct rl *rl_new(double rate, double burst);
void rl_free(struct rl *l);

/* Takes a token for key at now_ms.  Returns 1 if allowed; 0 if the
 * bucket is empty, with *retry_after_s (when not NULL) set to the whole
 * seconds until a token is back (≥ 1). */
int rl_take(struct rl *l, const char *key, int64_t now_ms, int *retry_after_s);

#endif
