/*
 * cmd_study.c — luoshi study: study upkeep.
 *
 *   luoshi study remind [--db PATH]
 *     Sends today's study plan deadline reminders (plan.due_soon, 3 days
 *     and 1 day before the due date, once per member and threshold) —
 *     what the server does daily after midnight.  Takes the write lock,
 *     so it refuses to run beside a server (which sends them itself).
 */
#include "base/cfg.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "cli/cli_db.h"
#include "cli/ledger_daily.h"
#include "cli/study_daily.h"

#include <stdio.h>
#include <string.h>

int cmd_study(int argc, char **argv)
{
  struct cli_args a;
  struct cli_db d;
  struct lx_err err;
  int64_t sent = 0;
  int rc = cli_parse(argc, argv, &a, NULL, NULL);
  if (rc)
    return rc;
  if (a.n_pos != 1 || strcmp(a.pos[0], "remind")) {
    fprintf(stderr, "用法 usage: luoshi study remind [--db PATH]\n");
    return 2;
  }
  time_set_offset_min(cfg.tz_offset_min);
  time_set_offset_file(cfg.clock_offset_file);
  if (cli_db_open(&d, 1, 1))
    return 1;
  cli_db_close(&d);
  if (cli_db_open_migrated(&d))
    return 1;
  rc = study_daily_remind(d.st, ledger_daily_today(), &sent, &err);
  cli_db_close(&d);
  if (rc) {
    cli_error(&err);
    return 1;
  }
  printf("学习计划到期提醒已发送 reminders sent: %lld\n", (long long)sent);
  return 0;
}
