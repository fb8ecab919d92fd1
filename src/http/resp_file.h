/*
 * resp_file.h — answering a request with the bytes of a file (an export
 * written to a temporary file) as a download.
 */
#ifndef RESP_FILE_H
#define RESP_FILE_H

#include "base/lx.h"
#include "http/http.h"

/* Largest file resp_file_send accepts. */
#define RESP_FILE_MAX (64u * 1024 * 1024)

/* Reads the file at path into r's arena and makes it w's body (status
 * 200, content_type as given) with
 *   Content-Disposition: attachment; filename="<ascii_name>";
 *                        filename*=UTF-8''<percent-encoded utf8_name>
 * (RFC 6266 / RFC 5987).  ascii_name is the fallback for old clients and
 * must be plain ASCII without quotes (it is checked; anything else is
 * replaced by "download").  The file is left in place; the caller
 * removes it.
 * rc: LX_OK; LX_ETOOBIG (over RESP_FILE_MAX); LX_EIO. */
LX_MUST_CHECK int resp_file_send(struct req *r, struct resp *w,
                                 const char *path, const char *content_type,
                                 const char *ascii_name, const char *utf8_name);

/* Appends the Content-Disposition value for a download of utf8_name
 * (with the ASCII fallback ascii_name) to sb. */
void resp_disposition(struct sb *sb, const char *ascii_name,
                      const char *utf8_name);

#endif
