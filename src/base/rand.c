/*
 * rand.c — kernel randomness (see rand.h).  getrandom(2) with flags 0
 * blocks only until the pool is initialised at boot and then never fails
 * for reads up to 256 bytes, but larger reads may be cut short by a
 * signal, so the loop handles both EINTR and partial reads.
 */
#include "base/rand.h"

#include "base/digest.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

int rand_bytes(void *buf, size_t n)
{
  unsigned char *p = buf;
  size_t got = 0;
  while (got < n) {
    ssize_t r = getrandom(p + got, n - got, 0);
    if (r < 0) {
      if (errno == EINTR)
        continue;
      explicit_bzero(buf, n);
      return LX_EIO;
    }
    got += (size_t)r;
  }
  return LX_OK;
}

int rand_token_hex(char *out, size_t out_len, size_t nbytes)
{
  unsigned char tmp[64];
  size_t done = 0;
  if (nbytes > (SIZE_MAX - 1) / 2 || out_len < 2 * nbytes + 1)
    return LX_ETOOBIG;
  while (done < nbytes) {
    size_t k = nbytes - done < sizeof tmp ? nbytes - done : sizeof tmp;
    int rc = rand_bytes(tmp, k);
    if (rc) {
      out[0] = 0;
      return rc;
    }
    digest_hex_encode(tmp, k, out + 2 * done);
    done += k;
  }
  out[2 * nbytes] = 0;
  explicit_bzero(tmp, sizeof tmp);
  return LX_OK;
}

int rand_u32_uniform(uint32_t bound, uint32_t *out)
{
  /* Values below `floor` would make the low residues more likely; they
   * are drawn again.  floor = 2^32 mod bound. */
  uint32_t floor, v;
  if (bound == 0)
    return LX_EINVAL;
  floor = (uint32_t)(-bound) % bound;
  do {
    int rc = rand_bytes(&v, sizeof v);
    if (rc)
      return rc;
  } while (v < floor);
  *out = v % bound;
  return LX_OK;
}
