/*
 * server.h — the HTTP server: libmicrohttpd with an internal thread pool
 * on epoll, request limits, the absolute per-request deadline, the access
 * log, metrics and graceful shutdown.
 */
#ifndef SERVER_H
#define SERVER_H

#include "base/lx.h"

#include <stddef.h>

struct cidr_list;
struct http_server;
struct req;

struct http_opts {
  const char *listen; /* "127.0.0.1:8080", "[::1]:0" */
  int threads;        /* 0 = 32 per core */
  int conn_limit;
  int per_ip_limit;
  int timeout_s;         /* inactivity */
  int deadline_s;        /* absolute, from the first byte of a request */
  int upload_deadline_s; /* the same for UPLOAD routes */
  /* peers whose X-Forwarded-For names the client (NULL = none); must
   * outlive the server */
  const struct cidr_list *trusted_proxies;
  size_t max_body;
  size_t max_upload; /* body limit of UPLOAD routes (files) */
  size_t max_url;
  const char *web_dir; /* dev mode; NULL/"" = embedded UI */
  int access_log;      /* 1: one line per request on stderr */
  void *app;           /* handed to handlers as req->app */
  /* called when a request ends (release per-request resources) */
  void (*on_request_end)(void *app, struct req *r);
};

/* Starts listening and serving.  rc: LX_OK, LX_EINVAL (bad listen
 * address), LX_EIO (cannot bind).  Returns: stop with http_stop. */
LX_MUST_CHECK int http_start(const struct http_opts *o,
                             struct http_server **out, struct lx_err *err);

/* The port actually bound (useful with port 0). */
int http_port(struct http_server *s);

/* Graceful stop: stops accepting, waits up to wait_s seconds for requests
 * in flight to finish, then closes every connection and frees s. */
void http_stop(struct http_server *s, int wait_s);

#endif
