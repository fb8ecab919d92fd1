/*
 * static.c — serves the web UI compiled into the binary (or, in dev mode,
 * from a folder).  Only files in the embedded table can be served; any
 * other non-API GET falls back to index.html for the single-page app's
 * router.  Content-hashed files are cached for a year, index.html is
 * revalidated every time; a gzip copy goes to browsers that accept it.
 */
#include "http/http_int.h"

#include "base/arena.h"
#include "base/asset.h"
#include "base/sb.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int accepts_gzip(struct req *r)
{
  const char *ae = req_header(r, "Accept-Encoding");
  return ae && strstr(ae, "gzip") != NULL;
}

static int serve_asset(struct req *r, struct resp *w, const struct asset *a)
{
  const char *inm = req_header(r, "If-None-Match");
  w->status = 200;
  w->content_type = a->mime;
  resp_header(w, "ETag", a->etag);
  resp_header(w, "Cache-Control", a->immutable
                                      ? "public, max-age=31536000, immutable"
                                      : "no-cache");
  if (a->gz)
    resp_header(w, "Vary", "Accept-Encoding");
  if (inm && strcmp(inm, a->etag) == 0) {
    w->status = 304;
    w->static_data = (const unsigned char *)"";
    w->static_len = 0;
    return 1;
  }
  if (a->gz && accepts_gzip(r)) {
    resp_header(w, "Content-Encoding", "gzip");
    w->static_data = a->gz;
    w->static_len = a->gz_len;
  } else {
    w->static_data = a->data;
    w->static_len = a->len;
  }
  return 1;
}

/* Dev mode: reads web_dir/path if it resolves inside web_dir. */
static int serve_disk(struct req *r, struct resp *w, const char *web_dir,
                      const char *path)
{
  char full[PATH_MAX], real[PATH_MAX], root[PATH_MAX];
  struct stat st;
  FILE *f;
  char *buf;
  const char *dot;
  if (!realpath(web_dir, root))
    return 0;
  if ((size_t)snprintf(full, sizeof full, "%s/%s", root, path) >= sizeof full)
    return 0;
  if (!realpath(full, real) || strncmp(real, root, strlen(root)) != 0 ||
      stat(real, &st) != 0 || !S_ISREG(st.st_mode) ||
      st.st_size > 64 * 1024 * 1024)
    return 0;
  f = fopen(real, "rb");
  if (!f)
    return 0;
  buf = arena_alloc(r->arena, (size_t)st.st_size + 1);
  if (fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
    fclose(f);
    return 0;
  }
  fclose(f);
  dot = strrchr(real, '.');
  w->status = 200;
  w->content_type = "application/octet-stream";
  if (dot) {
    if (!strcmp(dot, ".html"))
      w->content_type = "text/html; charset=utf-8";
    else if (!strcmp(dot, ".js"))
      w->content_type = "text/javascript; charset=utf-8";
    else if (!strcmp(dot, ".css"))
      w->content_type = "text/css; charset=utf-8";
    else if (!strcmp(dot, ".svg"))
      w->content_type = "image/svg+xml";
    else if (!strcmp(dot, ".png"))
      w->content_type = "image/png";
    else if (!strcmp(dot, ".woff2"))
      w->content_type = "font/woff2";
  }
  resp_header(w, "Cache-Control", "no-cache");
  w->static_data = (const unsigned char *)buf;
  w->static_len = (size_t)st.st_size;
  return 1;
}

int static_serve(struct req *r, struct resp *w, const char *web_dir)
{
  const char *path = r->path;
  const struct asset *a;
  while (*path == '/')
    path++;
  if (strstr(path, "..") || strchr(path, '\\'))
    return 0;
  if (web_dir && web_dir[0]) {
    if (*path && serve_disk(r, w, web_dir, path))
      return 1;
    /* a missing file with an extension is a 404, not the app */
    if (strrchr(path, '.') && strrchr(path, '.') > strrchr(path, '/'))
      return 0;
    return serve_disk(r, w, web_dir, "index.html");
  }
  if (*path) {
    a = asset_find(web_assets, web_assets_count, path);
    if (a)
      return serve_asset(r, w, a);
    {
      const char *slash = strrchr(path, '/');
      const char *dot = strrchr(path, '.');
      if (dot && (!slash || dot > slash))
        return 0;
    }
  }
  a = asset_find(web_assets, web_assets_count, "index.html");
  if (!a)
    return 0;
  return serve_asset(r, w, a);
}
