/*
 * test_http.c — the HTTP layer over a real socket against a real
 * `luoshi serve`: every bad-input rule answers the right 4xx with the JSON
 * error envelope, limits and timeouts hold, and the server never crashes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tst.h"

#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct tst_server srv;

static const char json_ct[] = "Content-Type: application/json\r\n";

static void expect_error(struct tst_resp *r, int status, const char *code)
{
  char want[128];
  assert_int_equal(r->status, status);
  snprintf(want, sizeof want, "\"code\":\"%s\"", code);
  if (!strstr(r->body, want))
    fail_msg("body %s lacks %s", r->body, want);
  assert_non_null(strstr(r->body, "{\"error\":{"));
  assert_non_null(strstr(r->body, "\"message\":\""));
}

static int setup(void **state)
{
  static const char *const extra[] = {"--request-deadline", "3",
                                      "--conn-timeout",     "2",
                                      "--per-ip-limit",     "200",
                                      NULL};
  (void)state;
  memset(&srv, 0, sizeof srv);
  return tst_server_start(&srv, extra);
}

static int teardown(void **state)
{
  (void)state;
  /* graceful stop exits 0 */
  return tst_server_stop(&srv) == 0 ? 0 : -1;
}

static void healthz_ok(void **state)
{
  struct tst_resp r;
  char h[256];
  (void)state;
  assert_int_equal(tst_req(srv.port, "GET", "/healthz", NULL, NULL, &r), 0);
  assert_int_equal(r.status, 200);
  assert_string_equal(r.body, "{\"status\":\"ok\"}");
  assert_non_null(tst_header(&r, "X-Request-Id", h, sizeof h));
  assert_string_equal(tst_header(&r, "X-Content-Type-Options", h, sizeof h),
                      "nosniff");
  assert_string_equal(tst_header(&r, "X-Frame-Options", h, sizeof h), "DENY");
  assert_non_null(tst_header(&r, "Referrer-Policy", h, sizeof h));
  assert_string_equal(tst_header(&r, "Content-Type", h, sizeof h),
                      "application/json; charset=utf-8");
  tst_resp_free(&r);
}

static void version_and_metrics(void **state)
{
  struct tst_resp r;
  (void)state;
  assert_int_equal(tst_req(srv.port, "GET", "/api/v1/version", NULL, NULL, &r),
                   0);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, "\"name\":\"luoshi\""));
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "GET", "/metrics", NULL, NULL, &r), 0);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, "luoshi_http_requests_total{route=\"GET "
                                 "/api/v1/version\",status=\"200\"}"));
  assert_non_null(strstr(r.body, "luoshi_http_request_duration_seconds_bucket"));
  assert_non_null(strstr(r.body, "luoshi_db_commits_total"));
  assert_non_null(strstr(r.body, "luoshi_db_batch_size_bucket"));
  tst_resp_free(&r);
}

static void post_valid_creates_row(void **state)
{
  struct tst_resp r;
  (void)state;
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", json_ct,
                           "{\"message\":\"页面出错\",\"url\":\"/home\"}", &r),
                   0);
  assert_int_equal(r.status, 201);
  assert_non_null(strstr(r.body, "\"id\":"));
  tst_resp_free(&r);
}

static void malformed_json(void **state)
{
  struct tst_resp r;
  (void)state;
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", json_ct,
                           "{\"message\": \"x\",", &r),
                   0);
  expect_error(&r, 400, "json.malformed");
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", json_ct,
                           "[1,2]", &r),
                   0);
  expect_error(&r, 400, "json.not_object");
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", json_ct,
                           "{\"message\":\"a\",\"message\":\"b\",\"url\":\"/\"}",
                           &r),
                   0);
  expect_error(&r, 400, "json.duplicate_key");
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", json_ct,
                           "{\"message\":1e309,\"url\":\"/\"}", &r),
                   0);
  expect_error(&r, 400, "json.malformed");
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", json_ct,
                           "{\"message\":\"a\\u0000b\",\"url\":\"/\"}", &r),
                   0);
  expect_error(&r, 400, "json.malformed");
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", json_ct,
                           "{\"message\":5,\"url\":\"/\"}", &r),
                   0);
  expect_error(&r, 400, "field.type");
  assert_non_null(strstr(r.body, "\"field\":\"message\""));
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", json_ct,
                           "{\"url\":\"/\"}", &r),
                   0);
  expect_error(&r, 400, "field.required");
  assert_non_null(strstr(r.body, "\"field\":\"message\""));
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", json_ct,
                           "", &r),
                   0);
  expect_error(&r, 400, "json.empty");
  tst_resp_free(&r);
}

static void wrong_content_type(void **state)
{
  struct tst_resp r;
  (void)state;
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors",
                           "Content-Type: application/x-www-form-urlencoded\r\n",
                           "message=x&url=y", &r),
                   0);
  expect_error(&r, 415, "json.content_type");
  tst_resp_free(&r);
}

static char *nested(int depth)
{
  char *s = malloc((size_t)depth * 8 + 64);
  size_t o = 0;
  o += (size_t)sprintf(s, "{\"message\":\"m\",\"url\":\"/\",\"x\":");
  for (int i = 1; i < depth; i++)
    s[o++] = '[';
  for (int i = 1; i < depth; i++)
    s[o++] = ']';
  s[o++] = '}';
  s[o] = 0;
  return s;
}

static void json_depth(void **state)
{
  struct tst_resp r;
  char *ok = nested(32), *deep = nested(33), *huge = nested(100000);
  (void)state;
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", json_ct,
                           ok, &r),
                   0);
  assert_int_equal(r.status, 201);
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", json_ct,
                           deep, &r),
                   0);
  expect_error(&r, 400, "json.too_deep");
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", json_ct,
                           huge, &r),
                   0);
  expect_error(&r, 400, "json.too_deep");
  tst_resp_free(&r);
  free(ok);
  free(deep);
  free(huge);
}

static void invalid_utf8(void **state)
{
  struct tst_resp r;
  (void)state;
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", json_ct,
                           "{\"message\":\"\xc3\x28\",\"url\":\"/\"}", &r),
                   0);
  expect_error(&r, 400, "json.bad_utf8");
  tst_resp_free(&r);
  /* an overlong encoding and a UTF-16 surrogate are refused too */
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", json_ct,
                           "{\"message\":\"\xc0\xaf\",\"url\":\"/\"}", &r),
                   0);
  expect_error(&r, 400, "json.bad_utf8");
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", json_ct,
                           "{\"message\":\"\xed\xa0\x80\",\"url\":\"/\"}", &r),
                   0);
  expect_error(&r, 400, "json.bad_utf8");
  tst_resp_free(&r);
}

static void oversized_body(void **state)
{
  struct tst_resp r;
  size_t n = 1024 * 1024 + 1;
  char *big = malloc(n + 1), *req;
  int len;
  (void)state;
  memset(big, ' ', n);
  big[0] = '{';
  big[n - 1] = '}';
  big[n] = 0;
  /* declared too large: answered before the body is read */
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", json_ct,
                           big, &r),
                   0);
  expect_error(&r, 413, "http.body_too_large");
  tst_resp_free(&r);
  /* chunked body that grows past the limit */
  req = malloc(n + 1024);
  len = sprintf(req, "POST /api/v1/client-errors HTTP/1.1\r\nHost: x\r\n"
                     "Content-Type: application/json\r\nTransfer-Encoding: "
                     "chunked\r\nConnection: close\r\n\r\n%zx\r\n",
                n);
  memcpy(req + len, big, n);
  len += (int)n;
  len += sprintf(req + len, "\r\n0\r\n\r\n");
  assert_int_equal(tst_raw(srv.port, req, (size_t)len, 10000, &r), 0);
  expect_error(&r, 413, "http.body_too_large");
  tst_resp_free(&r);
  free(req);
  free(big);
}

static void unknown_route_and_method(void **state)
{
  struct tst_resp r;
  char h[128];
  (void)state;
  assert_int_equal(tst_req(srv.port, "GET", "/api/v1/nothing", NULL, NULL, &r),
                   0);
  expect_error(&r, 404, "http.not_found");
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "DELETE", "/api/v1/version", NULL, NULL,
                           &r),
                   0);
  expect_error(&r, 405, "http.method_not_allowed");
  assert_string_equal(tst_header(&r, "Allow", h, sizeof h), "GET");
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "PUT", "/api/v1/client-errors", json_ct,
                           "{}", &r),
                   0);
  expect_error(&r, 405, "http.method_not_allowed");
  assert_string_equal(tst_header(&r, "Allow", h, sizeof h), "GET, POST");
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "BREW", "/api/v1/version", NULL, NULL,
                           &r),
                   0);
  assert_true(r.status == 400 || r.status == 405 || r.status == 501);
  tst_resp_free(&r);
}

static void bad_path_params(void **state)
{
  static const char *const bad[] = {
      "/api/v1/client-errors/abc", "/api/v1/client-errors/0",
      "/api/v1/client-errors/-1",  "/api/v1/client-errors/1e3",
      "/api/v1/client-errors/99999999999999999999",
      "/api/v1/client-errors/0012"};
  (void)state;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    struct tst_resp r;
    assert_int_equal(tst_req(srv.port, "GET", bad[i], NULL, NULL, &r), 0);
    expect_error(&r, 400, "http.bad_param");
    assert_non_null(strstr(r.body, "\"field\":\"id\""));
    tst_resp_free(&r);
  }
}

static void bad_url_encoding(void **state)
{
  struct tst_resp r;
  char *longurl = malloc(9000);
  (void)state;
  assert_int_equal(tst_req(srv.port, "GET", "/api/v1/ver%00sion", NULL, NULL,
                           &r),
                   0);
  expect_error(&r, 400, "http.bad_url");
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "GET", "/%ff%fe", NULL, NULL, &r), 0);
  expect_error(&r, 400, "http.bad_url");
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "GET", "/../luoshi.db", NULL, NULL, &r),
                   0);
  assert_true(r.status == 404 || r.status == 400);
  tst_resp_free(&r);
  memset(longurl, 'a', 8999);
  longurl[0] = '/';
  longurl[8999] = 0;
  assert_int_equal(tst_req(srv.port, "GET", longurl, NULL, NULL, &r), 0);
  assert_true(r.status == 414 || r.status == 431);
  tst_resp_free(&r);
  free(longurl);
}

static void smuggling_headers(void **state)
{
  static const char *const reqs[] = {
      "POST /api/v1/client-errors HTTP/1.1\r\nHost: x\r\nContent-Type: "
      "application/json\r\nContent-Length: 2\r\nContent-Length: 2\r\n"
      "Connection: close\r\n\r\n{}",
      "POST /api/v1/client-errors HTTP/1.1\r\nHost: x\r\nContent-Type: "
      "application/json\r\nContent-Length: 2\r\nContent-Length: 30\r\n"
      "Connection: close\r\n\r\n{}",
      "POST /api/v1/client-errors HTTP/1.1\r\nHost: x\r\nContent-Type: "
      "application/json\r\nContent-Length: 5\r\nTransfer-Encoding: "
      "chunked\r\nConnection: close\r\n\r\n0\r\n\r\n",
      "GET /healthz HTTP/1.1\r\nHost: x\r\nHost: y\r\nConnection: "
      "close\r\n\r\n"};
  (void)state;
  for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
    struct tst_resp r;
    int rc = tst_raw(srv.port, reqs[i], strlen(reqs[i]), 5000, &r);
    /* either libmicrohttpd refuses it outright or we do */
    if (rc == 0) {
      assert_int_equal(r.status, 400);
      tst_resp_free(&r);
    }
  }
}

static int connect_lo(int port)
{
  struct sockaddr_in a;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* 1 if the server closed fd within ms milliseconds. */
static int closed_within(int fd, int ms)
{
  struct pollfd p = {fd, POLLIN, 0};
  char buf[4096];
  while (poll(&p, 1, ms) > 0) {
    ssize_t k = recv(fd, buf, sizeof buf, 0);
    if (k <= 0)
      return 1;
  }
  return 0;
}

static void slow_headers_hit_deadline(void **state)
{
  /* slowloris: one header byte every 0.5 s keeps the connection "active"
   * for libmicrohttpd's inactivity timeout, but the absolute deadline (3 s)
   * cuts it */
  int fd = connect_lo(srv.port), cut = 0;
  const char *req = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaa";
  (void)state;
  assert_true(fd >= 0);
  for (size_t i = 0; i < strlen(req) && !cut; i++) {
    if (send(fd, req + i, 1, MSG_NOSIGNAL) != 1) {
      cut = 1;
      break;
    }
    if (closed_within(fd, 500))
      cut = 1;
  }
  if (!cut)
    cut = closed_within(fd, 6000);
  assert_true(cut);
  close(fd);
}

static void idle_connection_times_out(void **state)
{
  int fd = connect_lo(srv.port);
  (void)state;
  assert_true(fd >= 0);
  assert_true(closed_within(fd, 6000));
  close(fd);
}

static void keepalive_reuses_connection(void **state)
{
  int fd = connect_lo(srv.port);
  const char *req = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  char buf[4096];
  int answers = 0;
  (void)state;
  for (int i = 0; i < 3; i++) {
    ssize_t k;
    struct pollfd p = {fd, POLLIN, 0};
    assert_int_equal(send(fd, req, strlen(req), MSG_NOSIGNAL),
                     (ssize_t)strlen(req));
    assert_true(poll(&p, 1, 3000) > 0);
    k = recv(fd, buf, sizeof buf - 1, 0);
    assert_true(k > 0);
    buf[k] = 0;
    if (strstr(buf, "200 OK"))
      answers++;
  }
  assert_int_equal(answers, 3);
  close(fd);
}

static void client_error_list_needs_login(void **state)
{
  struct tst_resp r;
  (void)state;
  assert_int_equal(tst_req(srv.port, "GET", "/api/v1/client-errors", NULL,
                           NULL, &r),
                   0);
  assert_int_equal(r.status, 401);
  tst_resp_free(&r);
}

static void spa_fallback_and_assets(void **state)
{
  struct tst_resp r;
  char h[512];
  (void)state;
  assert_int_equal(tst_req(srv.port, "GET", "/some/page", NULL, NULL, &r), 0);
  if (r.status == 200) {
    /* the UI is compiled in: index.html with CSP, revalidated */
    assert_non_null(tst_header(&r, "Content-Security-Policy", h, sizeof h));
    assert_null(strstr(h, "unsafe-eval"));
    assert_string_equal(tst_header(&r, "Cache-Control", h, sizeof h),
                        "no-cache");
  } else {
    assert_int_equal(r.status, 404);
  }
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "GET", "/missing.js", NULL, NULL, &r), 0);
  assert_int_equal(r.status, 404);
  tst_resp_free(&r);
  assert_int_equal(tst_req(srv.port, "GET", "/.git/config", NULL, NULL, &r),
                   0);
  assert_true(r.status == 404 || r.status == 200);
  assert_null(strstr(r.body, "[core]"));
  tst_resp_free(&r);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(healthz_ok),
      cmocka_unit_test(version_and_metrics),
      cmocka_unit_test(post_valid_creates_row),
      cmocka_unit_test(malformed_json),
      cmocka_unit_test(wrong_content_type),
      cmocka_unit_test(json_depth),
      cmocka_unit_test(invalid_utf8),
      cmocka_unit_test(oversized_body),
      cmocka_unit_test(unknown_route_and_method),
      cmocka_unit_test(bad_path_params),
      cmocka_unit_test(bad_url_encoding),
      cmocka_unit_test(smuggling_headers),
      cmocka_unit_test(slow_headers_hit_deadline),
      cmocka_unit_test(idle_connection_times_out),
      cmocka_unit_test(keepalive_reuses_connection),
      cmocka_unit_test(client_error_list_needs_login),
      cmocka_unit_test(spa_fallback_and_assets),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
