/*
 * cmd_db.c — the database commands: init, migrate, backup, version.
 */
#include "base/cfg.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "cli/cli_db.h"
#include "domain/ledger/item.h"
#include "domain/ledger/settings.h"
#include "store/migrate.h"
#include "store/store.h"
#include "version.h"

#include <stdio.h>
#include <sys/stat.h>

static int presets_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  int rc = ledger_presets_install(c, err);
  (void)ctx;
  return rc ? rc : ledger_calendar_install(c, err);
}

/*
 * luoshi init [--db PATH]
 * Creates the database (refusing one that already has a schema),
 * applies every migration and installs the built-in ledger types.
 */
int cmd_init(int argc, char **argv)
{
  struct cli_args a;
  struct cli_db d;
  struct lx_err err;
  int v = 0, rc = cli_parse(argc, argv, &a, NULL, NULL);
  if (rc)
    return rc;
  if (a.n_pos) {
    fprintf(stderr, "用法 usage: luoshi init [--db PATH]\n");
    return 2;
  }
  if (cli_db_open(&d, 1, 0))
    return 1;
  if (migrate_db_version(d.st, &v, &err) != LX_OK) {
    cli_error(&err);
    cli_db_close(&d);
    return 1;
  }
  if (v > 0) {
    fprintf(stderr,
            "luoshi: 数据库 %s 已经初始化（版本 %d）；升级请用 luoshi "
            "migrate\n",
            cfg.db, v);
    cli_db_close(&d);
    return 1;
  }
  cli_db_close(&d);
  if (cli_db_open_migrated(&d))
    return 1;
  if (store_write(d.st, presets_job, NULL, &err) != LX_OK) {
    cli_error(&err);
    cli_db_close(&d);
    return 1;
  }
  cli_db_close(&d);
  printf("已创建数据库 created database %s（版本 schema %d）\n", cfg.db,
         migrate_binary_version());
  return 0;
}

/*
 * luoshi migrate [--db PATH]
 * Applies pending migrations; refuses a database newer than the binary.
 */
int cmd_migrate(int argc, char **argv)
{
  struct cli_args a;
  struct cli_db d;
  struct lx_err err;
  int before = 0, rc = cli_parse(argc, argv, &a, NULL, NULL);
  if (rc)
    return rc;
  if (a.n_pos) {
    fprintf(stderr, "用法 usage: luoshi migrate [--db PATH]\n");
    return 2;
  }
  if (cli_db_open(&d, 1, 1))
    return 1;
  if (migrate_db_version(d.st, &before, &err) != LX_OK) {
    cli_error(&err);
    cli_db_close(&d);
    return 1;
  }
  cli_db_close(&d);
  if (cli_db_open_migrated(&d))
    return 1;
  cli_db_close(&d);
  printf("数据库版本 schema version %d → %d\n", before,
         migrate_binary_version());
  return 0;
}

/*
 * luoshi backup OUT [--db PATH]
 * Online backup: a consistent copy even while a server is writing.
 */
int cmd_backup(int argc, char **argv)
{
  struct cli_args a;
  struct lx_err err;
  int64_t t0 = time_mono_us();
  struct stat st;
  int rc = cli_parse(argc, argv, &a, NULL, NULL);
  if (rc)
    return rc;
  if (a.n_pos != 1) {
    fprintf(stderr, "用法 usage: luoshi backup OUT [--db PATH]\n");
    return 2;
  }
  if (store_backup(cfg.db, a.pos[0], &err) != LX_OK) {
    cli_error(&err);
    return 1;
  }
  if (stat(a.pos[0], &st) != 0)
    st.st_size = 0;
  printf("备份完成 backup written: %s (%lld bytes, %.1f ms, integrity ok)\n",
         a.pos[0], (long long)st.st_size,
         (double)(time_mono_us() - t0) / 1000.0);
  return 0;
}

/* luoshi version */
int cmd_version(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  printf("luoshi %s (schema %d, %s)\n", LUOSHI_VERSION,
         migrate_binary_version(), store_engine_version());
  return 0;
}
