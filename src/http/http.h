/*
 * http.h — what handlers see of the HTTP layer: the request, the response
 * being built, and the route row.  libmicrohttpd stays behind this header
 * (the connection is an opaque pointer), and nothing here knows a domain.
 */
#ifndef HTTP_H
#define HTTP_H

#include "base/lx.h"
#include "base/sb.h"

#include <stddef.h>
#include <stdint.h>

struct arena;
struct req;
struct resp;

enum http_method {
  HTTP_GET = 1,
  HTTP_HEAD = 2,
  HTTP_POST = 4,
  HTTP_PUT = 8,
  HTTP_DELETE = 16,
  HTTP_PATCH = 32,
  HTTP_OTHER = 64
};

/* A handler: reads r, writes w.  Returns LX_OK, or an rc with r->err set;
 * the router then writes the error envelope. */
typedef int (*route_fn)(struct req *r, struct resp *w);

struct route {
  int method;             /* one enum http_method bit */
  const char *pattern;    /* "/api/v1/items/:id/close" */
  const char *permission; /* "public", "login" or a permission name */
  route_fn handler;
  const char *name; /* handler name, for metrics */
  int upload;       /* 1: the body is a file (limit upload_max) */
};

#define REQ_MAX_PARAMS 6
#define RESP_MAX_HEADERS 8

struct req {
  struct arena *arena; /* everything the request allocates */
  void *mhd;           /* the libmicrohttpd connection */
  void *app;           /* the application context (api layer) */
  int method;          /* enum http_method */
  const char *method_str;
  const char *path;    /* decoded path, without the query */
  const char *raw_uri; /* as received, with the query */
  char *body;          /* NUL-terminated request body, or NULL */
  size_t body_len;
  const struct route *route;
  int route_idx;
  const char *param_names[REQ_MAX_PARAMS];
  const char *param_values[REQ_MAX_PARAMS];
  int n_params;
  char request_id[24];
  char ip[64];
  int64_t start_us;  /* monotonic */
  struct lx_err err; /* detail for a failing handler */
  void *user;        /* the authenticated subject (api layer) */
  void *db;          /* the request's read connection (api layer) */
  const char *const *test_headers; /* in-process tests: name, value, ...,
                                      NULL (used when mhd is NULL) */
  /* internal state of the server */
  int seen;          /* access handler has been called once */
  int failed_status; /* early error decided while reading */
  const char *failed_code;
  const char *failed_msg;
  size_t body_cap;
  size_t max_body;   /* this request's body limit (route-dependent) */
  int deadline_s;    /* this request's absolute deadline */
  int retry_after_s; /* with a 429: the Retry-After seconds */
  int status;        /* status sent, for the access log */
  size_t bytes_out;
};

struct resp {
  int status;
  struct sb body;
  const char *content_type;
  const unsigned char *static_data; /* instead of body: not copied */
  size_t static_len;
  const char *hdr_names[RESP_MAX_HEADERS];
  const char *hdr_values[RESP_MAX_HEADERS];
  int n_hdrs;
};

/* The value of path parameter name (":id"), or NULL.  Returns: arena. */
const char *req_param(struct req *r, const char *name);

/* The path parameter name as a positive integer.  rc: LX_OK, LX_EINVAL
 * with err naming the parameter. */
LX_MUST_CHECK int req_param_id(struct req *r, const char *name, int64_t *out);

/* The decoded query parameter, or NULL when absent.  Returns: arena. */
const char *req_query(struct req *r, const char *name);

/* A request header, or NULL.  Returns: owned by the server, valid until
 * the request ends. */
const char *req_header(struct req *r, const char *name);

/* A cookie, or NULL. */
const char *req_cookie(struct req *r, const char *name);

/* Adds a response header (name and value must live until the response is
 * sent: literals or arena strings). */
void resp_header(struct resp *w, const char *name, const char *value);

/* Maps rc to its HTTP status. */
int http_status_of(int rc);

/* Sets the status and writes the error envelope
 * {"error":{"code","message","field"}} for rc/err into w. */
void resp_error(struct resp *w, int rc, const struct lx_err *err);

#endif
