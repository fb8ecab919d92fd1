/*
 * test_cfg.c — settings: defaults, ini file, environment, range checks and
 * the key named in every error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/cfg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void defaults(void **state)
{
  (void)state;
  cfg_defaults();
  assert_string_equal(cfg.db, "luoshi.db");
  assert_string_equal(cfg.listen, "127.0.0.1:8080");
  assert_int_equal(cfg.max_body, 1048576);
  assert_int_equal(cfg.json_max_depth, 32);
  assert_int_equal(cfg.conn_timeout, 30);
  assert_int_equal(cfg.per_ip_limit, 256);
  assert_int_equal(cfg.totp_required_admins, 1);
}

static void set_and_refuse(void **state)
{
  struct lx_err e;
  (void)state;
  cfg_defaults();
  assert_int_equal(cfg_set("conn-timeout", "10", &e), LX_OK);
  assert_int_equal(cfg.conn_timeout, 10);
  assert_int_equal(cfg_set("conn_timeout", "0", &e), LX_EINVAL);
  assert_string_equal(e.field, "conn_timeout");
  assert_non_null(strstr(e.message, "conn_timeout"));
  assert_int_equal(cfg_set("conn_timeout", "12x", &e), LX_EINVAL);
  assert_int_equal(cfg_set("log_level", "loud", &e), LX_EINVAL);
  assert_string_equal(e.field, "log_level");
  assert_int_equal(cfg_set("nope", "1", &e), LX_ENOTFOUND);
  assert_string_equal(e.field, "nope");
  assert_int_equal(cfg.conn_timeout, 10);
}

static void file_then_env(void **state)
{
  char path[] = "/tmp/luoshi-cfg-XXXXXX";
  int fd = mkstemp(path);
  FILE *f = fdopen(fd, "w");
  struct lx_err e;
  (void)state;
  fprintf(f, "# comment\n[server]\nlisten = 0.0.0.0:9000\ndb=\"/x/y.db\"\n"
             "; other\nthreads = 3\n");
  fclose(f);
  cfg_defaults();
  assert_int_equal(cfg_load_file(path, &e), LX_OK);
  assert_string_equal(cfg.listen, "0.0.0.0:9000");
  assert_string_equal(cfg.db, "/x/y.db");
  assert_int_equal(cfg.threads, 3);
  setenv("LUOSHI_THREADS", "5", 1);
  assert_int_equal(cfg_load_env(&e), LX_OK);
  assert_int_equal(cfg.threads, 5);
  setenv("LUOSHI_THREADS", "-1", 1);
  assert_int_equal(cfg_load_env(&e), LX_EINVAL);
  assert_string_equal(e.field, "threads");
  unsetenv("LUOSHI_THREADS");
  f = fopen(path, "w");
  fprintf(f, "bogus_key = 1\n");
  fclose(f);
  assert_int_equal(cfg_load_file(path, &e), LX_ENOTFOUND);
  assert_string_equal(e.field, "bogus_key");
  f = fopen(path, "w");
  fprintf(f, "listen\n");
  fclose(f);
  assert_int_equal(cfg_load_file(path, &e), LX_EINVAL);
  unlink(path);
  assert_int_equal(cfg_load_file("/nonexistent/x.ini", &e), LX_EIO);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(defaults),
      cmocka_unit_test(set_and_refuse),
      cmocka_unit_test(file_then_env),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
