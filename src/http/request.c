/*
 * request.c — accessors handlers use on a request: path parameters, the
 * query string (decoded here: the server keeps libmicrohttpd from
 * unescaping so that it can refuse %00 and invalid UTF-8 itself), headers
 * and cookies.
 */
#include "http/http.h"

#include "base/arena.h"
#include "base/utf8.h"
#include "http/http_int.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *req_param(struct req *r, const char *name)
{
  for (int i = 0; i < r->n_params; i++)
    if (strcmp(r->param_names[i], name) == 0)
      return r->param_values[i];
  return NULL;
}

int req_param_id(struct req *r, const char *name, int64_t *out)
{
  const char *v = req_param(r, name);
  char *end;
  long long x;
  if (!v)
    return err_setf(&r->err, LX_EINVAL, "http.bad_param", name,
                    "缺少路径参数 %s", name);
  x = strtoll(v, &end, 10);
  if (*end || x <= 0)
    return err_setf(&r->err, LX_EINVAL, "http.bad_param", name,
                    "路径参数 %s 必须是正整数", name);
  *out = x;
  return LX_OK;
}

static int hexval(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

char *http_decode(struct arena *a, const char *s, size_t n, int plus)
{
  char *out = arena_alloc(a, n + 1);
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '%') {
      int h, l;
      if (i + 2 >= n)
        return NULL;
      h = hexval(s[i + 1]);
      l = hexval(s[i + 2]);
      if (h < 0 || l < 0)
        return NULL;
      c = (char)(h * 16 + l);
      if (c == 0)
        return NULL;
      i += 2;
    } else if (c == '+' && plus) {
      c = ' ';
    }
    out[o++] = c;
  }
  out[o] = 0;
  if (!utf8_valid(out, o))
    return NULL;
  return out;
}

const char *req_query(struct req *r, const char *name)
{
  const char *q = strchr(r->raw_uri, '?');
  size_t nl = strlen(name);
  if (!q)
    return NULL;
  q++;
  while (*q) {
    const char *amp = strchr(q, '&');
    size_t len = amp ? (size_t)(amp - q) : strlen(q);
    const char *eq = memchr(q, '=', len);
    size_t kl = eq ? (size_t)(eq - q) : len;
    if (kl == nl && memcmp(q, name, nl) == 0) {
      const char *v = eq ? eq + 1 : q + len;
      size_t vl = (size_t)(q + len - v);
      char *d = http_decode(r->arena, v, vl, 1);
      return d ? d : "\x01"; /* undecodable: a value no validator accepts */
    }
    q += len;
    if (*q == '&')
      q++;
  }
  return NULL;
}

const char *req_header(struct req *r, const char *name)
{
  if (!r->mhd) {
    for (const char *const *h = r->test_headers; h && h[0]; h += 2)
      if (strcasecmp(h[0], name) == 0)
        return h[1];
    return NULL;
  }
  return MHD_lookup_connection_value((struct MHD_Connection *)r->mhd,
                                     MHD_HEADER_KIND, name);
}

const char *req_cookie(struct req *r, const char *name)
{
  if (!r->mhd) {
    const char *c = req_header(r, "Cookie");
    size_t nl = strlen(name);
    while (c && *c) {
      while (*c == ' ' || *c == ';')
        c++;
      if (strncmp(c, name, nl) == 0 && c[nl] == '=') {
        const char *v = c + nl + 1, *e = strchr(v, ';');
        return arena_strndup(r->arena, v, e ? (size_t)(e - v) : strlen(v));
      }
      c = strchr(c, ';');
    }
    return NULL;
  }
  return MHD_lookup_connection_value((struct MHD_Connection *)r->mhd,
                                     MHD_COOKIE_KIND, name);
}
