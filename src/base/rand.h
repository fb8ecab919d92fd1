/*
 * rand.h — cryptographically secure random bytes from the kernel
 * (getrandom(2)), and the few helpers built on them: hex tokens and
 * unbiased integers below a bound.
 *
 * Every function is thread-safe and keeps no state.  There is no seeded or
 * "fast" generator here on purpose: anything random in this program is
 * either a secret or cheap enough to take from the kernel.
 */
#ifndef RAND_H
#define RAND_H

#include "base/lx.h"

#include <stddef.h>
#include <stdint.h>

/* Fills buf[0..n) with random bytes.  Retries on EINTR and short reads.
 * rc: LX_OK; LX_EIO when the kernel refuses (buf is then zeroed). */
LX_MUST_CHECK int rand_bytes(void *buf, size_t n);

/* Writes 2*nbytes lowercase hex digits of fresh randomness plus a NUL
 * into out (e.g. nbytes 16 → a 128-bit token of 32 characters).
 * rc: LX_OK; LX_ETOOBIG when out_len < 2*nbytes+1 (out untouched);
 * LX_EIO from rand_bytes. */
LX_MUST_CHECK int rand_token_hex(char *out, size_t out_len, size_t nbytes);

/* Sets *out to a uniformly distributed integer in [0, bound) (rejection
 * sampling, no modulo bias).
 * rc: LX_OK; LX_EINVAL when bound is 0; LX_EIO from rand_bytes. */
LX_MUST_CHECK int rand_u32_uniform(uint32_t bound, uint32_t *out);

#endif
