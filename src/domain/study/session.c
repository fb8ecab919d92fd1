/*
 * session.c — study sessions over the store (see session.h).
 */
#include "domain/study/session.h"

#include "base/arena.h"
#include "base/rand.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static const struct {
  const char *code, *label;
} kinds[] = {
    {"study", "专题学习"},       {"member_meeting", "支部党员大会"},
    {"committee", "支部委员会"}, {"group", "党小组会"},
    {"lecture", "党课"},         {"life", "组织生活会"},
    {"party_day", "主题党日"},
};

static const char *const kind_codes[] = {
    "study",   "member_meeting", "committee", "group",
    "lecture", "life",           "party_day", NULL};

const char *const *study_session_kinds(void)
{
  return kind_codes;
}

const char *study_session_kind_label(const char *kind)
{
  for (size_t i = 0; kind && i < LX_COUNT(kinds); i++)
    if (!strcmp(kind, kinds[i].code))
      return kinds[i].label;
  return NULL;
}

const char *study_session_status_label(const char *status)
{
  if (!status)
    return "";
  if (!strcmp(status, "planned"))
    return "未召开";
  if (!strcmp(status, "held"))
    return "已召开";
  if (!strcmp(status, "cancelled"))
    return "已取消";
  return "";
}

const char *study_session_att_label(const char *status)
{
  if (!status || !*status)
    return "未签到";
  if (!strcmp(status, "present"))
    return "出席";
  if (!strcmp(status, "absent"))
    return "缺席";
  if (!strcmp(status, "leave"))
    return "请假";
  return "";
}

/* "/1/5/" → "/1/50": the end of the subtree range. */
static void path_hi(const char *path, char *out, size_t cap)
{
  size_t n = strlen(path);
  snprintf(out, cap, "%s", path);
  if (n > 0 && n < cap && out[n - 1] == '/')
    out[n - 1] = '0';
}

static int blank(const char *s)
{
  if (!s)
    return 1;
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
      return 0;
  return 1;
}

/* Checks an optional text: valid UTF-8 and at most max characters. */
static int text_ok(const char *s, size_t max, const char *field,
                   const char *what, int required, struct lx_err *err)
{
  if (required && blank(s))
    return err_setf(err, LX_EINVAL, "field.required", field, "请填写%s", what);
  if (!s)
    return LX_OK;
  if (!utf8_valid(s, strlen(s)))
    return err_setf(err, LX_EINVAL, "field.type", field, "%s不是有效文本",
                    what);
  if (utf8_len(s) > max)
    return err_setf(err, LX_EINVAL, "field.too_long", field,
                    "%s不能超过 %zu 个字", what, max);
  return LX_OK;
}

int study_session_check(struct store_conn *c, const struct study_session_in *in,
                        struct lx_err *err)
{
  int rc;
  if (!study_session_kind_label(in->kind))
    return err_set(
        err, LX_EINVAL, "session.kind_invalid", "kind",
        "会议类型无效（专题学习、支部党员大会、支部委员会、党小组会、"
        "党课、组织生活会、主题党日）");
  rc = text_ok(in->title, STUDY_SESSION_TITLE_MAX, "title", "会议主题", 1, err);
  if (!rc)
    rc = text_ok(in->place, STUDY_SESSION_PLACE_MAX, "place", "地点", 0, err);
  if (!rc)
    rc = text_ok(in->host_name, STUDY_SESSION_HOST_MAX, "host_name", "主持人",
                 0, err);
  if (rc)
    return rc;
  if (in->starts_at <= 0)
    return err_set(err, LX_EINVAL, "field.required", "starts_at",
                   "请填写开始时间");
  if (in->ends_at <= in->starts_at)
    return err_set(err, LX_EINVAL, "session.time_order", "ends_at",
                   "结束时间应晚于开始时间");
  if (in->ends_at - in->starts_at > STUDY_SESSION_MAX_SPAN_MS)
    return err_set(err, LX_EINVAL, "session.too_long", "ends_at",
                   "一次会议不能超过 7 天");
  if (in->n_materials < 0 || in->n_materials > STUDY_SESSION_MATERIALS_MAX)
    return err_setf(err, LX_EINVAL, "session.too_many_materials",
                    "material_ids", "每次会议最多关联 %d 份学习资料",
                    STUDY_SESSION_MATERIALS_MAX);
  for (int i = 0; i < in->n_materials; i++) {
    char field[40];
    int64_t n = 0;
    snprintf(field, sizeof field, "material_ids[%d]", i);
    for (int k = 0; k < i; k++)
      if (in->materials[k] == in->materials[i])
        return err_set(err, LX_EINVAL, "session.material_dup", field,
                       "学习资料重复");
    if (!c)
      continue;
    rc = store_query_i64(c,
                         "SELECT count(*) FROM material WHERE id = ? AND "
                         "status = 'published'",
                         1, in->materials[i], &n, err);
    if (rc)
      return rc;
    if (!n)
      return err_setf(err, LX_EINVAL, "session.material_invalid", field,
                      "第 %d 份学习资料不存在或未发布", i + 1);
  }
  return LX_OK;
}

static int put_materials(struct store_conn *c, int64_t id,
                         const struct study_session_in *in, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, "DELETE FROM session_material WHERE session_id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_run(s, err);
  for (int i = 0; !rc && i < in->n_materials; i++) {
    rc = store_prepare(c,
                       "INSERT INTO session_material(session_id, material_id, "
                       "sort) VALUES (?, ?, ?)",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, id);
    store_bind_i64(s, 2, in->materials[i]);
    store_bind_i64(s, 3, i);
    rc = store_run(s, err);
  }
  return rc;
}

int study_session_create(struct store_conn *c,
                         const struct study_session_in *in,
                         const struct study_session_who *who, int64_t *out_id,
                         struct lx_err *err)
{
  struct store_stmt *s;
  uint32_t v = 0;
  char code[8];
  int64_t now = time_now_ms();
  int rc = study_session_check(c, in, err);
  if (rc)
    return rc;
  if (rand_u32_uniform(1000000, &v))
    return err_set(err, LX_EIO, "rand", "", "无法生成签到码");
  snprintf(code, sizeof code, "%06u", (unsigned)v);
  rc = store_prepare(
      c,
      "INSERT INTO study_session(unit_id, unit_path, kind, title, starts_at, "
      "ends_at, place, host_name, status, checkin_code, checkin_open, "
      "created_by, creator_name, created_at, updated_at) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, 0, ?, ?, ?, ?) RETURNING id",
      &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, in->unit_id);
  store_bind_text(s, 2, in->unit_path);
  store_bind_text(s, 3, in->kind);
  store_bind_text(s, 4, in->title);
  store_bind_i64(s, 5, in->starts_at);
  store_bind_i64(s, 6, in->ends_at);
  store_bind_text(s, 7, in->place ? in->place : "");
  store_bind_text(s, 8, in->host_name ? in->host_name : "");
  store_bind_text(s, 9, code);
  store_bind_i64(s, 10, who->account_id);
  store_bind_text(s, 11, who->name ? who->name : "");
  store_bind_i64(s, 12, now);
  store_bind_i64(s, 13, now);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *out_id = store_col_i64(s, 0);
    rc = store_step(s, err);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  return put_materials(c, *out_id, in, err);
}

/* Reads the status of session id into st.  rc: LX_OK; LX_ENOTFOUND; LX_EDB. */
static int status_of(struct store_conn *c, int64_t id, char *st, size_t cap,
                     struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, "SELECT status FROM study_session WHERE id = ?", &s,
                         err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    snprintf(st, cap, "%s", store_col_text(s, 0));
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "会议不存在");
  return rc == STORE_ROW ? LX_OK : rc;
}

static int not_planned(const char *st, struct lx_err *err)
{
  return err_setf(err, LX_ECONFLICT, "session.not_planned", "status",
                  "会议%s，不能再修改", study_session_status_label(st));
}

int study_session_update(struct store_conn *c, int64_t id,
                         const struct study_session_in *in, struct lx_err *err)
{
  struct store_stmt *s;
  char st[16];
  int rc = study_session_check(c, in, err);
  if (!rc)
    rc = status_of(c, id, st, sizeof st, err);
  if (rc)
    return rc;
  if (strcmp(st, "planned"))
    return not_planned(st, err);
  rc = store_prepare(c,
                     "UPDATE study_session SET kind = ?, title = ?, "
                     "starts_at = ?, ends_at = ?, place = ?, host_name = ?, "
                     "updated_at = ? WHERE id = ? AND status = 'planned'",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, in->kind);
  store_bind_text(s, 2, in->title);
  store_bind_i64(s, 3, in->starts_at);
  store_bind_i64(s, 4, in->ends_at);
  store_bind_text(s, 5, in->place ? in->place : "");
  store_bind_text(s, 6, in->host_name ? in->host_name : "");
  store_bind_i64(s, 7, time_now_ms());
  store_bind_i64(s, 8, id);
  rc = store_run(s, err);
  if (!rc)
    rc = put_materials(c, id, in, err);
  return rc;
}

#define SESS_COLS                                                              \
  "s.id, s.unit_id, s.unit_path, u.name, s.kind, s.title, s.place, "           \
  "s.host_name, s.starts_at, s.ends_at, s.status, s.checkin_code, "            \
  "s.checkin_open, s.minutes, s.minutes_updated_at, s.held_at, "               \
  "s.cancel_reason, s.created_by, s.creator_name, s.created_at, s.updated_at"
#define SESS_FROM " FROM study_session s JOIN unit u ON u.id = s.unit_id"

static const char *dup(struct store_stmt *s, struct arena *a, int col)
{
  const char *t = store_col_text(s, col);
  return arena_strdup(a, t ? t : "");
}

static void sess_from_row(struct store_stmt *s, struct arena *a,
                          struct study_session *o)
{
  memset(o, 0, sizeof *o);
  o->id = store_col_i64(s, 0);
  o->unit_id = store_col_i64(s, 1);
  o->unit_path = dup(s, a, 2);
  o->unit_name = dup(s, a, 3);
  o->kind = dup(s, a, 4);
  o->title = dup(s, a, 5);
  o->place = dup(s, a, 6);
  o->host_name = dup(s, a, 7);
  o->starts_at = store_col_i64(s, 8);
  o->ends_at = store_col_i64(s, 9);
  o->status = dup(s, a, 10);
  o->checkin_code = dup(s, a, 11);
  o->checkin_open = (int)store_col_i64(s, 12);
  o->minutes = dup(s, a, 13);
  o->minutes_updated_at = store_col_i64(s, 14);
  o->held_at = store_col_i64(s, 15);
  o->cancel_reason = dup(s, a, 16);
  o->created_by = store_col_i64(s, 17);
  o->creator_name = dup(s, a, 18);
  o->created_at = store_col_i64(s, 19);
  o->updated_at = store_col_i64(s, 20);
}

int study_session_get(struct store_conn *c, struct arena *a, int64_t id,
                      struct study_session *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, "SELECT " SESS_COLS SESS_FROM " WHERE s.id = ?", &s,
                         err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    sess_from_row(s, a, out);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "会议不存在");
  return rc == STORE_ROW ? LX_OK : rc;
}

#define ANCESTORS_MAX 16

int study_session_list(struct store_conn *c, struct arena *a,
                       const struct study_session_filter *f,
                       struct study_session **out, int *out_n, int *out_more,
                       struct lx_err *err)
{
  struct store_stmt *s;
  char anc[ANCESTORS_MAX][256], uhi[256];
  int n_anc = 0, k = 1, n = 0, cap, rc;
  *out = NULL;
  *out_n = 0;
  *out_more = 0;
  if (f->member_path) {
    const char *p = f->member_path;
    for (size_t i = 1; p[i] && n_anc < ANCESTORS_MAX; i++)
      if (p[i] == '/' && i < sizeof anc[0])
        snprintf(anc[n_anc++], sizeof anc[0], "%.*s", (int)(i + 1), p);
  }
  if (f->unit_path)
    path_hi(f->unit_path, uhi, sizeof uhi);
  rc = store_prepare(
      c,
      "SELECT " SESS_COLS SESS_FROM
      " WHERE (? = 0 OR s.unit_path IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?)) AND (? IS NULL OR (s.unit_path >= ? AND s.unit_path < ?)) "
      "AND (? IS NULL OR s.unit_path = ?) "
      "AND (? IS NULL OR (s.unit_path >= ? AND s.unit_path < ?)) "
      "AND (? IS NULL OR s.kind = ?) AND (? IS NULL OR s.status = ?) "
      "AND (? = 0 OR s.starts_at >= ?) AND (? = 0 OR s.starts_at < ?) "
      "AND (? = 0 OR s.starts_at < ? OR (s.starts_at = ? AND s.id < ?)) "
      "ORDER BY s.starts_at DESC, s.id DESC LIMIT ?",
      &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, k++, f->member_path ? 1 : 0);
  for (int i = 0; i < ANCESTORS_MAX; i++, k++)
    if (i < n_anc)
      store_bind_text(s, k, anc[i]);
    else
      store_bind_null(s, k);
  for (int i = 0; i < 3; i++, k++)
    if (f->path_lo && !f->member_path)
      store_bind_text(s, k, i == 2 ? f->path_hi : f->path_lo);
    else
      store_bind_null(s, k);
  for (int i = 0; i < 2; i++, k++)
    if (f->unit_path_eq && !f->member_path)
      store_bind_text(s, k, f->unit_path_eq);
    else
      store_bind_null(s, k);
  for (int i = 0; i < 3; i++, k++)
    if (f->unit_path)
      store_bind_text(s, k, i == 2 ? uhi : f->unit_path);
    else
      store_bind_null(s, k);
  for (int i = 0; i < 2; i++, k++)
    if (f->kind)
      store_bind_text(s, k, f->kind);
    else
      store_bind_null(s, k);
  for (int i = 0; i < 2; i++, k++)
    if (f->status)
      store_bind_text(s, k, f->status);
    else
      store_bind_null(s, k);
  store_bind_i64(s, k++, f->from_ms ? 1 : 0);
  store_bind_i64(s, k++, f->from_ms);
  store_bind_i64(s, k++, f->to_ms ? 1 : 0);
  store_bind_i64(s, k++, f->to_ms);
  store_bind_i64(s, k++, f->has_cursor ? 1 : 0);
  store_bind_i64(s, k++, f->cur_starts_at);
  store_bind_i64(s, k++, f->cur_starts_at);
  store_bind_i64(s, k++, f->cur_id);
  store_bind_i64(s, k++, f->limit > 0 ? f->limit + 1 : -1);
  cap = f->limit > 0 ? f->limit : 64;
  *out = arena_zalloc(a, sizeof **out * (size_t)cap);
  while ((rc = store_step(s, err)) == STORE_ROW) {
    if (f->limit > 0 && n == f->limit) {
      *out_more = 1;
      break;
    }
    if (n == cap) {
      struct study_session *g = arena_zalloc(a, sizeof *g * (size_t)cap * 2);
      memcpy(g, *out, sizeof *g * (size_t)cap);
      *out = g;
      cap *= 2;
    }
    sess_from_row(s, a, &(*out)[n++]);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  *out_n = n;
  return LX_OK;
}

int study_session_materials(struct store_conn *c, struct arena *a, int64_t id,
                            struct study_session_material **out, int *out_n,
                            struct lx_err *err)
{
  struct store_stmt *s;
  int n = 0, rc = store_prepare(
                 c,
                 "SELECT m.id, m.title, m.status FROM session_material sm "
                 "JOIN material m ON m.id = sm.material_id "
                 "WHERE sm.session_id = ? ORDER BY sm.sort, m.id",
                 &s, err);
  *out = NULL;
  *out_n = 0;
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  *out = arena_zalloc(a, sizeof **out * (STUDY_SESSION_MATERIALS_MAX + 1));
  while ((rc = store_step(s, err)) == STORE_ROW &&
         n < STUDY_SESSION_MATERIALS_MAX) {
    (*out)[n].id = store_col_i64(s, 0);
    (*out)[n].title = dup(s, a, 1);
    (*out)[n].status = dup(s, a, 2);
    n++;
  }
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  *out_n = n;
  return LX_OK;
}

int study_session_cancel(struct store_conn *c, int64_t id, const char *reason,
                         struct lx_err *err)
{
  struct store_stmt *s;
  char st[16];
  int rc =
      text_ok(reason, STUDY_SESSION_REASON_MAX, "reason", "取消原因", 1, err);
  if (!rc)
    rc = status_of(c, id, st, sizeof st, err);
  if (rc)
    return rc;
  if (strcmp(st, "planned"))
    return not_planned(st, err);
  rc = store_prepare(c,
                     "UPDATE study_session SET status = 'cancelled', "
                     "cancel_reason = ?, checkin_open = 0, updated_at = ? "
                     "WHERE id = ? AND status = 'planned'",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, reason);
  store_bind_i64(s, 2, time_now_ms());
  store_bind_i64(s, 3, id);
  return store_run(s, err);
}

int study_session_set_checkin(struct store_conn *c, int64_t id, int open,
                              struct lx_err *err)
{
  struct store_stmt *s;
  char st[16];
  int rc = status_of(c, id, st, sizeof st, err);
  if (rc)
    return rc;
  if (strcmp(st, "planned"))
    return not_planned(st, err);
  rc = store_prepare(c,
                     "UPDATE study_session SET checkin_open = ?, "
                     "updated_at = ? WHERE id = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, open ? 1 : 0);
  store_bind_i64(s, 2, time_now_ms());
  store_bind_i64(s, 3, id);
  return store_run(s, err);
}

/* Writes (inserts or replaces) the attendance row of person_id. */
static int att_put(struct store_conn *c, int64_t id, int64_t person_id,
                   int64_t unit_id, const char *status, const char *reason,
                   const char *method, int64_t checked_in_at,
                   int64_t recorded_by, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(
      c,
      "INSERT INTO session_attendance(session_id, person_id, unit_id, status, "
      "reason, method, checked_in_at, recorded_by, updated_at) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(session_id, person_id) DO "
      "UPDATE SET status = excluded.status, reason = excluded.reason, "
      "method = excluded.method, checked_in_at = excluded.checked_in_at, "
      "recorded_by = excluded.recorded_by, updated_at = excluded.updated_at",
      &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  store_bind_i64(s, 2, person_id);
  store_bind_i64(s, 3, unit_id);
  store_bind_text(s, 4, status);
  store_bind_text(s, 5, reason ? reason : "");
  store_bind_text(s, 6, method);
  if (checked_in_at)
    store_bind_i64(s, 7, checked_in_at);
  else
    store_bind_null(s, 7);
  if (recorded_by)
    store_bind_i64(s, 8, recorded_by);
  else
    store_bind_null(s, 8);
  store_bind_i64(s, 9, time_now_ms());
  return store_run(s, err);
}

/* The current attendance status of person_id into st ("" when none). */
static int att_status(struct store_conn *c, int64_t id, int64_t person_id,
                      char *st, size_t cap, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "SELECT status FROM session_attendance WHERE "
                         "session_id = ? AND person_id = ?",
                         &s, err);
  if (rc)
    return rc;
  st[0] = 0;
  store_bind_i64(s, 1, id);
  store_bind_i64(s, 2, person_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    snprintf(st, cap, "%s", store_col_text(s, 0));
  store_stmt_done(s);
  return rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
}

int study_session_checkin(struct store_conn *c, int64_t id, int64_t person_id,
                          int64_t unit_id, const char *code, int64_t now,
                          enum study_checkin_result *out, struct lx_err *err)
{
  struct study_session ss;
  struct store_stmt *s;
  char cur[16];
  int64_t fails = 0;
  int rc;
  struct arena *a = arena_new();
  rc = study_session_get(c, a, id, &ss, err);
  if (!rc && strcmp(ss.status, "planned"))
    rc = err_setf(err, LX_ECONFLICT, "session.not_planned", "status",
                  "会议%s，不能签到", study_session_status_label(ss.status));
  if (!rc && !ss.checkin_open)
    rc = err_set(err, LX_ECONFLICT, "session.checkin_closed", "code",
                 "签到尚未开放或已关闭");
  if (!rc && (now < ss.starts_at - STUDY_SESSION_WINDOW_MS ||
              now > ss.ends_at + STUDY_SESSION_WINDOW_MS))
    rc = err_set(err, LX_ECONFLICT, "session.checkin_window", "code",
                 "不在签到时间内（会议开始前 30 分钟至结束后 30 分钟）");
  if (rc) {
    arena_free(a);
    return rc;
  }
  rc = store_prepare(c,
                     "SELECT n FROM session_checkin_fail WHERE session_id = ? "
                     "AND person_id = ?",
                     &s, err);
  if (rc) {
    arena_free(a);
    return rc;
  }
  store_bind_i64(s, 1, id);
  store_bind_i64(s, 2, person_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    fails = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc != STORE_ROW && rc != STORE_DONE) {
    arena_free(a);
    return rc;
  }
  if (fails >= STUDY_SESSION_CODE_FAILS_MAX) {
    *out = STUDY_CHECKIN_LOCKED;
    arena_free(a);
    return LX_OK;
  }
  if (!code || strcmp(code, ss.checkin_code)) {
    arena_free(a);
    *out = STUDY_CHECKIN_BAD_CODE;
    rc = store_prepare(c,
                       "INSERT INTO session_checkin_fail(session_id, "
                       "person_id, n) VALUES (?, ?, 1) ON CONFLICT(session_id, "
                       "person_id) DO UPDATE SET n = n + 1",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, id);
    store_bind_i64(s, 2, person_id);
    return store_run(s, err);
  }
  arena_free(a);
  *out = STUDY_CHECKIN_OK;
  rc = att_status(c, id, person_id, cur, sizeof cur, err);
  if (rc || !strcmp(cur, "present"))
    return rc;
  return att_put(c, id, person_id, unit_id, "present", "", "code", now, 0, err);
}

int study_session_leave(struct store_conn *c, int64_t id, int64_t person_id,
                        int64_t unit_id, const char *reason, int64_t now,
                        struct lx_err *err)
{
  struct study_session ss;
  char cur[16];
  struct arena *a;
  int rc =
      text_ok(reason, STUDY_SESSION_REASON_MAX, "reason", "请假事由", 1, err);
  if (rc)
    return rc;
  a = arena_new();
  rc = study_session_get(c, a, id, &ss, err);
  if (!rc && strcmp(ss.status, "planned"))
    rc = err_setf(err, LX_ECONFLICT, "session.not_planned", "status",
                  "会议%s，不能请假", study_session_status_label(ss.status));
  if (!rc && now >= ss.starts_at)
    rc = err_set(err, LX_ECONFLICT, "session.started", "status",
                 "会议已开始，请向支部书记说明情况");
  arena_free(a);
  if (!rc)
    rc = att_status(c, id, person_id, cur, sizeof cur, err);
  if (!rc && !strcmp(cur, "present"))
    rc = err_set(err, LX_ECONFLICT, "session.already_present", "status",
                 "您已签到，不能再请假");
  if (rc)
    return rc;
  return att_put(c, id, person_id, unit_id, "leave", reason, "member", 0, 0,
                 err);
}

int study_session_mark(struct store_conn *c, int64_t id, int64_t person_id,
                       const char *status, const char *reason,
                       const struct study_session_who *who, struct lx_err *err)
{
  struct study_session ss;
  struct store_stmt *s;
  char hi[256];
  int64_t unit_id = 0;
  int found = 0, rc;
  struct arena *a;
  if (!status || (strcmp(status, "present") && strcmp(status, "absent") &&
                  strcmp(status, "leave")))
    return err_set(err, LX_EINVAL, "session.att_status_invalid", "status",
                   "出勤状态只能是 present（出席）、absent（缺席）或 "
                   "leave（请假）");
  rc = text_ok(reason, STUDY_SESSION_REASON_MAX, "reason", "原因", 0, err);
  if (rc)
    return rc;
  a = arena_new();
  rc = study_session_get(c, a, id, &ss, err);
  if (!rc && !strcmp(ss.status, "cancelled"))
    rc = err_set(err, LX_ECONFLICT, "session.cancelled", "status",
                 "会议已取消，不能登记出勤");
  if (!rc) {
    path_hi(ss.unit_path, hi, sizeof hi);
    rc = store_prepare(c,
                       "SELECT p.unit_id FROM person p WHERE p.id = ? AND "
                       "((p.unit_path >= ? AND p.unit_path < ?) OR EXISTS "
                       "(SELECT 1 FROM session_attendance x WHERE "
                       "x.session_id = ? AND x.person_id = p.id))",
                       &s, err);
  }
  if (!rc) {
    store_bind_i64(s, 1, person_id);
    store_bind_text(s, 2, ss.unit_path);
    store_bind_text(s, 3, hi);
    store_bind_i64(s, 4, id);
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
      found = 1;
      unit_id = store_col_i64(s, 0);
    }
    store_stmt_done(s);
    rc = rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
  }
  arena_free(a);
  if (rc)
    return rc;
  if (!found)
    return err_set(err, LX_EINVAL, "session.person_not_expected", "person_id",
                   "该人员不是本次会议的应到人员");
  return att_put(c, id, person_id, unit_id, status, reason, "secretary",
                 !strcmp(status, "present") ? time_now_ms() : 0,
                 who->account_id, err);
}

int study_session_finish(struct store_conn *c, int64_t id, int64_t *out_absent,
                         struct lx_err *err)
{
  struct study_session ss;
  struct store_stmt *s;
  char hi[256];
  int64_t now = time_now_ms();
  struct arena *a = arena_new();
  int rc = study_session_get(c, a, id, &ss, err);
  if (!rc && strcmp(ss.status, "planned"))
    rc = not_planned(ss.status, err);
  if (!rc && now < ss.starts_at - STUDY_SESSION_WINDOW_MS)
    rc = err_set(err, LX_ECONFLICT, "session.not_started", "status",
                 "会议尚未开始，不能标记为已召开");
  if (!rc) {
    path_hi(ss.unit_path, hi, sizeof hi);
    rc = store_prepare(
        c,
        "INSERT INTO session_attendance(session_id, person_id, unit_id, "
        "status, reason, method, updated_at) SELECT ?, p.id, p.unit_id, "
        "'absent', '', 'auto', ? FROM person p WHERE p.unit_path >= ? AND "
        "p.unit_path < ? AND NOT EXISTS (SELECT 1 FROM session_attendance x "
        "WHERE x.session_id = ? AND x.person_id = p.id)",
        &s, err);
  }
  if (!rc) {
    store_bind_i64(s, 1, id);
    store_bind_i64(s, 2, now);
    store_bind_text(s, 3, ss.unit_path);
    store_bind_text(s, 4, hi);
    store_bind_i64(s, 5, id);
    rc = store_run(s, err);
    *out_absent = rc ? 0 : store_changes(c);
  }
  arena_free(a);
  if (!rc)
    rc = store_prepare(c,
                       "UPDATE study_session SET status = 'held', "
                       "checkin_open = 0, held_at = ?, updated_at = ? "
                       "WHERE id = ? AND status = 'planned'",
                       &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, now);
  store_bind_i64(s, 2, now);
  store_bind_i64(s, 3, id);
  return store_run(s, err);
}

int study_session_set_minutes(struct store_conn *c, int64_t id,
                              const char *minutes, struct lx_err *err)
{
  struct store_stmt *s;
  char st[16];
  int64_t now = time_now_ms();
  int rc = text_ok(minutes, STUDY_SESSION_MINUTES_MAX, "minutes", "会议记录", 0,
                   err);
  if (!rc)
    rc = status_of(c, id, st, sizeof st, err);
  if (rc)
    return rc;
  if (!strcmp(st, "cancelled"))
    return err_set(err, LX_ECONFLICT, "session.cancelled", "status",
                   "会议已取消，不能填写会议记录");
  rc = store_prepare(c,
                     "UPDATE study_session SET minutes = ?, "
                     "minutes_updated_at = ?, updated_at = ? WHERE id = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, minutes ? minutes : "");
  store_bind_i64(s, 2, now);
  store_bind_i64(s, 3, now);
  store_bind_i64(s, 4, id);
  return store_run(s, err);
}

#define ATT_COLS                                                               \
  "p.id, p.unit_id, p.name, u.name, x.status, x.reason, x.method, "            \
  "x.checked_in_at"

static void att_from_row(struct store_stmt *s, struct arena *a,
                         struct study_session_att *o)
{
  o->person_id = store_col_i64(s, 0);
  o->unit_id = store_col_i64(s, 1);
  o->name = dup(s, a, 2);
  o->unit_name = dup(s, a, 3);
  o->status = dup(s, a, 4);
  o->reason = dup(s, a, 5);
  o->method = dup(s, a, 6);
  o->checked_in_at = store_col_i64(s, 7);
}

int study_session_attendance(struct store_conn *c, struct arena *a,
                             const struct study_session *ss,
                             struct study_session_att **out, int *out_n,
                             struct lx_err *err)
{
  struct store_stmt *s;
  char hi[256];
  int n = 0, cap = 64, rc;
  int held = strcmp(ss->status, "planned") != 0;
  path_hi(ss->unit_path, hi, sizeof hi);
  *out = NULL;
  *out_n = 0;
  rc = store_prepare(c,
                     "SELECT " ATT_COLS
                     " FROM person p JOIN unit u ON u.id = p.unit_id "
                     "LEFT JOIN session_attendance x ON x.session_id = ? AND "
                     "x.person_id = p.id WHERE (? = 0 AND p.unit_path >= ? AND "
                     "p.unit_path < ?) OR x.person_id IS NOT NULL "
                     "ORDER BY p.unit_path, p.pinyin, p.id LIMIT ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, ss->id);
  store_bind_i64(s, 2, held);
  store_bind_text(s, 3, ss->unit_path);
  store_bind_text(s, 4, hi);
  store_bind_i64(s, 5, STUDY_SESSION_ATTEND_MAX);
  *out = arena_zalloc(a, sizeof **out * (size_t)cap);
  while ((rc = store_step(s, err)) == STORE_ROW) {
    if (n == cap) {
      struct study_session_att *g =
          arena_zalloc(a, sizeof *g * (size_t)cap * 2);
      memcpy(g, *out, sizeof *g * (size_t)cap);
      *out = g;
      cap *= 2;
    }
    att_from_row(s, a, &(*out)[n++]);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  *out_n = n;
  return LX_OK;
}

int study_session_att_of(struct store_conn *c, struct arena *a, int64_t id,
                         int64_t person_id, struct study_session_att *out,
                         struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(
      c,
      "SELECT " ATT_COLS " FROM person p JOIN unit u ON u.id = p.unit_id "
      "LEFT JOIN session_attendance x ON x.session_id = ? AND "
      "x.person_id = p.id WHERE p.id = ?",
      &s, err);
  memset(out, 0, sizeof *out);
  out->status = "";
  out->reason = "";
  out->method = "";
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  store_bind_i64(s, 2, person_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    att_from_row(s, a, out);
  store_stmt_done(s);
  return rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
}

int study_session_count(struct store_conn *c, const struct study_session *ss,
                        struct study_session_counts *out, struct lx_err *err)
{
  struct store_stmt *s;
  char hi[256];
  int rc;
  memset(out, 0, sizeof *out);
  rc = store_prepare(c,
                     "SELECT status, count(*) FROM session_attendance WHERE "
                     "session_id = ? GROUP BY status",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, ss->id);
  while ((rc = store_step(s, err)) == STORE_ROW) {
    const char *st = store_col_text(s, 0);
    int64_t n = store_col_i64(s, 1);
    if (!strcmp(st, "present"))
      out->present = n;
    else if (!strcmp(st, "absent"))
      out->absent = n;
    else if (!strcmp(st, "leave"))
      out->leave = n;
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  if (!strcmp(ss->status, "planned")) {
    path_hi(ss->unit_path, hi, sizeof hi);
    rc = store_prepare(c,
                       "SELECT count(*) FROM person p WHERE p.unit_path >= ? "
                       "AND p.unit_path < ? AND NOT EXISTS (SELECT 1 FROM "
                       "session_attendance x WHERE x.session_id = ? AND "
                       "x.person_id = p.id)",
                       &s, err);
    if (rc)
      return rc;
    store_bind_text(s, 1, ss->unit_path);
    store_bind_text(s, 2, hi);
    store_bind_i64(s, 3, ss->id);
    rc = store_step(s, err);
    if (rc == STORE_ROW)
      out->unrecorded = store_col_i64(s, 0);
    store_stmt_done(s);
    if (rc != STORE_ROW)
      return rc;
  }
  out->expected = out->present + out->absent + out->leave + out->unrecorded;
  return LX_OK;
}

int study_session_day_range(const char *from, const char *to, int64_t *lo,
                            int64_t *hi, struct lx_err *err)
{
  int32_t d;
  int64_t off = (int64_t)time_get_offset_min() * 60000;
  *lo = 0;
  *hi = INT64_MAX;
  if (from && *from) {
    if (!time_parse_date(from, &d))
      return err_set(err, LX_EINVAL, "field.date", "from",
                     "开始日期应为 YYYY-MM-DD");
    *lo = (int64_t)d * 86400000 - off;
  }
  if (to && *to) {
    if (!time_parse_date(to, &d))
      return err_set(err, LX_EINVAL, "field.date", "to",
                     "结束日期应为 YYYY-MM-DD");
    *hi = ((int64_t)d + 1) * 86400000 - off;
  }
  if (*lo >= *hi)
    return err_set(err, LX_EINVAL, "field.range", "to",
                   "结束日期不能早于开始日期");
  return LX_OK;
}

int study_session_counts_for_unit(struct store_conn *c, const char *unit_path,
                                  const char *from, const char *to,
                                  int64_t *sessions_held,
                                  int64_t *attend_expected,
                                  int64_t *attend_present, struct lx_err *err)
{
  struct store_stmt *s;
  char hi[256];
  int64_t lo_ms, hi_ms;
  int rc = study_session_day_range(from, to, &lo_ms, &hi_ms, err);
  *sessions_held = *attend_expected = *attend_present = 0;
  if (rc)
    return rc;
  path_hi(unit_path, hi, sizeof hi);
  rc = store_prepare(c,
                     "SELECT count(*) FROM study_session WHERE unit_path >= ? "
                     "AND unit_path < ? AND status = 'held' AND starts_at >= ? "
                     "AND starts_at < ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, unit_path);
  store_bind_text(s, 2, hi);
  store_bind_i64(s, 3, lo_ms);
  store_bind_i64(s, 4, hi_ms);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    *sessions_held = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc != STORE_ROW)
    return rc;
  rc = store_prepare(
      c,
      "SELECT count(*), coalesce(sum(CASE WHEN a.status = 'present' THEN 1 "
      "ELSE 0 END), 0) FROM session_attendance a JOIN study_session s ON "
      "s.id = a.session_id WHERE s.unit_path >= ? AND s.unit_path < ? AND "
      "s.status = 'held' AND s.starts_at >= ? AND s.starts_at < ?",
      &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, unit_path);
  store_bind_text(s, 2, hi);
  store_bind_i64(s, 3, lo_ms);
  store_bind_i64(s, 4, hi_ms);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *attend_expected = store_col_i64(s, 0);
    *attend_present = store_col_i64(s, 1);
  }
  store_stmt_done(s);
  return rc == STORE_ROW ? LX_OK : rc;
}

int study_session_held_by_kind(struct store_conn *c, const char *unit_path,
                               const char *from, const char *to, int64_t *n,
                               struct lx_err *err)
{
  struct store_stmt *s;
  char hi[256];
  int64_t lo_ms, hi_ms;
  int rc = study_session_day_range(from, to, &lo_ms, &hi_ms, err);
  for (int i = 0; kind_codes[i]; i++)
    n[i] = 0;
  if (rc)
    return rc;
  path_hi(unit_path, hi, sizeof hi);
  rc = store_prepare(c,
                     "SELECT kind, count(*) FROM study_session WHERE "
                     "unit_path >= ? AND unit_path < ? AND status = 'held' "
                     "AND starts_at >= ? AND starts_at < ? GROUP BY kind",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, unit_path);
  store_bind_text(s, 2, hi);
  store_bind_i64(s, 3, lo_ms);
  store_bind_i64(s, 4, hi_ms);
  while ((rc = store_step(s, err)) == STORE_ROW)
    for (int i = 0; kind_codes[i]; i++)
      if (!strcmp(kind_codes[i], store_col_text(s, 0)))
        n[i] = store_col_i64(s, 1);
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

int study_session_photo_add(struct store_conn *c,
                            const struct study_session_photo *p,
                            const struct study_session_who *who,
                            int64_t *out_id, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t n = 0;
  int rc = store_query_i64(
      c, "SELECT count(*) FROM session_photo WHERE session_id = ?", 1,
      p->session_id, &n, err);
  if (rc)
    return rc;
  if (n >= STUDY_SESSION_PHOTOS_MAX)
    return err_setf(err, LX_ECONFLICT, "session.too_many_photos", "file",
                    "每次会议最多上传 %d 张照片", STUDY_SESSION_PHOTOS_MAX);
  rc = store_prepare(c,
                     "INSERT INTO session_photo(session_id, sha256, size, "
                     "mime, filename, uploaded_by, uploader_name, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, p->session_id);
  store_bind_text(s, 2, p->sha256);
  store_bind_i64(s, 3, p->size);
  store_bind_text(s, 4, p->mime);
  store_bind_text(s, 5, p->filename);
  store_bind_i64(s, 6, who->account_id);
  store_bind_text(s, 7, who->name ? who->name : "");
  store_bind_i64(s, 8, time_now_ms());
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *out_id = store_col_i64(s, 0);
    rc = store_step(s, err);
  }
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

#define PHOTO_COLS                                                             \
  "id, session_id, sha256, size, mime, filename, uploaded_by, "                \
  "uploader_name, created_at"

static void photo_from_row(struct store_stmt *s, struct arena *a,
                           struct study_session_photo *o)
{
  o->id = store_col_i64(s, 0);
  o->session_id = store_col_i64(s, 1);
  o->sha256 = dup(s, a, 2);
  o->size = store_col_i64(s, 3);
  o->mime = dup(s, a, 4);
  o->filename = dup(s, a, 5);
  o->uploaded_by = store_col_i64(s, 6);
  o->uploader_name = dup(s, a, 7);
  o->created_at = store_col_i64(s, 8);
}

int study_session_photo_get(struct store_conn *c, struct arena *a,
                            int64_t session_id, int64_t photo_id,
                            struct study_session_photo *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "SELECT " PHOTO_COLS " FROM session_photo WHERE "
                         "id = ? AND session_id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, photo_id);
  store_bind_i64(s, 2, session_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    photo_from_row(s, a, out);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "photo_id", "照片不存在");
  return rc == STORE_ROW ? LX_OK : rc;
}

int study_session_photos(struct store_conn *c, struct arena *a,
                         int64_t session_id, struct study_session_photo **out,
                         int *out_n, struct lx_err *err)
{
  struct store_stmt *s;
  int n = 0, rc = store_prepare(c,
                                "SELECT " PHOTO_COLS " FROM session_photo "
                                "WHERE session_id = ? ORDER BY id LIMIT ?",
                                &s, err);
  *out = NULL;
  *out_n = 0;
  if (rc)
    return rc;
  store_bind_i64(s, 1, session_id);
  store_bind_i64(s, 2, STUDY_SESSION_PHOTOS_MAX);
  *out = arena_zalloc(a, sizeof **out * (STUDY_SESSION_PHOTOS_MAX + 1));
  while ((rc = store_step(s, err)) == STORE_ROW)
    photo_from_row(s, a, &(*out)[n++]);
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  *out_n = n;
  return LX_OK;
}

int study_session_photo_delete(struct store_conn *c, int64_t session_id,
                               int64_t photo_id, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "DELETE FROM session_photo WHERE id = ? AND "
                         "session_id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, photo_id);
  store_bind_i64(s, 2, session_id);
  rc = store_run(s, err);
  if (!rc && store_changes(c) == 0)
    return err_set(err, LX_ENOTFOUND, "not_found", "photo_id", "照片不存在");
  return rc;
}

int study_session_person(struct store_conn *c, struct arena *a,
                         int64_t person_id, int64_t *unit_id,
                         const char **unit_path, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(
      c, "SELECT unit_id, unit_path FROM person WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, person_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *unit_id = store_col_i64(s, 0);
    *unit_path = dup(s, a, 1);
  }
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "no_person", "person_id",
                   "账号未关联党员信息");
  return rc == STORE_ROW ? LX_OK : rc;
}

int study_session_branches(struct store_conn *c, struct arena *a,
                           const char *unit_path, int max,
                           struct study_session_unit **out, int *out_n,
                           struct lx_err *err)
{
  struct store_stmt *s;
  char hi[256];
  int n = 0, rc;
  path_hi(unit_path, hi, sizeof hi);
  *out = arena_zalloc(a, sizeof **out * (size_t)(max + 1));
  *out_n = 0;
  for (int pass = 0; pass < 2 && !n; pass++) {
    rc = store_prepare(c,
                       pass == 0 ? "SELECT id, name, path FROM unit WHERE "
                                   "path >= ? AND path < ? AND kind = '党支部' "
                                   "ORDER BY path LIMIT ?"
                                 : "SELECT id, name, path FROM unit WHERE "
                                   "path >= ? AND path < ? AND path = ? "
                                   "LIMIT ?",
                       &s, err);
    if (rc)
      return rc;
    store_bind_text(s, 1, unit_path);
    store_bind_text(s, 2, hi);
    if (pass == 0)
      store_bind_i64(s, 3, max);
    else {
      store_bind_text(s, 3, unit_path);
      store_bind_i64(s, 4, 1);
    }
    while ((rc = store_step(s, err)) == STORE_ROW && n < max) {
      (*out)[n].id = store_col_i64(s, 0);
      (*out)[n].name = dup(s, a, 1);
      (*out)[n].path = dup(s, a, 2);
      n++;
    }
    store_stmt_done(s);
    if (rc != STORE_DONE && rc != STORE_ROW)
      return rc;
  }
  *out_n = n;
  return LX_OK;
}
