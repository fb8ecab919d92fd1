/*
 * api_study_settings.c — /api/v1/study-settings: the study module's run-time
 * settings (学习设置) as one JSON object {"reflection_min_chars": 300, …}.
 * Every member reads them (the reflection editor shows the minimum);
 * a study.manage holder with scope all changes them.  PUT takes any
 * subset of the known keys; an unknown key or a value out of range is 400
 * naming the key, and nothing is written unless every value is valid.
 * The change is audited in its write job.
 */
#include "api/api.h"

#include "api/api_org.h"
#include "base/arena.h"
#include "base/jw.h"
#include "base/sb.h"
#include "domain/policy/policy.h"
#include "domain/study/settings.h"

#include <string.h>

#define SETTINGS_MAX 32

static int render(struct req *r, struct resp *w)
{
  const struct study_setting_def *d;
  struct store_conn *c;
  int n;
  int64_t v[SETTINGS_MAX];
  struct jw j;
  int rc = api_db(r, &c);
  d = study_settings_defs(&n);
  for (int i = 0; !rc && i < n && i < SETTINGS_MAX; i++)
    rc = study_setting_get(c, d[i].name, &v[i], &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  for (int i = 0; i < n && i < SETTINGS_MAX; i++)
    jw_ki64(&j, d[i].name, v[i]);
  jw_obj_end(&j);
  return LX_OK;
}

/* GET /api/v1/study-settings */
int api_study_settings_get(struct req *r, struct resp *w)
{
  return render(r, w);
}

struct put_job {
  struct req *r;
  int n;
  const char *name[SETTINGS_MAX];
  int64_t value[SETTINGS_MAX];
};

static int put_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct put_job *jb = ctx;
  struct req *r = jb->r;
  char buf[512];
  struct sb sb;
  int rc = LX_OK;
  sb_init(&sb, r->arena, buf, sizeof buf, 4096);
  sb_putc(&sb, '{');
  for (int i = 0; !rc && i < jb->n; i++) {
    rc = study_setting_put(c, jb->name[i], jb->value[i], err);
    sb_appendf(&sb, "%s\"%s\":%lld", i ? "," : "", jb->name[i],
               (long long)jb->value[i]);
  }
  sb_putc(&sb, '}');
  if (!rc && sb_err(&sb))
    rc = err_set(err, LX_EINTERNAL, "internal", "", "内部错误");
  if (!rc)
    rc = api_audit(r, c, "study.settings", "setting", 0, "ok", NULL,
                   sb_take(&sb, NULL), NULL);
  return rc;
}

/* PUT /api/v1/study-settings {name: integer, …} — study.manage, scope
 * all. */
int api_study_settings_put(struct req *r, struct resp *w)
{
  struct put_job *jb = arena_zalloc(r->arena, sizeof *jb);
  json_t *body = NULL, *v;
  const char *key;
  int rc;
  if (policy_scope_of(api_subject(r), "study.manage") != SCOPE_ALL)
    return err_set(&r->err, LX_EFORBIDDEN, "auth.forbidden", "",
                   "只有全区学习管理员可以修改学习设置");
  rc = api_body(r, &body);
  if (rc)
    return rc;
  json_object_foreach(body, key, v)
  {
    const struct study_setting_def *d = study_setting_def(key);
    if (!d) {
      rc = err_setf(&r->err, LX_EINVAL, "settings.unknown",
                    arena_printf(r->arena, "%.60s", key),
                    "未知的学习设置项 %.40s", key);
      break;
    }
    if (!json_is_integer(v)) {
      rc = err_setf(&r->err, LX_EINVAL, "field.type", d->name, "%s必须是整数",
                    d->label);
      break;
    }
    rc = study_setting_check(d->name, json_integer_value(v), &r->err);
    if (rc)
      break;
    if (jb->n < SETTINGS_MAX) {
      jb->name[jb->n] = d->name;
      jb->value[jb->n++] = json_integer_value(v);
    }
  }
  json_decref(body);
  if (!rc && !jb->n)
    rc =
        err_set(&r->err, LX_EINVAL, "field.required", "", "请至少提供一项设置");
  if (rc)
    return rc;
  jb->r = r;
  rc = api_write(r, put_job, jb);
  if (rc)
    return rc;
  return render(r, w);
}
