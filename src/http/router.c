/*
 * router.c — linear match over the route table.  Patterns are split into
 * segments once; a request path is split per request (in its arena).
 * With a few hundred routes a scan costs well under a microsecond, so no
 * tree is needed.
 */
#include "http/router.h"

#include "base/arena.h"
#include "base/log.h"
#include "http/metrics.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SEGS 16

struct compiled {
  int n;
  const char *seg[MAX_SEGS];
  size_t seg_len[MAX_SEGS];
};

static struct {
  const struct route *table;
  int n;
  struct compiled *comp;
  router_guard_fn guard;
} R;

static int split(const char *path, const char **seg, size_t *len)
{
  int n = 0;
  const char *p = path;
  while (*p == '/')
    p++;
  while (*p) {
    const char *e = strchr(p, '/');
    size_t l = e ? (size_t)(e - p) : strlen(p);
    if (n == MAX_SEGS)
      return -1;
    seg[n] = p;
    len[n] = l;
    n++;
    p += l;
    while (*p == '/')
      p++;
  }
  return n;
}

void router_init(const struct route *table, int n, router_guard_fn guard)
{
  lx_free(R.comp);
  R.table = table;
  R.n = n;
  R.guard = guard;
  R.comp = lx_calloc((size_t)(n ? n : 1), sizeof *R.comp);
  for (int i = 0; i < n; i++) {
    R.comp[i].n = split(table[i].pattern, R.comp[i].seg, R.comp[i].seg_len);
    LX_ASSERT(R.comp[i].n >= 0);
  }
}

int router_count(void)
{
  return R.n;
}

const struct route *router_at(int i)
{
  return &R.table[i];
}

static const char *method_name(int m)
{
  switch (m) {
  case HTTP_GET: return "GET";
  case HTTP_HEAD: return "HEAD";
  case HTTP_POST: return "POST";
  case HTTP_PUT: return "PUT";
  case HTTP_DELETE: return "DELETE";
  case HTTP_PATCH: return "PATCH";
  default: return "?";
  }
}

/* 1 if a parameter of this name must be a positive integer id. */
static int is_id_param(const char *name, size_t len)
{
  return (len == 2 && memcmp(name, "id", 2) == 0) ||
         (len > 3 && memcmp(name + len - 3, "_id", 3) == 0);
}

static int valid_id(const char *s, size_t len)
{
  if (len == 0 || len > 15 || s[0] == '0')
    return 0;
  for (size_t i = 0; i < len; i++)
    if (s[i] < '0' || s[i] > '9')
      return 0;
  return 1;
}

int router_match(struct req *r, char *allow, size_t allow_len)
{
  const char *seg[MAX_SEGS];
  size_t len[MAX_SEGS];
  int n = split(r->path, seg, len), allowed = 0, bad_param = -1, bad_route = -1;
  if (n < 0)
    return err_set(&r->err, LX_ENOTFOUND, "http.not_found", "",
                   "请求的地址不存在");
  for (int i = 0; i < R.n; i++) {
    const struct compiled *c = &R.comp[i];
    int ok = c->n == n, k;
    for (k = 0; ok && k < n; k++) {
      if (c->seg[k][0] == ':')
        continue;
      ok = c->seg_len[k] == len[k] && memcmp(c->seg[k], seg[k], len[k]) == 0;
    }
    if (!ok)
      continue;
    {
      int m = R.table[i].method;
      int method = r->method == HTTP_HEAD ? HTTP_GET : r->method;
      if (m != method) {
        allowed |= m;
        continue;
      }
    }
    /* bind and check parameters */
    r->n_params = 0;
    for (k = 0; k < n; k++) {
      if (c->seg[k][0] != ':')
        continue;
      if (is_id_param(c->seg[k] + 1, c->seg_len[k] - 1) &&
          !valid_id(seg[k], len[k])) {
        bad_param = k;
        bad_route = i;
        break;
      }
      if (r->n_params < REQ_MAX_PARAMS) {
        r->param_names[r->n_params] =
            arena_strndup(r->arena, c->seg[k] + 1, c->seg_len[k] - 1);
        r->param_values[r->n_params] = arena_strndup(r->arena, seg[k], len[k]);
        r->n_params++;
      }
    }
    if (bad_param >= 0)
      break;
    r->route = &R.table[i];
    r->route_idx = i;
    return LX_OK;
  }
  if (bad_param >= 0) {
    const struct compiled *c = &R.comp[bad_route];
    char name[64];
    size_t l = c->seg_len[bad_param] - 1;
    if (l >= sizeof name)
      l = sizeof name - 1;
    memcpy(name, c->seg[bad_param] + 1, l);
    name[l] = 0;
    r->route_idx = bad_route;
    return err_setf(&r->err, LX_EINVAL, "http.bad_param", name,
                    "路径参数 %s 必须是正整数", name);
  }
  if (allowed) {
    size_t o = 0;
    allow[0] = 0;
    for (int b = HTTP_GET; b < HTTP_OTHER; b <<= 1)
      if (allowed & b) {
        const char *mn = method_name(b);
        size_t ml = strlen(mn);
        if (o + ml + 3 < allow_len) {
          if (o) {
            memcpy(allow + o, ", ", 2);
            o += 2;
          }
          memcpy(allow + o, mn, ml);
          o += ml;
          allow[o] = 0;
        }
      }
    return err_set(&r->err, LX_EMETHOD, "http.method_not_allowed", "",
                   "不支持该请求方法");
  }
  return err_set(&r->err, LX_ENOTFOUND, "http.not_found", "",
                 "请求的地址不存在");
}

void router_dispatch(struct req *r, struct resp *w)
{
  char allow[64];
  int rc = router_match(r, allow, sizeof allow);
  if (rc == LX_EMETHOD) {
    resp_header(w, "Allow", arena_strdup(r->arena, allow));
  }
  if (!rc && R.guard)
    rc = R.guard(r, r->route);
  if (!rc) {
    rc = r->route->handler(r, w);
    if (rc && !r->err.rc) {
      log_error("%s returned %s without an error message", r->route->name,
                lx_rc_name(rc));
      err_set(&r->err, rc, "internal", "", "服务器内部错误");
    }
  }
  if (rc) {
    sb_clear(&w->body);
    w->body.err = 0;
    if (rc == LX_ETOOMANY && r->retry_after_s > 0)
      resp_header(w, "Retry-After",
                  arena_printf(r->arena, "%d", r->retry_after_s));
    resp_error(w, rc, &r->err);
  }
}
