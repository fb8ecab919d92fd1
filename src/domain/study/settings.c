/*
 * settings.c — study settings in the `setting` table (see settings.h).
 */
#include "domain/study/settings.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct study_setting_def defs[] = {
    {"reflection_min_chars", "心得最少字数", 0, 5000, 300},
    /* timed reading (reading.h): seconds one heartbeat may credit */
    {"reading_beat_cap", "每次心跳最多计入秒数", 5, 600, 30},
};

const struct study_setting_def *study_settings_defs(int *n)
{
  *n = (int)LX_COUNT(defs);
  return defs;
}

const struct study_setting_def *study_setting_def(const char *name)
{
  for (size_t i = 0; name && i < LX_COUNT(defs); i++)
    if (!strcmp(defs[i].name, name))
      return &defs[i];
  return NULL;
}

int study_setting_check(const char *name, int64_t v, struct lx_err *err)
{
  const struct study_setting_def *d = study_setting_def(name);
  if (!d)
    return err_setf(err, LX_EINVAL, "settings.unknown", name ? name : "",
                    "未知的学习设置项 %.40s", name ? name : "");
  if (v < d->min || v > d->max)
    return err_setf(err, LX_EINVAL, "settings.range", name,
                    "%s应在 %lld 到 %lld 之间", d->label, (long long)d->min,
                    (long long)d->max);
  return LX_OK;
}

int study_setting_get(struct store_conn *c, const char *name, int64_t *out,
                      struct lx_err *err)
{
  const struct study_setting_def *d = study_setting_def(name);
  struct store_stmt *s;
  char key[80];
  int rc;
  if (!d)
    return study_setting_check(name, 0, err);
  *out = d->def;
  snprintf(key, sizeof key, "study.%s", d->name);
  rc = store_prepare(c, "SELECT value FROM setting WHERE key = ?", &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, key);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    const char *t = store_col_text(s, 0);
    char *end;
    long long v = t ? strtoll(t, &end, 10) : 0;
    if (t && *t && !*end && v >= d->min && v <= d->max)
      *out = v; /* a damaged row keeps the default */
  }
  store_stmt_done(s);
  return rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
}

int study_setting_put(struct store_conn *c, const char *name, int64_t v,
                      struct lx_err *err)
{
  struct store_stmt *s;
  char key[80], val[32];
  int rc = study_setting_check(name, v, err);
  if (!rc)
    rc = store_prepare(c,
                       "INSERT INTO setting(key, value, updated_at) VALUES "
                       "(?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                       "excluded.value, updated_at = excluded.updated_at",
                       &s, err);
  if (rc)
    return rc;
  snprintf(key, sizeof key, "study.%s", name);
  snprintf(val, sizeof val, "%lld", (long long)v);
  store_bind_text(s, 1, key);
  store_bind_text(s, 2, val);
  store_bind_i64(s, 3, time_now_ms());
  return store_run(s, err);
}
