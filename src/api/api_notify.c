/*
 * api_notify.c — /api/v1/notifications: the caller's own notification
 * inbox (消息中心).  Every route needs only a login; an account sees and
 * marks only its own notifications (another account's id answers 404
 * like a missing one).  Lists are newest first, keyset-paginated on id
 * with a signed cursor.  Marking read is audited like every change.
 */
#include "api/api_org.h"

#include "api/api_cursor.h"
#include "base/arena.h"
#include "domain/notify/notify.h"
#include "domain/policy/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void notify_json(struct jw *j, const struct notify_msg *m)
{
  jw_obj(j);
  jw_ki64(j, "id", m->id);
  jw_kstr(j, "kind", m->kind);
  jw_kstr(j, "title", m->title);
  jw_kstr(j, "body", m->body);
  jw_kstr(j, "link", m->link);
  jw_kstr(j, "object_type", m->object_type);
  jw_ki64(j, "object_id", m->object_id);
  jw_ktime(j, "created_at", m->created_at);
  jw_key(j, "read_at");
  jw_time(j, m->read_at, 1);
  jw_kbool(j, "read", m->read_at != 0);
  jw_obj_end(j);
}

/* GET /api/v1/notifications?unread=1&limit=&cursor= */
int api_notify_list(struct req *r, struct resp *w)
{
  const struct subject *s = api_subject(r);
  const char *kind, *f[1], *next = NULL;
  struct notify_msg *rows;
  struct store_conn *c;
  struct jw j;
  int64_t unread = 0, before = 0;
  int present = 0, limit, n, more, rc;
  rc = api_query_int(r, "unread", 0, 1, &unread, &present);
  kind = unread ? "notify.unread" : "notify";
  if (!rc)
    rc = api_limit(r, &limit);
  if (!rc)
    rc = api_cursor_decode(r, kind, f, 1, &present);
  if (!rc && present) {
    char *end;
    before = strtoll(f[0], &end, 10);
    if (*end || end == f[0] || before <= 0)
      rc = err_set(&r->err, LX_EINVAL, "page.cursor", "cursor",
                   "分页游标无效，请从第一页重新查询");
  }
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = notify_list(c, r->arena, s->account_id, (int)unread, before, limit,
                     &rows, &n, &more, &r->err);
  if (rc)
    return rc;
  if (more && n > 0) {
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)rows[n - 1].id);
    f[0] = id;
    next = api_cursor_encode(r, kind, f, 1);
  }
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    notify_json(&j, &rows[i]);
  api_list_end(&j, next);
  return LX_OK;
}

/* GET /api/v1/notifications/unread-count → {"count": n} */
int api_notify_unread_count(struct req *r, struct resp *w)
{
  struct store_conn *c;
  struct jw j;
  int64_t n = 0;
  int rc = api_db(r, &c);
  if (!rc)
    rc = notify_unread_count(c, api_subject(r)->account_id, &n, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_ki64(&j, "count", n);
  jw_obj_end(&j);
  return LX_OK;
}

struct read_job {
  struct req *r;
  int64_t account_id, id, changed;
};

static int read_one_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct read_job *jb = ctx;
  int rc = notify_mark_read(c, jb->account_id, jb->id, err);
  if (!rc)
    rc = api_audit(jb->r, c, "notification.read", "notification", jb->id, "ok",
                   NULL, NULL, NULL);
  return rc;
}

/* POST /api/v1/notifications/:id/read → {"id","read":true,"unread": n} */
int api_notify_read(struct req *r, struct resp *w)
{
  struct read_job jb = {.r = r};
  struct store_conn *c;
  struct jw j;
  int64_t n = 0;
  int rc = req_param_id(r, "id", &jb.id);
  if (rc)
    return api_not_found(r, "通知");
  jb.account_id = api_subject(r)->account_id;
  rc = api_write(r, read_one_job, &jb);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "通知");
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = notify_unread_count(c, jb.account_id, &n, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_ki64(&j, "id", jb.id);
  jw_kbool(&j, "read", 1);
  jw_ki64(&j, "unread", n);
  jw_obj_end(&j);
  return LX_OK;
}

static int read_all_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct read_job *jb = ctx;
  int rc = notify_mark_all_read(c, jb->account_id, &jb->changed, err);
  if (!rc)
    rc = api_audit(
        jb->r, c, "notification.read_all", "notification", 0, "ok", NULL,
        arena_printf(jb->r->arena, "{\"marked\":%lld}", (long long)jb->changed),
        NULL);
  return rc;
}

/* POST /api/v1/notifications/read-all → {"marked": n, "unread": 0} */
int api_notify_read_all(struct req *r, struct resp *w)
{
  struct read_job jb = {.r = r};
  struct jw j;
  int rc;
  jb.account_id = api_subject(r)->account_id;
  rc = api_write(r, read_all_job, &jb);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_ki64(&j, "marked", jb.changed);
  jw_ki64(&j, "unread", 0);
  jw_obj_end(&j);
  return LX_OK;
}
