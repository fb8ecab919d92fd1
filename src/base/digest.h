/*
 * digest.h — hashing and MAC primitives on top of OpenSSL 3: SHA-256 (one
 * shot and streaming), HMAC-SHA1 and HMAC-SHA256, SM3 when the OpenSSL
 * build provides it, a constant-time compare and hex encoding.
 *
 * SHA-256 and HMAC with fixed algorithms cannot fail for a valid input
 * except when OpenSSL runs out of memory or is broken; that aborts like
 * lx_malloc does, so those functions return void.  SM3 may be missing from
 * an OpenSSL build, so its functions report LX_EUNSUPPORTED.
 * This file knows nothing about keys, passwords or encodings above hex.
 */
#ifndef DIGEST_H
#define DIGEST_H

#include "base/lx.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIGEST_SHA256_LEN 32
#define DIGEST_SHA1_LEN 20
#define DIGEST_SM3_LEN 32
/* Hex text of a 32-byte digest plus its NUL. */
#define DIGEST_HEX256_SIZE 65

/* A streaming SHA-256.  The caller embeds it and calls
 * digest_sha256_init, any number of digest_sha256_update, then
 * digest_sha256_final (or digest_sha256_reset to abandon it). */
struct digest_sha256 {
  void *md; /* EVP_MD_CTX *, owned */
};

/* SHA-256 of data[0..len) into out. */
void digest_sha256(const void *data, size_t len,
                   uint8_t out[DIGEST_SHA256_LEN]);

/* SHA-256 of data[0..len) as 64 lowercase hex digits plus a NUL. */
void digest_sha256_hex(const void *data, size_t len,
                       char out[DIGEST_HEX256_SIZE]);

/* Starts a streaming SHA-256.  The context holds an OpenSSL object until
 * digest_sha256_final or digest_sha256_reset. */
void digest_sha256_init(struct digest_sha256 *ctx);

/* Feeds data[0..len) (len may be 0, data may then be NULL). */
void digest_sha256_update(struct digest_sha256 *ctx, const void *data,
                          size_t len);

/* Writes the digest into out and releases the context (it may be
 * initialised again). */
void digest_sha256_final(struct digest_sha256 *ctx,
                         uint8_t out[DIGEST_SHA256_LEN]);

/* Releases an unfinished context; safe on a finished or zeroed one. */
void digest_sha256_reset(struct digest_sha256 *ctx);

/* HMAC-SHA1(key, data) into out.  key may be empty. */
void digest_hmac_sha1(const void *key, size_t key_len, const void *data,
                      size_t len, uint8_t out[DIGEST_SHA1_LEN]);

/* HMAC-SHA256(key, data) into out.  key may be empty. */
void digest_hmac_sha256(const void *key, size_t key_len, const void *data,
                        size_t len, uint8_t out[DIGEST_SHA256_LEN]);

/* true if this OpenSSL offers SM3 (GB/T 32905) through a loaded provider.
 * The answer is computed once and cached; thread-safe. */
bool digest_sm3_available(void);

/* SM3 of data[0..len) as 64 lowercase hex digits plus a NUL.
 * rc: LX_OK; LX_EUNSUPPORTED when SM3 is not available (out is then ""). */
LX_MUST_CHECK int digest_sm3_hex(const void *data, size_t len,
                                 char out[DIGEST_HEX256_SIZE]);

/* true if a[0..n) equals b[0..n).  Runs in time that depends only on n
 * (CRYPTO_memcmp), for comparing MACs, tokens and codes. */
bool digest_equal(const void *a, const void *b, size_t n);

/* Writes in[0..n) as 2n lowercase hex digits plus a NUL into out, which
 * must hold 2n+1 bytes. */
void digest_hex_encode(const void *in, size_t n, char *out);

/* Size of the standard base64 text (with padding and a NUL) of n bytes. */
#define DIGEST_B64_SIZE(n) (((n) + 2) / 3 * 4 + 1)

/* Writes in[0..n) as standard base64 (RFC 4648 §4, padded) plus a NUL
 * into out, which must hold DIGEST_B64_SIZE(n) bytes. */
void digest_base64_encode(const void *in, size_t n, char *out);

/* Decodes hex[0..hex_len) (upper or lower case) into out.
 * rc: LX_OK (*out_len set when not NULL); LX_EINVAL for an odd length or a
 * non-hex digit; LX_ETOOBIG when out_cap < hex_len/2. */
LX_MUST_CHECK int digest_hex_decode(const char *hex, size_t hex_len,
                                    uint8_t *out, size_t out_cap,
                                    size_t *out_len);

#endif
