/*
 * material.c — study materials over the store (see material.h).
 */
#include "domain/study/material.h"

#include "base/arena.h"
#include "base/sb.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "domain/policy/policy.h"
#include "domain/study/markdown.h"
#include "store/sql_intern.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static const struct {
  const char *code, *label;
} statuses[] = {
    {"draft", "草稿"},
    {"published", "已发布"},
    {"withdrawn", "已下架"},
};

const char *study_status_code(enum study_status s)
{
  return (unsigned)s < LX_COUNT(statuses) ? statuses[s].code : "";
}

const char *study_status_label(enum study_status s)
{
  return (unsigned)s < LX_COUNT(statuses) ? statuses[s].label : "";
}

int study_status_parse(const char *code, enum study_status *out)
{
  for (size_t i = 0; code && i < LX_COUNT(statuses); i++)
    if (!strcmp(code, statuses[i].code)) {
      *out = (enum study_status)i;
      return 1;
    }
  return 0;
}

int64_t study_material_default_seconds(long chars)
{
  int64_t s = (int64_t)chars * 60 / 400;
  if (s < 30)
    s = 30;
  if (s > STUDY_MIN_SECONDS_HI)
    s = STUDY_MIN_SECONDS_HI;
  return s;
}

/* ---- validation ------------------------------------------------------ */

static int blank(const char *s)
{
  if (!s)
    return 1;
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
      return 0;
  return 1;
}

static int has_ctrl(const char *s, int allow_newlines)
{
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (allow_newlines && (ch == '\n' || ch == '\r' || ch == '\t'))
      continue;
    if (ch < 0x20 || ch == 0x7f)
      return 1;
  }
  return 0;
}

/* Checks an optional one-line text field. */
static int check_text(const char *v, const char *field, const char *label,
                      size_t max, int required, int multiline,
                      struct lx_err *err)
{
  if (required && blank(v))
    return err_setf(err, LX_EINVAL, "field.required", field, "请填写%s", label);
  if (!v)
    return LX_OK;
  if (!utf8_valid(v, strlen(v)) || has_ctrl(v, multiline))
    return err_setf(err, LX_EINVAL, "field.type", field, "%s不是有效文本",
                    label);
  if (utf8_len(v) > max)
    return err_setf(err, LX_EINVAL, "field.too_long", field,
                    "%s不能超过 %zu 个字", label, max);
  return LX_OK;
}

int study_material_check(struct study_material_in *in, struct lx_err *err)
{
  int32_t d;
  int n = 0;
  int rc = check_text(in->title, "title", "标题", STUDY_TITLE_MAX, 1, 0, err);
  if (!rc)
    rc = check_text(in->source, "source", "来源", STUDY_SOURCE_MAX, 0, 0, err);
  if (!rc)
    rc = check_text(in->author, "author", "作者", STUDY_SOURCE_MAX, 0, 0, err);
  if (!rc)
    rc = check_text(in->summary, "summary", "摘要", STUDY_SUMMARY_MAX, 0, 1,
                    err);
  if (rc)
    return rc;
  if (in->publish_date && *in->publish_date &&
      !time_parse_date(in->publish_date, &d))
    return err_set(err, LX_EINVAL, "field.date", "publish_date",
                   "发布日期不是有效日期（格式 YYYY-MM-DD）");
  if (blank(in->body))
    return err_set(err, LX_EINVAL, "field.required", "body", "请填写正文");
  if (strlen(in->body) > STUDY_BODY_MAX)
    return err_setf(err, LX_EINVAL, "field.too_long", "body",
                    "正文不能超过 %d MB", STUDY_BODY_MAX / (1024 * 1024));
  if (!utf8_valid(in->body, strlen(in->body)))
    return err_set(err, LX_EINVAL, "field.type", "body",
                   "正文不是有效的 UTF-8 文本");
  if (in->n_tags > STUDY_TAGS_MAX)
    return err_setf(err, LX_EINVAL, "field.too_many", "tags", "标签最多 %d 个",
                    STUDY_TAGS_MAX);
  for (int i = 0; i < in->n_tags; i++) {
    char field[24];
    const char *t = in->tags[i];
    int dup = 0;
    snprintf(field, sizeof field, "tags[%d]", i);
    if (blank(t))
      return err_set(err, LX_EINVAL, "field.required", field, "标签不能为空");
    if (!utf8_valid(t, strlen(t)) || has_ctrl(t, 0))
      return err_set(err, LX_EINVAL, "field.type", field, "标签不是有效文本");
    if (utf8_len(t) > STUDY_TAG_MAX)
      return err_setf(err, LX_EINVAL, "field.too_long", field,
                      "每个标签不能超过 %d 个字", STUDY_TAG_MAX);
    for (int k = 0; k < n; k++)
      dup |= !strcmp(in->tags[k], t);
    if (!dup)
      in->tags[n++] = t;
  }
  in->n_tags = n;
  if (in->min_seconds && (in->min_seconds < STUDY_MIN_SECONDS_LO ||
                          in->min_seconds > STUDY_MIN_SECONDS_HI))
    return err_setf(err, LX_EINVAL, "field.range", "min_seconds",
                    "最少学习时长应在 %d 到 %d 秒之间", STUDY_MIN_SECONDS_LO,
                    STUDY_MIN_SECONDS_HI);
  if (in->n_units < 0 || in->n_units > STUDY_UNITS_MAX)
    return err_setf(err, LX_EINVAL, "field.too_many", "unit_ids",
                    "可见单位最多 %d 个", STUDY_UNITS_MAX);
  if (!in->visible_all && in->n_units == 0)
    return err_set(err, LX_EINVAL, "field.required", "unit_ids",
                   "请选择可以查看该资料的单位，或设为全部单位可见");
  return LX_OK;
}

int study_material_units(struct store_conn *c, struct arena *a,
                         const int64_t *ids, int n, struct study_unit_ref **out,
                         struct lx_err *err)
{
  struct store_stmt *s;
  int rc = LX_OK;
  *out = arena_zalloc(a, sizeof **out * (size_t)(n + 1));
  for (int i = 0; i < n && !rc; i++) {
    rc = store_prepare(c, "SELECT id, name, path FROM unit WHERE id = ?", &s,
                       err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, ids[i]);
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
      (*out)[i].id = store_col_i64(s, 0);
      (*out)[i].name = arena_strdup(a, store_col_text(s, 1));
      (*out)[i].path = arena_strdup(a, store_col_text(s, 2));
      rc = LX_OK;
    } else if (rc == STORE_DONE) {
      char field[24];
      snprintf(field, sizeof field, "unit_ids[%d]", i);
      rc = err_set(err, LX_EINVAL, "unit.not_found", field, "可见单位不存在");
    }
    store_stmt_done(s);
  }
  return rc;
}

/* ---- writes ---------------------------------------------------------- */

static int topic_exists(struct store_conn *c, int64_t topic_id,
                        struct lx_err *err)
{
  int64_t n = 0;
  int rc;
  if (!topic_id)
    return LX_OK;
  rc = store_query_i64(c, "SELECT count(*) FROM study_topic WHERE id = ?", 1,
                       topic_id, &n, err);
  if (!rc && !n)
    rc = err_set(err, LX_EINVAL, "topic.not_found", "topic_id",
                 "所选分类不存在");
  return rc;
}

static void bind_opt(struct store_stmt *s, int idx, const char *v)
{
  store_bind_text(s, idx, v ? v : "");
}

/* Replaces the tags and units of material id. */
static int write_sets(struct store_conn *c, int64_t id,
                      const struct study_material_in *in, struct lx_err *err)
{
  struct store_stmt *s;
  struct study_unit_ref *units;
  struct arena *a;
  int rc = store_prepare(c, "DELETE FROM material_tag WHERE material_id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_run(s, err);
  if (!rc)
    rc = store_prepare(c, "DELETE FROM material_unit WHERE material_id = ?", &s,
                       err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_run(s, err);
  for (int i = 0; !rc && i < in->n_tags; i++) {
    rc = store_prepare(
        c, "INSERT INTO material_tag(material_id, tag) VALUES (?, ?)", &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, id);
    store_bind_text(s, 2, in->tags[i]);
    rc = store_run(s, err);
  }
  if (rc || in->visible_all || !in->n_units)
    return rc;
  a = arena_new();
  rc = study_material_units(c, a, in->unit_ids, in->n_units, &units, err);
  for (int i = 0; !rc && i < in->n_units; i++) {
    int dup = 0;
    for (int k = 0; k < i; k++)
      dup |= units[k].id == units[i].id;
    if (dup)
      continue;
    rc = store_prepare(c,
                       "INSERT INTO material_unit(material_id, unit_id, "
                       "unit_path) VALUES (?, ?, ?)",
                       &s, err);
    if (rc)
      break;
    store_bind_i64(s, 1, id);
    store_bind_i64(s, 2, units[i].id);
    store_bind_text(s, 3, units[i].path);
    rc = store_run(s, err);
  }
  arena_free(a);
  return rc;
}

static int64_t chars_and_seconds(const struct study_material_in *in,
                                 int64_t *out_seconds)
{
  struct arena *a = arena_new();
  long chars = 0;
  (void)study_markdown_text(a, in->body, strlen(in->body), &chars);
  arena_free(a);
  *out_seconds =
      in->min_seconds ? in->min_seconds : study_material_default_seconds(chars);
  return chars;
}

int study_material_create(struct store_conn *c, struct study_material_in *in,
                          const struct study_who *who, int64_t *out_id,
                          struct lx_err *err)
{
  struct store_stmt *s;
  int64_t now = time_now_ms(), secs, chars;
  int rc = study_material_check(in, err);
  if (!rc)
    rc = topic_exists(c, in->topic_id, err);
  if (rc)
    return rc;
  chars = chars_and_seconds(in, &secs);
  rc = store_prepare(
      c,
      "INSERT INTO material(topic_id, title, source, author, publish_date, "
      "summary, body, body_chars, min_seconds, status, visible_all, "
      "owner_unit_id, owner_unit_path, created_by, creator_name, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, "
      "?, ?) RETURNING id",
      &s, err);
  if (rc)
    return rc;
  if (in->topic_id)
    store_bind_i64(s, 1, in->topic_id);
  else
    store_bind_null(s, 1);
  store_bind_text(s, 2, in->title);
  bind_opt(s, 3, in->source);
  bind_opt(s, 4, in->author);
  if (in->publish_date && *in->publish_date)
    store_bind_text(s, 5, in->publish_date);
  else
    store_bind_null(s, 5);
  bind_opt(s, 6, in->summary);
  store_bind_text(s, 7, in->body);
  store_bind_i64(s, 8, chars);
  store_bind_i64(s, 9, secs);
  store_bind_i64(s, 10, in->visible_all ? 1 : 0);
  store_bind_i64(s, 11, who->unit_id);
  store_bind_text(s, 12, who->unit_path);
  store_bind_i64(s, 13, who->account_id);
  store_bind_text(s, 14, who->name ? who->name : "");
  store_bind_i64(s, 15, now);
  store_bind_i64(s, 16, now);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *out_id = store_col_i64(s, 0);
    rc = store_step(s, err);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  return write_sets(c, *out_id, in, err);
}

static int exists(struct store_conn *c, int64_t id, struct lx_err *err)
{
  int64_t n = 0;
  int rc = store_query_i64(c, "SELECT count(*) FROM material WHERE id = ?", 1,
                           id, &n, err);
  if (!rc && !n)
    rc = err_set(err, LX_ENOTFOUND, "not_found", "id", "学习资料不存在");
  return rc;
}

int study_material_update(struct store_conn *c, int64_t id,
                          struct study_material_in *in, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t secs, chars;
  int rc = study_material_check(in, err);
  if (!rc)
    rc = exists(c, id, err);
  if (!rc)
    rc = topic_exists(c, in->topic_id, err);
  if (rc)
    return rc;
  chars = chars_and_seconds(in, &secs);
  rc = store_prepare(c,
                     "UPDATE material SET topic_id = ?, title = ?, source = ?, "
                     "author = ?, publish_date = ?, summary = ?, body = ?, "
                     "body_chars = ?, min_seconds = ?, visible_all = ?, "
                     "updated_at = ? WHERE id = ?",
                     &s, err);
  if (rc)
    return rc;
  if (in->topic_id)
    store_bind_i64(s, 1, in->topic_id);
  else
    store_bind_null(s, 1);
  store_bind_text(s, 2, in->title);
  bind_opt(s, 3, in->source);
  bind_opt(s, 4, in->author);
  if (in->publish_date && *in->publish_date)
    store_bind_text(s, 5, in->publish_date);
  else
    store_bind_null(s, 5);
  bind_opt(s, 6, in->summary);
  store_bind_text(s, 7, in->body);
  store_bind_i64(s, 8, chars);
  store_bind_i64(s, 9, secs);
  store_bind_i64(s, 10, in->visible_all ? 1 : 0);
  store_bind_i64(s, 11, time_now_ms());
  store_bind_i64(s, 12, id);
  rc = store_run(s, err);
  if (!rc)
    rc = write_sets(c, id, in, err);
  return rc;
}

static int read_status(struct store_conn *c, int64_t id, enum study_status *out,
                       struct lx_err *err)
{
  struct store_stmt *s;
  int rc =
      store_prepare(c, "SELECT status FROM material WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW && !study_status_parse(store_col_text(s, 0), out))
    *out = STUDY_DRAFT;
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "学习资料不存在");
  return rc == STORE_ROW ? LX_OK : rc;
}

int study_material_set_status(struct store_conn *c, int64_t id, int publish,
                              struct lx_err *err)
{
  struct store_stmt *s;
  enum study_status st;
  int64_t now = time_now_ms();
  int rc = read_status(c, id, &st, err);
  if (rc)
    return rc;
  if (publish && st == STUDY_PUBLISHED)
    return err_set(err, LX_ECONFLICT, "material.bad_state", "status",
                   "该资料已发布");
  if (!publish && st != STUDY_PUBLISHED)
    return err_setf(err, LX_ECONFLICT, "material.bad_state", "status",
                    "资料处于「%s」状态，只有已发布的资料可以下架",
                    study_status_label(st));
  if (publish) {
    rc = store_prepare(c,
                       "UPDATE material SET status = 'published', "
                       "published_at = ?, updated_at = ? WHERE id = ?",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, now);
    store_bind_i64(s, 2, now);
    store_bind_i64(s, 3, id);
  } else { /* published_at stays: the last publication */
    rc = store_prepare(c,
                       "UPDATE material SET status = 'withdrawn', "
                       "updated_at = ? WHERE id = ?",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, now);
    store_bind_i64(s, 2, id);
  }
  return store_run(s, err);
}

int study_material_delete(struct store_conn *c, int64_t id, struct lx_err *err)
{
  static const char *const sql[] = {
      "DELETE FROM material_tag WHERE material_id = ?",
      "DELETE FROM material_unit WHERE material_id = ?",
      "DELETE FROM material_file WHERE material_id = ?",
      "DELETE FROM material WHERE id = ?",
  };
  struct store_stmt *s;
  enum study_status st;
  int rc = read_status(c, id, &st, err);
  if (rc)
    return rc;
  if (st != STUDY_DRAFT)
    return err_setf(err, LX_ECONFLICT, "material.not_draft", "status",
                    "资料处于「%s」状态，只有草稿可以删除（已发布的请下架）",
                    study_status_label(st));
  for (size_t i = 0; !rc && i < LX_COUNT(sql); i++) {
    rc = store_prepare(c, sql[i], &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, id);
    rc = store_run(s, err);
  }
  if (rc == LX_ECONFLICT)
    return err_set(err, LX_ECONFLICT, "material.in_use", "id",
                   "该资料已被学习计划或其他记录引用，不能删除");
  return rc;
}

/* ---- reads ----------------------------------------------------------- */

#define MAT_COLS                                                               \
  "m.id, m.topic_id, t.name, t.path, m.title, m.source, m.author, "            \
  "m.publish_date, m.summary, m.body_chars, m.min_seconds, m.status, "         \
  "m.visible_all, m.owner_unit_id, m.owner_unit_path, u.name, m.created_by, "  \
  "m.creator_name, m.published_at, m.created_at, m.updated_at"
#define MAT_FROM                                                               \
  " FROM material m LEFT JOIN study_topic t ON t.id = m.topic_id "             \
  "JOIN unit u ON u.id = m.owner_unit_id"
#define MAT_NCOLS 21

static const char *dup_col(struct store_stmt *s, struct arena *a, int col)
{
  const char *t = store_col_text(s, col);
  return t ? arena_strdup(a, t) : NULL;
}

static void mat_from_row(struct store_stmt *s, struct arena *a,
                         struct study_material *m)
{
  memset(m, 0, sizeof *m);
  m->id = store_col_i64(s, 0);
  m->topic_id = store_col_i64(s, 1);
  m->topic_name = dup_col(s, a, 2);
  m->topic_path = dup_col(s, a, 3);
  m->title = dup_col(s, a, 4);
  m->source = dup_col(s, a, 5);
  m->author = dup_col(s, a, 6);
  m->publish_date = dup_col(s, a, 7);
  m->summary = dup_col(s, a, 8);
  m->body_chars = store_col_i64(s, 9);
  m->min_seconds = store_col_i64(s, 10);
  if (!study_status_parse(store_col_text(s, 11), &m->status))
    m->status = STUDY_DRAFT;
  m->visible_all = (int)store_col_i64(s, 12);
  m->owner_unit_id = store_col_i64(s, 13);
  m->owner_unit_path = dup_col(s, a, 14);
  m->owner_unit_name = dup_col(s, a, 15);
  m->created_by = store_col_i64(s, 16);
  m->creator_name = dup_col(s, a, 17);
  m->published_at = store_col_i64(s, 18);
  m->created_at = store_col_i64(s, 19);
  m->updated_at = store_col_i64(s, 20);
}

static int load_tags(struct store_conn *c, struct arena *a,
                     struct study_material *m, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "SELECT tag FROM material_tag WHERE material_id = ? "
                         "ORDER BY rowid",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, m->id);
  m->tags = arena_zalloc(a, sizeof *m->tags * (STUDY_TAGS_MAX + 1));
  m->n_tags = 0;
  while ((rc = store_step(s, err)) == STORE_ROW)
    if (m->n_tags < STUDY_TAGS_MAX)
      m->tags[m->n_tags++] = dup_col(s, a, 0);
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

static int load_units(struct store_conn *c, struct arena *a,
                      struct study_material *m, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "SELECT mu.unit_id, u.name, mu.unit_path FROM "
                         "material_unit mu JOIN unit u ON u.id = mu.unit_id "
                         "WHERE mu.material_id = ? ORDER BY mu.unit_path",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, m->id);
  m->units = arena_zalloc(a, sizeof *m->units * (STUDY_UNITS_MAX + 1));
  m->n_units = 0;
  while ((rc = store_step(s, err)) == STORE_ROW)
    if (m->n_units < STUDY_UNITS_MAX) {
      struct study_unit_ref *u = &m->units[m->n_units++];
      u->id = store_col_i64(s, 0);
      u->name = dup_col(s, a, 1);
      u->path = dup_col(s, a, 2);
    }
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

int study_material_get(struct store_conn *c, struct arena *a, int64_t id,
                       int full, struct study_material *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc =
      store_prepare(c, "SELECT " MAT_COLS MAT_FROM " WHERE m.id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    mat_from_row(s, a, out);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "学习资料不存在");
  if (rc != STORE_ROW)
    return rc;
  rc = load_tags(c, a, out, err);
  if (rc || !full)
    return rc;
  rc = load_units(c, a, out, err);
  if (rc)
    return rc;
  rc = store_prepare(c, "SELECT body FROM material WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    out->body = dup_col(s, a, 0);
  store_stmt_done(s);
  if (!out->body)
    out->body = "";
  return rc == STORE_ROW ? LX_OK : rc == STORE_DONE ? LX_OK : rc;
}

static int path_under(const char *viewer, const char *unit_path)
{
  size_t n = strlen(unit_path);
  return viewer && n && !strncmp(viewer, unit_path, n);
}

int study_material_visible(const struct study_material *m,
                           const char *viewer_path)
{
  if (m->status != STUDY_PUBLISHED)
    return 0;
  if (m->visible_all)
    return 1;
  for (int i = 0; i < m->n_units; i++)
    if (path_under(viewer_path, m->units[i].path))
      return 1;
  return 0;
}

/* ---- lists: SQL from fixed fragments, values bound -------------------- */

struct q_val {
  const char *text; /* NULL: an integer */
  int64_t i;
};

struct qb {
  struct sb sb;
  char buf[2048];
  struct q_val v[16];
  int n, over;
};

static void qb_init(struct qb *b)
{
  sb_init(&b->sb, NULL, b->buf, sizeof b->buf, sizeof b->buf - 1);
  b->n = 0;
  b->over = 0;
}

static void qb_add(struct qb *b, const char *frag)
{
  sb_puts(&b->sb, frag);
}

static void qb_text(struct qb *b, const char *t)
{
  if (b->n >= (int)LX_COUNT(b->v)) {
    b->over = 1;
    return;
  }
  b->v[b->n++] = (struct q_val){t ? t : "", 0};
}

static void qb_i64(struct qb *b, int64_t i)
{
  if (b->n >= (int)LX_COUNT(b->v)) {
    b->over = 1;
    return;
  }
  b->v[b->n++] = (struct q_val){NULL, i};
}

static int qb_prepare(struct store_conn *c, struct qb *b,
                      struct store_stmt **out, struct lx_err *err)
{
  const char *sql;
  int rc;
  if (sb_err(&b->sb) || b->over || !(sql = store_sql_intern(b->sb.buf)))
    return err_set(err, LX_EINTERNAL, "db.sql", "", "查询构造失败");
  rc = store_prepare(c, sql, out, err);
  if (rc)
    return rc;
  for (int i = 0; i < b->n; i++) {
    if (b->v[i].text)
      store_bind_text(*out, i + 1, b->v[i].text);
    else
      store_bind_i64(*out, i + 1, b->v[i].i);
  }
  return LX_OK;
}

#define VISIBLE_SQL                                                            \
  " AND m.status = 'published' AND (m.visible_all = 1 OR EXISTS (SELECT 1 "    \
  "FROM material_unit mu WHERE mu.material_id = m.id AND "                     \
  "substr(?, 1, length(mu.unit_path)) = mu.unit_path))"

/* Adds the scope filter f over the owner unit. */
static void add_scope(struct qb *b, const struct policy_filter *f)
{
  switch (f->scope) {
  case SCOPE_ALL: break;
  case SCOPE_SUBTREE:
    qb_add(b, " AND m.owner_unit_path >= ? AND m.owner_unit_path < ?");
    qb_text(b, f->path_lo);
    qb_text(b, f->path_hi);
    break;
  case SCOPE_UNIT:
    qb_add(b, " AND m.owner_unit_id = ?");
    qb_i64(b, f->unit_id);
    break;
  default: /* self: the materials this account created */
    qb_add(b, " AND m.created_by = ?");
    qb_i64(b, f->account_id);
    break;
  }
}

/* Escapes LIKE wildcards with '\'.  Returns arena-owned "%q%". */
static const char *like_pattern(struct arena *a, const char *q)
{
  size_t n = strlen(q);
  char *p = arena_alloc(a, n * 2 + 3), *o = p;
  *o++ = '%';
  for (; *q; q++) {
    if (*q == '%' || *q == '_' || *q == '\\')
      *o++ = '\\';
    *o++ = *q;
  }
  *o++ = '%';
  *o = 0;
  return p;
}

int study_material_list(struct store_conn *c, struct arena *a,
                        const struct study_material_query *q,
                        struct study_material **out, int *out_n, int *out_more,
                        struct lx_err *err)
{
  struct qb b;
  struct store_stmt *s;
  char hi[300];
  int n = 0, rc, limit = q->limit > 0 ? q->limit : 20;
  *out = arena_zalloc(a, sizeof **out * (size_t)(limit + 1));
  *out_n = 0;
  *out_more = 0;
  qb_init(&b);
  qb_add(&b, "SELECT " MAT_COLS MAT_FROM " WHERE 1 = 1");
  if (q->manage) {
    if (q->f)
      add_scope(&b, q->f);
    if (q->status) {
      qb_add(&b, " AND m.status = ?");
      qb_text(&b, q->status);
    }
  } else {
    qb_add(&b, VISIBLE_SQL);
    qb_text(&b, q->viewer_path ? q->viewer_path : "");
  }
  if (q->topic_path) {
    policy_path_hi(q->topic_path, hi, sizeof hi);
    qb_add(&b, " AND t.path >= ? AND t.path < ?");
    qb_text(&b, q->topic_path);
    qb_text(&b, hi);
  }
  if (q->tag) {
    qb_add(&b, " AND EXISTS (SELECT 1 FROM material_tag mt WHERE "
               "mt.material_id = m.id AND mt.tag = ?)");
    qb_text(&b, q->tag);
  }
  if (q->q) {
    qb_add(&b, " AND m.title LIKE ? ESCAPE '\\'");
    qb_text(&b, like_pattern(a, q->q));
  }
  if (q->after_id) {
    qb_add(&b, " AND m.id < ?");
    qb_i64(&b, q->after_id);
  }
  qb_add(&b, " ORDER BY m.id DESC LIMIT ?");
  qb_i64(&b, limit + 1);
  rc = qb_prepare(c, &b, &s, err);
  if (rc)
    return rc;
  while ((rc = store_step(s, err)) == STORE_ROW) {
    if (n == limit) {
      *out_more = 1;
      continue;
    }
    mat_from_row(s, a, &(*out)[n++]);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  for (int i = 0; i < n; i++) {
    rc = load_tags(c, a, &(*out)[i], err);
    if (rc)
      return rc;
  }
  *out_n = n;
  return LX_OK;
}

int study_material_related(struct store_conn *c, struct arena *a,
                           const struct study_material *m,
                           const char *viewer_path, struct study_material **out,
                           int *out_n, struct lx_err *err)
{
  struct qb b;
  struct store_stmt *s;
  int n = 0, rc;
  *out = arena_zalloc(a, sizeof **out * (STUDY_RELATED_MAX + 1));
  *out_n = 0;
  qb_init(&b);
  qb_add(&b, "SELECT " MAT_COLS ", (SELECT count(*) FROM material_tag x "
             "JOIN material_tag y ON y.tag = x.tag WHERE x.material_id = m.id "
             "AND y.material_id = ?) AS shared" MAT_FROM
             " WHERE m.id <> ? AND m.status = 'published'");
  qb_i64(&b, m->id);
  qb_i64(&b, m->id);
  if (viewer_path) {
    qb_add(&b, VISIBLE_SQL);
    qb_text(&b, viewer_path);
  }
  /* the candidates come from two indexed lookups (same topic; a shared
   * tag), never from a scan of the library */
  qb_add(&b, " AND m.id IN (SELECT id FROM material WHERE topic_id = ? "
             "UNION SELECT y.material_id FROM material_tag x JOIN "
             "material_tag y ON y.tag = x.tag WHERE x.material_id = ?) "
             "ORDER BY shared DESC, m.published_at DESC, m.id DESC LIMIT ?");
  qb_i64(&b, m->topic_id ? m->topic_id : -1);
  qb_i64(&b, m->id);
  qb_i64(&b, STUDY_RELATED_MAX);
  rc = qb_prepare(c, &b, &s, err);
  if (rc)
    return rc;
  while ((rc = store_step(s, err)) == STORE_ROW && n < STUDY_RELATED_MAX) {
    mat_from_row(s, a, &(*out)[n]);
    (*out)[n++].shared_tags = (int)store_col_i64(s, MAT_NCOLS);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  *out_n = n;
  return LX_OK;
}

int study_topic_trail(struct store_conn *c, struct arena *a,
                      const char *topic_path, int64_t **out_ids,
                      const char ***out_names, int *out_n, struct lx_err *err)
{
  struct store_stmt *s;
  const char *p = topic_path;
  int n = 0, cap = 8, rc = LX_OK;
  *out_ids = arena_zalloc(a, sizeof **out_ids * (size_t)cap);
  *out_names = arena_zalloc(a, sizeof **out_names * (size_t)cap);
  *out_n = 0;
  while (p && *p == '/' && p[1] && n < cap) {
    long long id = 0;
    const char *q = p + 1;
    while (*q >= '0' && *q <= '9')
      id = id * 10 + (*q++ - '0');
    if (*q != '/' || !id)
      break;
    rc = store_prepare(c, "SELECT name FROM study_topic WHERE id = ?", &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, id);
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
      (*out_ids)[n] = id;
      (*out_names)[n++] = dup_col(s, a, 0);
    }
    store_stmt_done(s);
    if (rc != STORE_ROW && rc != STORE_DONE)
      return rc;
    rc = LX_OK;
    p = q;
  }
  *out_n = n;
  return LX_OK;
}

/* ---- attachments ------------------------------------------------------ */

#define FILE_COLS                                                              \
  "id, material_id, sha256, size, mime, filename, uploaded_by, "               \
  "uploader_name, created_at"

static void file_from_row(struct store_stmt *s, struct arena *a,
                          struct study_file *f)
{
  f->id = store_col_i64(s, 0);
  f->material_id = store_col_i64(s, 1);
  f->sha256 = dup_col(s, a, 2);
  f->size = store_col_i64(s, 3);
  f->mime = dup_col(s, a, 4);
  f->filename = dup_col(s, a, 5);
  f->uploaded_by = store_col_i64(s, 6);
  f->uploader_name = dup_col(s, a, 7);
  f->created_at = store_col_i64(s, 8);
}

int study_file_add(struct store_conn *c, int64_t material_id,
                   const char *sha256, int64_t size, const char *mime,
                   const char *filename, const struct study_who *who,
                   int64_t *out_id, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t n = 0;
  int rc = exists(c, material_id, err);
  if (!rc)
    rc = store_query_i64(
        c, "SELECT count(*) FROM material_file WHERE material_id = ?", 1,
        material_id, &n, err);
  if (rc)
    return rc;
  if (n >= STUDY_FILES_MAX)
    return err_setf(err, LX_ETOOBIG, "material.too_many_files", "file",
                    "每份资料最多 %d 个附件", STUDY_FILES_MAX);
  rc = store_prepare(c,
                     "INSERT INTO material_file(material_id, sha256, size, "
                     "mime, filename, uploaded_by, uploader_name, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, material_id);
  store_bind_text(s, 2, sha256);
  store_bind_i64(s, 3, size);
  store_bind_text(s, 4, mime);
  store_bind_text(s, 5, filename);
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

int study_file_list(struct store_conn *c, struct arena *a, int64_t material_id,
                    struct study_file **out, int *out_n, struct lx_err *err)
{
  struct store_stmt *s;
  int n = 0, rc = store_prepare(c,
                                "SELECT " FILE_COLS " FROM material_file WHERE "
                                "material_id = ? ORDER BY id",
                                &s, err);
  *out = arena_zalloc(a, sizeof **out * (STUDY_FILES_MAX + 1));
  *out_n = 0;
  if (rc)
    return rc;
  store_bind_i64(s, 1, material_id);
  while ((rc = store_step(s, err)) == STORE_ROW && n < STUDY_FILES_MAX)
    file_from_row(s, a, &(*out)[n++]);
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  *out_n = n;
  return LX_OK;
}

int study_file_get(struct store_conn *c, struct arena *a, int64_t material_id,
                   int64_t file_id, struct study_file *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "SELECT " FILE_COLS " FROM material_file WHERE id = ? "
                         "AND material_id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, file_id);
  store_bind_i64(s, 2, material_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    file_from_row(s, a, out);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "file_id", "附件不存在");
  return rc == STORE_ROW ? LX_OK : rc;
}

int study_file_delete(struct store_conn *c, int64_t material_id,
                      int64_t file_id, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(
      c, "DELETE FROM material_file WHERE id = ? AND material_id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, file_id);
  store_bind_i64(s, 2, material_id);
  rc = store_run(s, err);
  if (!rc && store_changes(c) == 0)
    rc = err_set(err, LX_ENOTFOUND, "not_found", "file_id", "附件不存在");
  return rc;
}
