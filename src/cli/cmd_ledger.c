/*
 * cmd_ledger.c — luoshi ledger: ledger maintenance.
 *
 *   luoshi ledger recompute [--db PATH]
 *     Reloads the ledger settings and work calendar and recomputes the
 *     health of every open item (what the server does at start-up and
 *     daily after midnight).  Takes the write lock, so it refuses to run
 *     beside a server: use POST /api/v1/ledger-settings/recompute there.
 */
#include "base/cfg.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "cli/cli_db.h"
#include "cli/ledger_daily.h"
#include "domain/ledger/settings.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static int install_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  (void)ctx;
  return ledger_calendar_install(c, err);
}

int cmd_ledger(int argc, char **argv)
{
  struct cli_args a;
  struct cli_db d;
  struct lx_err err;
  int seen = 0, changed = 0, rc = cli_parse(argc, argv, &a, NULL, NULL);
  if (rc)
    return rc;
  if (a.n_pos != 1 || strcmp(a.pos[0], "recompute")) {
    fprintf(stderr, "用法 usage: luoshi ledger recompute [--db PATH]\n");
    return 2;
  }
  time_set_offset_min(cfg.tz_offset_min);
  time_set_offset_file(cfg.clock_offset_file);
  if (cli_db_open(&d, 1, 1))
    return 1;
  cli_db_close(&d);
  if (cli_db_open_migrated(&d))
    return 1;
  rc = store_write(d.st, install_job, NULL, &err);
  if (!rc)
    rc = ledger_daily_run(d.st, &seen, &changed, &err);
  if (rc) {
    cli_error(&err);
    cli_db_close(&d);
    ledger_rules_shutdown();
    return 1;
  }
  cli_db_close(&d);
  ledger_rules_shutdown();
  printf("健康度已重算 health recomputed: %d 个未办结事项，%d 个有变化 "
         "(%d open items, %d changed)\n",
         seen, changed, seen, changed);
  return 0;
}
