/*
 * reflection.c — reflections (心得体会) over the store (see reflection.h).
 */
#include "domain/study/reflection.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "domain/policy/policy.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static const struct {
  const char *code, *label;
} statuses[] = {
    {"draft", "草稿"},
    {"submitted", "待审核"},
    {"approved", "已通过"},
    {"returned", "已退回"},
};

const char *study_reflection_status_code(enum study_reflection_status s)
{
  return (unsigned)s < LX_COUNT(statuses) ? statuses[s].code : "";
}

const char *study_reflection_status_label(enum study_reflection_status s)
{
  return (unsigned)s < LX_COUNT(statuses) ? statuses[s].label : "";
}

int study_reflection_status_parse(const char *code,
                                  enum study_reflection_status *out)
{
  for (size_t i = 0; code && i < LX_COUNT(statuses); i++)
    if (!strcmp(code, statuses[i].code)) {
      *out = (enum study_reflection_status)i;
      return 1;
    }
  return 0;
}

int64_t study_reflection_chars(const char *body)
{
  int64_t n = 0;
  const unsigned char *p = (const unsigned char *)body;
  while (p && *p) {
    if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\f' ||
        *p == '\v') {
      p++;
      continue;
    }
    if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* U+3000 */
      p += 3;
      continue;
    }
    n++;
    p++;
    while ((*p & 0xC0) == 0x80)
      p++;
  }
  return n;
}

static int blank(const char *s)
{
  for (; s && *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
      return 0;
  return 1;
}

int study_reflection_check(const struct study_reflection_in *in,
                           struct lx_err *err)
{
  if (blank(in->title))
    return err_set(err, LX_EINVAL, "field.required", "title", "请填写心得标题");
  if (!utf8_valid(in->title, strlen(in->title)))
    return err_set(err, LX_EINVAL, "field.type", "title", "标题不是有效文本");
  if (utf8_len(in->title) > STUDY_REFLECTION_TITLE_MAX)
    return err_setf(err, LX_EINVAL, "field.too_long", "title",
                    "标题不能超过 %d 个字", STUDY_REFLECTION_TITLE_MAX);
  if (in->body && !utf8_valid(in->body, strlen(in->body)))
    return err_set(err, LX_EINVAL, "field.type", "body", "正文不是有效文本");
  if (in->body && utf8_len(in->body) > STUDY_REFLECTION_BODY_MAX)
    return err_setf(err, LX_EINVAL, "field.too_long", "body",
                    "正文不能超过 %d 个字", STUDY_REFLECTION_BODY_MAX);
  if (in->material_id < 0 || in->plan_id < 0)
    return err_set(err, LX_EINVAL, "field.range",
                   in->material_id < 0 ? "material_id" : "plan_id", "编号无效");
  return LX_OK;
}

static int material_ok(struct store_conn *c, int64_t material_id,
                       struct lx_err *err)
{
  int64_t n = 0;
  int rc;
  if (!material_id)
    return LX_OK;
  rc = store_query_i64(c, "SELECT count(*) FROM material WHERE id = ?", 1,
                       material_id, &n, err);
  if (rc)
    return rc;
  if (!n)
    return err_set(err, LX_EINVAL, "reflection.material_missing", "material_id",
                   "所选学习资料不存在");
  return LX_OK;
}

int study_reflection_create(struct store_conn *c,
                            const struct study_reflection_in *in,
                            const struct study_author *author, int64_t *out_id,
                            struct lx_err *err)
{
  struct store_stmt *s;
  int64_t now = time_now_ms();
  const char *body = in->body ? in->body : "";
  int rc = study_reflection_check(in, err);
  if (!rc)
    rc = material_ok(c, in->material_id, err);
  if (!rc)
    rc = store_prepare(c,
                       "INSERT INTO reflection(person_id, account_id, unit_id, "
                       "unit_path, author_name, material_id, plan_id, title, "
                       "body, chars, status, created_at, updated_at) VALUES "
                       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?) "
                       "RETURNING id",
                       &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, author->person_id);
  store_bind_i64(s, 2, author->account_id);
  store_bind_i64(s, 3, author->unit_id);
  store_bind_text(s, 4, author->unit_path);
  store_bind_text(s, 5, author->name ? author->name : "");
  if (in->material_id)
    store_bind_i64(s, 6, in->material_id);
  else
    store_bind_null(s, 6);
  if (in->plan_id)
    store_bind_i64(s, 7, in->plan_id);
  else
    store_bind_null(s, 7);
  store_bind_text(s, 8, in->title);
  store_bind_text(s, 9, body);
  store_bind_i64(s, 10, study_reflection_chars(body));
  store_bind_i64(s, 11, now);
  store_bind_i64(s, 12, now);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *out_id = store_col_i64(s, 0);
    rc = store_step(s, err);
  }
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

/* The status and featured flag of id. */
static int load_state(struct store_conn *c, int64_t id,
                      enum study_reflection_status *st, int *featured,
                      int64_t *chars, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(
      c, "SELECT status, featured, chars FROM reflection WHERE id = ?", &s,
      err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    if (!study_reflection_status_parse(store_col_text(s, 0), st))
      *st = STUDY_REFLECTION_DRAFT;
    if (featured)
      *featured = (int)store_col_i64(s, 1);
    if (chars)
      *chars = store_col_i64(s, 2);
  }
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "心得不存在");
  return rc == STORE_ROW ? LX_OK : rc;
}

static int bad_state(struct lx_err *err, enum study_reflection_status st,
                     const char *what)
{
  return err_setf(err, LX_ECONFLICT, "reflection.bad_state", "status",
                  "心得处于「%s」状态，不能%s",
                  study_reflection_status_label(st), what);
}

int study_reflection_update(struct store_conn *c, int64_t id,
                            const struct study_reflection_in *in,
                            struct lx_err *err)
{
  struct store_stmt *s;
  enum study_reflection_status st;
  const char *body = in->body ? in->body : "";
  int rc = study_reflection_check(in, err);
  if (!rc)
    rc = load_state(c, id, &st, NULL, NULL, err);
  if (rc)
    return rc;
  if (st != STUDY_REFLECTION_DRAFT && st != STUDY_REFLECTION_RETURNED)
    return bad_state(err, st, "修改");
  rc = material_ok(c, in->material_id, err);
  if (!rc)
    rc = store_prepare(c,
                       "UPDATE reflection SET material_id = ?, plan_id = ?, "
                       "title = ?, body = ?, chars = ?, updated_at = ? "
                       "WHERE id = ?",
                       &s, err);
  if (rc)
    return rc;
  if (in->material_id)
    store_bind_i64(s, 1, in->material_id);
  else
    store_bind_null(s, 1);
  if (in->plan_id)
    store_bind_i64(s, 2, in->plan_id);
  else
    store_bind_null(s, 2);
  store_bind_text(s, 3, in->title);
  store_bind_text(s, 4, body);
  store_bind_i64(s, 5, study_reflection_chars(body));
  store_bind_i64(s, 6, time_now_ms());
  store_bind_i64(s, 7, id);
  return store_run(s, err);
}

int study_reflection_submit(struct store_conn *c, int64_t id, int64_t min_chars,
                            struct lx_err *err)
{
  struct store_stmt *s;
  enum study_reflection_status st;
  int64_t chars = 0, now = time_now_ms();
  int rc = load_state(c, id, &st, NULL, &chars, err);
  if (rc)
    return rc;
  if (st != STUDY_REFLECTION_DRAFT && st != STUDY_REFLECTION_RETURNED)
    return bad_state(err, st, "提交");
  if (chars < min_chars)
    return err_setf(err, LX_EINVAL, "reflection.too_short", "body",
                    "心得正文至少 %lld 字，目前 %lld 字", (long long)min_chars,
                    (long long)chars);
  rc = store_prepare(c,
                     "UPDATE reflection SET status = 'submitted', "
                     "submitted_at = ?, updated_at = ? WHERE id = ? AND "
                     "status IN ('draft', 'returned')",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, now);
  store_bind_i64(s, 2, now);
  store_bind_i64(s, 3, id);
  return store_run(s, err);
}

int study_reflection_review(struct store_conn *c, int64_t id, int approve,
                            const char *comment, const struct study_actor *who,
                            struct lx_err *err)
{
  struct store_stmt *s;
  enum study_reflection_status st;
  int64_t now = time_now_ms();
  size_t n = comment ? utf8_len(comment) : 0;
  int rc;
  if (comment && !utf8_valid(comment, strlen(comment)))
    return err_set(err, LX_EINVAL, "field.type", "comment",
                   "审核意见不是有效文本");
  if (!approve && (blank(comment) || n < STUDY_REFLECTION_COMMENT_MIN))
    return err_setf(err, LX_EINVAL, "reflection.comment_required", "comment",
                    "退回心得时请填写退回意见（至少 %d 个字）",
                    STUDY_REFLECTION_COMMENT_MIN);
  if (n > STUDY_REFLECTION_COMMENT_MAX)
    return err_setf(err, LX_EINVAL, "field.too_long", "comment",
                    "审核意见不能超过 %d 个字", STUDY_REFLECTION_COMMENT_MAX);
  rc = load_state(c, id, &st, NULL, NULL, err);
  if (rc)
    return rc;
  if (st != STUDY_REFLECTION_SUBMITTED)
    return bad_state(err, st, "审核");
  rc = store_prepare(c,
                     "UPDATE reflection SET status = ?, review_comment = ?, "
                     "reviewed_by = ?, reviewer_name = ?, reviewed_at = ?, "
                     "updated_at = ? WHERE id = ? AND status = 'submitted'",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, approve ? "approved" : "returned");
  store_bind_text(s, 2, comment ? comment : "");
  store_bind_i64(s, 3, who->account_id);
  store_bind_text(s, 4, who->name ? who->name : "");
  store_bind_i64(s, 5, now);
  store_bind_i64(s, 6, now);
  store_bind_i64(s, 7, id);
  return store_run(s, err);
}

int study_reflection_feature(struct store_conn *c, int64_t id, int featured,
                             struct lx_err *err)
{
  struct store_stmt *s;
  enum study_reflection_status st;
  int64_t now = time_now_ms();
  int rc = load_state(c, id, &st, NULL, NULL, err);
  if (rc)
    return rc;
  if (st != STUDY_REFLECTION_APPROVED)
    return err_setf(err, LX_ECONFLICT, "reflection.not_approved", "status",
                    "只有审核通过的心得才能设为精选（当前：%s）",
                    study_reflection_status_label(st));
  rc = store_prepare(c,
                     "UPDATE reflection SET featured = ?, featured_at = ?, "
                     "updated_at = ? WHERE id = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, featured ? 1 : 0);
  if (featured)
    store_bind_i64(s, 2, now);
  else
    store_bind_null(s, 2);
  store_bind_i64(s, 3, now);
  store_bind_i64(s, 4, id);
  return store_run(s, err);
}

static int run_id(struct store_conn *c, const char *sql, int64_t id,
                  struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, sql, &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  return store_run(s, err);
}

int study_reflection_delete(struct store_conn *c, int64_t id,
                            struct lx_err *err)
{
  enum study_reflection_status st;
  int64_t n = 0;
  int rc = load_state(c, id, &st, NULL, NULL, err);
  if (rc)
    return rc;
  if (st != STUDY_REFLECTION_DRAFT)
    return bad_state(err, st, "删除");
  rc = store_query_i64(c,
                       "SELECT count(*) FROM action_proposal WHERE "
                       "source_kind = 'reflection' AND source_id = ? AND "
                       "status = 'accepted'",
                       1, id, &n, err);
  if (rc)
    return rc;
  if (n)
    return err_set(err, LX_ECONFLICT, "reflection.has_actions", "id",
                   "这篇心得提出的建议已被采纳转入台账，不能删除");
  rc = run_id(c,
              "DELETE FROM action_link WHERE source_kind = 'reflection' AND "
              "source_id = ?",
              id, err);
  if (!rc)
    rc = run_id(c,
                "DELETE FROM action_proposal WHERE source_kind = 'reflection' "
                "AND source_id = ? AND status <> 'accepted'",
                id, err);
  if (!rc)
    rc = run_id(c, "DELETE FROM reflection WHERE id = ?", id, err);
  return rc;
}

#define REFL_COLS                                                              \
  "r.id, r.person_id, r.account_id, r.unit_id, r.unit_path, u.name, "          \
  "r.author_name, r.material_id, r.plan_id, m.title, r.title, r.chars, "       \
  "r.status, r.submitted_at, r.review_comment, r.reviewer_name, "              \
  "r.reviewed_by, r.reviewed_at, r.featured, r.featured_at, r.created_at, "    \
  "r.updated_at"
#define REFL_FROM                                                              \
  " FROM reflection r JOIN unit u ON u.id = r.unit_id"                         \
  " LEFT JOIN material m ON m.id = r.material_id"

static const char *col_dup(struct store_stmt *s, struct arena *a, int col)
{
  const char *t = store_col_text(s, col);
  return t ? arena_strdup(a, t) : NULL;
}

static void refl_from_row(struct store_stmt *s, struct arena *a,
                          struct study_reflection *r)
{
  memset(r, 0, sizeof *r);
  r->id = store_col_i64(s, 0);
  r->person_id = store_col_i64(s, 1);
  r->account_id = store_col_i64(s, 2);
  r->unit_id = store_col_i64(s, 3);
  r->unit_path = col_dup(s, a, 4);
  r->unit_name = col_dup(s, a, 5);
  r->author_name = col_dup(s, a, 6);
  r->material_id = store_col_i64(s, 7);
  r->plan_id = store_col_i64(s, 8);
  r->material_title = col_dup(s, a, 9);
  r->title = col_dup(s, a, 10);
  r->chars = store_col_i64(s, 11);
  if (!study_reflection_status_parse(store_col_text(s, 12), &r->status))
    r->status = STUDY_REFLECTION_DRAFT;
  r->submitted_at = store_col_i64(s, 13);
  r->review_comment = col_dup(s, a, 14);
  r->reviewer_name = col_dup(s, a, 15);
  r->reviewed_by = store_col_i64(s, 16);
  r->reviewed_at = store_col_i64(s, 17);
  r->featured = (int)store_col_i64(s, 18);
  r->featured_at = store_col_i64(s, 19);
  r->created_at = store_col_i64(s, 20);
  r->updated_at = store_col_i64(s, 21);
}

int study_reflection_get(struct store_conn *c, struct arena *a, int64_t id,
                         struct study_reflection *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(
      c, "SELECT " REFL_COLS ", r.body" REFL_FROM " WHERE r.id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    refl_from_row(s, a, out);
    out->body = col_dup(s, a, 22);
  }
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "心得不存在");
  return rc == STORE_ROW ? LX_OK : rc;
}

/* Three statements, one per list shape, so that each uses its index:
 * the author's own (person_id, id), a unit subtree (unit_path, status,
 * id), the featured list (featured, unit_path, id). */
static const char *const sql_mine =
    "SELECT " REFL_COLS REFL_FROM
    " WHERE r.person_id = ? AND (? IS NULL OR r.status = ?) AND r.id < ?"
    " ORDER BY r.id DESC LIMIT ?";
static const char *const sql_unit =
    "SELECT " REFL_COLS REFL_FROM
    " WHERE r.unit_path >= ? AND r.unit_path < ? AND r.status <> 'draft'"
    " AND (? IS NULL OR r.status = ?) AND (? = 0 OR r.unit_id = ?)"
    " AND r.id < ? ORDER BY r.id DESC LIMIT ?";
static const char *const sql_featured =
    "SELECT " REFL_COLS REFL_FROM
    " WHERE r.featured = 1 AND ((r.unit_path >= ? AND r.unit_path < ?)"
    " OR substr(?, 1, length(r.unit_path)) = r.unit_path)"
    " AND r.id < ? ORDER BY r.id DESC LIMIT ?";

int study_reflection_list(struct store_conn *c, struct arena *a,
                          const struct study_reflection_query *q,
                          struct study_reflection **out, int *out_n,
                          int *out_more, struct lx_err *err)
{
  struct store_stmt *s;
  char hi[300];
  const char *st =
      q->has_status ? study_reflection_status_code(q->status) : NULL;
  int64_t before = q->before_id > 0 ? q->before_id : INT64_MAX;
  int n = 0, i = 1, rc,
      limit = q->limit < 1      ? 20
              : q->limit > 1000 ? 1000
                                : q->limit;
  *out = NULL;
  *out_n = 0;
  *out_more = 0;
  if (q->featured_only) {
    const char *p = q->ancestors_of ? q->ancestors_of : "/";
    policy_path_hi(p, hi, sizeof hi);
    rc = store_prepare(c, sql_featured, &s, err);
    if (rc)
      return rc;
    store_bind_text(s, i++, p);
    store_bind_text(s, i++, hi);
    store_bind_text(s, i++, p);
  } else if (q->person_id) {
    rc = store_prepare(c, sql_mine, &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, i++, q->person_id);
    store_bind_text(s, i++, st);
    store_bind_text(s, i++, st);
  } else {
    rc = store_prepare(c, sql_unit, &s, err);
    if (rc)
      return rc;
    store_bind_text(s, i++, q->unit_lo ? q->unit_lo : "");
    store_bind_text(s, i++, q->unit_hi ? q->unit_hi : "\x7f");
    store_bind_text(s, i++, st);
    store_bind_text(s, i++, st);
    store_bind_i64(s, i++, q->unit_id);
    store_bind_i64(s, i++, q->unit_id);
  }
  store_bind_i64(s, i++, before);
  store_bind_i64(s, i++, limit + 1);
  *out = arena_zalloc(a, sizeof **out * (size_t)(limit + 1));
  while ((rc = store_step(s, err)) == STORE_ROW) {
    if (n == limit) {
      *out_more = 1;
      continue;
    }
    refl_from_row(s, a, &(*out)[n++]);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  *out_n = n;
  return LX_OK;
}

int study_period_ms(const char *from, const char *to, int64_t *lo, int64_t *hi,
                    struct lx_err *err)
{
  int32_t d;
  int64_t off = (int64_t)time_get_offset_min() * 60000;
  *lo = 0;
  *hi = INT64_MAX;
  if (from && *from) {
    if (!time_parse_date(from, &d))
      return err_set(err, LX_EINVAL, "query.invalid", "from",
                     "开始日期无效（格式 YYYY-MM-DD）");
    *lo = (int64_t)d * 86400000 - off;
  }
  if (to && *to) {
    if (!time_parse_date(to, &d))
      return err_set(err, LX_EINVAL, "query.invalid", "to",
                     "结束日期无效（格式 YYYY-MM-DD）");
    *hi = ((int64_t)d + 1) * 86400000 - off;
  }
  return LX_OK;
}

/* Runs a count over [lo, hi) in the subtree [plo, phi). */
static int count_in(struct store_conn *c, const char *sql, const char *plo,
                    const char *phi, int64_t lo, int64_t hi, int64_t *out,
                    struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, sql, &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, plo);
  store_bind_text(s, 2, phi);
  store_bind_i64(s, 3, lo);
  store_bind_i64(s, 4, hi);
  rc = store_step(s, err);
  *out = rc == STORE_ROW ? store_col_i64(s, 0) : 0;
  store_stmt_done(s);
  return rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
}

int study_reflection_counts_for_unit(struct store_conn *c,
                                     const char *unit_path, const char *from,
                                     const char *to, int64_t *submitted,
                                     int64_t *approved, int64_t *featured,
                                     struct lx_err *err)
{
  char phi[300];
  int64_t lo, hi;
  int rc = study_period_ms(from, to, &lo, &hi, err);
  *submitted = *approved = *featured = 0;
  if (rc)
    return rc;
  policy_path_hi(unit_path, phi, sizeof phi);
  rc = count_in(c,
                "SELECT count(*) FROM reflection WHERE unit_path >= ? AND "
                "unit_path < ? AND status <> 'draft' AND submitted_at >= ? "
                "AND submitted_at < ?",
                unit_path, phi, lo, hi, submitted, err);
  if (!rc)
    rc = count_in(c,
                  "SELECT count(*) FROM reflection WHERE unit_path >= ? AND "
                  "unit_path < ? AND status = 'approved' AND reviewed_at >= ? "
                  "AND reviewed_at < ?",
                  unit_path, phi, lo, hi, approved, err);
  if (!rc)
    rc = count_in(c,
                  "SELECT count(*) FROM reflection WHERE unit_path >= ? AND "
                  "unit_path < ? AND featured = 1 AND featured_at >= ? AND "
                  "featured_at < ?",
                  unit_path, phi, lo, hi, featured, err);
  return rc;
}
