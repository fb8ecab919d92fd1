/*
 * cli_db.c — opening the database from a command.
 */
#include "cli/cli_db.h"

#include "base/cfg.h"
#include "base/log.h"
#include "cli/cli.h"
#include "store/migrate.h"
#include "store/store.h"

#include <stdio.h>
#include <sys/stat.h>

int cli_db_open(struct cli_db *d, int write, int must_exist)
{
  struct store_opts o = {0};
  struct lx_err err;
  struct stat st;
  d->st = NULL;
  d->lock_fd = -1;
  if (stat(cfg.db, &st) != 0) {
    if (must_exist || !write) {
      fprintf(stderr, "luoshi: 数据库 %s 不存在（先运行 luoshi init）\n",
              cfg.db);
      return 1;
    }
  } else if (st.st_size == 0) {
    fprintf(stderr,
            "luoshi: 数据库文件 %s 长度为 0，可能已损坏；拒绝在其上创建新库。"
            "请从备份恢复或删除该文件后重新 init\n",
            cfg.db);
    return 1;
  }
  if (write && store_lock_acquire(cfg.db, &d->lock_fd, &err) != LX_OK) {
    cli_error(&err);
    return 1;
  }
  o.path = cfg.db;
  o.busy_timeout_ms = cfg.busy_timeout_ms;
  o.batch_max = cfg.writer_batch_max;
  o.no_writer = !write;
  if (store_open(&o, &d->st, &err) != LX_OK) {
    cli_error(&err);
    store_lock_release(d->lock_fd);
    d->lock_fd = -1;
    return 1;
  }
  return 0;
}

int cli_db_open_migrated(struct cli_db *d)
{
  struct lx_err err;
  int n = 0;
  if (cli_db_open(d, 1, 0))
    return 1;
  if (migrate_apply(d->st, &n, &err) != LX_OK) {
    cli_error(&err);
    cli_db_close(d);
    return 1;
  }
  if (n)
    log_info("applied %d migration(s); schema version %d", n,
             migrate_binary_version());
  return 0;
}

void cli_db_close(struct cli_db *d)
{
  store_close(d->st);
  d->st = NULL;
  store_lock_release(d->lock_fd);
  d->lock_fd = -1;
}
