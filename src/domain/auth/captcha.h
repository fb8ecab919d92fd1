/*
 * captcha.h — the login CAPTCHA (SECURITY.md §2: an image CAPTCHA after 3
 * failed logins for an account, generated offline in the binary).
 *
 * A challenge is four digits drawn into a noisy 120 × 40 grayscale PNG
 * (digits of a 5 × 7 bitmap font, scaled, sheared and jittered, with
 * random lines and dots).  Challenges live in memory (the newest
 * AUTH_CAPTCHA_SLOTS; a restart drops them), expire after five minutes
 * and are spent by the first check, right or wrong.  Thread-safe.
 */
#ifndef AUTH_CAPTCHA_H
#define AUTH_CAPTCHA_H

#include "base/lx.h"

#include <stddef.h>
#include <stdint.h>

#define AUTH_CAPTCHA_ID_LEN 32 /* hex characters */
#define AUTH_CAPTCHA_DIGITS 4
#define AUTH_CAPTCHA_TTL_MS (5 * 60 * 1000)
#define AUTH_CAPTCHA_SLOTS 4096
#define AUTH_CAPTCHA_AFTER                                                     \
  3 /* failed logins of a username before one is                               \
       needed (within the 15-minute window) */

/* Makes a challenge at now_ms: id (AUTH_CAPTCHA_ID_LEN hex + NUL) and the
 * PNG (lx_malloc'd; the caller lx_frees it).  answer, when not NULL,
 * receives the digits (AUTH_CAPTCHA_DIGITS + NUL) — for tests only.
 * rc: LX_OK; LX_EIO (no randomness); LX_ENOMEM. */
LX_MUST_CHECK int auth_captcha_new(int64_t now_ms,
                                   char id[AUTH_CAPTCHA_ID_LEN + 1],
                                   uint8_t **png, size_t *png_len,
                                   char *answer);

/* Checks answer for challenge id at now_ms and spends the challenge.
 * Returns 1 if it exists, has not expired and answer matches (ASCII
 * digits; surrounding spaces ignored), else 0. */
int auth_captcha_check(const char *id, const char *answer, int64_t now_ms);

#endif
