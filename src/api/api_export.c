/*
 * api_export.c — the shared half of every list's Excel export (see
 * api_export.h): format check, workbook in a temporary file, row cap,
 * the audit entry written before anything is sent, the download.
 */
#include "api/api_export.h"

#include "base/arena.h"
#include "base/cfg.h"
#include "base/ratelimit.h"
#include "base/timeutil.h"
#include "domain/policy/policy.h"
#include "http/resp_file.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define XLSX_TYPE                                                              \
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* Longest filter value written into the audit detail, in characters. */
#define FILTER_VALUE_MAX 64

int api_export_format(struct req *r, int *out_xlsx)
{
  const char *fmt = req_query(r, "format");
  *out_xlsx = 0;
  if (!fmt || !*fmt || strcmp(fmt, "json") == 0)
    return LX_OK;
  if (strcmp(fmt, "xlsx") == 0) {
    *out_xlsx = 1;
    return LX_OK;
  }
  return err_set(&r->err, LX_EINVAL, "query.invalid", "format",
                 "format 只能是 json 或 xlsx");
}

int api_export_allowed(struct req *r)
{
  struct app *app = r->app;
  const struct subject *s = api_subject(r);
  char key[32];
  if (!app || !app->rl_export || !s)
    return LX_OK;
  snprintf(key, sizeof key, "a:%lld", (long long)s->account_id);
  if (rl_take(app->rl_export, key, time_mono_us() / 1000, &r->retry_after_s))
    return LX_OK;
  return err_setf(&r->err, LX_ETOOMANY, "export.rate_limited", "",
                  "导出过于频繁：每小时最多导出 %d 次，请稍后再试",
                  cfg.rate_export);
}

int api_export_begin(struct api_export *e, struct req *r,
                     const struct api_export_spec *spec)
{
  return api_export_begin_titled(e, r, spec, NULL);
}

int api_export_begin_titled(struct api_export *e, struct req *r,
                            const struct api_export_spec *spec,
                            const char *title)
{
  int rc;
  memset(e, 0, sizeof *e);
  e->r = r;
  e->spec = spec;
  rc = api_export_allowed(r);
  if (rc) {
    e->path[0] = 0;
    return rc;
  }
  rc = xlsx_tmp_path(e->path, sizeof e->path, &r->err);
  if (rc) {
    e->path[0] = 0;
    return rc;
  }
  return xlsx_open_titled(e->path, spec->sheet, title, spec->cols, spec->n_cols,
                          &e->x, &r->err);
}

int api_export_row_end(struct api_export *e)
{
  if (xlsx_row_end(e->x) != LX_OK || xlsx_rows(e->x) > e->spec->max_rows)
    return err_setf(&e->r->err, LX_ETOOBIG, "export.too_large", "",
                    "符合条件的记录超过 %ld 条，请增加筛选条件、缩小范围后"
                    "再导出",
                    e->spec->max_rows);
  return LX_OK;
}

/* Appends at most max characters of the valid UTF-8 text s. */
static void append_chars(struct sb *sb, const char *s, size_t max)
{
  size_t n = 0, chars = 0;
  for (; s[n]; n++)
    if (((unsigned char)s[n] & 0xc0) != 0x80 && ++chars > max)
      break;
  sb_append(sb, s, n);
}

/* The filters named by spec as "k=v k=v" for the audit detail (bounded;
 * "无" when none is set). */
static const char *filters_text(struct req *r,
                                const struct api_export_spec *spec)
{
  struct sb sb;
  sb_init(&sb, r->arena, NULL, 0, 400);
  for (const char *const *k = spec->filters; k && *k; k++) {
    const char *v = req_query(r, *k);
    if (!v || !*v || v[0] == '\x01')
      continue;
    sb_appendf(&sb, "%s%s=", sb.len ? " " : "", *k);
    append_chars(&sb, v, FILTER_VALUE_MAX);
  }
  if (sb_err(&sb))
    return "（条件过长）";
  return sb.len ? sb_take(&sb, NULL) : "无";
}

struct export_job {
  struct api_export *e;
  long rows;
  const char *filters;
};

static int audit_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct export_job *jb = ctx;
  const struct api_export_spec *spec = jb->e->spec;
  char detail[600];
  (void)err;
  snprintf(detail, sizeof detail, "导出%s %ld 条；条件：%s", spec->sheet,
           jb->rows, jb->filters);
  return api_audit(jb->e->r, c, spec->action, spec->object_type, 0, "ok", NULL,
                   NULL, detail);
}

int api_export_end(struct api_export *e, int rc, struct resp *w)
{
  struct req *r = e->r;
  struct export_job jb = {e, 0, NULL};
  if (e->x) {
    jb.rows = xlsx_rows(e->x);
    if (xlsx_close(e->x, rc ? NULL : &r->err) != LX_OK && !rc)
      rc = LX_EIO;
    e->x = NULL;
  }
  if (!rc) {
    jb.filters = filters_text(r, e->spec);
    rc = api_write(r, audit_job, &jb);
  }
  if (!rc)
    rc = resp_file_send(r, w, e->path, XLSX_TYPE, e->spec->file_ascii,
                        e->spec->file_utf8);
  if (e->path[0])
    unlink(e->path);
  e->path[0] = 0;
  return rc;
}
