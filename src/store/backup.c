/*
 * backup.c — online backup of a live database (SQLite's backup API).
 *
 * The source is opened as a reader (no checkpoint on close), so a backup
 * taken beside a running server never checkpoints or writes the source.
 * The copy goes to OUT.tmp, is checked with integrity_check, fsync'd,
 * renamed over OUT, and the folder is fsync'd: a partial file is never
 * left under the final name.
 */
#include "store/store_int.h"

#include "base/log.h"

#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fsync_path(const char *path, int dir)
{
  int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
  int ok;
  if (fd < 0)
    return -1;
  ok = fsync(fd);
  close(fd);
  return ok;
}

static int check_integrity(sqlite3 *db)
{
  sqlite3_stmt *s = NULL;
  int ok = 0;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) !=
      SQLITE_OK)
    return 0;
  if (sqlite3_step(s) == SQLITE_ROW &&
      strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0)
    ok = 1;
  sqlite3_finalize(s);
  return ok;
}

int store_backup(const char *src_path, const char *out_path,
                 struct lx_err *err)
{
  sqlite3 *src = NULL, *dst = NULL;
  sqlite3_backup *b = NULL;
  char tmp[1100], dirbuf[1100];
  int rc = LX_OK, s, unused = 0;
  struct stat stt;

  if (stat(src_path, &stt) != 0 || stt.st_size == 0)
    return err_setf(err, LX_EIO, "backup.no_source", "db",
                    "数据库 %s 不存在或为空", src_path);
  snprintf(tmp, sizeof tmp, "%s.tmp", out_path);
  unlink(tmp);
  if (sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READWRITE, NULL) !=
      SQLITE_OK) {
    rc = err_setf(err, LX_EDB, "backup.open", "db", "无法打开数据库 %s",
                  src_path);
    goto done;
  }
  sqlite3_db_config(src, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, &unused);
  sqlite3_busy_timeout(src, 10000);
  if (sqlite3_exec(src, "PRAGMA query_only=1; PRAGMA wal_autocheckpoint=0",
                   NULL, NULL, NULL) != SQLITE_OK) {
    rc = err_set(err, LX_EDB, "backup.open", "db", "无法设置只读连接");
    goto done;
  }
  if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      NULL) != SQLITE_OK) {
    rc = err_setf(err, LX_EIO, "backup.create", "out", "无法创建备份文件 %s",
                  tmp);
    goto done;
  }
  chmod(tmp, 0600);
  b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b) {
    rc = err_setf(err, LX_EDB, "backup.init", "", "备份初始化失败：%s",
                  sqlite3_errmsg(dst));
    goto done;
  }
  /* one step copies everything inside one read transaction: a consistent
   * snapshot even while the server keeps committing */
  s = sqlite3_backup_step(b, -1);
  sqlite3_backup_finish(b);
  b = NULL;
  if (s != SQLITE_DONE) {
    rc = err_setf(err, s == SQLITE_BUSY ? LX_EBUSY : LX_EDB, "backup.copy", "",
                  "备份复制失败：%s", sqlite3_errstr(s));
    goto done;
  }
  if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) !=
          SQLITE_OK ||
      !check_integrity(dst)) {
    rc = err_set(err, LX_EDB, "backup.integrity", "",
                 "备份文件完整性检查未通过");
    goto done;
  }
  sqlite3_close(dst);
  dst = NULL;
  if (fsync_path(tmp, 0) != 0 || rename(tmp, out_path) != 0) {
    rc = err_setf(err, LX_EIO, "backup.rename", "out", "无法写入备份文件 %s",
                  out_path);
    goto done;
  }
  snprintf(dirbuf, sizeof dirbuf, "%s", out_path);
  if (fsync_path(dirname(dirbuf), 1) != 0)
    log_warn("fsync of backup folder failed");
done:
  if (b)
    sqlite3_backup_finish(b);
  if (dst)
    sqlite3_close(dst);
  if (src)
    sqlite3_close(src);
  if (rc)
    unlink(tmp);
  return rc;
}
