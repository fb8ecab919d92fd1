/*
 * person.c — people (人员): validation, pinyin for search, create, update,
 * delete (only without an account), get, and the scoped, searchable,
 * keyset-paginated list.
 *
 * The list query is assembled from fixed fragments (scope, unit filter,
 * search, leader flag, keyset) and interned (store/sql_intern.h) so the
 * statement cache keeps one prepared statement per variant; every value
 * is bound.
 */
#include "domain/org/org.h"
#include "domain/org/org_int.h"

#include "base/arena.h"
#include "base/sb.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "domain/org/pinyin.h"
#include "store/store.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* ---- validation -------------------------------------------------------- */

static int has_control(const char *s)
{
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || *s == 0x7f)
      return 1;
  return 0;
}

static int check_text(const char *v, const char *field, const char *label,
                      size_t max, struct lx_err *err)
{
  if (!utf8_valid(v, strlen(v)) || has_control(v))
    return err_setf(err, LX_EINVAL, "field.invalid_chars", field,
                    "%s含有非法字符", label);
  if (utf8_len(v) > max)
    return err_setf(err, LX_EINVAL, "field.too_long", field,
                    "%s不能超过 %zu 个字", label, max);
  return LX_OK;
}

static int check_date(const char *v, const char *field, const char *label,
                      int32_t today, int32_t *out, struct lx_err *err)
{
  *out = 0;
  if (!v || !*v)
    return LX_OK;
  if (!time_parse_date(v, out) || *out < time_days_from_civil(1900, 1, 1))
    return err_setf(err, LX_EINVAL, "field.date", field,
                    "%s必须是有效日期，格式为 YYYY-MM-DD", label);
  if (*out > today)
    return err_setf(err, LX_EINVAL, "field.date_future", field,
                    "%s不能晚于今天", label);
  return LX_OK;
}

int org_person_check(const struct org_person_in *in, int32_t today_days,
                     struct lx_err *err)
{
  int32_t birth, joined;
  int rc;
  if (in->unit_id <= 0)
    return err_set(err, LX_EINVAL, "field.required", "unit_id",
                   "请选择所在单位");
  if (!in->name || !*in->name)
    return err_set(err, LX_EINVAL, "field.required", "name", "请填写姓名");
  rc = check_text(in->name, "name", "姓名", ORG_PERSON_NAME_MAX, err);
  if (rc)
    return rc;
  if (in->gender && *in->gender && strcmp(in->gender, "男") != 0 &&
      strcmp(in->gender, "女") != 0)
    return err_set(err, LX_EINVAL, "person.gender_invalid", "gender",
                   "性别只能是“男”或“女”");
  rc = check_date(in->birth_date, "birth_date", "出生日期", today_days, &birth,
                  err);
  if (!rc)
    rc = check_date(in->joined_at, "joined_at", "入党日期", today_days, &joined,
                    err);
  if (rc)
    return rc;
  if (birth && joined && joined <= birth)
    return err_set(err, LX_EINVAL, "person.joined_before_birth", "joined_at",
                   "入党日期必须晚于出生日期");
  if (in->position && *in->position) {
    rc = check_text(in->position, "position", "职务", ORG_POSITION_MAX, err);
    if (rc)
      return rc;
  }
  if (in->phone && *in->phone) {
    const char *p = in->phone;
    size_t n = strlen(p), digits = 0;
    int ok = n >= 5 && n <= 20;
    for (size_t i = 0; ok && i < n; i++) {
      if (p[i] >= '0' && p[i] <= '9')
        digits++;
      else if (!(p[i] == '-' || p[i] == ' ' || (p[i] == '+' && i == 0)))
        ok = 0;
    }
    if (!ok || digits < 5)
      return err_set(err, LX_EINVAL, "person.phone_invalid", "phone",
                     "电话号码格式不正确（5 到 20 位数字，可含 + - 和空格）");
  }
  return LX_OK;
}

void org_phone_mask(const char *phone, char *out, size_t out_len)
{
  char d[32];
  size_t n = 0;
  if (!out_len)
    return;
  out[0] = 0;
  if (!phone || !*phone)
    return;
  for (const char *p = phone; *p && n < sizeof d - 1; p++)
    if (*p >= '0' && *p <= '9')
      d[n++] = *p;
  d[n] = 0;
  if (n >= 7)
    snprintf(out, out_len, "%.3s****%s", d, d + n - 4);
  else if (n >= 2)
    snprintf(out, out_len, "****%s", d + n - 2);
  else
    snprintf(out, out_len, "****");
}

char *org_like_escape(const char *s, char *out, size_t out_len)
{
  size_t o = 0;
  for (; *s; s++) {
    if (*s == '%' || *s == '_' || *s == '\\') {
      if (o + 1 >= out_len)
        return NULL;
      out[o++] = '\\';
    }
    if (o + 1 >= out_len)
      return NULL;
    out[o++] = *s;
  }
  out[o] = 0;
  return out;
}

/* ---- reads ------------------------------------------------------------- */

#define PERSON_COLS                                                            \
  "p.id, p.unit_id, u.name, p.unit_path, p.name, p.pinyin, p.initials, "       \
  "p.gender, p.birth_date, p.joined_at, p.position, p.phone, p.is_leader, "    \
  "coalesce(a.id, 0), p.created_at, p.updated_at"
#define PERSON_FROM                                                            \
  " FROM person p JOIN unit u ON u.id = p.unit_id LEFT JOIN account a ON "     \
  "a.person_id = p.id"

static const char *dup(struct arena *a, const char *s)
{
  return s ? arena_strdup(a, s) : NULL;
}

static void person_from_row(struct store_stmt *s, struct arena *a,
                            struct org_person *p)
{
  memset(p, 0, sizeof *p);
  p->id = store_col_i64(s, 0);
  p->unit_id = store_col_i64(s, 1);
  p->unit_name = dup(a, store_col_text(s, 2));
  p->unit_path = dup(a, store_col_text(s, 3));
  p->name = dup(a, store_col_text(s, 4));
  p->pinyin = dup(a, store_col_text(s, 5));
  p->initials = dup(a, store_col_text(s, 6));
  p->gender = dup(a, store_col_text(s, 7));
  p->birth_date = dup(a, store_col_text(s, 8));
  p->joined_at = dup(a, store_col_text(s, 9));
  p->position = dup(a, store_col_text(s, 10));
  p->phone = dup(a, store_col_text(s, 11));
  p->is_leader = (int)store_col_i64(s, 12);
  p->account_id = store_col_i64(s, 13);
  p->created_at = store_col_i64(s, 14);
  p->updated_at = store_col_i64(s, 15);
}

int org_person_get(struct store_conn *c, struct arena *a, int64_t id,
                   struct org_person *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, "SELECT " PERSON_COLS PERSON_FROM " WHERE p.id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    person_from_row(s, a, out);
    rc = LX_OK;
  } else if (rc == STORE_DONE) {
    rc = err_set(err, LX_ENOTFOUND, "person.not_found", "id", "人员不存在");
  }
  store_stmt_done(s);
  return rc;
}

/* The search texts: as typed, lowercased, and LIKE patterns. */
struct search {
  int ascii; /* only [a-z0-9] after lowercasing */
  char lower[ORG_QUERY_MAX * 4 + 1];
  char lower_next[ORG_QUERY_MAX * 4 + 1]; /* lower with its last byte + 1 */
  char lower_prefix[ORG_QUERY_MAX * 8 + 2];
  char prefix[ORG_QUERY_MAX * 8 + 2];
  char contains[ORG_QUERY_MAX * 8 + 3];
};

static void search_init(struct search *t, const char *q)
{
  char esc[ORG_QUERY_MAX * 8 + 1];
  size_t i;
  for (i = 0; q[i] && i < sizeof t->lower - 1; i++)
    t->lower[i] = (char)tolower((unsigned char)q[i]);
  t->lower[i] = 0;
  t->ascii = i > 0;
  for (size_t k = 0; k < i; k++)
    if (!((t->lower[k] >= 'a' && t->lower[k] <= 'z') ||
          (t->lower[k] >= '0' && t->lower[k] <= '9')))
      t->ascii = 0;
  memcpy(t->lower_next, t->lower, i + 1);
  if (t->ascii)
    t->lower_next[i - 1]++; /* 'z' → '{', '9' → ':' */
  if (!org_like_escape(t->lower, esc, sizeof esc))
    esc[0] = 0;
  snprintf(t->lower_prefix, sizeof t->lower_prefix, "%s%%", esc);
  if (!org_like_escape(q, esc, sizeof esc))
    esc[0] = 0;
  snprintf(t->prefix, sizeof t->prefix, "%s%%", esc);
  snprintf(t->contains, sizeof t->contains, "%%%s%%", esc);
}

/* Assembles the list query for this combination of filters into l (SQL
 * text and values in placeholder order). */
static void list_build(struct listq *l, const struct policy_filter *f,
                       const struct org_people_query *q, const struct search *t,
                       char *hi, size_t hi_len)
{
  listq_init(l);
  listq_add(l, "SELECT * FROM (SELECT " PERSON_COLS ", ");
  if (q->q) {
    /* search rank, best first (enum org_rank) */
    listq_add(
        l, "CASE WHEN p.name = ? THEN 0 "
           "WHEN p.pinyin = ? OR p.initials = ? THEN 1 "
           "WHEN p.name LIKE ? ESCAPE '\\' THEN 2 "
           "WHEN p.pinyin LIKE ? ESCAPE '\\' OR p.initials LIKE ? ESCAPE '\\' "
           "THEN 3 ELSE 4 END");
    listq_text(l, q->q);
    listq_text(l, t->lower);
    listq_text(l, t->lower);
    listq_text(l, t->prefix);
    listq_text(l, t->lower_prefix);
    listq_text(l, t->lower_prefix);
  } else {
    listq_add(l, "0");
  }
  listq_add(l, " AS rk" PERSON_FROM " WHERE 1 = 1");
  /* every bound on unit_path (scope subtree, unit subtree, keyset
   * position) is folded into one range so the index seeks straight to
   * the first row of the page */
  {
    const char *lo = NULL, *up = NULL;
    if (f->scope == SCOPE_SUBTREE) {
      lo = f->path_lo;
      up = f->path_hi;
    }
    if (q->unit_id && q->subtree) {
      const char *ulo = q->unit_path ? q->unit_path : "";
      org_path_hi(ulo, hi, hi_len);
      if (!lo || strcmp(ulo, lo) > 0)
        lo = ulo;
      if (!up || strcmp(hi, up) < 0)
        up = hi;
    }
    if (!q->q && q->has_after && (!lo || strcmp(q->after_path, lo) > 0))
      lo = q->after_path;
    if (lo) {
      listq_add(l, " AND p.unit_path >= ?");
      listq_text(l, lo);
    }
    if (up) {
      listq_add(l, " AND p.unit_path < ?");
      listq_text(l, up);
    }
  }
  switch (f->scope) {
  case SCOPE_UNIT:
    listq_add(l, " AND p.unit_id = ?");
    listq_i64(l, f->unit_id);
    break;
  case SCOPE_SELF:
    listq_add(l, " AND p.id = ?");
    listq_i64(l, f->person_id);
    break;
  default: break;
  }
  if (q->unit_id && !q->subtree) {
    listq_add(l, " AND p.unit_id = ?");
    listq_i64(l, q->unit_id);
  }
  if (q->is_leader >= 0) {
    listq_add(l, " AND p.is_leader = ?");
    listq_i64(l, q->is_leader ? 1 : 0);
  }
  if (q->q && t->ascii) {
    /* letters and digits only: what pinyin and initials start with (ASCII
     * in a name passes into its pinyin), as index ranges rather than a
     * scan of every name */
    listq_add(l, " AND ((p.pinyin >= ? AND p.pinyin < ?) OR (p.initials >= "
                 "? AND p.initials < ?))");
    listq_text(l, t->lower);
    listq_text(l, t->lower_next);
    listq_text(l, t->lower);
    listq_text(l, t->lower_next);
  } else if (q->q) {
    listq_add(l, " AND (p.name LIKE ? ESCAPE '\\' OR p.pinyin LIKE ? "
                 "ESCAPE '\\' OR p.initials LIKE ? ESCAPE '\\')");
    listq_text(l, t->contains);
    listq_text(l, t->lower_prefix);
    listq_text(l, t->lower_prefix);
  }
  if (!q->q && q->has_after) {
    /* rows after (after_path, after_id); the range above starts at
     * after_path, so this only skips that path's earlier ids */
    listq_add(l, " AND (p.unit_path > ? OR p.id > ?)");
    listq_text(l, q->after_path);
    listq_i64(l, q->after_id);
  }
  listq_add(l, ") AS t");
  if (q->q && q->has_after) {
    listq_add(l, " WHERE (rk, unit_path, id) > (?, ?, ?)");
    listq_i64(l, q->after_rank);
    listq_text(l, q->after_path);
    listq_i64(l, q->after_id);
  }
  listq_add(l, q->q ? " ORDER BY rk, unit_path, id LIMIT ?"
                    : " ORDER BY unit_path, id LIMIT ?");
  listq_i64(l, q->limit + 1);
}

int org_people_list(struct store_conn *c, struct arena *a,
                    const struct policy_filter *f,
                    const struct org_people_query *q, struct org_person **out,
                    int *out_n, int *out_more, struct lx_err *err)
{
  struct store_stmt *s;
  struct listq l;
  struct search t;
  char hi[ORG_PATH_MAX + 2];
  int n = 0, rc;
  *out = NULL;
  *out_n = 0;
  *out_more = 0;
  if (f->scope == SCOPE_NONE)
    return LX_EFORBIDDEN;
  if (q->q &&
      (!utf8_valid(q->q, strlen(q->q)) || utf8_len(q->q) > ORG_QUERY_MAX))
    return err_setf(err, LX_EINVAL, "person.q_too_long", "q",
                    "搜索内容不能超过 %d 个字", ORG_QUERY_MAX);
  if (q->limit < 1 || q->limit > 1000)
    return err_set(err, LX_EINVAL, "page.limit", "limit", "每页条数无效");
  memset(&t, 0, sizeof t);
  if (q->q)
    search_init(&t, q->q);
  list_build(&l, f, q, &t, hi, sizeof hi);
  rc = listq_prepare(c, &l, &s, err);
  if (rc)
    return rc;
  *out = arena_alloc(a, sizeof **out * (size_t)(q->limit + 1));
  while ((rc = store_step(s, err)) == STORE_ROW) {
    if (n == q->limit) {
      *out_more = 1;
      rc = STORE_DONE;
      break;
    }
    person_from_row(s, a, &(*out)[n]);
    (*out)[n].rank = (int)store_col_i64(s, 16);
    n++;
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  *out_n = n;
  return LX_OK;
}

/* ---- writes ------------------------------------------------------------ */

static int unit_path_of(struct store_conn *c, int64_t unit_id, char *out,
                        size_t out_len, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, "SELECT path FROM unit WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, unit_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    snprintf(out, out_len, "%s", store_col_text(s, 0));
    rc = LX_OK;
  } else if (rc == STORE_DONE) {
    rc = err_set(err, LX_EINVAL, "person.unit_missing", "unit_id",
                 "所选单位不存在");
  }
  store_stmt_done(s);
  return rc;
}

static void bind_opt(struct store_stmt *s, int idx, const char *v)
{
  if (v && *v)
    store_bind_text(s, idx, v);
  else
    store_bind_null(s, idx);
}

/* Binds the shared columns at 1..11: unit_id, unit_path, name, pinyin,
 * initials, gender, birth_date, joined_at, position, phone, is_leader. */
static int bind_person(struct store_stmt *s, const struct org_person_in *in,
                       const char *path, struct lx_err *err)
{
  char full[512], ini[128];
  if (org_pinyin_convert(in->name, ORG_PINYIN_PERSON, full, sizeof full, ini,
                         sizeof ini) != LX_OK) {
    full[0] = 0; /* unusual characters: found by name only */
    ini[0] = 0;
  }
  LX_UNUSED(err);
  store_bind_i64(s, 1, in->unit_id);
  store_bind_text(s, 2, path);
  store_bind_text(s, 3, in->name);
  store_bind_text(s, 4, full);
  store_bind_text(s, 5, ini);
  bind_opt(s, 6, in->gender);
  bind_opt(s, 7, in->birth_date);
  bind_opt(s, 8, in->joined_at);
  bind_opt(s, 9, in->position);
  bind_opt(s, 10, in->phone);
  store_bind_i64(s, 11, in->is_leader ? 1 : 0);
  return LX_OK;
}

static int32_t today_local(void)
{
  int64_t ms = time_now_ms() + (int64_t)time_get_offset_min() * 60000;
  return (int32_t)(ms / 86400000);
}

int org_person_create(struct store_conn *c, const struct org_person_in *in,
                      int64_t *out_id, struct lx_err *err)
{
  struct store_stmt *s;
  char path[ORG_PATH_MAX + 1];
  int64_t now = time_now_ms();
  int rc = org_person_check(in, today_local(), err);
  if (!rc)
    rc = unit_path_of(c, in->unit_id, path, sizeof path, err);
  if (!rc)
    rc = store_prepare(c,
                       "INSERT INTO person(unit_id, unit_path, name, pinyin, "
                       "initials, gender, birth_date, joined_at, position, "
                       "phone, is_leader, created_at, updated_at) VALUES (?, "
                       "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       &s, err);
  if (rc)
    return rc;
  rc = bind_person(s, in, path, err);
  store_bind_i64(s, 12, now);
  store_bind_i64(s, 13, now);
  if (!rc)
    rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *out_id = store_col_i64(s, 0);
    rc = LX_OK;
  } else if (rc == STORE_DONE) {
    rc = LX_EDB;
  }
  store_stmt_done(s);
  return rc;
}

int org_person_update(struct store_conn *c, int64_t id,
                      const struct org_person_in *in, struct lx_err *err)
{
  struct store_stmt *s;
  char path[ORG_PATH_MAX + 1];
  int rc = org_person_check(in, today_local(), err);
  if (!rc)
    rc = unit_path_of(c, in->unit_id, path, sizeof path, err);
  if (!rc)
    rc = store_prepare(c,
                       "UPDATE person SET unit_id = ?, unit_path = ?, name = "
                       "?, pinyin = ?, initials = ?, gender = ?, birth_date = "
                       "?, joined_at = ?, position = ?, phone = ?, is_leader "
                       "= ?, updated_at = ? WHERE id = ?",
                       &s, err);
  if (rc)
    return rc;
  rc = bind_person(s, in, path, err);
  store_bind_i64(s, 12, time_now_ms());
  store_bind_i64(s, 13, id);
  if (!rc)
    rc = store_step(s, err);
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc ? rc : LX_EDB;
  if (store_changes(c) == 0)
    return err_set(err, LX_ENOTFOUND, "person.not_found", "id", "人员不存在");
  return LX_OK;
}

int org_person_delete(struct store_conn *c, int64_t id, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t n_accounts = 0;
  int rc =
      store_query_i64(c, "SELECT count(*) FROM account WHERE person_id = ?", 1,
                      id, &n_accounts, err);
  if (rc)
    return rc;
  if (n_accounts)
    return err_set(err, LX_ECONFLICT, "person.has_account", "id",
                   "该人员已开通账号，请先删除或解除关联账号后再删除");
  rc = store_prepare(c, "DELETE FROM person WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  store_stmt_done(s);
  if (rc == LX_ECONFLICT)
    return err_set(err, LX_ECONFLICT, "person.in_use", "id",
                   "该人员仍被其他数据引用，不能删除");
  if (rc != STORE_DONE)
    return rc;
  if (store_changes(c) == 0)
    return err_set(err, LX_ENOTFOUND, "person.not_found", "id", "人员不存在");
  return LX_OK;
}
