/*
 * ltype.c — type and field administration (see ltype.h).
 */
#include "domain/ledger/ltype.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

/* Characters of s, or -1 for invalid UTF-8 or a control character. */
static long text_chars(const char *s)
{
  size_t n = s ? strlen(s) : 0;
  if (!utf8_valid(s ? s : "", n))
    return -1;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
      return -1;
  return (long)utf8_len(s ? s : "");
}

static int count_text(struct store_conn *c, const char *sql, const char *v,
                      int64_t not_id, int64_t *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, sql, &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, v);
  store_bind_i64(s, 2, not_id);
  rc = store_step(s, err);
  *out = rc == STORE_ROW ? store_col_i64(s, 0) : 0;
  store_stmt_done(s);
  return rc == STORE_ROW ? LX_OK : rc;
}

/* Checks the members of in that are set (id: the type changed, 0 new). */
static int type_check(struct store_conn *c, int64_t id,
                      const struct ledger_type_in *in, struct lx_err *err)
{
  int64_t n = 0;
  long ch;
  int rc = LX_OK;
  if (in->code) {
    size_t len = strlen(in->code);
    int ok = len >= 1 && len <= 4;
    for (size_t i = 0; ok && i < len; i++)
      ok = in->code[i] >= 'A' && in->code[i] <= 'Z';
    if (!ok)
      return err_set(err, LX_EINVAL, "ledger.type_code", "code",
                     "类型代码应为1至4个大写英文字母（如 MS）");
    rc = count_text(c,
                    "SELECT count(*) FROM ledger_type WHERE code = ? AND "
                    "id <> ?",
                    in->code, id, &n, err);
    if (!rc && n)
      return err_setf(err, LX_ECONFLICT, "ledger.type_code_taken", "code",
                      "类型代码「%s」已被使用", in->code);
  }
  if (!rc && in->name) {
    ch = text_chars(in->name);
    if (ch < 1 || ch > LEDGER_TYPE_NAME_MAX)
      return err_setf(err, LX_EINVAL, "ledger.type_name", "name",
                      "类型名称应为1至%d个字", LEDGER_TYPE_NAME_MAX);
    rc = count_text(c,
                    "SELECT count(*) FROM ledger_type WHERE name = ? AND "
                    "id <> ?",
                    in->name, id, &n, err);
    if (!rc && n)
      return err_setf(err, LX_ECONFLICT, "ledger.type_name_taken", "name",
                      "类型名称「%s」已被使用", in->name);
  }
  if (!rc && in->description) {
    size_t len = strlen(in->description);
    if (!utf8_valid(in->description, len) ||
        utf8_len(in->description) > LEDGER_TYPE_DESC_MAX)
      return err_setf(err, LX_EINVAL, "ledger.type_description", "description",
                      "类型说明不能超过 %d 个字", LEDGER_TYPE_DESC_MAX);
  }
  if (!rc && in->has_sort && (in->sort < 0 || in->sort > 1000000))
    return err_set(err, LX_EINVAL, "ledger.type_sort", "sort",
                   "排序值应在0至1000000之间");
  return rc;
}

int ledger_type_create(struct store_conn *c, const struct ledger_type_in *in,
                       int64_t *out_id, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t sort = 0, now = time_now_ms();
  int rc;
  if (!in->code || !*in->code)
    return err_set(err, LX_EINVAL, "field.required", "code", "请填写类型代码");
  if (!in->name || !*in->name)
    return err_set(err, LX_EINVAL, "field.required", "name", "请填写类型名称");
  rc = type_check(c, 0, in, err);
  if (!rc && !in->has_sort)
    rc = store_query_i64(c,
                         "SELECT coalesce(max(sort), 0) + 10 FROM ledger_type",
                         0, 0, &sort, err);
  if (!rc)
    rc = store_prepare(c,
                       "INSERT INTO ledger_type(code, name, description, "
                       "builtin, sort, created_at, updated_at) "
                       "VALUES (?, ?, ?, 0, ?, ?, ?) RETURNING id",
                       &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, in->code);
  store_bind_text(s, 2, in->name);
  store_bind_text(s, 3, in->description ? in->description : "");
  store_bind_i64(s, 4, in->has_sort ? in->sort : sort);
  store_bind_i64(s, 5, now);
  store_bind_i64(s, 6, now);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    *out_id = store_col_i64(s, 0);
  store_stmt_done(s);
  return rc == STORE_ROW ? LX_OK : rc == STORE_DONE ? LX_EDB : rc;
}

int ledger_type_update(struct store_conn *c, int64_t id,
                       const struct ledger_type_in *in, struct lx_err *err)
{
  struct store_stmt *s;
  char code[16] = "", name[128] = "";
  int builtin = 0;
  int64_t items = 0;
  int rc = store_prepare(
      c, "SELECT code, name, builtin FROM ledger_type WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    snprintf(code, sizeof code, "%s", store_col_text(s, 0));
    snprintf(name, sizeof name, "%s", store_col_text(s, 1));
    builtin = (int)store_col_i64(s, 2);
  }
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "台账类型不存在");
  if (rc != STORE_ROW)
    return rc;
  rc = LX_OK;
  if (builtin && ((in->code && strcmp(in->code, code)) ||
                  (in->name && strcmp(in->name, name))))
    return err_set(err, LX_ECONFLICT, "ledger.type_builtin",
                   in->code && strcmp(in->code, code) ? "code" : "name",
                   "内置台账类型的代码和名称不能修改");
  if (in->code && strcmp(in->code, code)) {
    rc =
        store_query_i64(c, "SELECT count(*) FROM ledger_item WHERE type_id = ?",
                        1, id, &items, err);
    if (!rc && items)
      return err_set(err, LX_ECONFLICT, "ledger.type_code_fixed", "code",
                     "该类型已有事项，类型代码不能再修改");
  }
  if (!rc)
    rc = type_check(c, id, in, err);
  if (!rc)
    rc = store_prepare(c,
                       "UPDATE ledger_type SET code = coalesce(?, code), "
                       "name = coalesce(?, name), description = coalesce(?, "
                       "description), sort = CASE WHEN ? = 1 THEN ? ELSE sort "
                       "END, updated_at = ? WHERE id = ?",
                       &s, err);
  if (rc)
    return rc;
  if (in->code)
    store_bind_text(s, 1, in->code);
  else
    store_bind_null(s, 1);
  if (in->name)
    store_bind_text(s, 2, in->name);
  else
    store_bind_null(s, 2);
  if (in->description)
    store_bind_text(s, 3, in->description);
  else
    store_bind_null(s, 3);
  store_bind_i64(s, 4, in->has_sort);
  store_bind_i64(s, 5, in->sort);
  store_bind_i64(s, 6, time_now_ms());
  store_bind_i64(s, 7, id);
  return store_run(s, err);
}

/* The stricter limits of the admin API on top of ledger_field_def_check. */
static int def_check(const struct ledger_field_def *d, struct lx_err *err)
{
  int rc;
  if ((d->type == LEDGER_FIELD_SELECT || d->type == LEDGER_FIELD_MULTI) &&
      (d->n_options < 1 || d->n_options > LEDGER_TYPE_OPTIONS_MAX))
    return err_setf(err, LX_EINVAL, "ledger.field_def_options", "options",
                    "单选和多选字段的选项数量应在1至%d之间",
                    LEDGER_TYPE_OPTIONS_MAX);
  for (int i = 0; i < d->n_options; i++)
    if (d->options[i] && utf8_valid(d->options[i], strlen(d->options[i])) &&
        utf8_len(d->options[i]) > LEDGER_TYPE_OPTION_CHARS)
      return err_setf(err, LX_EINVAL, "ledger.field_def_options", "options",
                      "第%d个选项超过 %d 个字", i + 1,
                      LEDGER_TYPE_OPTION_CHARS);
  rc = ledger_field_def_check(d, err);
  if (rc)
    return rc;
  if (text_chars(d->label) < 1)
    return err_set(err, LX_EINVAL, "ledger.field_def_label", "label",
                   "字段名称不能含换行等控制字符");
  return LX_OK;
}

/* "a\nb" of the options. */
static const char *join_options(struct arena *a,
                                const struct ledger_field_def *d)
{
  size_t len = 1;
  char *out, *p;
  for (int i = 0; i < d->n_options; i++)
    len += strlen(d->options[i]) + 1;
  out = p = arena_alloc(a, len);
  *p = 0;
  for (int i = 0; i < d->n_options; i++)
    p += sprintf(p, "%s%s", i ? "\n" : "", d->options[i]);
  return out;
}

static void bind_num(struct store_stmt *s, int idx, int has, double v)
{
  if (has)
    store_bind_double(s, idx, v);
  else
    store_bind_null(s, idx);
}

int ledger_field_add(struct store_conn *c, struct arena *a, int64_t type_id,
                     const struct ledger_field_in *in, int64_t *out_id,
                     struct lx_err *err)
{
  struct store_stmt *s;
  int64_t n = 0, sort = 0;
  int rc = store_query_i64(c, "SELECT count(*) FROM ledger_type WHERE id = ?",
                           1, type_id, &n, err);
  if (!rc && !n)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "台账类型不存在");
  if (!rc)
    rc = def_check(&in->def, err);
  if (!rc)
    rc = store_prepare(c,
                       "SELECT count(*) FROM ledger_field WHERE type_id = ? "
                       "AND field_key = ?",
                       &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, type_id);
  store_bind_text(s, 2, in->def.key);
  rc = store_step(s, err);
  n = rc == STORE_ROW ? store_col_i64(s, 0) : 0;
  store_stmt_done(s);
  if (rc != STORE_ROW)
    return rc;
  if (n)
    return err_setf(err, LX_ECONFLICT, "ledger.field_key_taken", "key",
                    "字段标识「%s」在该类型中已存在", in->def.key);
  if (in->has_sort)
    sort = in->sort;
  else
    rc = store_query_i64(c,
                         "SELECT coalesce(max(sort), 0) + 10 FROM ledger_field "
                         "WHERE type_id = ?",
                         1, type_id, &sort, err);
  if (!rc)
    rc = store_prepare(
        c,
        "INSERT INTO ledger_field(type_id, field_key, label, field_type, "
        "required, private, options, max_len, decimals, min_value, "
        "max_value, sort) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, type_id);
  store_bind_text(s, 2, in->def.key);
  store_bind_text(s, 3, in->def.label);
  store_bind_text(s, 4, ledger_field_type_code(in->def.type));
  store_bind_i64(s, 5, in->def.required ? 1 : 0);
  store_bind_i64(s, 6, in->is_private ? 1 : 0);
  store_bind_text(s, 7, join_options(a, &in->def));
  store_bind_i64(s, 8, in->def.max_len);
  store_bind_i64(s, 9, in->def.decimals);
  bind_num(s, 10, in->def.has_min, in->def.min);
  bind_num(s, 11, in->def.has_max, in->def.max);
  store_bind_i64(s, 12, sort);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    *out_id = store_col_i64(s, 0);
  store_stmt_done(s);
  return rc == STORE_ROW ? LX_OK : rc == STORE_DONE ? LX_EDB : rc;
}

/* Loads field field_id of type type_id, with the type's code and
 * builtin flag. */
static int field_load(struct store_conn *c, struct arena *a, int64_t type_id,
                      int64_t field_id, struct ledger_field_rec *out,
                      const char **type_code, int *type_builtin,
                      struct lx_err *err)
{
  struct ledger_type t;
  int rc = ledger_type_get(c, a, type_id, &t, err);
  if (rc)
    return rc;
  for (int i = 0; i < t.n_fields; i++)
    if (t.fields[i].id == field_id) {
      *out = t.fields[i];
      *type_code = t.code;
      *type_builtin = t.builtin;
      return LX_OK;
    }
  return err_set(err, LX_ENOTFOUND, "not_found", "field_id", "字段不存在");
}

static int field_values(struct store_conn *c, int64_t type_id, const char *key,
                        const char *option, int64_t *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(
      c,
      option ? "SELECT count(*) FROM item_field v JOIN ledger_item i ON i.id "
               "= v.item_id WHERE i.type_id = ? AND v.field_key = ? AND "
               "(v.value = ? OR instr(',' || v.value || ',', ',' || ? || "
               "',') > 0)"
             : "SELECT count(*) FROM item_field v JOIN ledger_item i ON i.id "
               "= v.item_id WHERE i.type_id = ? AND v.field_key = ?",
      &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, type_id);
  store_bind_text(s, 2, key);
  if (option) {
    store_bind_text(s, 3, option);
    store_bind_text(s, 4, option);
  }
  rc = store_step(s, err);
  *out = rc == STORE_ROW ? store_col_i64(s, 0) : 0;
  store_stmt_done(s);
  return rc == STORE_ROW ? LX_OK : rc;
}

int ledger_field_update(struct store_conn *c, struct arena *a, int64_t type_id,
                        int64_t field_id, const struct ledger_field_in *in,
                        struct lx_err *err)
{
  struct ledger_field_rec f = {0};
  struct ledger_field_def d = {0};
  struct store_stmt *s;
  const char *type_code = NULL;
  int builtin = 0, is_private;
  int rc = field_load(c, a, type_id, field_id, &f, &type_code, &builtin, err);
  if (rc)
    return rc;
  if (f.archived)
    return err_setf(err, LX_ECONFLICT, "ledger.field_archived", "field_id",
                    "字段「%s」已归档，不能修改", f.def.label);
  if (builtin && ledger_preset_has_field(type_code, f.def.key) &&
      (in->has_label || in->has_required || in->has_private ||
       in->has_options || in->has_max_len || in->has_decimals || in->has_min ||
       in->has_max))
    return err_setf(err, LX_ECONFLICT, "ledger.field_builtin", "field_id",
                    "内置字段「%s」只能调整顺序", f.def.label);
  d = f.def;
  is_private = f.is_private;
  if (in->has_label)
    d.label = in->def.label;
  if (in->has_required)
    d.required = in->def.required;
  if (in->has_private)
    is_private = in->is_private;
  if (in->has_options) {
    d.options = in->def.options;
    d.n_options = in->def.n_options;
  }
  if (in->has_max_len)
    d.max_len = in->def.max_len;
  if (in->has_decimals)
    d.decimals = in->def.decimals;
  if (in->has_min) {
    d.has_min = in->def.has_min;
    d.min = in->def.min;
  }
  if (in->has_max) {
    d.has_max = in->def.has_max;
    d.max = in->def.max;
  }
  if (in->has_sort && (in->sort < 0 || in->sort > 1000000))
    return err_set(err, LX_EINVAL, "ledger.field_sort", "sort",
                   "排序值应在0至1000000之间");
  rc = def_check(&d, err);
  for (int i = 0; !rc && in->has_options && i < f.def.n_options; i++) {
    int kept = 0;
    int64_t used = 0;
    for (int k = 0; k < d.n_options && !kept; k++)
      kept = !strcmp(d.options[k], f.def.options[i]);
    if (kept)
      continue;
    rc = field_values(c, type_id, f.def.key, f.def.options[i], &used, err);
    if (!rc && used)
      rc = err_setf(err, LX_ECONFLICT, "ledger.option_in_use", "options",
                    "选项「%s」已有 %lld 个事项使用，不能删除",
                    f.def.options[i], (long long)used);
  }
  if (!rc)
    rc = store_prepare(c,
                       "UPDATE ledger_field SET label = ?, required = ?, "
                       "private = ?, options = ?, max_len = ?, decimals = ?, "
                       "min_value = ?, max_value = ?, sort = CASE WHEN ? = 1 "
                       "THEN ? ELSE sort END WHERE id = ?",
                       &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, d.label);
  store_bind_i64(s, 2, d.required ? 1 : 0);
  store_bind_i64(s, 3, is_private ? 1 : 0);
  store_bind_text(s, 4, join_options(a, &d));
  store_bind_i64(s, 5, d.max_len);
  store_bind_i64(s, 6, d.decimals);
  bind_num(s, 7, d.has_min, d.min);
  bind_num(s, 8, d.has_max, d.max);
  store_bind_i64(s, 9, in->has_sort);
  store_bind_i64(s, 10, in->sort);
  store_bind_i64(s, 11, field_id);
  return store_run(s, err);
}

int ledger_field_remove(struct store_conn *c, int64_t type_id, int64_t field_id,
                        int *out_archived, struct lx_err *err)
{
  struct store_stmt *s;
  char type_code[16] = "", key[64] = "", label[160] = "";
  int builtin = 0;
  int64_t used = 0;
  int rc = store_prepare(c,
                         "SELECT t.code, t.builtin, f.field_key, f.label FROM "
                         "ledger_field f JOIN ledger_type t ON t.id = "
                         "f.type_id WHERE f.id = ? AND f.type_id = ?",
                         &s, err);
  *out_archived = 0;
  if (rc)
    return rc;
  store_bind_i64(s, 1, field_id);
  store_bind_i64(s, 2, type_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    snprintf(type_code, sizeof type_code, "%s", store_col_text(s, 0));
    builtin = (int)store_col_i64(s, 1);
    snprintf(key, sizeof key, "%s", store_col_text(s, 2));
    snprintf(label, sizeof label, "%s", store_col_text(s, 3));
  }
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "field_id", "字段不存在");
  if (rc != STORE_ROW)
    return rc;
  if (builtin && ledger_preset_has_field(type_code, key))
    return err_setf(err, LX_ECONFLICT, "ledger.field_builtin", "field_id",
                    "内置字段「%s」不能删除", label);
  rc = field_values(c, type_id, key, NULL, &used, err);
  if (!rc)
    rc = store_prepare(c,
                       used ? "UPDATE ledger_field SET archived = 1, "
                              "required = 0 WHERE id = ?"
                            : "DELETE FROM ledger_field WHERE id = ?",
                       &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, field_id);
  rc = store_run(s, err);
  if (!rc)
    *out_archived = used > 0;
  return rc;
}
