/*
 * unit.c — the unit tree: materialised paths, validation, create, update,
 * move (a subtree and the people in it, in one job), delete (only when
 * empty) and the scoped, tree-ordered list.
 */
#include "domain/org/org.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "domain/org/pinyin.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- paths ------------------------------------------------------------- */

int org_path_child(const char *parent_path, int64_t id, char *out,
                   size_t out_len)
{
  int n;
  if (!parent_path || !*parent_path)
    parent_path = "/";
  n = snprintf(out, out_len, "%s%lld/", parent_path, (long long)id);
  if (n < 0 || (size_t)n >= out_len || n > ORG_PATH_MAX) {
    if (out_len)
      out[0] = 0;
    return LX_ETOOBIG;
  }
  return LX_OK;
}

int org_path_within(const char *path, const char *ancestor)
{
  size_t n = strlen(ancestor);
  return n > 0 && strncmp(path, ancestor, n) == 0;
}

int org_path_valid(const char *s)
{
  size_t n = s ? strlen(s) : 0;
  if (n < 3 || n > ORG_PATH_MAX || s[0] != '/' || s[n - 1] != '/')
    return 0;
  for (size_t i = 1; i < n;) {
    size_t start = i;
    if (s[i] < '1' || s[i] > '9')
      return 0; /* empty segment or a leading zero */
    while (i < n && s[i] >= '0' && s[i] <= '9')
      i++;
    if (i - start > 18 || i >= n || s[i] != '/')
      return 0;
    i++;
  }
  return 1;
}

int org_path_depth(const char *path)
{
  int slashes = 0;
  if (!org_path_valid(path))
    return -1;
  for (const char *p = path; *p; p++)
    slashes += *p == '/';
  return slashes - 2;
}

void org_path_hi(const char *path, char *out, size_t out_len)
{
  policy_path_hi(path, out, out_len);
}

/* ---- validation -------------------------------------------------------- */

static const char *const kinds[] = {"区委", "区政府", "部门",   "乡镇", "街道",
                                    "党委", "党总支", "党支部", "其他", NULL};

const char *const *org_unit_kinds(void)
{
  return kinds;
}

/* 1 if s has a control character (C0, DEL). */
static int has_control(const char *s)
{
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || *s == 0x7f)
      return 1;
  return 0;
}

int org_unit_check(const struct org_unit_in *in, struct lx_err *err)
{
  int kind_ok = 0;
  if (!in->name || !*in->name)
    return err_set(err, LX_EINVAL, "field.required", "name", "请填写单位名称");
  if (!utf8_valid(in->name, strlen(in->name)) || has_control(in->name))
    return err_set(err, LX_EINVAL, "unit.name_invalid", "name",
                   "单位名称含有非法字符");
  if (utf8_len(in->name) > ORG_UNIT_NAME_MAX)
    return err_setf(err, LX_EINVAL, "field.too_long", "name",
                    "单位名称不能超过 %d 个字", ORG_UNIT_NAME_MAX);
  if (!in->kind || !*in->kind)
    return err_set(err, LX_EINVAL, "field.required", "kind", "请选择单位类别");
  for (int i = 0; kinds[i]; i++)
    kind_ok |= strcmp(in->kind, kinds[i]) == 0;
  if (!kind_ok)
    return err_set(err, LX_EINVAL, "unit.kind_invalid", "kind",
                   "单位类别无效，可选：区委、区政府、部门、乡镇、街道、党委、"
                   "党总支、党支部、其他");
  if (in->code && *in->code) {
    size_t n = strlen(in->code);
    if (n > ORG_UNIT_CODE_MAX)
      return err_setf(err, LX_EINVAL, "field.too_long", "code",
                      "单位代码不能超过 %d 个字符", ORG_UNIT_CODE_MAX);
    for (size_t i = 0; i < n; i++) {
      char ch = in->code[i];
      if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
            (ch >= 'A' && ch <= 'Z') || ch == '-' || ch == '_' || ch == '.'))
        return err_set(err, LX_EINVAL, "unit.code_invalid", "code",
                       "单位代码只能包含字母、数字和 - _ .");
    }
  }
  if (in->sort < -1000000 || in->sort > 1000000)
    return err_set(err, LX_EINVAL, "field.range", "sort",
                   "排序号必须在 -1000000 到 1000000 之间");
  return LX_OK;
}

int org_unit_visible(const struct subject *s, const char *perm,
                     const struct org_unit *u)
{
  if (policy_allows(s, perm, u->path, 0, 0))
    return 1;
  /* a self-scoped grant still shows the subject its own unit */
  return policy_scope_of(s, perm) == SCOPE_SELF && u->id == s->unit_id;
}

/* ---- reads ------------------------------------------------------------- */

#define UNIT_COLS                                                              \
  "u.id, coalesce(u.parent_id, 0), u.name, u.kind, u.code, u.sort, u.path, "   \
  "u.depth, u.created_at, u.updated_at, "                                      \
  "(SELECT count(*) FROM person p WHERE p.unit_id = u.id), "                   \
  "(SELECT count(*) FROM unit c WHERE c.parent_id = u.id)"

static const char *dup(struct arena *a, const char *s)
{
  return s ? arena_strdup(a, s) : NULL;
}

static void unit_from_row(struct store_stmt *s, struct arena *a,
                          struct org_unit *u)
{
  memset(u, 0, sizeof *u);
  u->id = store_col_i64(s, 0);
  u->parent_id = store_col_i64(s, 1);
  u->name = dup(a, store_col_text(s, 2));
  u->kind = dup(a, store_col_text(s, 3));
  u->code = dup(a, store_col_text(s, 4));
  u->sort = store_col_i64(s, 5);
  u->path = dup(a, store_col_text(s, 6));
  u->depth = (int)store_col_i64(s, 7);
  u->created_at = store_col_i64(s, 8);
  u->updated_at = store_col_i64(s, 9);
  u->n_people = store_col_i64(s, 10);
  u->n_children = store_col_i64(s, 11);
}

int org_unit_get(struct store_conn *c, struct arena *a, int64_t id,
                 struct org_unit *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "SELECT " UNIT_COLS ", (SELECT count(*) FROM account "
                         "x WHERE x.unit_id = u.id) FROM unit u WHERE u.id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    unit_from_row(s, a, out);
    out->n_accounts = store_col_i64(s, 12);
    rc = LX_OK;
  } else if (rc == STORE_DONE) {
    rc = err_set(err, LX_ENOTFOUND, "unit.not_found", "id", "单位不存在");
  }
  store_stmt_done(s);
  return rc;
}

/* Tree order: children lists sorted by (sort, id), then depth-first from
 * every unit whose parent is not in the set. */
struct node {
  struct org_unit *u;
  int first_child, next_sibling;
};

static int cmp_sibling(const void *pa, const void *pb)
{
  const struct org_unit *a = *(const struct org_unit *const *)pa;
  const struct org_unit *b = *(const struct org_unit *const *)pb;
  if (a->parent_id != b->parent_id)
    return a->parent_id < b->parent_id ? -1 : 1;
  if (a->sort != b->sort)
    return a->sort < b->sort ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

static int cmp_id(const void *pa, const void *pb)
{
  int64_t a = (*(const struct org_unit *const *)pa)->id;
  int64_t b = (*(const struct org_unit *const *)pb)->id;
  return a < b ? -1 : a > b;
}

static struct org_unit *find_id(struct org_unit **by_id, int n, int64_t id)
{
  int lo = 0, hi = n - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (by_id[mid]->id == id)
      return by_id[mid];
    if (by_id[mid]->id < id)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return NULL;
}

static void tree_order(struct arena *a, struct org_unit *units, int n,
                       struct org_unit *out)
{
  struct org_unit **sib = arena_alloc(a, sizeof *sib * (size_t)(n ? n : 1));
  struct org_unit **by_id = arena_alloc(a, sizeof *by_id * (size_t)(n ? n : 1));
  int *stack = arena_alloc(a, sizeof *stack * (size_t)(n ? n : 1));
  int *first = arena_alloc(a, sizeof *first * (size_t)(n ? n : 1));
  int *count = arena_alloc(a, sizeof *count * (size_t)(n ? n : 1));
  int *root = arena_alloc(a, sizeof *root * (size_t)(n ? n : 1));
  int o = 0, n_roots = 0;
  for (int i = 0; i < n; i++)
    sib[i] = by_id[i] = &units[i];
  qsort(sib, (size_t)n, sizeof *sib, cmp_sibling);
  qsort(by_id, (size_t)n, sizeof *by_id, cmp_id);
  /* sib is grouped by parent; index of each unit's child run */
  for (int i = 0; i < n; i++) {
    first[i] = -1;
    count[i] = 0;
  }
  for (int i = 0; i < n;) {
    int j = i;
    struct org_unit *p = find_id(by_id, n, sib[i]->parent_id);
    while (j < n && sib[j]->parent_id == sib[i]->parent_id)
      j++;
    if (p) {
      int pi = (int)(p - units);
      first[pi] = i;
      count[pi] = j - i;
    } else {
      for (int k = i; k < j; k++)
        root[n_roots++] = (int)(sib[k] - units);
    }
    i = j;
  }
  /* roots sorted by (sort, id) regardless of their (invisible) parents */
  for (int i = 1; i < n_roots; i++) {
    int v = root[i], k = i;
    while (k > 0 && (units[root[k - 1]].sort > units[v].sort ||
                     (units[root[k - 1]].sort == units[v].sort &&
                      units[root[k - 1]].id > units[v].id))) {
      root[k] = root[k - 1];
      k--;
    }
    root[k] = v;
  }
  for (int r = 0; r < n_roots; r++) {
    int sp = 0;
    stack[sp++] = root[r];
    while (sp > 0) {
      int u = stack[--sp];
      out[o++] = units[u];
      /* push children in reverse so the first is visited first */
      for (int k = count[u] - 1; k >= 0; k--)
        stack[sp++] = (int)(sib[first[u] + k] - units);
    }
  }
}

int org_units_list(struct store_conn *c, struct arena *a,
                   const struct policy_filter *f, struct org_unit **out,
                   int *out_n, struct lx_err *err)
{
  static const char *const q_all =
      "SELECT " UNIT_COLS " FROM unit u ORDER BY u.path";
  static const char *const q_subtree =
      "SELECT " UNIT_COLS " FROM unit u WHERE u.path >= ? AND "
      "u.path < ? ORDER BY u.path";
  static const char *const q_unit =
      "SELECT " UNIT_COLS " FROM unit u WHERE u.id = ?";
  struct store_stmt *s;
  struct org_unit *units = NULL;
  int n = 0, cap = 0, rc;
  *out = NULL;
  *out_n = 0;
  switch (f->scope) {
  case SCOPE_ALL: rc = store_prepare(c, q_all, &s, err); break;
  case SCOPE_SUBTREE: rc = store_prepare(c, q_subtree, &s, err); break;
  case SCOPE_UNIT:
  case SCOPE_SELF: rc = store_prepare(c, q_unit, &s, err); break;
  default: return LX_OK;
  }
  if (rc)
    return rc;
  if (f->scope == SCOPE_SUBTREE) {
    store_bind_text(s, 1, f->path_lo);
    store_bind_text(s, 2, f->path_hi);
  } else if (f->scope != SCOPE_ALL) {
    store_bind_i64(s, 1, f->unit_id);
  }
  while ((rc = store_step(s, err)) == STORE_ROW) {
    if (n == cap) {
      struct org_unit *nu;
      cap = cap ? cap * 2 : 64;
      nu = arena_alloc(a, sizeof *nu * (size_t)cap);
      if (n)
        memcpy(nu, units, sizeof *nu * (size_t)n);
      units = nu;
    }
    unit_from_row(s, a, &units[n++]);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  *out = arena_alloc(a, sizeof **out * (size_t)(n ? n : 1));
  tree_order(a, units, n, *out);
  *out_n = n;
  return LX_OK;
}

/* ---- writes ------------------------------------------------------------ */

static int code_taken(struct lx_err *err)
{
  return err_set(err, LX_ECONFLICT, "unit.code_taken", "code",
                 "单位代码已被其他单位使用");
}

static void bind_code(struct store_stmt *s, int idx, const char *code)
{
  if (code && *code)
    store_bind_text(s, idx, code);
  else
    store_bind_null(s, idx);
}

/* LX_ECONFLICT if another unit (not self_id) has code. */
static int check_code_free(struct store_conn *c, const char *code,
                           int64_t self_id, struct lx_err *err)
{
  struct store_stmt *s;
  int rc;
  if (!code || !*code)
    return LX_OK;
  rc = store_prepare(c, "SELECT id FROM unit WHERE code = ? AND id <> ?", &s,
                     err);
  if (rc)
    return rc;
  store_bind_text(s, 1, code);
  store_bind_i64(s, 2, self_id);
  rc = store_step(s, err);
  store_stmt_done(s);
  if (rc == STORE_ROW)
    return code_taken(err);
  return rc == STORE_DONE ? LX_OK : rc;
}

static void unit_pinyin(const char *name, char *full, size_t full_len,
                        char *ini, size_t ini_len)
{
  if (org_pinyin_convert(name, ORG_PINYIN_GENERAL, full, full_len, ini,
                         ini_len) != LX_OK) {
    full[0] = 0; /* search by pinyin only; a failure is not fatal */
    ini[0] = 0;
  }
}

int org_unit_create(struct store_conn *c, const struct org_unit *parent,
                    const struct org_unit_in *in, int64_t *out_id,
                    struct lx_err *err)
{
  struct store_stmt *s;
  char path[ORG_PATH_MAX + 1], full[1024], ini[256];
  int64_t now = time_now_ms(), id = 0;
  int rc = org_unit_check(in, err);
  if (!rc)
    rc = check_code_free(c, in->code, 0, err);
  if (rc)
    return rc;
  /* the path holds the new id: insert with a placeholder, then set it */
  rc = store_prepare(c,
                     "INSERT INTO unit(parent_id, name, kind, code, sort, "
                     "path, depth, pinyin, initials, created_at, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, '#new', ?, ?, ?, ?, ?) "
                     "RETURNING id",
                     &s, err);
  if (rc)
    return rc;
  unit_pinyin(in->name, full, sizeof full, ini, sizeof ini);
  if (parent)
    store_bind_i64(s, 1, parent->id);
  else
    store_bind_null(s, 1);
  store_bind_text(s, 2, in->name);
  store_bind_text(s, 3, in->kind);
  bind_code(s, 4, in->code);
  store_bind_i64(s, 5, in->sort);
  store_bind_i64(s, 6, parent ? parent->depth + 1 : 0);
  store_bind_text(s, 7, full);
  store_bind_text(s, 8, ini);
  store_bind_i64(s, 9, now);
  store_bind_i64(s, 10, now);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    id = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc == LX_ECONFLICT)
    return code_taken(err);
  if (rc != STORE_ROW)
    return rc == STORE_DONE ? LX_EDB : rc;
  if (org_path_child(parent ? parent->path : NULL, id, path, sizeof path))
    return err_set(err, LX_ETOOBIG, "unit.too_deep", "parent_id",
                   "组织层级过深，不能在此单位下再建下级");
  rc = store_prepare(c, "UPDATE unit SET path = ? WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, path);
  store_bind_i64(s, 2, id);
  rc = store_run(s, err);
  if (!rc)
    *out_id = id;
  return rc;
}

int org_unit_update(struct store_conn *c, int64_t id,
                    const struct org_unit_in *in, struct lx_err *err)
{
  struct store_stmt *s;
  char full[1024], ini[256];
  int rc = org_unit_check(in, err);
  if (!rc)
    rc = check_code_free(c, in->code, id, err);
  if (!rc)
    rc = store_prepare(c,
                       "UPDATE unit SET name = ?, kind = ?, code = ?, sort = "
                       "?, pinyin = ?, initials = ?, updated_at = ? WHERE id "
                       "= ?",
                       &s, err);
  if (rc)
    return rc;
  unit_pinyin(in->name, full, sizeof full, ini, sizeof ini);
  store_bind_text(s, 1, in->name);
  store_bind_text(s, 2, in->kind);
  bind_code(s, 3, in->code);
  store_bind_i64(s, 4, in->sort);
  store_bind_text(s, 5, full);
  store_bind_text(s, 6, ini);
  store_bind_i64(s, 7, time_now_ms());
  store_bind_i64(s, 8, id);
  rc = store_run(s, err);
  if (rc == LX_ECONFLICT)
    return code_taken(err);
  if (!rc && store_changes(c) == 0)
    return err_set(err, LX_ENOTFOUND, "unit.not_found", "id", "单位不存在");
  return rc;
}

int org_unit_move(struct store_conn *c, const struct org_unit *u,
                  const struct org_unit *new_parent, int64_t *out_units,
                  int64_t *out_people, struct lx_err *err)
{
  struct store_stmt *s;
  char new_path[ORG_PATH_MAX + 1], hi[ORG_PATH_MAX + 2];
  int64_t longest = 0, n_units = 0, n_people = 0;
  int depth_delta, rc;
  if (out_units)
    *out_units = 0;
  if (out_people)
    *out_people = 0;
  if (new_parent && org_path_within(new_parent->path, u->path))
    return err_set(err, LX_EINVAL, "unit.move_into_self", "parent_id",
                   "不能把单位移动到它自己或它的下级单位之下");
  if ((new_parent ? new_parent->id : 0) == u->parent_id)
    return LX_OK; /* already there */
  if (org_path_child(new_parent ? new_parent->path : NULL, u->id, new_path,
                     sizeof new_path))
    return err_set(err, LX_ETOOBIG, "unit.too_deep", "parent_id",
                   "组织层级过深，不能移动到此单位下");
  org_path_hi(u->path, hi, sizeof hi);
  rc = store_prepare(c,
                     "SELECT coalesce(max(length(path)), 0) FROM unit WHERE "
                     "path >= ? AND path < ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, u->path);
  store_bind_text(s, 2, hi);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    longest = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc != STORE_ROW)
    return rc;
  if (longest - (int64_t)strlen(u->path) + (int64_t)strlen(new_path) >
      ORG_PATH_MAX)
    return err_set(err, LX_ETOOBIG, "unit.too_deep", "parent_id",
                   "组织层级过深，不能移动到此单位下");
  depth_delta = (new_parent ? new_parent->depth + 1 : 0) - u->depth;
  /* the subtree's own rows only: every path in [path, hi) starts with
   * u->path, so the new path is new_path + the rest */
  rc = store_prepare(c,
                     "UPDATE unit SET path = ? || substr(path, ?), depth = "
                     "depth + ?, updated_at = ? WHERE path >= ? AND path < ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, new_path);
  store_bind_i64(s, 2, (int64_t)strlen(u->path) + 1);
  store_bind_i64(s, 3, depth_delta);
  store_bind_i64(s, 4, time_now_ms());
  store_bind_text(s, 5, u->path);
  store_bind_text(s, 6, hi);
  rc = store_run(s, err);
  if (rc)
    return rc;
  n_units = store_changes(c);
  rc = store_prepare(c, "UPDATE unit SET parent_id = ? WHERE id = ?", &s, err);
  if (rc)
    return rc;
  if (new_parent)
    store_bind_i64(s, 1, new_parent->id);
  else
    store_bind_null(s, 1);
  store_bind_i64(s, 2, u->id);
  rc = store_run(s, err);
  if (rc)
    return rc;
  rc = store_prepare(c,
                     "UPDATE person SET unit_path = ? || substr(unit_path, ?) "
                     "WHERE unit_path >= ? AND unit_path < ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, new_path);
  store_bind_i64(s, 2, (int64_t)strlen(u->path) + 1);
  store_bind_text(s, 3, u->path);
  store_bind_text(s, 4, hi);
  rc = store_run(s, err);
  if (rc)
    return rc;
  n_people = store_changes(c);
  if (out_units)
    *out_units = n_units;
  if (out_people)
    *out_people = n_people;
  return LX_OK;
}

static int count_of(struct store_conn *c, const char *sql, int64_t id,
                    int64_t *out, struct lx_err *err)
{
  return store_query_i64(c, sql, 1, id, out, err);
}

int org_unit_delete(struct store_conn *c, int64_t id, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t n_children = 0, n_people = 0, n_accounts = 0, exists = 0;
  int rc =
      count_of(c, "SELECT count(*) FROM unit WHERE id = ?", id, &exists, err);
  if (!rc && !exists)
    return err_set(err, LX_ENOTFOUND, "unit.not_found", "id", "单位不存在");
  if (!rc)
    rc = count_of(c, "SELECT count(*) FROM unit WHERE parent_id = ?", id,
                  &n_children, err);
  if (!rc)
    rc = count_of(c, "SELECT count(*) FROM person WHERE unit_id = ?", id,
                  &n_people, err);
  if (!rc)
    rc = count_of(c, "SELECT count(*) FROM account WHERE unit_id = ?", id,
                  &n_accounts, err);
  if (rc)
    return rc;
  if (n_children || n_people || n_accounts)
    return err_setf(err, LX_ECONFLICT, "unit.not_empty", "id",
                    "该单位下还有 %lld 个下级单位、%lld 名人员、%lld "
                    "个账号，请先移走或删除后再删除本单位",
                    (long long)n_children, (long long)n_people,
                    (long long)n_accounts);
  rc = store_prepare(c, "DELETE FROM unit WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_run(s, err);
  if (rc == LX_ECONFLICT) /* something else still references it */
    return err_set(err, LX_ECONFLICT, "unit.not_empty", "id",
                   "该单位仍被其他数据引用，不能删除");
  return rc;
}
