/*
 * tst.c — spawn a real server, talk raw HTTP to it.
 */
#include "tst.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *tst_bin(void)
{
  const char *b = getenv("LUOSHI_BIN");
  return b && *b ? b : "./luoshi";
}

void tst_tmpdir(struct tst_server *s)
{
  snprintf(s->dir, sizeof s->dir, "/tmp/luoshi-test-XXXXXX");
  if (!mkdtemp(s->dir)) {
    perror("mkdtemp");
    abort();
  }
  snprintf(s->db, sizeof s->db, "%s/t.db", s->dir);
  snprintf(s->log, sizeof s->log, "%s/server.log", s->dir);
  snprintf(s->clock, sizeof s->clock, "%s/clock", s->dir);
}

int tst_run(const char *const *args, const char *out_file)
{
  return tst_run_input(args, NULL, out_file);
}

int tst_run_input(const char *const *args, const char *input,
                  const char *out_file)
{
  int in[2] = {-1, -1};
  pid_t pid;
  int st;
  if (input && pipe(in) != 0)
    return -1;
  pid = fork();
  if (pid == 0) {
    if (input) {
      dup2(in[0], 0);
      close(in[0]);
      close(in[1]);
    }
    const char *argv[64];
    int n = 0;
    argv[n++] = tst_bin();
    for (int i = 0; args[i] && n < 63; i++)
      argv[n++] = args[i];
    argv[n] = NULL;
    if (out_file) {
      int fd = open(out_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (fd >= 0) {
        dup2(fd, 1);
        dup2(fd, 2);
        close(fd);
      }
    }
    execv(argv[0], (char *const *)argv);
    _exit(127);
  }
  if (input) {
    close(in[0]);
    if (write(in[1], input, strlen(input)) < 0)
      perror("write");
    close(in[1]);
  }
  if (pid < 0 || waitpid(pid, &st, 0) < 0)
    return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int tst_server_start(struct tst_server *s, const char *const *extra)
{
  const char *argv[64];
  int n = 0, out[2];
  char buf[4096];
  size_t got = 0;
  if (!s->dir[0])
    tst_tmpdir(s);
  argv[n++] = tst_bin();
  argv[n++] = "serve";
  argv[n++] = "--db";
  argv[n++] = s->db;
  argv[n++] = "--listen";
  argv[n++] = "127.0.0.1:0";
  if (!s->clock[0])
    snprintf(s->clock, sizeof s->clock, "%s/clock", s->dir);
  {
    FILE *f = fopen(s->clock, "w");
    if (f) {
      fputs("0\n", f);
      fclose(f);
    }
  }
  argv[n++] = "--clock-offset-file";
  argv[n++] = s->clock;
  /* tests drive far more requests than a person: rate limits off unless
   * the test turns them on (a later flag wins) */
  argv[n++] = "--rate-api";
  argv[n++] = "0";
  argv[n++] = "--rate-login";
  argv[n++] = "0";
  argv[n++] = "--rate-export";
  argv[n++] = "0";
  for (int i = 0; extra && extra[i] && n < 62; i++)
    argv[n++] = extra[i];
  argv[n] = NULL;
  if (pipe(out) != 0)
    return -1;
  s->pid = fork();
  if (s->pid == 0) {
    int fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    dup2(out[1], 1);
    if (fd >= 0)
      dup2(fd, 2);
    close(out[0]);
    execv(argv[0], (char *const *)argv);
    _exit(127);
  }
  close(out[1]);
  /* wait for "listening on http://127.0.0.1:PORT/" */
  for (;;) {
    struct pollfd p = {out[0], POLLIN, 0};
    ssize_t k;
    char *l;
    if (poll(&p, 1, 20000) <= 0)
      break;
    k = read(out[0], buf + got, sizeof buf - 1 - got);
    if (k <= 0)
      break;
    got += (size_t)k;
    buf[got] = 0;
    l = strstr(buf, "listening on http://");
    if (l && strchr(l, '\n')) {
      char *colon = strchr(l + 20, ':');
      s->port = colon ? atoi(colon + 1) : 0;
      /* keep the pipe drained in the background: send it to /dev/null */
      close(out[0]);
      return s->port > 0 ? 0 : -1;
    }
  }
  close(out[0]);
  fprintf(stderr, "server did not start; log %s\n", s->log);
  return -1;
}

int tst_server_stop(struct tst_server *s)
{
  int st;
  if (s->pid <= 0)
    return -1;
  kill(s->pid, SIGTERM);
  if (waitpid(s->pid, &st, 0) < 0)
    return -1;
  s->pid = 0;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int tst_raw(int port, const char *data, size_t len, int timeout_ms,
            struct tst_resp *r)
{
  struct sockaddr_in a;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  size_t cap = 65536, got = 0, off = 0;
  char *buf, *sep;
  memset(r, 0, sizeof *r);
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    if (fd >= 0)
      close(fd);
    return -1;
  }
  while (off < len) {
    ssize_t k = send(fd, data + off, len - off, MSG_NOSIGNAL);
    if (k <= 0)
      break; /* the server may answer early and close */
    off += (size_t)k;
  }
  buf = malloc(cap + 1);
  for (;;) {
    struct pollfd p = {fd, POLLIN, 0};
    ssize_t k;
    if (poll(&p, 1, timeout_ms) <= 0)
      break;
    if (got == cap) {
      cap *= 2;
      buf = realloc(buf, cap + 1);
    }
    k = recv(fd, buf + got, cap - got, 0);
    if (k <= 0)
      break;
    got += (size_t)k;
  }
  close(fd);
  buf[got] = 0;
  sep = strstr(buf, "\r\n\r\n");
  if (!sep || sscanf(buf, "HTTP/1.%*d %d", &r->status) != 1) {
    free(buf);
    return -1;
  }
  r->head = strndup(buf, (size_t)(sep - buf) + 2);
  r->body_len = got - (size_t)(sep + 4 - buf);
  r->body = malloc(r->body_len + 1);
  memcpy(r->body, sep + 4, r->body_len);
  r->body[r->body_len] = 0;
  free(buf);
  return 0;
}

int tst_req(int port, const char *method, const char *path, const char *headers,
            const char *body, struct tst_resp *r)
{
  size_t bl = body ? strlen(body) : 0;
  size_t cap = strlen(path) + (headers ? strlen(headers) : 0) + bl + 512;
  char *req = malloc(cap);
  int n, rc;
  n = snprintf(req, cap,
               "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
               "%s%s",
               method, path, headers ? headers : "", "");
  if (body)
    n += snprintf(req + n, cap - (size_t)n, "Content-Length: %zu\r\n", bl);
  n += snprintf(req + n, cap - (size_t)n, "\r\n");
  if (body) {
    memcpy(req + n, body, bl);
    n += (int)bl;
  }
  rc = tst_raw(port, req, (size_t)n, 10000, r);
  free(req);
  return rc;
}

const char *tst_header(const struct tst_resp *r, const char *name, char *buf,
                       size_t buf_len)
{
  const char *p = r->head;
  size_t nl = strlen(name);
  while (p && (p = strstr(p, "\r\n"))) {
    p += 2;
    if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
      const char *v = p + nl + 1, *e;
      while (*v == ' ')
        v++;
      e = strstr(v, "\r\n");
      snprintf(buf, buf_len, "%.*s", (int)(e ? e - v : (long)strlen(v)), v);
      return buf;
    }
  }
  return NULL;
}

void tst_resp_free(struct tst_resp *r)
{
  free(r->head);
  free(r->body);
  memset(r, 0, sizeof *r);
}

int tst_user_add(const char *db, const char *username, const char *password,
                 const char *role, const char *unit, int temporary)
{
  const char *args[16];
  char input[300];
  int n = 0;
  args[n++] = "user";
  args[n++] = "add";
  args[n++] = username;
  args[n++] = "--role";
  args[n++] = role;
  args[n++] = "--db";
  args[n++] = db;
  if (unit) {
    args[n++] = "--unit";
    args[n++] = unit;
  }
  if (temporary) {
    args[n++] = "--temporary";
    args[n++] = "yes";
  }
  args[n] = NULL;
  snprintf(input, sizeof input, "%s\n", password);
  return tst_run_input(args, input, "/dev/null");
}

static void json_field(const char *body, const char *key, char *out,
                       size_t out_len)
{
  char pat[64];
  const char *p, *e;
  out[0] = 0;
  snprintf(pat, sizeof pat, "\"%s\":\"", key);
  p = strstr(body, pat);
  if (!p)
    return;
  p += strlen(pat);
  e = strchr(p, '"');
  if (e)
    snprintf(out, out_len, "%.*s", (int)(e - p), p);
}

/* Fetches a CAPTCHA challenge from a test server (which discloses the
 * answer in test mode) as the JSON members of a login body: ,"captcha_id":
 * "…","captcha":"…".  Returns 0 on success. */
static int captcha_members(int port, char *out, size_t out_len)
{
  struct tst_resp r;
  char id[64], ans[16];
  if (tst_req(port, "GET", "/api/v1/auth/captcha", NULL, NULL, &r) != 0)
    return -1;
  json_field(r.body, "id", id, sizeof id);
  json_field(r.body, "test_answer", ans, sizeof ans);
  tst_resp_free(&r);
  if (!id[0] || !ans[0])
    return -1;
  snprintf(out, out_len, ",\"captcha_id\":\"%s\",\"captcha\":\"%s\"", id, ans);
  return 0;
}

int tst_login(int port, const char *username, const char *password,
              const char *totp, char *cookie, size_t cookie_len, char *csrf,
              size_t csrf_len)
{
  char body[640], hdr[256], extra[160] = "";
  struct tst_resp r;
  int status;
  for (int attempt = 0; attempt < 2; attempt++) {
    if (totp)
      snprintf(body, sizeof body,
               "{\"username\":\"%s\",\"password\":\"%s\",\"totp\":\"%s\"%s}",
               username, password, totp, extra);
    else
      snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"%s}",
               username, password, extra);
    if (tst_req(port, "POST", "/api/v1/auth/login",
                "Content-Type: application/json\r\n", body, &r) != 0)
      return -1;
    /* after 3 failures the server wants a CAPTCHA: solve it like a person
     * would and try once more, so that tests of lockout and throttling
     * still count failures */
    if (attempt == 0 && r.status == 401 &&
        strstr(r.body, "auth.captcha_required") &&
        captcha_members(port, extra, sizeof extra) == 0) {
      tst_resp_free(&r);
      continue;
    }
    break;
  }
  status = r.status;
  if (cookie)
    cookie[0] = 0;
  if (status == 200 && cookie) {
    const char *sc = tst_header(&r, "Set-Cookie", hdr, sizeof hdr);
    const char *semi = sc ? strchr(sc, ';') : NULL;
    if (sc)
      snprintf(cookie, cookie_len, "%.*s",
               (int)(semi ? semi - sc : (long)strlen(sc)), sc);
  }
  if (csrf)
    json_field(r.body, "csrf_token", csrf, csrf_len);
  tst_resp_free(&r);
  return status;
}

int tst_call(int port, const char *method, const char *path, const char *cookie,
             const char *csrf, const char *json_body, struct tst_resp *r)
{
  char hdr[512];
  snprintf(hdr, sizeof hdr, "Cookie: %s\r\nX-CSRF-Token: %s\r\n%s",
           cookie ? cookie : "", csrf ? csrf : "",
           json_body ? "Content-Type: application/json\r\n" : "");
  return tst_req(port, method, path, hdr, json_body, r);
}

void tst_clock_set(struct tst_server *s, long long offset_ms)
{
  FILE *f = fopen(s->clock, "w");
  if (f) {
    fprintf(f, "%lld\n", offset_ms);
    fclose(f);
  }
  usleep(60000); /* the server re-reads the file every 20 ms */
}
