/*
 * totp.h — time-based one-time passwords (RFC 6238 over RFC 4226 HOTP)
 * for second-factor login: 6 digits, 30-second steps, HMAC-SHA1, a window
 * of one step either side, and each step usable only once.
 *
 * Secrets travel as RFC 4648 base32 text (what authenticator apps take).
 * Storing them (encrypted) and remembering the last used step per user is
 * the caller's job; this module is pure computation plus randomness for
 * new secrets.
 */
#ifndef AUTH_TOTP_H
#define AUTH_TOTP_H

#include "base/lx.h"

#include <stddef.h>
#include <stdint.h>

#define AUTH_TOTP_DIGITS 6
#define AUTH_TOTP_PERIOD 30
/* Bytes of a new secret (160 bits, RFC 4226's recommendation). */
#define AUTH_TOTP_SECRET_BYTES 20
/* Size of a buffer for a new secret in base32: 32 characters + NUL. */
#define AUTH_TOTP_SECRET_B32_SIZE 33
/* Longest secret accepted from base32, in bytes. */
#define AUTH_TOTP_SECRET_MAX 64

/* Encodes in[0..n) as RFC 4648 base32 (A–Z, 2–7) without '=' padding.
 * rc: LX_OK; LX_ETOOBIG when out_len < ceil(n*8/5)+1 (out is then ""). */
LX_MUST_CHECK int auth_totp_base32_encode(const void *in, size_t n, char *out,
                                          size_t out_len);

/* Decodes base32 text: case-insensitive, spaces ignored, trailing '='
 * padding optional.  Unused low bits of the last character are ignored.
 * rc: LX_OK (*out_len set); LX_EINVAL for a character outside the
 * alphabet, '=' before the end, or a length no encoding can produce;
 * LX_ETOOBIG when the result would exceed out_cap. */
LX_MUST_CHECK int auth_totp_base32_decode(const char *in, uint8_t *out,
                                          size_t out_cap, size_t *out_len);

/* Makes a new random secret of AUTH_TOTP_SECRET_BYTES as base32 text.
 * rc: LX_OK; LX_ETOOBIG when out_len < AUTH_TOTP_SECRET_B32_SIZE; LX_EIO
 * when the kernel gives no randomness. */
LX_MUST_CHECK int auth_totp_secret_new(char *out, size_t out_len);

/* The 6-digit HOTP code (RFC 4226 dynamic truncation, HMAC-SHA1) of the
 * base32 secret for counter, as text with leading zeros, into out.
 * rc: LX_OK; LX_EINVAL for an empty or malformed secret. */
LX_MUST_CHECK int auth_totp_code(const char *secret_b32, uint64_t counter,
                                 char out[AUTH_TOTP_DIGITS + 1]);

/* Checks code against the steps floor(now_unix/30) - 1 .. + 1.  A step
 * counts only if it is greater than last_used_step (pass -1 when the user
 * never used a code), so a code works once.  On success *out_step gets the
 * matched step, which the caller must store as the new last_used_step
 * before answering.  Comparisons take the same time whichever step
 * matches.
 * rc: LX_OK; LX_EUNAUTH for a wrong, expired or already used code;
 * LX_EINVAL when code is not exactly 6 ASCII digits, the secret is
 * malformed, or now_unix is negative. */
LX_MUST_CHECK int auth_totp_verify(const char *secret_b32, const char *code,
                                   int64_t now_unix, int64_t last_used_step,
                                   int64_t *out_step);

/* Builds the provisioning URI shown as a QR code:
 *   otpauth://totp/ISSUER:USERNAME?secret=S&issuer=ISSUER&digits=6&period=30
 * with ISSUER and USERNAME percent-encoded (UTF-8 bytes, RFC 3986
 * unreserved characters kept).  issuer NULL means "落实".
 * rc: LX_OK; LX_ETOOBIG when it does not fit out_len (out is then "");
 * LX_EINVAL when the secret is not valid base32. */
LX_MUST_CHECK int auth_totp_uri(const char *issuer, const char *username,
                                const char *secret_b32, char *out,
                                size_t out_len);

#endif
