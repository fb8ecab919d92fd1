/*
 * http_int.h — shared by the http layer's own files only.
 */
#ifndef HTTP_INT_H
#define HTTP_INT_H

#include "http/http.h"

/* Percent-decodes s[0..n) (and '+' as space when plus).  Returns NULL for
 * a bad escape, %00 or invalid UTF-8.  Returns: arena-owned. */
char *http_decode(struct arena *a, const char *s, size_t n, int plus);

/* Serves an embedded (or, in dev mode, on-disk) UI file for a GET that
 * matched no API route.  Returns 1 if w was filled, 0 for "not found". */
int static_serve(struct req *r, struct resp *w, const char *web_dir);

/* The security headers every response carries. */
void http_security_headers(struct resp *w, int is_api);

#endif
