/*
 * test_cli_parse.c — configuration precedence: flags > LUOSHI_*
 * environment > ini file > defaults, and usage errors exit 2.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/cfg.h"
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void precedence(void **state)
{
  char path[] = "/tmp/luoshi-ini-XXXXXX";
  int fd = mkstemp(path);
  FILE *f = fdopen(fd, "w");
  struct cli_args a;
  char cfgflag[64];
  char *argv[] = {"serve", "--threads", "4", cfgflag, "--db=/tmp/flag.db",
                  NULL};
  (void)state;
  fprintf(f, "threads = 3\nconn_timeout = 5\nmax_url = 4096\ndb = file.db\n");
  fclose(f);
  snprintf(cfgflag, sizeof cfgflag, "--config=%s", path);
  setenv("LUOSHI_CONN_TIMEOUT", "7", 1);
  setenv("LUOSHI_THREADS", "9", 1);
  assert_int_equal(cli_parse(5, argv, &a, NULL, NULL), 0);
  assert_int_equal(cfg.threads, 4);         /* flag beats env and file */
  assert_int_equal(cfg.conn_timeout, 7);    /* env beats file */
  assert_int_equal(cfg.max_url, 4096);      /* file beats default */
  assert_int_equal(cfg.per_ip_limit, 256);  /* default */
  assert_string_equal(cfg.db, "/tmp/flag.db");
  unsetenv("LUOSHI_CONN_TIMEOUT");
  unsetenv("LUOSHI_THREADS");
  unlink(path);
}

static void usage_errors(void **state)
{
  struct cli_args a;
  char *bad_flag[] = {"serve", "--no-such-flag", "1", NULL};
  char *bad_val[] = {"serve", "--conn-timeout", "0", NULL};
  char *missing[] = {"serve", "--db", NULL};
  char *bad_cmd[] = {"luoshi", "frobnicate", NULL};
  const char *extra[1] = {NULL};
  char *with_extra[] = {"user", "--role", "member", "bob", NULL};
  (void)state;
  assert_int_equal(cli_parse(3, bad_flag, &a, NULL, NULL), 2);
  assert_int_equal(cli_parse(3, bad_val, &a, NULL, NULL), 2);
  assert_int_equal(cli_parse(2, missing, &a, NULL, NULL), 2);
  assert_int_equal(cli_dispatch(2, bad_cmd), 2);
  assert_int_equal(cli_parse(4, with_extra, &a, "role", extra), 0);
  assert_string_equal(extra[0], "member");
  assert_int_equal(a.n_pos, 1);
  assert_string_equal(a.pos[0], "bob");
  setenv("LUOSHI_LOG_LEVEL", "shouting", 1);
  assert_int_equal(cli_parse(1, bad_cmd, &a, NULL, NULL), 2);
  unsetenv("LUOSHI_LOG_LEVEL");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(precedence),
      cmocka_unit_test(usage_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
