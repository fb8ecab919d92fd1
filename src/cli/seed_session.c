/*
 * seed_session.c — demo study sessions (see seed_session.h).  Written
 * through src/domain/study/session.h, so the rows are what the API would
 * have written (codes random, attendance rows, finish storing the
 * unrecorded as absent).
 */
#include "cli/seed_session.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "domain/study/session.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

/* Unix ms of local day (today + day_delta) at hh:mm. */
static int64_t local_at(int day_delta, int hh, int mm)
{
  int64_t off = (int64_t)time_get_offset_min() * 60000;
  int64_t today = (time_now_ms() + off) / 86400000;
  return (today + day_delta) * 86400000 + ((int64_t)hh * 60 + mm) * 60000 - off;
}

static const char minutes_md[] =
    "## 会议记录\n\n"
    "**时间**：上月第三周周四下午\n\n"
    "**主持人**：赵海燕（支部书记）\n\n"
    "### 一、传达学习\n\n"
    "支部书记传达了上级党委关于深入开展党史学习教育的部署要求，"
    "带领全体党员原原本本学习了相关重要讲话精神。\n\n"
    "### 二、交流发言\n\n"
    "- 孙伟：结合社区网格工作，谈了学史力行、为群众办实事的体会；\n"
    "- 多名党员围绕“学史明理、学史增信、学史崇德、学史力行”作了发言。\n\n"
    "### 三、议定事项\n\n"
    "1. 下月开展“我为群众办实事”主题党日活动；\n"
    "2. 各党小组在两周内完成专题学习心得交流。\n";

int seed_session_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct study_session_in in;
  struct study_session_who who = {0, "赵海燕"};
  struct store_stmt *s;
  struct arena *a;
  char unit_path[256] = "", name[64] = "";
  int64_t unit_id = 0, person_id = 0, held = 0, id = 0, added = 0;
  int64_t mats[2] = {0, 0};
  int n_mats = 0, rc;
  (void)ctx;
  rc = store_prepare(c,
                     "SELECT a.id, a.name, p.id, p.unit_id, p.unit_path FROM "
                     "account a JOIN person p ON p.id = a.person_id "
                     "WHERE a.username = 'shuji'",
                     &s, err);
  if (rc)
    return rc;
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    who.account_id = store_col_i64(s, 0);
    snprintf(name, sizeof name, "%s", store_col_text(s, 1));
    person_id = store_col_i64(s, 2);
    unit_id = store_col_i64(s, 3);
    snprintf(unit_path, sizeof unit_path, "%s", store_col_text(s, 4));
  }
  store_stmt_done(s);
  if (rc != STORE_ROW)
    return rc == STORE_DONE ? LX_OK : rc;
  rc = store_prepare(c,
                     "SELECT id FROM material WHERE status = 'published' "
                     "ORDER BY published_at DESC, id LIMIT 2",
                     &s, err);
  if (rc)
    return rc;
  while ((rc = store_step(s, err)) == STORE_ROW && n_mats < 2)
    mats[n_mats++] = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;

  /* 1. 支部党员大会 last month, held */
  memset(&in, 0, sizeof in);
  in.unit_id = unit_id;
  in.unit_path = unit_path;
  in.kind = "member_meeting";
  in.title = "支部党员大会：学习党史 坚定信念";
  in.place = "社区党群服务中心二楼会议室";
  in.host_name = "赵海燕";
  in.starts_at = local_at(-30, 14, 30);
  in.ends_at = local_at(-30, 16, 30);
  in.n_materials = n_mats;
  memcpy(in.materials, mats, sizeof mats);
  rc = study_session_create(c, &in, &who, &held, err);
  if (rc)
    return rc;
  /* most present (by the secretary), two on leave, the rest absent */
  a = arena_new();
  {
    struct study_session ss;
    struct study_session_att *att;
    int n = 0;
    rc = study_session_get(c, a, held, &ss, err);
    if (!rc)
      rc = study_session_attendance(c, a, &ss, &att, &n, err);
    for (int i = 0; !rc && i < n; i++) {
      const char *st = "present", *reason = "";
      if (att[i].person_id != person_id && i % 7 == 3) {
        st = "leave";
        reason = i % 2 ? "外出培训" : "身体不适";
      } else if (att[i].person_id != person_id && i % 9 == 5)
        continue; /* absent when the meeting is finished */
      rc = study_session_mark(c, held, att[i].person_id, st, reason, &who, err);
    }
  }
  arena_free(a);
  if (!rc)
    rc = study_session_finish(c, held, &added, err);
  if (!rc)
    rc = study_session_set_minutes(c, held, minutes_md, err);
  if (rc)
    return rc;

  /* 2. 党课 tomorrow morning, check-in open */
  memset(&in, 0, sizeof in);
  in.unit_id = unit_id;
  in.unit_path = unit_path;
  in.kind = "lecture";
  in.title = "专题党课：从党的百年奋斗中汲取前进力量";
  in.place = "社区党群服务中心一楼报告厅";
  in.host_name = "赵海燕";
  in.starts_at = local_at(1, 9, 0);
  in.ends_at = local_at(1, 11, 0);
  in.n_materials = n_mats > 0 ? 1 : 0;
  in.materials[0] = mats[0];
  rc = study_session_create(c, &in, &who, &id, err);
  if (!rc)
    rc = study_session_set_checkin(c, id, 1, err);
  if (rc)
    return rc;

  /* 3. 专题学习 next week */
  memset(&in, 0, sizeof in);
  in.unit_id = unit_id;
  in.unit_path = unit_path;
  in.kind = "study";
  in.title = "专题学习：学史明理 学史增信 学史崇德 学史力行";
  in.place = "支部活动室";
  in.host_name = "赵海燕";
  in.starts_at = local_at(7, 15, 0);
  in.ends_at = local_at(7, 17, 0);
  in.n_materials = n_mats;
  memcpy(in.materials, mats, sizeof mats);
  return study_session_create(c, &in, &who, &id, err);
}
