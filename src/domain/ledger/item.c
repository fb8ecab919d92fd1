/*
 * item.c — ledger types and items over the store (see item.h): reads,
 * scope-filtered keyset lists, create/update with every check, code
 * numbering from ledger_counter, and state moves with their timeline
 * events.  List SQL is assembled from fixed fragments with the org
 * module's listq helper (values always bound).
 */
#include "domain/ledger/item.h"

#include "base/arena.h"
#include "base/sb.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "domain/ledger/code.h"
#include "domain/ledger/query.h"
#include "domain/ledger/settings.h"
#include "domain/ledger/tags.h"
#include "domain/ledger/tree.h"
#include "domain/org/org_int.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *col_dup(struct store_stmt *s, struct arena *a, int col)
{
  const char *t = store_col_text(s, col);
  return t ? arena_strdup(a, t) : NULL;
}

/* ---- types ---------------------------------------------------------- */

static void type_from_row(struct store_stmt *s, struct arena *a,
                          struct ledger_type *t)
{
  memset(t, 0, sizeof *t);
  t->id = store_col_i64(s, 0);
  t->code = col_dup(s, a, 1);
  t->name = col_dup(s, a, 2);
  t->description = col_dup(s, a, 3);
  t->builtin = (int)store_col_i64(s, 4);
  t->sort = store_col_i64(s, 5);
}

#define TYPE_COLS "id, code, name, description, builtin, sort"

int ledger_type_list(struct store_conn *c, struct arena *a,
                     struct ledger_type **out, int *out_n, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t total = 0;
  int n = 0, rc = store_query_i64(c, "SELECT count(*) FROM ledger_type", 0, 0,
                                  &total, err);
  *out = NULL;
  *out_n = 0;
  if (rc)
    return rc;
  rc = store_prepare(
      c, "SELECT " TYPE_COLS " FROM ledger_type ORDER BY sort, id", &s, err);
  if (rc)
    return rc;
  *out = arena_zalloc(a, sizeof **out * (size_t)(total + 1));
  while ((rc = store_step(s, err)) == STORE_ROW && n < total)
    type_from_row(s, a, &(*out)[n++]);
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  *out_n = n;
  return LX_OK;
}

/* Splits "a\nb\nc" into an arena array. */
static const char *const *split_options(struct arena *a, const char *text,
                                        int *out_n)
{
  const char **v;
  int n = 0, cap = 1;
  char *copy = arena_strdup(a, text ? text : "");
  for (const char *p = copy; *p; p++)
    cap += *p == '\n';
  v = arena_zalloc(a, sizeof *v * (size_t)cap);
  for (char *p = copy; *p;) {
    char *nl = strchr(p, '\n');
    if (nl)
      *nl = 0;
    if (*p && n < cap)
      v[n++] = p;
    if (!nl)
      break;
    p = nl + 1;
  }
  *out_n = n;
  return v;
}

int ledger_type_get(struct store_conn *c, struct arena *a, int64_t id,
                    struct ledger_type *out, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t nf = 0;
  int n = 0,
      rc = store_prepare(
          c, "SELECT " TYPE_COLS " FROM ledger_type WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    type_from_row(s, a, out);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "台账类型不存在");
  if (rc != STORE_ROW)
    return rc;
  rc = store_query_i64(c, "SELECT count(*) FROM ledger_field WHERE type_id = ?",
                       1, id, &nf, err);
  if (!rc)
    rc = store_prepare(c,
                       "SELECT field_key, label, field_type, required, "
                       "private, options, max_len, decimals, min_value, "
                       "max_value, id, archived FROM ledger_field "
                       "WHERE type_id = ? "
                       "ORDER BY sort, id",
                       &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  out->fields = arena_zalloc(a, sizeof *out->fields * (size_t)(nf + 1));
  while ((rc = store_step(s, err)) == STORE_ROW && n < nf) {
    struct ledger_field_rec *f = &out->fields[n];
    enum ledger_field_type ft = LEDGER_FIELD_TEXT;
    if (!ledger_field_type_parse(store_col_text(s, 2), &ft))
      ft = LEDGER_FIELD_TEXT;
    f->def.key = col_dup(s, a, 0);
    f->def.label = col_dup(s, a, 1);
    f->def.type = ft;
    f->def.required = (int)store_col_i64(s, 3);
    f->is_private = (int)store_col_i64(s, 4);
    f->def.options = split_options(a, store_col_text(s, 5), &f->def.n_options);
    f->def.max_len = (int)store_col_i64(s, 6);
    f->def.decimals = (int)store_col_i64(s, 7);
    f->def.has_min = !store_col_is_null(s, 8);
    f->def.min = store_col_double(s, 8);
    f->def.has_max = !store_col_is_null(s, 9);
    f->def.max = store_col_double(s, 9);
    f->id = store_col_i64(s, 10);
    f->archived = (int)store_col_i64(s, 11);
    n++;
  }
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  out->n_fields = n;
  return LX_OK;
}

/* ---- checks --------------------------------------------------------- */

int ledger_priority_valid(const char *p)
{
  return p &&
         (!strcmp(p, "normal") || !strcmp(p, "high") || !strcmp(p, "urgent"));
}

static int text_ok(const char *s, size_t max_chars, int required,
                   const char *field, const char *label, struct lx_err *err)
{
  if (!s || !*s) {
    if (required)
      return err_setf(err, LX_EINVAL, "field.required", field, "请填写%s",
                      label);
    return LX_OK;
  }
  if (!utf8_valid(s, strlen(s)))
    return err_setf(err, LX_EINVAL, "field.type", field, "%s不是有效文本",
                    label);
  if (utf8_len(s) > max_chars)
    return err_setf(err, LX_EINVAL, "field.too_long", field,
                    "%s不能超过 %zu 个字", label, max_chars);
  return LX_OK;
}

static int date_ok(const char *s, const char *field, const char *label,
                   int32_t *out, struct lx_err *err)
{
  if (!time_parse_date(s, out))
    return err_setf(err, LX_EINVAL, "field.date", field,
                    "%s不是有效日期（格式 YYYY-MM-DD）", label);
  return LX_OK;
}

int ledger_item_check(const struct ledger_item_in *in, struct lx_err *err)
{
  int32_t start = LEDGER_NO_DATE, due = 0;
  int rc = text_ok(in->title, LEDGER_TITLE_MAX, 1, "title", "事项名称", err);
  if (!rc)
    rc = text_ok(in->description, LEDGER_DESC_MAX, 0, "description", "事项描述",
                 err);
  if (!rc && !in->lead_unit_id)
    rc = err_set(err, LX_EINVAL, "field.required", "lead_unit_id",
                 "请选择牵头单位");
  if (!rc && (!in->due_date || !*in->due_date))
    rc =
        err_set(err, LX_EINVAL, "field.required", "due_date", "请填写完成时限");
  if (!rc)
    rc = date_ok(in->due_date, "due_date", "完成时限", &due, err);
  if (!rc && in->start_date && *in->start_date)
    rc = date_ok(in->start_date, "start_date", "开始日期", &start, err);
  if (!rc && start != LEDGER_NO_DATE && due < start)
    rc = err_set(err, LX_EINVAL, "ledger.due_before_start", "due_date",
                 "完成时限不能早于开始日期");
  if (!rc)
    rc = text_ok(in->indicator_unit, LEDGER_UNIT_TEXT_MAX, 0, "indicator_unit",
                 "指标单位", err);
  if (!rc && !ledger_priority_valid(in->priority))
    rc = err_set(err, LX_EINVAL, "ledger.priority_invalid", "priority",
                 "优先级只能是 normal（一般）、high（重要）或 urgent（紧急）");
  for (int i = 0; !rc && i < in->n_co; i++) {
    if (in->co[i] == in->lead_unit_id)
      rc = err_set(err, LX_EINVAL, "ledger.co_unit_is_lead", "co_unit_ids",
                   "配合单位不能是牵头单位");
    for (int k = 0; !rc && k < i; k++)
      if (in->co[k] == in->co[i])
        rc = err_set(err, LX_EINVAL, "ledger.co_unit_duplicate", "co_unit_ids",
                     "配合单位重复");
  }
  for (int i = 0; !rc && i < in->n_milestones; i++) {
    const struct ledger_milestone_in *m = &in->milestones[i];
    char f[48];
    int32_t d;
    snprintf(f, sizeof f, "milestones[%d].title", i);
    rc = text_ok(m->title, LEDGER_MILESTONE_TITLE_MAX, 1, f, "节点名称", err);
    snprintf(f, sizeof f, "milestones[%d].due_date", i);
    if (!rc && (!m->due_date || !*m->due_date))
      rc = err_set(err, LX_EINVAL, "field.required", f, "请填写节点时限");
    if (!rc)
      rc = date_ok(m->due_date, f, "节点时限", &d, err);
    if (!rc && d > due)
      rc = err_set(err, LX_EINVAL, "ledger.milestone_after_due", f,
                   "节点时限不能晚于事项完成时限");
    if (!rc && start != LEDGER_NO_DATE && d < start)
      rc = err_set(err, LX_EINVAL, "ledger.milestone_before_start", f,
                   "节点时限不能早于开始日期");
  }
  if (!rc)
    rc = ledger_tags_check(in->tags, in->n_tags, err);
  return rc;
}

/* Validates the raw custom values of in against t into normalised
 * key/value pairs (blank optional values are left out). */
static int fields_validate(struct arena *a, const struct ledger_type *t,
                           const struct ledger_item_in *in,
                           struct ledger_kv **out, int *out_n,
                           struct lx_err *err)
{
  int n = 0;
  *out = arena_zalloc(a, sizeof **out * (size_t)(t->n_fields + 1));
  for (int i = 0; i < in->n_fields; i++) {
    int known = 0;
    for (int k = 0; k < t->n_fields && !known; k++)
      known = !t->fields[k].archived &&
              !strcmp(t->fields[k].def.key, in->fields[i].key);
    if (!known)
      return err_setf(err, LX_EINVAL, "ledger.field_unknown", "fields",
                      "「%s」类台账没有字段 %.40s", t->name, in->fields[i].key);
  }
  for (int k = 0; k < t->n_fields; k++) {
    const struct ledger_field_def *f = &t->fields[k].def;
    const char *raw = NULL;
    char stack[256];
    struct sb sb;
    int rc;
    if (t->fields[k].archived)
      continue; /* kept values stay; nothing new */
    for (int i = 0; i < in->n_fields; i++)
      if (!strcmp(f->key, in->fields[i].key))
        raw = in->fields[i].value;
    sb_init(&sb, a, stack, sizeof stack, LEDGER_FIELD_MAX_CHARS * 4 + 1);
    rc = ledger_field_validate(f, raw, raw ? strlen(raw) : 0, &sb, err);
    if (rc) {
      if (err)
        snprintf(err->field, sizeof err->field, "fields.%s", f->key);
      return rc;
    }
    if (sb.len) {
      (*out)[n].key = f->key;
      (*out)[n].value = arena_strdup(a, sb.buf);
      n++;
    }
  }
  *out_n = n;
  return LX_OK;
}

/* The path of a unit; a missing one is a 400 naming field. */
static int unit_path(struct store_conn *c, struct arena *a, int64_t id,
                     const char *field, const char **out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, "SELECT path FROM unit WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *out = col_dup(s, a, 0);
    rc = LX_OK;
  } else if (rc == STORE_DONE) {
    rc =
        err_set(err, LX_EINVAL, "ledger.unit_missing", field, "所选单位不存在");
  }
  store_stmt_done(s);
  return rc;
}

static int exists(struct store_conn *c, const char *sql, int64_t id,
                  const char *code, const char *field, const char *msg,
                  struct lx_err *err)
{
  int64_t n = 0;
  int rc = store_query_i64(c, sql, 1, id, &n, err);
  if (!rc && !n)
    rc = err_set(err, LX_EINVAL, code, field, msg);
  return rc;
}

/* Checks leader and owner references; fills the co-unit paths. */
static int check_refs(struct store_conn *c, struct arena *a,
                      const struct ledger_item_in *in, const char **lead_path,
                      const char **co_paths, struct lx_err *err)
{
  int rc = unit_path(c, a, in->lead_unit_id, "lead_unit_id", lead_path, err);
  if (!rc && in->leader_id)
    rc = exists(c, "SELECT count(*) FROM person WHERE id = ?", in->leader_id,
                "ledger.leader_missing", "lead_leader_person_id",
                "所选牵头领导不存在", err);
  if (!rc && in->owner_account_id)
    rc = exists(c, "SELECT count(*) FROM account WHERE id = ?",
                in->owner_account_id, "ledger.owner_missing",
                "owner_account_id", "所选责任人不存在", err);
  for (int i = 0; !rc && i < in->n_co; i++)
    rc = unit_path(c, a, in->co[i], "co_unit_ids", &co_paths[i], err);
  return rc;
}

enum ledger_health ledger_item_health(enum ledger_state st,
                                      const char *start_date,
                                      const char *due_date, int progress,
                                      int32_t today)
{
  struct ledger_health_in hi = {st, LEDGER_NO_DATE, LEDGER_NO_DATE, today,
                                progress};
  struct ledger_health_out ho;
  if (start_date && !time_parse_date(start_date, &hi.start))
    hi.start = LEDGER_NO_DATE;
  if (due_date && !time_parse_date(due_date, &hi.due))
    hi.due = LEDGER_NO_DATE;
  ledger_rules_health(&hi, &ho); /* stored thresholds and calendar */
  return ho.health;
}

/* ---- writes --------------------------------------------------------- */

/* Binds an id, 0 meaning NULL. */
static void bind_id(struct store_stmt *s, int idx, int64_t v)
{
  if (v)
    store_bind_i64(s, idx, v);
  else
    store_bind_null(s, idx);
}

/* Binds a number, or NULL when has is 0. */
static void bind_num(struct store_stmt *s, int idx, int has, double v)
{
  if (has)
    store_bind_double(s, idx, v);
  else
    store_bind_null(s, idx);
}

static void bind_opt(struct store_stmt *s, int idx, const char *v)
{
  if (v && *v)
    store_bind_text(s, idx, v);
  else
    store_bind_null(s, idx);
}

static int add_event(struct store_conn *c, int64_t item_id, int64_t now,
                     const struct ledger_who *who, const char *action,
                     const char *from, const char *to, const char *comment,
                     struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "INSERT INTO item_event(item_id, at, account_id, "
                         "actor_name, action, from_state, to_state, comment) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, item_id);
  store_bind_i64(s, 2, now);
  store_bind_i64(s, 3, who->account_id);
  store_bind_text(s, 4, who->name ? who->name : "");
  store_bind_text(s, 5, action);
  bind_opt(s, 6, from);
  bind_opt(s, 7, to);
  store_bind_text(s, 8, comment ? comment : "");
  return store_run(s, err);
}

static int del_children(struct store_conn *c, const char *sql, int64_t id,
                        struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, sql, &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  return store_run(s, err);
}

/* Writes co-units, fields and milestones (replacing the old ones when
 * replace). */
static int write_children(struct store_conn *c, int64_t id,
                          const struct ledger_item_in *in,
                          const char *const *co_paths,
                          const struct ledger_kv *kv, int n_kv, int replace,
                          struct lx_err *err)
{
  struct store_stmt *s;
  int rc = LX_OK;
  if (in->set_co || !replace) {
    if (replace)
      rc = del_children(c, "DELETE FROM item_co_unit WHERE item_id = ?", id,
                        err);
    for (int i = 0; !rc && i < in->n_co; i++) {
      rc = store_prepare(c,
                         "INSERT INTO item_co_unit(item_id, unit_id, "
                         "unit_path) VALUES (?, ?, ?)",
                         &s, err);
      if (rc)
        break;
      store_bind_i64(s, 1, id);
      store_bind_i64(s, 2, in->co[i]);
      store_bind_text(s, 3, co_paths[i]);
      rc = store_run(s, err);
    }
  }
  if (!rc && (in->set_fields || !replace)) {
    if (replace)
      rc = del_children(c,
                        "DELETE FROM item_field WHERE item_id = ? AND "
                        "field_key NOT IN (SELECT f.field_key FROM "
                        "ledger_field f JOIN ledger_item i ON i.type_id = "
                        "f.type_id WHERE i.id = item_field.item_id AND "
                        "f.archived = 1)",
                        id, err);
    for (int i = 0; !rc && i < n_kv; i++) {
      rc = store_prepare(c,
                         "INSERT INTO item_field(item_id, field_key, value) "
                         "VALUES (?, ?, ?)",
                         &s, err);
      if (rc)
        break;
      store_bind_i64(s, 1, id);
      store_bind_text(s, 2, kv[i].key);
      store_bind_text(s, 3, kv[i].value);
      rc = store_run(s, err);
    }
  }
  if (!rc && (in->set_milestones || !replace)) {
    if (replace)
      rc = del_children(c, "DELETE FROM item_milestone WHERE item_id = ?", id,
                        err);
    for (int i = 0; !rc && i < in->n_milestones; i++) {
      rc = store_prepare(c,
                         "INSERT INTO item_milestone(item_id, title, "
                         "due_date, sort) VALUES (?, ?, ?, ?)",
                         &s, err);
      if (rc)
        break;
      store_bind_i64(s, 1, id);
      store_bind_text(s, 2, in->milestones[i].title);
      store_bind_text(s, 3, in->milestones[i].due_date);
      store_bind_i64(s, 4, i + 1);
      rc = store_run(s, err);
    }
  }
  return rc;
}

static int32_t year_of(int32_t day)
{
  char d[16];
  time_format_date(day, d, sizeof d);
  return (int32_t)atoi(d);
}

int ledger_item_create(struct store_conn *c, struct arena *a,
                       const struct ledger_item_in *in,
                       const struct ledger_who *who, int32_t today,
                       int64_t *out_id, struct lx_err *err)
{
  struct ledger_type t;
  struct ledger_kv *kv = NULL;
  const char *lead_path = NULL;
  const char **co_paths =
      arena_zalloc(a, sizeof *co_paths * LEDGER_MAX_CO_UNITS);
  struct store_stmt *s;
  char code[LEDGER_CODE_MAX];
  int64_t now = time_now_ms(), seq = 0, id = 0, depth = 0;
  int n_kv = 0, year = year_of(today);
  enum ledger_health h;
  int rc = ledger_item_check(in, err);
  if (rc)
    return rc;
  rc = ledger_type_get(c, a, in->type_id, &t, err);
  if (rc == LX_ENOTFOUND)
    return err_set(err, LX_EINVAL, "ledger.type_unknown", "type_id",
                   "台账类型不存在");
  if (!rc)
    rc = fields_validate(a, &t, in, &kv, &n_kv, err);
  if (!rc)
    rc = check_refs(c, a, in, &lead_path, co_paths, err);
  if (!rc && in->parent_id)
    rc = ledger_parent_check(c, 0, in->parent_id, &depth, err);
  if (rc)
    return rc;
  rc = store_prepare(c,
                     "INSERT INTO ledger_counter(type_id, year, last_seq) "
                     "VALUES (?, ?, 1) ON CONFLICT(type_id, year) DO UPDATE "
                     "SET last_seq = ledger_counter.last_seq + 1 "
                     "RETURNING last_seq",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, t.id);
  store_bind_i64(s, 2, year);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    seq = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc != STORE_ROW)
    return rc == STORE_DONE ? LX_EDB : rc;
  rc = ledger_code_format(t.code, year, (int)seq, code, sizeof code, err);
  if (rc)
    return rc;
  h = ledger_item_health(LEDGER_DRAFT, in->start_date, in->due_date, 0, today);
  rc = store_prepare(
      c,
      "INSERT INTO ledger_item(type_id, code, year, seq, title, description, "
      "parent_id, depth, lead_leader_person_id, lead_unit_id, lead_unit_path, "
      "owner_account_id, start_date, due_date, state, health, progress, "
      "indicator_target, indicator_actual, indicator_unit, priority, "
      "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, t.id);
  store_bind_text(s, 2, code);
  store_bind_i64(s, 3, year);
  store_bind_i64(s, 4, seq);
  store_bind_text(s, 5, in->title);
  store_bind_text(s, 6, in->description ? in->description : "");
  bind_id(s, 7, in->parent_id);
  store_bind_i64(s, 8, depth);
  bind_id(s, 9, in->leader_id);
  store_bind_i64(s, 10, in->lead_unit_id);
  store_bind_text(s, 11, lead_path);
  bind_id(s, 12, in->owner_account_id);
  bind_opt(s, 13, in->start_date);
  store_bind_text(s, 14, in->due_date);
  store_bind_text(s, 15, ledger_state_code(LEDGER_DRAFT));
  store_bind_text(s, 16, ledger_health_code(h));
  bind_num(s, 17, in->has_target, in->target);
  bind_num(s, 18, in->has_actual, in->actual);
  store_bind_text(s, 19, in->indicator_unit ? in->indicator_unit : "");
  store_bind_text(s, 20, in->priority);
  store_bind_i64(s, 21, who->account_id);
  store_bind_i64(s, 22, now);
  store_bind_i64(s, 23, now);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    id = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc != STORE_ROW)
    return rc == STORE_DONE ? LX_EDB : rc;
  rc = write_children(c, id, in, co_paths, kv, n_kv, 0, err);
  if (!rc)
    rc = ledger_tags_write(c, id, in->tags, in->n_tags, 0, err);
  if (!rc && in->parent_id) /* a new child at 0 % changes the average */
    rc = ledger_rollup(c, in->parent_id, today, err);
  if (!rc)
    rc = add_event(c, id, now, who,
                   in->event_action ? in->event_action : "create", NULL,
                   ledger_state_code(LEDGER_DRAFT),
                   in->event_comment ? in->event_comment : "创建事项", err);
  if (!rc)
    *out_id = id;
  return rc;
}

int ledger_item_update(struct store_conn *c, struct arena *a, int64_t id,
                       const struct ledger_item_in *in,
                       const struct ledger_who *who, int32_t today,
                       struct lx_err *err)
{
  struct ledger_item cur;
  struct ledger_type t;
  struct ledger_kv *kv = NULL;
  const char *lead_path = NULL;
  const char **co_paths =
      arena_zalloc(a, sizeof *co_paths * LEDGER_MAX_CO_UNITS);
  struct store_stmt *s;
  int64_t now = time_now_ms();
  int n_kv = 0;
  enum ledger_health h;
  int rc = ledger_item_get(c, a, id, 0, &cur, err);
  if (!rc)
    rc = ledger_item_check(in, err);
  if (!rc && cur.state != LEDGER_DRAFT &&
      strcmp(cur.due_date, in->due_date) != 0)
    rc = err_set(err, LX_ECONFLICT, "ledger.due_locked", "due_date",
                 "事项下达后完成时限不能直接修改，请通过延期申请办理");
  if (!rc)
    rc = ledger_type_get(c, a, cur.type_id, &t, err);
  if (!rc && in->set_fields)
    rc = fields_validate(a, &t, in, &kv, &n_kv, err);
  if (!rc)
    rc = check_refs(c, a, in, &lead_path, co_paths, err);
  if (rc)
    return rc;
  h = ledger_item_health(cur.state, in->start_date, in->due_date, cur.progress,
                         today);
  rc = store_prepare(c,
                     "UPDATE ledger_item SET title = ?, description = ?, "
                     "lead_leader_person_id = ?, lead_unit_id = ?, "
                     "lead_unit_path = ?, owner_account_id = ?, "
                     "start_date = ?, due_date = ?, health = ?, "
                     "indicator_target = ?, indicator_actual = ?, "
                     "indicator_unit = ?, priority = ?, updated_at = ? "
                     "WHERE id = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, in->title);
  store_bind_text(s, 2, in->description ? in->description : "");
  bind_id(s, 3, in->leader_id);
  store_bind_i64(s, 4, in->lead_unit_id);
  store_bind_text(s, 5, lead_path);
  bind_id(s, 6, in->owner_account_id);
  bind_opt(s, 7, in->start_date);
  store_bind_text(s, 8, in->due_date);
  store_bind_text(s, 9, ledger_health_code(h));
  bind_num(s, 10, in->has_target, in->target);
  bind_num(s, 11, in->has_actual, in->actual);
  store_bind_text(s, 12, in->indicator_unit ? in->indicator_unit : "");
  store_bind_text(s, 13, in->priority);
  store_bind_i64(s, 14, now);
  store_bind_i64(s, 15, id);
  rc = store_run(s, err);
  if (!rc)
    rc = write_children(c, id, in, co_paths, kv, n_kv, 1, err);
  if (!rc && in->set_tags)
    rc = ledger_tags_write(c, id, in->tags, in->n_tags, 1, err);
  if (!rc && in->set_parent && in->parent_id != cur.parent_id)
    rc = ledger_parent_move(c, id, cur.parent_id, in->parent_id, today, err);
  if (!rc)
    rc = add_event(c, id, now, who, "update", ledger_state_code(cur.state),
                   ledger_state_code(cur.state), "修改事项", err);
  return rc;
}

int ledger_item_move(struct store_conn *c, int64_t id, enum ledger_state from,
                     enum ledger_state to, enum ledger_action act,
                     const char *reason, const struct ledger_who *who,
                     int32_t today, struct lx_err *err)
{
  struct store_stmt *s;
  char start[16] = "", due[16] = "";
  int progress = 0, found = 0;
  int64_t now = time_now_ms();
  enum ledger_health h;
  int rc = store_prepare(c,
                         "SELECT start_date, due_date, progress, state FROM "
                         "ledger_item WHERE id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    found = 1;
    snprintf(start, sizeof start, "%s",
             store_col_text(s, 0) ? store_col_text(s, 0) : "");
    snprintf(due, sizeof due, "%s",
             store_col_text(s, 1) ? store_col_text(s, 1) : "");
    progress = (int)store_col_i64(s, 2);
    if (strcmp(store_col_text(s, 3), ledger_state_code(from)))
      found = 2;
  }
  store_stmt_done(s);
  if (rc != STORE_ROW && rc != STORE_DONE)
    return rc;
  if (!found)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "事项不存在");
  if (found == 2)
    return err_set(err, LX_ECONFLICT, "ledger.bad_transition", "action",
                   "事项状态已被他人改变，请刷新后重试");
  h = ledger_item_health(to, start[0] ? start : NULL, due, progress, today);
  rc = store_prepare(c,
                     "UPDATE ledger_item SET state = ?, health = ?, "
                     "original_due_date = CASE WHEN ? = 1 THEN due_date ELSE "
                     "original_due_date END, updated_at = ? "
                     "WHERE id = ? AND state = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, ledger_state_code(to));
  store_bind_text(s, 2, ledger_health_code(h));
  store_bind_i64(s, 3, act == LEDGER_ACT_ISSUE ? 1 : 0);
  store_bind_i64(s, 4, now);
  store_bind_i64(s, 5, id);
  store_bind_text(s, 6, ledger_state_code(from));
  rc = store_run(s, err);
  if (!rc && to == LEDGER_CANCELLED)
    rc = ledger_rollup_parent_of(c, id, today, err);
  if (!rc)
    rc = add_event(c, id, now, who, ledger_action_code(act),
                   ledger_state_code(from), ledger_state_code(to), reason, err);
  return rc;
}

/* ---- reads ---------------------------------------------------------- */

#define ITEM_COLS                                                              \
  "i.id, i.type_id, t.code, t.name, i.code, i.year, i.title, "                 \
  "i.description, i.parent_id, i.depth, i.lead_leader_person_id, p.name, "     \
  "i.lead_unit_id, u.name, i.lead_unit_path, i.owner_account_id, a.name, "     \
  "i.start_date, i.due_date, i.original_due_date, i.state, i.health, "         \
  "i.progress, i.indicator_target, i.indicator_actual, i.indicator_unit, "     \
  "i.priority, i.created_by, i.created_at, i.updated_at, "                     \
  "(SELECT group_concat(g.tag, char(10)) FROM item_tag g "                     \
  "WHERE g.item_id = i.id)"
/* The same columns for a list page (ledger_query.summary) from the item
 * row alone: the names are the copies kept on it (migration 0010); no
 * description, no owner name. */
#define ITEM_COLS_SUMMARY                                                      \
  "i.id, i.type_id, i.type_code, i.type_name, i.code, i.year, i.title, "       \
  "'', i.parent_id, i.depth, i.lead_leader_person_id, i.lead_leader_name, "    \
  "i.lead_unit_id, i.lead_unit_name, i.lead_unit_path, i.owner_account_id, "   \
  "NULL, i.start_date, i.due_date, i.original_due_date, i.state, i.health, "   \
  "i.progress, i.indicator_target, i.indicator_actual, i.indicator_unit, "     \
  "i.priority, i.created_by, i.created_at, i.updated_at, "                     \
  "(SELECT group_concat(g.tag, char(10)) FROM item_tag g "                     \
  "WHERE g.item_id = i.id)"
#define ITEM_FROM                                                              \
  " FROM ledger_item i JOIN ledger_type t ON t.id = i.type_id "                \
  "JOIN unit u ON u.id = i.lead_unit_id "                                      \
  "LEFT JOIN person p ON p.id = i.lead_leader_person_id "                      \
  "LEFT JOIN account a ON a.id = i.owner_account_id"
/* A subtree-scoped reader's newest-first list: driven by the item_scope
 * index (migration 0008) in item id order, so a page reads about a page
 * of rows instead of every item until enough are in scope. */
#define ITEM_FROM_SCOPE                                                        \
  " FROM item_scope sc CROSS JOIN ledger_item i ON i.id = sc.item_id "         \
  "JOIN ledger_type t ON t.id = i.type_id "                                    \
  "JOIN unit u ON u.id = i.lead_unit_id "                                      \
  "LEFT JOIN person p ON p.id = i.lead_leader_person_id "                      \
  "LEFT JOIN account a ON a.id = i.owner_account_id"

static void item_from_row(struct store_stmt *s, struct arena *a,
                          struct ledger_item *it)
{
  enum ledger_state st = LEDGER_DRAFT;
  memset(it, 0, sizeof *it);
  it->id = store_col_i64(s, 0);
  it->type_id = store_col_i64(s, 1);
  it->type_code = col_dup(s, a, 2);
  it->type_name = col_dup(s, a, 3);
  it->code = col_dup(s, a, 4);
  it->year = (int)store_col_i64(s, 5);
  it->title = col_dup(s, a, 6);
  it->description = col_dup(s, a, 7);
  it->parent_id = store_col_i64(s, 8);
  it->depth = (int)store_col_i64(s, 9);
  it->leader_id = store_col_i64(s, 10);
  it->leader_name = col_dup(s, a, 11);
  it->lead_unit_id = store_col_i64(s, 12);
  it->lead_unit_name = col_dup(s, a, 13);
  it->lead_unit_path = col_dup(s, a, 14);
  it->owner_account_id = store_col_i64(s, 15);
  it->owner_name = col_dup(s, a, 16);
  it->start_date = col_dup(s, a, 17);
  it->due_date = col_dup(s, a, 18);
  it->original_due_date = col_dup(s, a, 19);
  if (!ledger_state_parse(store_col_text(s, 20), &st))
    st = LEDGER_DRAFT;
  it->state = st;
  it->health = LEDGER_HEALTH_NONE;
  for (int h = 0; h < LEDGER_HEALTH_COUNT; h++)
    if (!strcmp(ledger_health_code((enum ledger_health)h),
                store_col_text(s, 21)))
      it->health = (enum ledger_health)h;
  it->progress = (int)store_col_i64(s, 22);
  it->has_target = !store_col_is_null(s, 23);
  it->target = store_col_double(s, 23);
  it->has_actual = !store_col_is_null(s, 24);
  it->actual = store_col_double(s, 24);
  it->indicator_unit = col_dup(s, a, 25);
  it->priority = col_dup(s, a, 26);
  it->created_by = store_col_i64(s, 27);
  it->created_at = store_col_i64(s, 28);
  it->updated_at = store_col_i64(s, 29);
  it->tags = ledger_tags_split(a, store_col_text(s, 30), &it->n_tags);
}

/* Counts then reads the rows of sql (bound to id) with fn. */
static int load_rows(struct store_conn *c, const char *count_sql,
                     const char *sql, int64_t id, struct arena *a, size_t elem,
                     void **out, int *out_n,
                     void (*fn)(struct store_stmt *, struct arena *, void *),
                     struct lx_err *err)
{
  struct store_stmt *s;
  int64_t total = 0;
  int n = 0, rc = store_query_i64(c, count_sql, 1, id, &total, err);
  if (!rc)
    rc = store_prepare(c, sql, &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  *out = arena_zalloc(a, elem * (size_t)(total + 1));
  while ((rc = store_step(s, err)) == STORE_ROW && n < total)
    fn(s, a, (char *)*out + elem * (size_t)n++);
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  *out_n = n;
  return LX_OK;
}

static void co_row(struct store_stmt *s, struct arena *a, void *p)
{
  struct ledger_co_unit *u = p;
  u->unit_id = store_col_i64(s, 0);
  u->name = col_dup(s, a, 1);
  u->path = col_dup(s, a, 2);
}

static void ms_row(struct store_stmt *s, struct arena *a, void *p)
{
  struct ledger_milestone *m = p;
  m->id = store_col_i64(s, 0);
  m->title = col_dup(s, a, 1);
  m->due_date = col_dup(s, a, 2);
  m->done_at = store_col_i64(s, 3);
}

static void kv_row(struct store_stmt *s, struct arena *a, void *p)
{
  struct ledger_kv *kv = p;
  kv->key = col_dup(s, a, 0);
  kv->value = col_dup(s, a, 1);
}

static void ev_row(struct store_stmt *s, struct arena *a, void *p)
{
  struct ledger_event *e = p;
  e->id = store_col_i64(s, 0);
  e->at = store_col_i64(s, 1);
  e->account_id = store_col_i64(s, 2);
  e->actor_name = col_dup(s, a, 3);
  e->action = col_dup(s, a, 4);
  e->from_state = col_dup(s, a, 5);
  e->to_state = col_dup(s, a, 6);
  e->comment = col_dup(s, a, 7);
}

int ledger_item_get(struct store_conn *c, struct arena *a, int64_t id, int full,
                    struct ledger_item *out, struct lx_err *err)
{
  struct store_stmt *s;
  void *p;
  int rc = store_prepare(c, "SELECT " ITEM_COLS ITEM_FROM " WHERE i.id = ?", &s,
                         err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    item_from_row(s, a, out);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "事项不存在");
  if (rc != STORE_ROW)
    return rc;
  rc = load_rows(c, "SELECT count(*) FROM item_co_unit WHERE item_id = ?",
                 "SELECT cu.unit_id, u.name, cu.unit_path FROM item_co_unit "
                 "cu JOIN unit u ON u.id = cu.unit_id WHERE cu.item_id = ? "
                 "ORDER BY cu.unit_path, cu.unit_id",
                 id, a, sizeof *out->co, &p, &out->n_co, co_row, err);
  out->co = p;
  if (rc || !full)
    return rc;
  rc = load_rows(c, "SELECT count(*) FROM item_milestone WHERE item_id = ?",
                 "SELECT id, title, due_date, done_at FROM item_milestone "
                 "WHERE item_id = ? ORDER BY sort, id",
                 id, a, sizeof *out->milestones, &p, &out->n_milestones, ms_row,
                 err);
  out->milestones = p;
  if (!rc)
    rc = load_rows(c, "SELECT count(*) FROM item_field WHERE item_id = ?",
                   "SELECT field_key, value FROM item_field WHERE item_id = ? "
                   "ORDER BY field_key",
                   id, a, sizeof *out->fields, &p, &out->n_fields, kv_row, err);
  if (!rc)
    out->fields = p;
  if (!rc)
    rc = load_rows(c, "SELECT count(*) FROM item_event WHERE item_id = ?",
                   "SELECT id, at, account_id, actor_name, action, "
                   "from_state, to_state, comment FROM item_event "
                   "WHERE item_id = ? ORDER BY id",
                   id, a, sizeof *out->events, &p, &out->n_events, ev_row, err);
  if (!rc)
    out->events = p;
  return rc;
}

int ledger_item_visible(const struct subject *s, const char *perm,
                        const struct ledger_item *it)
{
  if (policy_allows(s, perm, it->lead_unit_path, it->owner_account_id,
                    it->leader_id))
    return 1;
  for (int i = 0; i < it->n_co; i++)
    if (policy_allows(s, perm, it->co[i].path, 0, 0))
      return 1;
  return 0;
}

int ledger_item_list(struct store_conn *c, struct arena *a,
                     const struct policy_filter *f,
                     const struct ledger_query *q, struct ledger_item **out,
                     int *out_n, int *out_more, struct lx_err *err)
{
  struct listq l;
  struct store_stmt *s;
  char *like = NULL;
  int n = 0, rc;
  /* subtree scope, newest first: through item_scope (see ITEM_FROM_SCOPE) */
  int by_scope = f->scope == SCOPE_SUBTREE && q->sort == LEDGER_SORT_NEWEST;
  *out = NULL;
  *out_n = 0;
  *out_more = 0;
  if (f->scope == SCOPE_NONE)
    return LX_EFORBIDDEN;
  if (q->limit < 1 || q->limit > 1000)
    return err_set(err, LX_EINVAL, "page.limit", "limit", "每页条数无效");
  if (q->q &&
      (!utf8_valid(q->q, strlen(q->q)) || utf8_len(q->q) > LEDGER_QUERY_MAX))
    return err_setf(err, LX_EINVAL, "ledger.q_too_long", "q",
                    "搜索内容不能超过 %d 个字", LEDGER_QUERY_MAX);
  if (q->q) { /* LIKE wildcards taken literally */
    size_t k = 0, len = strlen(q->q);
    like = arena_alloc(a, len * 2 + 3);
    like[k++] = '%';
    for (size_t i = 0; i < len; i++) {
      if (q->q[i] == '%' || q->q[i] == '_' || q->q[i] == '\\')
        like[k++] = '\\';
      like[k++] = q->q[i];
    }
    like[k++] = '%';
    like[k] = 0;
  }
  listq_init(&l);
  if (by_scope) {
    listq_add(&l, q->summary ? "SELECT " ITEM_COLS_SUMMARY
                               " FROM item_scope sc CROSS JOIN ledger_item i "
                               "ON i.id = sc.item_id"
                               " WHERE sc.unit_id = (SELECT id FROM unit "
                               "WHERE path = ?)"
                             : "SELECT " ITEM_COLS ITEM_FROM_SCOPE
                               " WHERE sc.unit_id = (SELECT id FROM unit "
                               "WHERE path = ?)");
    listq_text(&l, f->path_lo);
  } else {
    listq_add(&l, q->summary ? "SELECT " ITEM_COLS_SUMMARY
                               " FROM ledger_item i WHERE 1 = 1"
                             : "SELECT " ITEM_COLS ITEM_FROM " WHERE 1 = 1");
  }
  switch (by_scope ? SCOPE_ALL : f->scope) {
  case SCOPE_SUBTREE:
    listq_add(&l, " AND (i.lead_unit_path >= ? AND i.lead_unit_path < ? OR "
                  "EXISTS (SELECT 1 FROM item_co_unit cu WHERE cu.item_id = "
                  "i.id AND cu.unit_path >= ? AND cu.unit_path < ?))");
    listq_text(&l, f->path_lo);
    listq_text(&l, f->path_hi);
    listq_text(&l, f->path_lo);
    listq_text(&l, f->path_hi);
    break;
  case SCOPE_UNIT:
    listq_add(&l, " AND (i.lead_unit_id = ? OR EXISTS (SELECT 1 FROM "
                  "item_co_unit cu WHERE cu.item_id = i.id AND "
                  "cu.unit_id = ?))");
    listq_i64(&l, f->unit_id);
    listq_i64(&l, f->unit_id);
    break;
  case SCOPE_SELF:
    listq_add(&l, " AND (i.owner_account_id = ? OR "
                  "i.lead_leader_person_id = ?)");
    listq_i64(&l, f->account_id);
    listq_i64(&l, f->person_id ? f->person_id : -1);
    break;
  default: break;
  }
  if (q->type_id) {
    listq_add(&l, " AND i.type_id = ?");
    listq_i64(&l, q->type_id);
  }
  if (q->state) {
    listq_add(&l, " AND i.state = ?");
    listq_text(&l, q->state);
  }
  if (q->health) {
    listq_add(&l, " AND i.health = ?");
    listq_text(&l, q->health);
  }
  if (q->lead_unit_id) {
    listq_add(&l, " AND i.lead_unit_id = ?");
    listq_i64(&l, q->lead_unit_id);
  }
  if (q->leader_id) {
    listq_add(&l, " AND i.lead_leader_person_id = ?");
    listq_i64(&l, q->leader_id);
  }
  if (q->due_from) {
    listq_add(&l, " AND i.due_date >= ?");
    listq_text(&l, q->due_from);
  }
  if (q->due_to) {
    listq_add(&l, " AND i.due_date <= ?");
    listq_text(&l, q->due_to);
  }
  if (like) {
    listq_add(&l, " AND (i.title LIKE ? ESCAPE '\\' OR i.code LIKE ? "
                  "ESCAPE '\\' OR i.description LIKE ? ESCAPE '\\')");
    listq_text(&l, like);
    listq_text(&l, like);
    listq_text(&l, like);
  }
  ledger_query_filters(&l, q);
  if (q->before_id) {
    listq_add(&l, by_scope ? " AND sc.item_id < ?" : " AND i.id < ?");
    listq_i64(&l, q->before_id);
  }
  if (by_scope) {
    listq_add(&l, " ORDER BY sc.item_id DESC LIMIT ?");
    listq_i64(&l, q->limit + 1);
  } else {
    ledger_query_order(&l, q); /* ORDER BY (keyset by ?sort=) LIMIT ? */
  }
  rc = listq_prepare(c, &l, &s, err);
  if (rc)
    return rc;
  *out = arena_zalloc(a, sizeof **out * (size_t)(q->limit + 1));
  while ((rc = store_step(s, err)) == STORE_ROW) {
    if (n == q->limit) {
      *out_more = 1;
      rc = STORE_DONE;
      break;
    }
    item_from_row(s, a, &(*out)[n++]);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  *out_n = n;
  return LX_OK;
}
