/*
 * api_cursor.h — opaque, signed keyset cursors for list routes.
 *
 * A list answers {"items":[…],"next_cursor":"…"}; the cursor carries the
 * sort key of the last row (e.g. unit path and id) so the next page
 * starts after it.  The client must treat it as opaque: it is
 * base64url(payload) "." base64url(HMAC-SHA256(key, kind, payload))[:16
 * bytes], and a cursor that was altered, made up, or issued by another
 * list (kind) is refused with 400 "page.cursor".  The key is random per
 * process, so cursors do not survive a restart (a client then starts
 * again from the first page).
 */
#ifndef API_CURSOR_H
#define API_CURSOR_H

#include "base/lx.h"
#include "http/http.h"

#define API_CURSOR_MAX_FIELDS 4
/* Longest payload (all fields and separators), in bytes. */
#define API_CURSOR_MAX_PAYLOAD 600

/* Encodes n (1..API_CURSOR_MAX_FIELDS) text fields for the list kind
 * ("people").  Fields must not contain a newline.
 * Returns: arena-owned text; NULL if the fields are too long. */
const char *api_cursor_encode(struct req *r, const char *kind,
                              const char *const *fields, int n);

/* Reads ?cursor= for the list kind.  Absent or empty: *present = 0.
 * Otherwise checks the signature and splits it into exactly n fields
 * (arena-owned copies in out[0..n)).
 * rc: LX_OK; LX_EINVAL ("page.cursor", field "cursor") when the cursor
 * is malformed, forged or from another list. */
LX_MUST_CHECK int api_cursor_decode(struct req *r, const char *kind,
                                    const char **out, int n, int *present);

/* Reads ?limit= (default 20, 1..200).  rc: LX_OK, LX_EINVAL
 * ("page.limit", field "limit"). */
LX_MUST_CHECK int api_limit(struct req *r, int *out_limit);

#endif
