/*
 * files.c — the content-addressed file store (see files.h).
 */
#include "store/files.h"

#include "base/cfg.h"
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct {
  pthread_once_t once;
  char dir[1100];
} files = {PTHREAD_ONCE_INIT, ""};

static void dir_init(void)
{
  if (cfg.files_dir[0])
    snprintf(files.dir, sizeof files.dir, "%s", cfg.files_dir);
  else
    snprintf(files.dir, sizeof files.dir, "%s.files", cfg.db);
}

const char *store_files_dir(void)
{
  pthread_once(&files.once, dir_init);
  return files.dir;
}

static int hex_ok(const char *h)
{
  if (!h || strlen(h) != 64)
    return 0;
  for (; *h; h++)
    if (!((*h >= '0' && *h <= '9') || (*h >= 'a' && *h <= 'f')))
      return 0;
  return 1;
}

int store_file_path(const char *dir, const char *sha256, char *out,
                    size_t out_len)
{
  int n;
  if (!hex_ok(sha256))
    return LX_EINVAL;
  n = snprintf(out, out_len, "%s/%.2s/%.2s/%s", dir, sha256, sha256 + 2,
               sha256);
  return n < 0 || (size_t)n >= out_len ? LX_ETOOBIG : LX_OK;
}

static int mkdir_one(const char *p)
{
  return mkdir(p, 0750) == 0 || errno == EEXIST ? 0 : -1;
}

static int fsync_dir(const char *p)
{
  int fd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;
  if (fd < 0)
    return -1;
  rc = fsync(fd);
  close(fd);
  return rc;
}

static int io_fail(struct lx_err *err, const char *what, const char *path)
{
  log_msg(LOG_ERROR, "file store: %s %s: %s", what, path, strerror(errno));
  return err_set(err, LX_EIO, "file.store", "file",
                 "文件保存失败（服务器存储不可用），请稍后重试或联系管理员");
}

int store_file_put(const char *dir, const char *sha256, const void *data,
                   size_t len, struct lx_err *err)
{
  char path[STORE_FILE_PATH_MAX], sub1[STORE_FILE_PATH_MAX],
      sub2[STORE_FILE_PATH_MAX], tmp[STORE_FILE_PATH_MAX];
  const unsigned char *p = data;
  struct stat st;
  size_t done = 0;
  int fd;
  if (store_file_path(dir, sha256, path, sizeof path) != LX_OK)
    return err_set(err, LX_EINVAL, "file.digest", "file", "文件摘要无效");
  if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len)
    return LX_OK; /* stored before: same digest, same bytes */
  snprintf(sub1, sizeof sub1, "%s/%.2s", dir, sha256);
  snprintf(sub2, sizeof sub2, "%s/%.2s/%.2s", dir, sha256, sha256 + 2);
  if (mkdir_one(dir) || mkdir_one(sub1) || mkdir_one(sub2))
    return io_fail(err, "mkdir", sub2);
  snprintf(tmp, sizeof tmp, "%s/.tmp-%s-XXXXXX", dir, sha256);
  fd = mkostemp(tmp, O_CLOEXEC);
  if (fd < 0)
    return io_fail(err, "create", tmp);
  while (done < len) {
    ssize_t k = write(fd, p + done, len - done);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      break;
    done += (size_t)k;
  }
  if (done != len || fchmod(fd, 0640) != 0 || fsync(fd) != 0) {
    int e = errno;
    close(fd);
    unlink(tmp);
    errno = e;
    return io_fail(err, "write", tmp);
  }
  if (close(fd) != 0 || rename(tmp, path) != 0) {
    int e = errno;
    unlink(tmp);
    errno = e;
    return io_fail(err, "rename", path);
  }
  if (fsync_dir(sub2) != 0 || fsync_dir(sub1) != 0 || fsync_dir(dir) != 0)
    return io_fail(err, "fsync", sub2);
  return LX_OK;
}
