/*
 * seed_plan.c — demo study plans (see seed_plan.h).
 */
#include "cli/seed_plan.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "domain/notify/notify.h"
#include "domain/study/plan.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#define MATS 3

/* A published material of the demo branch (only when the library is
 * empty). */
static int add_material(struct store_conn *c, const char *title,
                        const char *body, int64_t unit_id,
                        const char *unit_path, int64_t account_id,
                        const char *name, int64_t *out_id, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t now = time_now_ms();
  int rc = store_prepare(
      c,
      "INSERT INTO material(title, source, body, body_chars, min_seconds, "
      "status, owner_unit_id, owner_unit_path, created_by, creator_name, "
      "published_at, created_at, updated_at) VALUES (?, '落实演示', ?, ?, 60, "
      "'published', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, title);
  store_bind_text(s, 2, body);
  store_bind_i64(s, 3, (int64_t)strlen(body) / 3);
  store_bind_i64(s, 4, unit_id);
  store_bind_text(s, 5, unit_path);
  store_bind_i64(s, 6, account_id);
  store_bind_text(s, 7, name);
  store_bind_i64(s, 8, now);
  store_bind_i64(s, 9, now);
  store_bind_i64(s, 10, now);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *out_id = store_col_i64(s, 0);
    rc = store_step(s, err);
  }
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

static void day_str(int32_t day, char *out, size_t n)
{
  time_format_date(day, out, n);
}

int seed_plan_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct study_plan_who who;
  struct study_plan_in in;
  struct store_stmt *s;
  struct arena *a;
  char unit_path[256] = "", name[64] = "", d0[16], d1[16], d2[16], d3[16];
  int64_t unit_id = 0, mats[MATS] = {0}, open_id = 0, closed_id = 0, n = 0;
  int64_t dangyuan = 0;
  int32_t today =
      (int32_t)((time_now_ms() + (int64_t)time_get_offset_min() * 60000) /
                86400000);
  int n_mats = 0, rc;
  (void)ctx;
  rc = store_prepare(c,
                     "SELECT a.id, a.name, p.unit_id, p.unit_path FROM "
                     "account a JOIN person p ON p.id = a.person_id "
                     "WHERE a.username = 'shuji'",
                     &s, err);
  if (rc)
    return rc;
  memset(&who, 0, sizeof who);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    who.account_id = store_col_i64(s, 0);
    snprintf(name, sizeof name, "%s", store_col_text(s, 1));
    unit_id = store_col_i64(s, 2);
    snprintf(unit_path, sizeof unit_path, "%s", store_col_text(s, 3));
  }
  store_stmt_done(s);
  if (rc != STORE_ROW)
    return rc == STORE_DONE ? LX_OK : rc;
  who.name = name;
  who.unit_id = unit_id;
  who.unit_path = unit_path;
  rc = store_prepare(c,
                     "SELECT id FROM material WHERE status = 'published' "
                     "ORDER BY published_at DESC, id LIMIT 3",
                     &s, err);
  if (rc)
    return rc;
  while ((rc = store_step(s, err)) == STORE_ROW && n_mats < MATS)
    mats[n_mats++] = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  if (!n_mats) {
    rc = add_material(c, "学习党史的重要意义",
                      "学史明理、学史增信、学史崇德、学史力行。", unit_id,
                      unit_path, who.account_id, name, &mats[0], err);
    if (!rc)
      rc = add_material(c, "为民办实事 践行初心使命",
                        "把学习成效转化为为群众办实事的实际行动。", unit_id,
                        unit_path, who.account_id, name, &mats[1], err);
    if (rc)
      return rc;
    n_mats = 2;
  }
  a = arena_new();
  if (!a)
    return err_set(err, LX_ENOMEM, "oom", "", "内存不足");
  day_str(today - 7, d0, sizeof d0);
  day_str(today + 10, d1, sizeof d1);
  day_str(today - 60, d2, sizeof d2);
  day_str(today - 30, d3, sizeof d3);

  /* 1. an open plan, due in ten days */
  memset(&in, 0, sizeof in);
  in.title = "党史学习教育专题学习计划";
  in.description = "原原本本学习必学篇目，联系本支部工作实际，累计学习不少于 "
                   "30 分钟。";
  in.start_date = d0;
  in.due_date = d1;
  in.min_minutes = 30;
  in.n_units = 1;
  in.units[0].unit_id = unit_id;
  in.units[0].subtree = 1;
  in.n_materials = n_mats;
  memcpy(in.materials, mats, sizeof mats);
  rc = study_plan_create(c, a, &in, &who, &open_id, err);

  /* 2. last month's plan, closed */
  if (!rc) {
    memset(&in, 0, sizeof in);
    in.title = "“学史明理”月度学习计划";
    in.start_date = d2;
    in.due_date = d3;
    in.min_minutes = 10;
    in.n_units = 1;
    in.units[0].unit_id = unit_id;
    in.units[0].subtree = 1;
    in.n_materials = 1;
    in.materials[0] = mats[n_mats - 1];
    rc = study_plan_create(c, a, &in, &who, &closed_id, err);
  }
  if (!rc)
    rc = study_plan_publish(c, closed_id, &n, err);
  if (!rc)
    rc = study_plan_close(c, closed_id, err);
  if (!rc)
    rc = study_plan_publish(c, open_id, &n, err);
  arena_free(a);
  if (rc)
    return rc;

  /* dangyuan: the closed plan's notification read, plus a reminder */
  rc = store_prepare(c, "SELECT id FROM account WHERE username = 'dangyuan'",
                     &s, err);
  if (rc)
    return rc;
  rc = store_step(s, err);
  dangyuan = rc == STORE_ROW ? store_col_i64(s, 0) : 0;
  store_stmt_done(s);
  if (rc != STORE_ROW && rc != STORE_DONE)
    return rc;
  if (dangyuan) {
    struct notify_in ni;
    char title[256];
    rc = store_prepare(c,
                       "UPDATE notification SET read_at = created_at WHERE "
                       "account_id = ? AND object_id = ?",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, dangyuan);
    store_bind_i64(s, 2, closed_id);
    rc = store_run(s, err);
    if (rc)
      return rc;
    memset(&ni, 0, sizeof ni);
    snprintf(title, sizeof title, "学习计划提醒：%s",
             "党史学习教育专题学习计划");
    ni.kind = "plan.due_soon";
    ni.title = title;
    ni.body = "请在截止日期前学完必学资料，累计学习不少于 30 分钟。";
    ni.link = "/study/my-plans";
    ni.object_type = "study_plan";
    ni.object_id = open_id;
    rc = notify_add(c, dangyuan, &ni, err);
  }
  return rc;
}
