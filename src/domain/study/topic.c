/*
 * topic.c — the topic tree over the store (see topic.h).
 */
#include "domain/study/topic.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

int study_topic_check_name(const char *name, struct lx_err *err)
{
  size_t n;
  const char *p;
  for (p = name; p && (*p == ' ' || *p == '\t'); p++)
    ;
  if (!p || !*p)
    return err_set(err, LX_EINVAL, "field.required", "name", "请填写分类名称");
  n = strlen(name);
  if (!utf8_valid(name, n))
    return err_set(err, LX_EINVAL, "field.type", "name",
                   "分类名称不是有效文本");
  for (p = name; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f)
      return err_set(err, LX_EINVAL, "field.type", "name",
                     "分类名称不能包含控制字符");
  if (utf8_len(name) > STUDY_TOPIC_NAME_MAX)
    return err_setf(err, LX_EINVAL, "field.too_long", "name",
                    "分类名称不能超过 %d 个字", STUDY_TOPIC_NAME_MAX);
  return LX_OK;
}

#define TOPIC_COLS                                                             \
  "t.id, t.parent_id, t.name, t.path, t.sort, t.created_at, t.updated_at, "    \
  "(SELECT count(*) FROM material m WHERE m.topic_id = t.id)"

static void topic_from_row(struct store_stmt *s, struct arena *a,
                           struct study_topic *t)
{
  memset(t, 0, sizeof *t);
  t->id = store_col_i64(s, 0);
  t->parent_id = store_col_i64(s, 1);
  t->name = arena_strdup(a, store_col_text(s, 2) ? store_col_text(s, 2) : "");
  t->path = arena_strdup(a, store_col_text(s, 3) ? store_col_text(s, 3) : "");
  t->sort = (int)store_col_i64(s, 4);
  t->created_at = store_col_i64(s, 5);
  t->updated_at = store_col_i64(s, 6);
  t->n_materials = store_col_i64(s, 7);
}

int study_topic_list(struct store_conn *c, struct arena *a,
                     struct study_topic **out, int *out_n, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t total = 0;
  int n = 0, rc = store_query_i64(c, "SELECT count(*) FROM study_topic", 0, 0,
                                  &total, err);
  *out = NULL;
  *out_n = 0;
  if (rc)
    return rc;
  rc = store_prepare(
      c, "SELECT " TOPIC_COLS " FROM study_topic t ORDER BY t.sort, t.id", &s,
      err);
  if (rc)
    return rc;
  *out = arena_zalloc(a, sizeof **out * (size_t)(total + 1));
  while (n < total && (rc = store_step(s, err)) == STORE_ROW)
    topic_from_row(s, a, &(*out)[n++]);
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW && rc != LX_OK)
    return rc;
  *out_n = n;
  return LX_OK;
}

int study_topic_get(struct store_conn *c, struct arena *a, int64_t id,
                    struct study_topic *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(
      c, "SELECT " TOPIC_COLS " FROM study_topic t WHERE t.id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    topic_from_row(s, a, out);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "学习资料分类不存在");
  return rc == STORE_ROW ? LX_OK : rc;
}

/* 1 if a sibling of (parent_id) other than self is called name. */
static int sibling_named(struct store_conn *c, int64_t parent_id,
                         const char *name, int64_t self, int *out,
                         struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "SELECT count(*) FROM study_topic WHERE "
                         "coalesce(parent_id, 0) = ? AND name = ? AND id <> ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, parent_id);
  store_bind_text(s, 2, name);
  store_bind_i64(s, 3, self);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    *out = store_col_i64(s, 0) > 0;
  store_stmt_done(s);
  return rc == STORE_ROW ? LX_OK : rc;
}

static int depth_of(const char *path)
{
  int d = 0;
  for (const char *p = path; *p; p++)
    d += *p == '/';
  return d > 0 ? d - 1 : 0;
}

int study_topic_create(struct store_conn *c, int64_t parent_id,
                       const char *name, int sort, int64_t *out_id,
                       struct lx_err *err)
{
  struct study_topic parent;
  struct store_stmt *s;
  struct arena *a;
  char path[300];
  int64_t id = 0, total = 0, now = time_now_ms();
  int dup = 0, rc = study_topic_check_name(name, err);
  if (rc)
    return rc;
  rc =
      store_query_i64(c, "SELECT count(*) FROM study_topic", 0, 0, &total, err);
  if (rc)
    return rc;
  if (total >= STUDY_TOPIC_MAX)
    return err_setf(err, LX_ETOOBIG, "topic.too_many", "",
                    "学习资料分类最多 %d 个", STUDY_TOPIC_MAX);
  a = arena_new();
  path[0] = 0;
  if (parent_id) {
    rc = study_topic_get(c, a, parent_id, &parent, err);
    if (rc == LX_ENOTFOUND)
      rc = err_set(err, LX_EINVAL, "topic.parent_missing", "parent_id",
                   "上级分类不存在");
    if (!rc && depth_of(parent.path) >= STUDY_TOPIC_DEPTH_MAX)
      rc = err_setf(err, LX_EINVAL, "topic.too_deep", "parent_id",
                    "分类最多 %d 级", STUDY_TOPIC_DEPTH_MAX);
    if (!rc)
      snprintf(path, sizeof path, "%s", parent.path);
  }
  arena_free(a);
  if (!rc)
    rc = sibling_named(c, parent_id, name, 0, &dup, err);
  if (rc)
    return rc;
  if (dup)
    return err_set(err, LX_ECONFLICT, "topic.duplicate", "name",
                   "同一上级下已有同名分类");
  /* ids are chosen here (one writer) so that the path can be written at
   * once: the path is UNIQUE and NOT NULL */
  rc = store_query_i64(c, "SELECT coalesce(max(id), 0) + 1 FROM study_topic", 0,
                       0, &id, err);
  if (rc)
    return rc;
  snprintf(path + strlen(path), sizeof path - strlen(path), "%s%lld/",
           parent_id ? "" : "/", (long long)id);
  rc = store_prepare(c,
                     "INSERT INTO study_topic(id, parent_id, name, sort, path, "
                     "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  if (parent_id)
    store_bind_i64(s, 2, parent_id);
  else
    store_bind_null(s, 2);
  store_bind_text(s, 3, name);
  store_bind_i64(s, 4, sort);
  store_bind_text(s, 5, path);
  store_bind_i64(s, 6, now);
  store_bind_i64(s, 7, now);
  rc = store_run(s, err);
  if (!rc)
    *out_id = id;
  return rc;
}

int study_topic_update(struct store_conn *c, int64_t id, const char *name,
                       int sort, struct lx_err *err)
{
  struct study_topic t;
  struct store_stmt *s;
  struct arena *a;
  int dup = 0, rc = study_topic_check_name(name, err);
  if (rc)
    return rc;
  a = arena_new();
  rc = study_topic_get(c, a, id, &t, err);
  arena_free(a);
  if (!rc)
    rc = sibling_named(c, t.parent_id, name, id, &dup, err);
  if (rc)
    return rc;
  if (dup)
    return err_set(err, LX_ECONFLICT, "topic.duplicate", "name",
                   "同一上级下已有同名分类");
  rc =
      store_prepare(c,
                    "UPDATE study_topic SET name = ?, sort = ?, updated_at = ? "
                    "WHERE id = ?",
                    &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, name);
  store_bind_i64(s, 2, sort);
  store_bind_i64(s, 3, time_now_ms());
  store_bind_i64(s, 4, id);
  return store_run(s, err);
}

int study_topic_delete(struct store_conn *c, int64_t id, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t n = 0;
  int rc = store_query_i64(c, "SELECT count(*) FROM study_topic WHERE id = ?",
                           1, id, &n, err);
  if (rc)
    return rc;
  if (!n)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "学习资料分类不存在");
  rc =
      store_query_i64(c, "SELECT count(*) FROM study_topic WHERE parent_id = ?",
                      1, id, &n, err);
  if (rc)
    return rc;
  if (n)
    return err_set(err, LX_ECONFLICT, "topic.not_empty", "id",
                   "该分类下还有子分类，不能删除");
  rc = store_query_i64(c, "SELECT count(*) FROM material WHERE topic_id = ?", 1,
                       id, &n, err);
  if (rc)
    return rc;
  if (n)
    return err_setf(err, LX_ECONFLICT, "topic.not_empty", "id",
                    "该分类下还有 %lld 份学习资料，不能删除", (long long)n);
  rc = store_prepare(c, "DELETE FROM study_topic WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  return store_run(s, err);
}
