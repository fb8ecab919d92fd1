/*
 * server.c — libmicrohttpd glue.  One struct req per request, created in
 * the URI-log callback (so it exists from the first byte of the request
 * line) and freed when libmicrohttpd reports the request complete.
 *
 * Limits enforced here, beyond libmicrohttpd's own 32 KiB header pool:
 *  - URL length (414), duplicate Content-Length / Transfer-Encoding / Host
 *    and Content-Length together with Transfer-Encoding (400): Debian 12's
 *    0.9.75 ignores duplicates instead of refusing them;
 *  - body size (413, answered as soon as the declared or received size
 *    passes the limit);
 *  - inactivity timeout (libmicrohttpd) and an absolute deadline per
 *    request: a reaper thread shuts down connections whose current request
 *    has run longer than the deadline (slowloris), and the access handler
 *    answers 408 itself when it sees the deadline passed;
 *  - total and per-IP connection limits.
 * Every request is answered on the access handler's second call at the
 * earliest (answering on the first makes libmicrohttpd close keep-alive
 * connections).
 */
#include "http/server.h"

#include "base/arena.h"
#include "base/cidr.h"
#include "base/log.h"
#include "base/rand.h"
#include "base/timeutil.h"
#include "http/http_int.h"
#include "http/metrics.h"
#include "http/router.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

struct conn_track {
  int fd;
  _Atomic int64_t phase_start_us; /* start of the current request */
  _Atomic int64_t limit_us;       /* its deadline (0 = the JSON one) */
  struct conn_track *prev, *next;
};

struct http_server {
  struct MHD_Daemon *d;
  struct http_opts o;
  char web_dir[1024];
  pthread_mutex_t mu;
  pthread_cond_t cv;
  struct conn_track *conns;
  pthread_t reaper;
  int stopping;
  _Atomic int active;
  _Atomic uint64_t rid;
  uint32_t rid_prefix;
  int port;
};

/* ---- connection tracking and the deadline reaper ---- */

static void notify_conn(void *cls, struct MHD_Connection *c,
                        void **socket_context,
                        enum MHD_ConnectionNotificationCode code)
{
  struct http_server *s = cls;
  struct conn_track *t;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    t = lx_calloc(1, sizeof *t);
    t->fd = ci ? ci->connect_fd : -1;
    atomic_store(&t->phase_start_us, time_mono_us());
    pthread_mutex_lock(&s->mu);
    t->next = s->conns;
    if (s->conns)
      s->conns->prev = t;
    s->conns = t;
    pthread_mutex_unlock(&s->mu);
    *socket_context = t;
  } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
    t = *socket_context;
    if (!t)
      return;
    pthread_mutex_lock(&s->mu);
    if (t->prev)
      t->prev->next = t->next;
    else
      s->conns = t->next;
    if (t->next)
      t->next->prev = t->prev;
    pthread_mutex_unlock(&s->mu);
    lx_free(t);
    *socket_context = NULL;
  }
}

static void *reaper_main(void *arg)
{
  struct http_server *s = arg;
  int64_t limit = (int64_t)s->o.deadline_s * 1000000;
  pthread_mutex_lock(&s->mu);
  while (!s->stopping) {
    struct timespec ts;
    int64_t now = time_mono_us();
    for (struct conn_track *t = s->conns; t; t = t->next) {
      int64_t st = atomic_load(&t->phase_start_us);
      int64_t lim = atomic_load(&t->limit_us);
      if (st > 0 && now - st > (lim ? lim : limit) && t->fd >= 0) {
        /* the fd is still open: libmicrohttpd reports CLOSED (under this
         * mutex) before it closes the socket */
        shutdown(t->fd, SHUT_RDWR);
        atomic_store(&t->phase_start_us, 0);
      }
    }
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += 1;
    pthread_cond_timedwait(&s->cv, &s->mu, &ts);
  }
  pthread_mutex_unlock(&s->mu);
  return NULL;
}

/* ---- per-request state ---- */

static int method_of(const char *m)
{
  if (!strcmp(m, "GET"))
    return HTTP_GET;
  if (!strcmp(m, "POST"))
    return HTTP_POST;
  if (!strcmp(m, "PUT"))
    return HTTP_PUT;
  if (!strcmp(m, "DELETE"))
    return HTTP_DELETE;
  if (!strcmp(m, "HEAD"))
    return HTTP_HEAD;
  if (!strcmp(m, "PATCH"))
    return HTTP_PATCH;
  return HTTP_OTHER;
}

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
  struct http_server *s = cls;
  struct arena *a = arena_new();
  struct req *r = arena_zalloc(a, sizeof *r);
  const union MHD_ConnectionInfo *ci;
  r->arena = a;
  r->mhd = c;
  r->app = s->o.app;
  r->route_idx = -1;
  r->raw_uri = arena_strdup(a, uri ? uri : "/");
  r->start_us = time_mono_us();
  snprintf(r->request_id, sizeof r->request_id, "%08x%08llx", s->rid_prefix,
           (unsigned long long)atomic_fetch_add(&s->rid, 1));
  ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (ci && ci->client_addr) {
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
      inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->ip,
                sizeof r->ip);
    else if (sa->sa_family == AF_INET6)
      inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->ip,
                sizeof r->ip);
  }
  ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  if (ci && ci->socket_context) {
    struct conn_track *t = ci->socket_context;
    /* the request began when the previous one ended (or at connect) */
    if (atomic_load(&t->phase_start_us) == 0)
      atomic_store(&t->phase_start_us, r->start_us);
    atomic_store(&t->limit_us, 0);
  }
  atomic_fetch_add(&s->active, 1);
  return r;
}

static size_t unescape_none(void *cls, struct MHD_Connection *c, char *s)
{
  LX_UNUSED(cls);
  LX_UNUSED(c);
  return strlen(s);
}

struct hdr_count {
  int cl, te, host;
};

static enum MHD_Result count_hdr(void *cls, enum MHD_ValueKind kind,
                                 const char *key, const char *value)
{
  struct hdr_count *h = cls;
  LX_UNUSED(kind);
  LX_UNUSED(value);
  if (!strcasecmp(key, "Content-Length"))
    h->cl++;
  else if (!strcasecmp(key, "Transfer-Encoding"))
    h->te++;
  else if (!strcasecmp(key, "Host"))
    h->host++;
  return MHD_YES;
}

static void fail(struct req *r, int status, const char *code, const char *msg)
{
  if (!r->failed_status) {
    r->failed_status = status;
    r->failed_code = code;
    r->failed_msg = msg;
  }
}

static int rc_of_status(int status)
{
  switch (status) {
  case 400: return LX_EINVAL;
  case 408: return LX_ETIMEOUT;
  case 413: return LX_ETOOBIG;
  case 414: return LX_EINVAL;
  default: return LX_EINTERNAL;
  }
}

void http_security_headers(struct resp *w, int is_api)
{
  resp_header(w, "X-Content-Type-Options", "nosniff");
  resp_header(w, "X-Frame-Options", "DENY");
  resp_header(w, "Referrer-Policy", "same-origin");
  if (is_api)
    resp_header(w, "Cache-Control", "no-store");
  else
    resp_header(w, "Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self' "
                "'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' "
                "data:; connect-src 'self'; frame-ancestors 'none'; "
                "object-src 'none'; base-uri 'self'; form-action 'self'");
}

static enum MHD_Result send_resp(struct http_server *s, struct req *r,
                                 struct resp *w)
{
  struct MHD_Response *mr;
  const void *data;
  size_t len;
  enum MHD_Result ok;
  LX_UNUSED(s);
  if (w->static_data) {
    data = w->static_data;
    len = w->static_len;
  } else {
    if (sb_err(&w->body)) {
      struct lx_err e;
      err_set(&e, LX_ETOOBIG, "http.response_too_large", "",
              "响应内容过大，请缩小查询范围");
      w->body.err = 0;
      sb_clear(&w->body);
      resp_error(w, LX_ETOOBIG, &e);
    }
    data = w->body.buf;
    len = w->body.len;
  }
  mr = MHD_create_response_from_buffer(len, (void *)data,
                                       MHD_RESPMEM_PERSISTENT);
  if (!mr)
    return MHD_NO;
  MHD_add_response_header(mr, "Content-Type",
                          w->content_type ? w->content_type
                                          : "application/json; charset=utf-8");
  MHD_add_response_header(mr, "X-Request-Id", r->request_id);
  http_security_headers(
      w, strncmp(r->path ? r->path : "", "/api/", 5) == 0 ||
             w->content_type == NULL ||
             strncmp(w->content_type, "application/json", 16) == 0);
  for (int i = 0; i < w->n_hdrs; i++)
    MHD_add_response_header(mr, w->hdr_names[i], w->hdr_values[i]);
  r->status = w->status;
  r->bytes_out = len;
  ok = MHD_queue_response((struct MHD_Connection *)r->mhd, (unsigned)w->status,
                          mr);
  MHD_destroy_response(mr);
  return ok;
}

static void resp_init(struct req *r, struct resp *w)
{
  memset(w, 0, sizeof *w);
  w->status = 200;
  sb_init(&w->body, r->arena, NULL, 0, 64 * 1024 * 1024);
}

static enum MHD_Result send_failure(struct http_server *s, struct req *r)
{
  struct resp w;
  struct lx_err e;
  resp_init(r, &w);
  err_set(&e, rc_of_status(r->failed_status), r->failed_code, "",
          r->failed_msg);
  resp_error(&w, e.rc, &e);
  w.status = r->failed_status;
  resp_header(&w, "Connection", "close");
  return send_resp(s, r, &w);
}

static int is_body_method(int m)
{
  return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH || m == HTTP_DELETE;
}

/* Behind a trusted proxy, the client is the right-most address of
 * X-Forwarded-For that is not itself a trusted proxy. */
static void forwarded_for(struct http_server *s, struct req *r)
{
  const char *xff;
  char tok[64];
  size_t end;
  if (!s->o.trusted_proxies || !s->o.trusted_proxies->n ||
      !cidr_list_match(s->o.trusted_proxies, r->ip))
    return;
  xff = req_header(r, "X-Forwarded-For");
  if (!xff)
    return;
  end = strlen(xff);
  while (end > 0) {
    size_t b = end, n, seg;
    while (b > 0 && xff[b - 1] != ',')
      b--;
    seg = b;
    n = end - b;
    while (n && (xff[b] == ' ' || xff[b] == '\t'))
      b++, n--;
    while (n && (xff[b + n - 1] == ' ' || xff[b + n - 1] == '\t'))
      n--;
    if (n == 0 || n >= sizeof tok)
      return; /* malformed: keep the proxy's address */
    memcpy(tok, xff + b, n);
    tok[n] = 0;
    if (!cidr_list_match(s->o.trusted_proxies, tok)) {
      struct cidr_list one;
      struct lx_err e;
      if (!strchr(tok, '/') && cidr_list_parse(tok, &one, &e) == LX_OK &&
          one.n == 1)
        snprintf(r->ip, sizeof r->ip, "%s", tok);
      return;
    }
    end = seg > 0 ? seg - 1 : 0;
  }
}

static void first_call(struct http_server *s, struct req *r, const char *url,
                       const char *method)
{
  struct hdr_count h = {0, 0, 0};
  const char *cl;
  forwarded_for(s, r);
  r->method_str = arena_strdup(r->arena, method);
  r->method = method_of(method);
  r->path = http_decode(r->arena, url, strlen(url), 0);
  if (!r->path) {
    r->path = "/";
    fail(r, 400, "http.bad_url", "请求地址包含非法字符或编码");
    return;
  }
  if (strlen(r->raw_uri) > s->o.max_url) {
    fail(r, 414, "http.url_too_long", "请求地址过长");
    return;
  }
  MHD_get_connection_values((struct MHD_Connection *)r->mhd, MHD_HEADER_KIND,
                            count_hdr, &h);
  if (h.cl > 1 || h.te > 1 || h.host > 1 || (h.cl && h.te)) {
    fail(r, 400, "http.bad_headers",
         "请求头重复或冲突（Content-Length/Transfer-Encoding/Host）");
    return;
  }
  if (h.te) {
    const char *te = req_header(r, "Transfer-Encoding");
    if (!te || strcasecmp(te, "chunked") != 0) {
      fail(r, 400, "http.bad_headers", "不支持的 Transfer-Encoding");
      return;
    }
  }
  if (r->method == HTTP_OTHER) {
    fail(r, 400, "http.bad_method", "不支持的请求方法");
    return;
  }
  /* the body limit depends on the route: UPLOAD rows take files */
  r->max_body = s->o.max_body;
  r->deadline_s = s->o.deadline_s;
  if (is_body_method(r->method) && strncmp(r->path, "/api/", 5) == 0) {
    char allow[8];
    if (router_match(r, allow, sizeof allow) == LX_OK && r->route &&
        r->route->upload) {
      const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
          (struct MHD_Connection *)r->mhd, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
      if (s->o.max_upload > r->max_body)
        r->max_body = s->o.max_upload;
      if (s->o.upload_deadline_s > r->deadline_s)
        r->deadline_s = s->o.upload_deadline_s;
      if (ci && ci->socket_context)
        atomic_store(&((struct conn_track *)ci->socket_context)->limit_us,
                     (int64_t)r->deadline_s * 1000000);
    }
    err_clear(&r->err);
  }
  cl = req_header(r, "Content-Length");
  if (cl) {
    char *end;
    unsigned long long n = strtoull(cl, &end, 10);
    if (*end || end == cl) {
      fail(r, 400, "http.bad_headers", "Content-Length 无效");
      return;
    }
    if (n > r->max_body) {
      fail(r, 413, "http.body_too_large", "请求内容超过大小限制");
      return;
    }
  }
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *c,
                                      const char *url, const char *method,
                                      const char *version,
                                      const char *upload_data,
                                      size_t *upload_data_size, void **con_cls)
{
  struct http_server *s = cls;
  struct req *r = *con_cls;
  struct resp w;
  LX_UNUSED(version);
  LX_UNUSED(c);
  if (!r)
    return MHD_NO; /* cannot happen: uri_log always runs first */
  if (!r->seen) {
    r->seen = 1;
    first_call(s, r, url, method);
    if (r->failed_status == 413 || r->failed_status == 400 ||
        r->failed_status == 414)
      return send_failure(s, r);
    return MHD_YES;
  }
  if (time_mono_us() - r->start_us > (int64_t)r->deadline_s * 1000000) {
    fail(r, 408, "http.deadline", "请求超时");
    if (*upload_data_size)
      return MHD_NO; /* mid-body: cannot answer, close the connection */
    return send_failure(s, r);
  }
  if (*upload_data_size) {
    size_t n = *upload_data_size;
    *upload_data_size = 0;
    if (r->failed_status)
      return MHD_YES;
    if (!is_body_method(r->method)) {
      fail(r, 400, "http.unexpected_body", "该请求不应包含请求体");
      return MHD_YES;
    }
    if (r->body_len + n > r->max_body) {
      /* libmicrohttpd 0.9.75 cannot answer while a body is still arriving:
       * drop the rest (memory stays flat; the deadline bounds the time)
       * and answer 413 once it has been read */
      fail(r, 413, "http.body_too_large", "请求内容超过大小限制");
      return MHD_YES;
    }
    if (r->body_len + n + 1 > r->body_cap) {
      size_t cap = r->body_cap ? r->body_cap * 2 : 4096;
      char *nb;
      while (cap < r->body_len + n + 1)
        cap *= 2;
      if (cap > r->max_body + 1)
        cap = r->max_body + 1;
      nb = arena_alloc(r->arena, cap);
      if (r->body_len)
        memcpy(nb, r->body, r->body_len);
      r->body = nb;
      r->body_cap = cap;
    }
    memcpy(r->body + r->body_len, upload_data, n);
    r->body_len += n;
    r->body[r->body_len] = 0;
    return MHD_YES;
  }
  if (r->failed_status)
    return send_failure(s, r);
  resp_init(r, &w);
  if (strncmp(r->path, "/api/", 5) == 0 || router_count() == 0) {
    router_dispatch(r, &w);
  } else {
    /* GET of a non-API path: a route (healthz, metrics) or the UI */
    char allow[8];
    if (router_match(r, allow, sizeof allow) == LX_OK) {
      err_clear(&r->err);
      router_dispatch(r, &w);
    } else if ((r->method == HTTP_GET || r->method == HTTP_HEAD) &&
               static_serve(r, &w, s->web_dir)) {
      err_clear(&r->err);
    } else {
      struct lx_err e;
      err_set(&e, LX_ENOTFOUND, "http.not_found", "", "请求的地址不存在");
      resp_error(&w, LX_ENOTFOUND, &e);
    }
  }
  return send_resp(s, r, &w);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
  struct http_server *s = cls;
  struct req *r = *con_cls;
  const union MHD_ConnectionInfo *ci;
  int64_t us;
  if (!r)
    return;
  us = time_mono_us() - r->start_us;
  if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && r->status == 0)
    r->status = 499;
  metrics_observe(r->route_idx, r->status, us);
  if (s->o.access_log) {
    char path[512];
    log_escape(r->path ? r->path : r->raw_uri, path, sizeof path);
    log_msg(LOG_INFO, "access rid=%s ip=%s %s %s %d %lldus %zuB", r->request_id,
            r->ip, r->method_str ? r->method_str : "-", path, r->status,
            (long long)us, r->bytes_out);
  }
  if (s->o.on_request_end)
    s->o.on_request_end(s->o.app, r);
  ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  if (ci && ci->socket_context) {
    struct conn_track *t = ci->socket_context;
    atomic_store(&t->phase_start_us, time_mono_us());
  }
  arena_free(r->arena);
  *con_cls = NULL;
  atomic_fetch_sub(&s->active, 1);
}

static int parse_listen(const char *l, struct sockaddr_storage *ss,
                        socklen_t *len)
{
  char host[128];
  const char *colon;
  long port;
  char *end;
  memset(ss, 0, sizeof *ss);
  if (l[0] == '[') {
    const char *rb = strchr(l, ']');
    if (!rb || rb[1] != ':' || (size_t)(rb - l - 1) >= sizeof host)
      return -1;
    memcpy(host, l + 1, (size_t)(rb - l - 1));
    host[rb - l - 1] = 0;
    colon = rb + 1;
  } else {
    colon = strrchr(l, ':');
    if (!colon || (size_t)(colon - l) >= sizeof host)
      return -1;
    memcpy(host, l, (size_t)(colon - l));
    host[colon - l] = 0;
  }
  port = strtol(colon + 1, &end, 10);
  if (*end || end == colon + 1 || port < 0 || port > 65535)
    return -1;
  {
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &a4->sin_addr) == 1) {
      a4->sin_family = AF_INET;
      a4->sin_port = htons((uint16_t)port);
      *len = sizeof *a4;
      return 0;
    }
    if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
      a6->sin6_family = AF_INET6;
      a6->sin6_port = htons((uint16_t)port);
      *len = sizeof *a6;
      return 0;
    }
  }
  return -1;
}

int http_start(const struct http_opts *o, struct http_server **out,
               struct lx_err *err)
{
  struct http_server *s;
  struct sockaddr_storage ss;
  socklen_t sl;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                   MHD_USE_ITC | MHD_USE_ERROR_LOG;
  int threads =
      o->threads > 0 ? o->threads : 32 * (int)sysconf(_SC_NPROCESSORS_ONLN);
  unsigned char rb[4];
  const union MHD_DaemonInfo *di;
  if (parse_listen(o->listen, &ss, &sl) != 0)
    return err_setf(err, LX_EINVAL, "config.invalid", "listen",
                    "监听地址“%s”无效，应为 地址:端口", o->listen);
  if (threads < 1)
    threads = 1;
  s = lx_calloc(1, sizeof *s);
  s->o = *o;
  snprintf(s->web_dir, sizeof s->web_dir, "%s", o->web_dir ? o->web_dir : "");
  s->o.web_dir = s->web_dir;
  if (rand_bytes(rb, sizeof rb) != LX_OK)
    memset(rb, 0, sizeof rb);
  s->rid_prefix = (uint32_t)rb[0] << 24 | (uint32_t)rb[1] << 16 |
                  (uint32_t)rb[2] << 8 | rb[3];
  pthread_mutex_init(&s->mu, NULL);
  pthread_cond_init(&s->cv, NULL);
  if (ss.ss_family == AF_INET6)
    flags |= MHD_USE_IPv6;
  s->d = MHD_start_daemon(
      flags, 0, NULL, NULL, access_handler, s, MHD_OPTION_SOCK_ADDR,
      (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout_s,
      MHD_OPTION_CONNECTION_LIMIT, (unsigned)o->conn_limit,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)o->per_ip_limit,
      MHD_OPTION_URI_LOG_CALLBACK, uri_log, s, MHD_OPTION_NOTIFY_COMPLETED,
      completed, s, MHD_OPTION_NOTIFY_CONNECTION, notify_conn, s,
      MHD_OPTION_UNESCAPE_CALLBACK, unescape_none, s,
      MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u, MHD_OPTION_END);
  if (!s->d) {
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    lx_free(s);
    return err_setf(err, LX_EIO, "http.bind", "listen",
                    "无法在 %s 上监听（地址被占用或无权限）", o->listen);
  }
  di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
  s->port = di ? di->port : 0;
  if (pthread_create(&s->reaper, NULL, reaper_main, s) != 0) {
    MHD_stop_daemon(s->d);
    lx_free(s);
    return err_set(err, LX_EINTERNAL, "http.thread", "", "无法启动线程");
  }
  *out = s;
  return LX_OK;
}

int http_port(struct http_server *s)
{
  return s->port;
}

void http_stop(struct http_server *s, int wait_s)
{
  MHD_socket lfd;
  int64_t until = time_mono_us() + (int64_t)wait_s * 1000000;
  if (!s)
    return;
  lfd = MHD_quiesce_daemon(s->d);
  if (lfd != MHD_INVALID_SOCKET)
    close(lfd);
  while (atomic_load(&s->active) > 0 && time_mono_us() < until)
    usleep(10000);
  if (atomic_load(&s->active) > 0)
    log_warn("stopping with %d requests still in flight",
             atomic_load(&s->active));
  MHD_stop_daemon(s->d);
  pthread_mutex_lock(&s->mu);
  s->stopping = 1;
  pthread_cond_signal(&s->cv);
  pthread_mutex_unlock(&s->mu);
  pthread_join(s->reaper, NULL);
  pthread_mutex_destroy(&s->mu);
  pthread_cond_destroy(&s->cv);
  lx_free(s);
}
