/*
 * chain.h — the hash chain that makes the audit log tamper-evident: each
 * record's hash covers the previous record's hash and every field of the
 * record, so editing, deleting or reordering rows breaks every later link.
 *
 * THE ENCODING BELOW IS PART OF THE STORED DATA.  Changing anything in it
 * (field order, widths, the tag) makes every existing chain fail
 * `luoshi audit verify`.  A new encoding needs a new tag ("LXAUDIT2") and
 * verify code that knows which tag each record was written with.
 *
 * hash = SHA-256 over the concatenation of:
 *   1. the 8 ASCII bytes "LXAUDIT1"
 *   2. the previous hash as 32 raw bytes (decoded from its 64 lowercase
 *      hex digits; the first record uses 64 '0', AUDIT_CHAIN_GENESIS)
 *   3. id, at_ms, user_id: each as 8 bytes, big-endian two's complement
 *   4. username, ip, action, object_type, object_id, result, before_json,
 *      after_json, detail, in that order, each as
 *        NULL:      the single byte 0x00
 *        a string:  the byte 0x01, its byte length as 8 bytes big-endian,
 *                   then its bytes (no NUL, no normalisation)
 * The result is written as 64 lowercase hex digits.  Every field has a
 * fixed width or a length prefix, so no two different records encode to
 * the same bytes, and NULL differs from "".
 */
#ifndef AUDIT_CHAIN_H
#define AUDIT_CHAIN_H

#include "base/lx.h"

#include <stdint.h>

#define AUDIT_CHAIN_GENESIS                                                    \
  "0000000000000000000000000000000000000000000000000000000000000000"

/* One audit record as hashed.  Strings may be NULL; they are borrowed. */
struct audit_rec {
  int64_t id;
  int64_t at_ms; /* Unix time in milliseconds */
  int64_t user_id;
  const char *username;
  const char *ip;
  const char *action;
  const char *object_type;
  const char *object_id;
  const char *result;
  const char *before_json;
  const char *after_json;
  const char *detail;
};

/* Computes the chain hash of r after prev_hex (64 lowercase hex digits;
 * AUDIT_CHAIN_GENESIS for the first record) into out_hex (64 lowercase
 * hex digits and a NUL), with the encoding described above.
 * rc: LX_OK; LX_EINVAL when prev_hex is not 64 lowercase hex digits (out_hex
 * is then ""). */
LX_MUST_CHECK int audit_chain_hash(const char prev_hex[65],
                                   const struct audit_rec *r, char out_hex[65]);

#endif
