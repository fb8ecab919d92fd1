/*
 * test_ops.c — the operator's view over real processes: backup taken while
 * the server is writing is intact and serves; a CLI write refuses to run
 * beside a server; a newer or zero-length database is refused; SIGTERM
 * under load loses no acknowledged write; usage errors exit 2.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/store.h"
#include "tst.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char json_ct[] = "Content-Type: application/json\r\n";

static int file_contains(const char *path, const char *needle)
{
  FILE *f = fopen(path, "r");
  char buf[65536];
  size_t n;
  if (!f)
    return 0;
  n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  fclose(f);
  return strstr(buf, needle) != NULL;
}

struct writer {
  int port;
  _Atomic int *stop;
  int ok, failed;
  int64_t max_id;
};

static void *writer_main(void *arg)
{
  struct writer *w = arg;
  while (!atomic_load(w->stop)) {
    struct tst_resp r;
    if (tst_req(w->port, "POST", "/api/v1/client-errors", json_ct,
                "{\"message\":\"负载\",\"url\":\"/load\"}", &r) != 0) {
      w->failed++;
      continue;
    }
    if (r.status == 201) {
      const char *p = strstr(r.body, "\"id\":");
      int64_t id = p ? atoll(p + 5) : 0;
      w->ok++;
      if (id > w->max_id)
        w->max_id = id;
    } else {
      w->failed++;
    }
    tst_resp_free(&r);
  }
  return NULL;
}

static int64_t db_query(const char *db, const char *sql)
{
  struct store_opts o = {db, 5000, 1, 1};
  struct store *st;
  struct store_conn *c;
  struct lx_err e;
  int64_t n = -1;
  if (store_open(&o, &st, &e) != LX_OK)
    return -1;
  if (store_read_acquire(st, &c, &e) == LX_OK) {
    if (store_query_i64(c, sql, 0, 0, &n, &e) != LX_OK)
      n = -1;
    store_read_release(st, c);
  }
  store_close(st);
  return n;
}

static int integrity_ok(const char *db)
{
  struct store_opts o = {db, 5000, 1, 1};
  struct store *st;
  struct store_conn *c;
  struct store_stmt *s;
  struct lx_err e;
  int ok = 0;
  if (store_open(&o, &st, &e) != LX_OK)
    return 0;
  if (store_read_acquire(st, &c, &e) == LX_OK &&
      store_prepare(c, "PRAGMA integrity_check", &s, &e) == LX_OK) {
    ok = store_step(s, &e) == STORE_ROW &&
         strcmp(store_col_text(s, 0), "ok") == 0;
    store_stmt_done(s);
  }
  store_read_release(st, c);
  store_close(st);
  return ok;
}

static void backup_while_writing(void **state)
{
  struct tst_server s = {0}, s2 = {0};
  _Atomic int stop = 0;
  struct writer w[6];
  pthread_t th[6];
  char out[280], log[400];
  int64_t rows;
  (void)state;
  assert_int_equal(tst_server_start(&s, NULL), 0);
  for (int i = 0; i < 6; i++) {
    w[i] = (struct writer){s.port, &stop, 0, 0, 0};
    pthread_create(&th[i], NULL, writer_main, &w[i]);
  }
  usleep(300000);
  snprintf(out, sizeof out, "%s/backup.db", s.dir);
  snprintf(log, sizeof log, "%s/backup.log", s.dir);
  for (int k = 0; k < 3; k++) {
    const char *args[] = {"backup", out, "--db", s.db, NULL};
    assert_int_equal(tst_run(args, log), 0);
    usleep(100000);
  }
  atomic_store(&stop, 1);
  for (int i = 0; i < 6; i++) {
    pthread_join(th[i], NULL);
    assert_int_equal(w[i].failed, 0);
    assert_true(w[i].ok > 0);
  }
  assert_true(file_contains(log, "integrity ok"));
  assert_true(integrity_ok(out));
  rows = db_query(out, "SELECT count(*) FROM client_error");
  assert_true(rows > 0);
  /* a CLI write refuses to run beside the server, naming the reason */
  {
    const char *args[] = {"migrate", "--db", s.db, NULL};
    snprintf(log, sizeof log, "%s/migrate.log", s.dir);
    assert_int_equal(tst_run(args, log), 1);
    assert_true(file_contains(log, "正被运行中的 luoshi serve 使用"));
  }
  assert_int_equal(tst_server_stop(&s), 0);
  /* the backup opens with luoshi serve */
  snprintf(s2.dir, sizeof s2.dir, "%s", s.dir);
  snprintf(s2.db, sizeof s2.db, "%.290s", out);
  snprintf(s2.log, sizeof s2.log, "%s/server2.log", s.dir);
  assert_int_equal(tst_server_start(&s2, NULL), 0);
  {
    struct tst_resp r;
    assert_int_equal(tst_req(s2.port, "GET", "/healthz", NULL, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    tst_resp_free(&r);
  }
  assert_int_equal(tst_server_stop(&s2), 0);
}

static void sigterm_under_load_loses_nothing(void **state)
{
  struct tst_server s = {0};
  _Atomic int stop = 0;
  struct writer w[8];
  pthread_t th[8];
  int64_t acked_max = 0, ok = 0;
  (void)state;
  assert_int_equal(tst_server_start(&s, NULL), 0);
  for (int i = 0; i < 8; i++) {
    w[i] = (struct writer){s.port, &stop, 0, 0, 0};
    pthread_create(&th[i], NULL, writer_main, &w[i]);
  }
  usleep(500000);
  assert_int_equal(tst_server_stop(&s), 0); /* exit 0 after draining */
  atomic_store(&stop, 1);
  for (int i = 0; i < 8; i++) {
    pthread_join(th[i], NULL);
    ok += w[i].ok;
    if (w[i].max_id > acked_max)
      acked_max = w[i].max_id;
  }
  assert_true(ok > 0);
  /* every acknowledged row is there; the WAL was checkpointed away */
  assert_true(db_query(s.db, "SELECT count(*) FROM client_error") >= ok);
  assert_true(db_query(s.db, "SELECT max(id) FROM client_error") >=
              acked_max);
  assert_true(integrity_ok(s.db));
  {
    char wal[400];
    snprintf(wal, sizeof wal, "%s-wal", s.db);
    assert_true(access(wal, F_OK) != 0 ||
                file_contains(wal, "") /* empty or absent */);
  }
}

static void refuses_newer_and_empty_db(void **state)
{
  struct tst_server s = {0};
  char log[400];
  (void)state;
  tst_tmpdir(&s);
  {
    const char *init[] = {"init", "--db", s.db, NULL};
    assert_int_equal(tst_run(init, NULL), 0);
    assert_int_not_equal(tst_run(init, NULL), 0); /* already initialised */
  }
  {
    struct store_opts o = {s.db, 5000, 1, 0};
    struct store *st;
    struct store_conn *c;
    struct lx_err e;
    assert_int_equal(store_open(&o, &st, &e), LX_OK);
    assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
    store_read_release(st, c);
    store_close(st);
  }
  /* bump the recorded version past the binary's */
  {
    char cmd[600];
    snprintf(cmd, sizeof cmd,
             "sqlite3 %s \"INSERT INTO schema_migration VALUES "
             "(999,'9999_future.sql',0,'x')\" 2>/dev/null",
             s.db);
    if (system(cmd) != 0) {
      /* no sqlite3 shell: skip this half */
    } else {
      const char *serve[] = {"serve", "--db", s.db, "--listen", "127.0.0.1:0",
                             NULL};
      snprintf(log, sizeof log, "%s/newer.log", s.dir);
      assert_int_equal(tst_run(serve, log), 1);
      assert_true(file_contains(log, "比本程序支持的版本"));
    }
  }
  {
    char empty[400];
    const char *serve[] = {"serve", "--db", empty, "--listen", "127.0.0.1:0",
                           NULL};
    int fd;
    snprintf(empty, sizeof empty, "%s/empty.db", s.dir);
    fd = open(empty, O_CREAT | O_WRONLY, 0600);
    close(fd);
    snprintf(log, sizeof log, "%s/empty.log", s.dir);
    assert_int_equal(tst_run(serve, log), 1);
    assert_true(file_contains(log, "长度为 0"));
  }
}

static void usage_exit_codes(void **state)
{
  const char *a1[] = {"frobnicate", NULL};
  const char *a2[] = {"serve", "--bogus", "1", NULL};
  const char *a3[] = {"help", NULL};
  const char *a4[] = {"serve", "--conn-timeout", "abc", NULL};
  const char *a5[] = {"version", NULL};
  const char *a6[] = {"backup", NULL};
  char log[] = "/tmp/luoshi-usage-XXXXXX";
  int fd = mkstemp(log);
  (void)state;
  close(fd);
  assert_int_equal(tst_run(a1, log), 2);
  assert_true(file_contains(log, "serve"));
  assert_int_equal(tst_run(a2, log), 2);
  assert_int_equal(tst_run(a3, log), 0);
  assert_true(file_contains(log, "备份"));
  assert_true(file_contains(log, "back up"));
  assert_int_equal(tst_run(a4, log), 2);
  assert_true(file_contains(log, "conn_timeout"));
  assert_int_equal(tst_run(a5, log), 0);
  assert_true(file_contains(log, "luoshi"));
  assert_int_equal(tst_run(a6, log), 2);
  unlink(log);
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

/* 1 if a request on fd is answered (200), 0 if the server closed it. */
static int answered(int fd)
{
  const char *req = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  char buf[2048];
  struct pollfd p = {fd, POLLIN, 0};
  ssize_t k;
  if (send(fd, req, strlen(req), MSG_NOSIGNAL) != (ssize_t)strlen(req))
    return 0;
  if (poll(&p, 1, 3000) <= 0)
    return 0;
  k = recv(fd, buf, sizeof buf - 1, 0);
  if (k <= 0)
    return 0;
  buf[k] = 0;
  return strstr(buf, " 200 ") != NULL;
}

static void per_ip_connection_limit(void **state)
{
  static const char *const extra[] = {"--per-ip-limit", "2", NULL};
  struct tst_server s = {0};
  int a, b, c;
  (void)state;
  assert_int_equal(tst_server_start(&s, extra), 0);
  a = connect_lo(s.port);
  b = connect_lo(s.port);
  assert_true(answered(a));
  assert_true(answered(b));
  c = connect_lo(s.port); /* the third from the same address is refused */
  assert_false(c >= 0 && answered(c));
  if (c >= 0)
    close(c);
  close(a);
  usleep(200000);
  c = connect_lo(s.port); /* a slot is free again */
  assert_true(answered(c));
  close(b);
  close(c);
  assert_int_equal(tst_server_stop(&s), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(usage_exit_codes),
      cmocka_unit_test(backup_while_writing),
      cmocka_unit_test(sigterm_under_load_loses_nothing),
      cmocka_unit_test(refuses_newer_and_empty_db),
      cmocka_unit_test(per_ip_connection_limit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
