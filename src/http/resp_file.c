/*
 * resp_file.c — file downloads: the body read into the request arena (the
 * server sends arena memory without copying) and a safe
 * Content-Disposition header (INJ-08: no CR/LF, quote or semicolon can
 * reach the header, the real name travels percent-encoded).
 */
#include "http/resp_file.h"

#include "base/arena.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int ascii_safe(const char *s)
{
  if (!s || !*s || strlen(s) > 100)
    return 0;
  for (; *s; s++)
    if (*s < 0x20 || *s > 0x7e || *s == '"' || *s == '\\' || *s == ';' ||
        *s == '/')
      return 0;
  return 1;
}

void resp_disposition(struct sb *sb, const char *ascii_name,
                      const char *utf8_name)
{
  sb_puts(sb, "attachment; filename=\"");
  sb_puts(sb, ascii_safe(ascii_name) ? ascii_name : "download");
  sb_puts(sb, "\"");
  if (utf8_name && *utf8_name) {
    sb_puts(sb, "; filename*=UTF-8''");
    sb_append_url(sb, utf8_name); /* unreserved kept, all else %XX */
  }
}

int resp_file_send(struct req *r, struct resp *w, const char *path,
                   const char *content_type, const char *ascii_name,
                   const char *utf8_name)
{
  struct stat st;
  struct sb h;
  unsigned char *buf;
  size_t got = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return err_set(&r->err, LX_EIO, "file.open", "", "文件读取失败");
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return err_set(&r->err, LX_EIO, "file.open", "", "文件读取失败");
  }
  if ((uint64_t)st.st_size > RESP_FILE_MAX) {
    close(fd);
    return err_set(&r->err, LX_ETOOBIG, "file.too_large", "",
                   "文件过大，请缩小导出范围");
  }
  buf = arena_alloc(r->arena, (size_t)st.st_size + 1);
  while (got < (size_t)st.st_size) {
    ssize_t k = read(fd, buf + got, (size_t)st.st_size - got);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      break;
    got += (size_t)k;
  }
  close(fd);
  if (got != (size_t)st.st_size)
    return err_set(&r->err, LX_EIO, "file.read", "", "文件读取失败");
  sb_init(&h, r->arena, NULL, 0, 2048);
  resp_disposition(&h, ascii_name, utf8_name);
  if (sb_err(&h))
    return err_set(&r->err, LX_EINTERNAL, "file.name", "", "文件名过长");
  w->status = 200;
  w->content_type = content_type;
  w->static_data = buf;
  w->static_len = got;
  resp_header(w, "Content-Disposition", sb_take(&h, NULL));
  return LX_OK;
}
