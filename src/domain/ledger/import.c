/*
 * import.c — the Excel import of ledger items (see import.h): template
 * columns, header mapping, and row validation with every error collected.
 * Units are resolved against a directory loaded once per import (one
 * query); leaders by name through the person name index.
 */
#include "domain/ledger/import.h"

#include "base/arena.h"
#include "base/sb.h"
#include "base/utf8.h"
#include "domain/ledger/ledger_int.h"
#include "domain/policy/policy.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ledger_import_unit {
  int64_t id;
  const char *name, *code, *path;
};

static const char *const P_WRITE = "ledger.write";

/* The core columns: name, other name, required, date, field type for
 * the value check, max characters, hint. */
static const struct core_col {
  const char *name, *alias;
  int required, is_date;
  enum ledger_field_type type;
  int max_len;
  const char *hint;
} core[LEDGER_IMP_CORE_COUNT] = {
    {"标题", "事项名称", 1, 0, LEDGER_FIELD_TEXT, LEDGER_TITLE_MAX,
     "必填，不超过 200 字。以 = + - @ 开头的内容按原文保存，不会当作公式"},
    {"描述", "事项描述", 0, 0, LEDGER_FIELD_LONGTEXT, LEDGER_DESC_MAX,
     "选填，不超过 5000 字，可换行"},
    {"牵头单位", NULL, 1, 0, LEDGER_FIELD_TEXT, 64,
     "必填，填写单位全称（与系统中的单位名称完全一致）或单位编码，须在您的"
     "管理范围内；同名单位请填编码"},
    {"配合单位", NULL, 0, 0, LEDGER_FIELD_LONGTEXT, 5000,
     "选填，单位全称或编码，多个单位用“、”或“，”分隔，最多 50 个，不能"
     "包含牵头单位"},
    {"牵头领导", NULL, 0, 0, LEDGER_FIELD_TEXT, 64,
     "选填，填写姓名；有同名人员时写成“姓名（单位）”，如 张伟（区委办公室）"},
    {"开始日期", NULL, 0, 1, LEDGER_FIELD_DATE, 0, "选填，日期格式见下方说明"},
    {"截止日期", "完成时限", 1, 1, LEDGER_FIELD_DATE, 0,
     "必填，不能早于开始日期；日期格式见下方说明"},
    {"优先级", NULL, 0, 0, LEDGER_FIELD_TEXT, 10,
     "选填：一般、重要、紧急，不填为一般"},
    {"指标目标值", NULL, 0, 0, LEDGER_FIELD_NUMBER, 0,
     "选填，数字（可带千分位逗号）"},
    {"指标单位", NULL, 0, 0, LEDGER_FIELD_TEXT, LEDGER_UNIT_TEXT_MAX,
     "选填，如 个、户、公里，不超过 20 字"},
};

static const struct {
  const char *code, *label;
} priorities[] = {{"normal", "一般"}, {"high", "重要"}, {"urgent", "紧急"}};

/* ---- pure helpers ------------------------------------------------------- */

const char *ledger_import_priority(const char *s, size_t n)
{
  ledger_trim(&s, &n);
  if (n == 0)
    return "normal";
  for (size_t i = 0; i < LX_COUNT(priorities); i++)
    if ((strlen(priorities[i].label) == n &&
         !memcmp(priorities[i].label, s, n)) ||
        (strlen(priorities[i].code) == n && !memcmp(priorities[i].code, s, n)))
      return priorities[i].code;
  return NULL;
}

const char *ledger_import_priority_label(const char *code)
{
  for (size_t i = 0; code && i < LX_COUNT(priorities); i++)
    if (!strcmp(priorities[i].code, code))
      return priorities[i].label;
  return "";
}

int ledger_import_date(const char *s, size_t n, char *out)
{
  static const struct ledger_field_def d = {
      .key = "date", .label = "日期", .type = LEDGER_FIELD_DATE, .required = 1};
  char stack[32];
  struct sb sb;
  int ok;
  sb_init(&sb, NULL, stack, sizeof stack, sizeof stack);
  ok = ledger_field_validate(&d, s, n, &sb, NULL) == LX_OK && sb.len == 10;
  if (ok)
    memcpy(out, sb.buf, 11);
  else
    out[0] = 0;
  sb_reset(&sb);
  return ok;
}

static int is_star(const char *s, size_t n, size_t *len)
{
  if (n >= 1 && s[0] == '*') {
    *len = 1;
    return 1;
  }
  if (n >= 3 && !memcmp(s, "\xef\xbc\x8a", 3)) { /* ＊ */
    *len = 3;
    return 1;
  }
  return 0;
}

void ledger_import_header_name(const char *s, size_t n, char *out, size_t cap)
{
  size_t l;
  int changed = 1;
  while (changed) {
    changed = 0;
    ledger_trim(&s, &n);
    if (is_star(s, n, &l)) {
      s += l;
      n -= l;
      changed = 1;
    }
    for (size_t k = 1; k <= 3 && k <= n; k++) /* a trailing * or ＊ */
      if (is_star(s + n - k, k, &l) && l == k) {
        n -= k;
        changed = 1;
        break;
      }
  }
  if (n >= cap)
    n = (size_t)ledger_clip(s, n, cap - 1);
  memcpy(out, s, n);
  out[n] = 0;
}

int ledger_import_column_find(const struct ledger_import_column *columns, int n,
                              const char *h)
{
  for (int i = 0; i < n; i++)
    if (!strcmp(columns[i].name, h))
      return i;
  for (int i = 0; i < n && i < LEDGER_IMP_CORE_COUNT; i++)
    if (core[i].alias && !strcmp(core[i].alias, h))
      return i;
  return -1;
}

void ledger_import_columns(struct arena *a, const struct ledger_type *t,
                           struct ledger_import_column **out, int *out_n)
{
  int n = LEDGER_IMP_CORE_COUNT, m = LEDGER_IMP_CORE_COUNT;
  struct ledger_import_column *c;
  for (int k = 0; k < t->n_fields; k++)
    n += !t->fields[k].archived; /* archived fields are not imported */
  c = arena_zalloc(a, sizeof *c * (size_t)n);
  for (int i = 0; i < LEDGER_IMP_CORE_COUNT; i++) {
    c[i].name = core[i].name;
    c[i].required = core[i].required;
    c[i].is_date = core[i].is_date;
    c[i].hint = core[i].hint;
  }
  for (int k = 0; k < t->n_fields; k++) {
    const struct ledger_field_rec *f = &t->fields[k];
    struct ledger_import_column *x;
    if (f->archived)
      continue;
    x = &c[m++];
    x->name = f->def.label;
    x->required = f->def.required;
    x->is_date = f->def.type == LEDGER_FIELD_DATE;
    x->field = f;
    switch (f->def.type) {
    case LEDGER_FIELD_SELECT:
    case LEDGER_FIELD_MULTI: {
      struct sb sb;
      sb_init(&sb, a, NULL, 0, 16384);
      sb_puts(&sb, f->def.type == LEDGER_FIELD_SELECT
                       ? "单选，只能填以下之一："
                       : "多选，用“、”分隔，可选：");
      for (int o = 0; o < f->def.n_options; o++)
        sb_appendf(&sb, "%s%s", o ? "、" : "", f->def.options[o]);
      x->hint = sb_err(&sb) ? "见系统中的可选项" : sb_take(&sb, NULL);
      break;
    }
    case LEDGER_FIELD_DATE: x->hint = "日期，格式见下方说明"; break;
    case LEDGER_FIELD_MONEY:
      x->hint = "金额，单位万元：填 1200 或 1200万元 表示 1200 万元，"
                "1.2亿 表示 12000 万元；不接受以“元”为单位的金额";
      break;
    case LEDGER_FIELD_PERCENT: x->hint = "百分比，填 85 或 85%"; break;
    case LEDGER_FIELD_NUMBER: x->hint = "数字（可带千分位逗号）"; break;
    case LEDGER_FIELD_LONGTEXT: x->hint = "文字，可换行"; break;
    case LEDGER_FIELD_PERSON: x->hint = "人员姓名"; break;
    case LEDGER_FIELD_UNIT: x->hint = "单位全称"; break;
    default: x->hint = "文字"; break;
    }
    if (f->def.required)
      x->hint = arena_printf(a, "必填。%s", x->hint);
  }
  *out = c;
  *out_n = n;
}

/* ---- errors ------------------------------------------------------------- */

void ledger_import_error_add(struct ledger_import *im, long row,
                             const char *column, const char *what)
{
  struct ledger_import_error *e;
  im->n_errors++;
  if (im->n_kept_errors >= LEDGER_IMPORT_MAX_ERRORS)
    return;
  e = &im->errors[im->n_kept_errors++];
  e->row = row;
  e->column = column ? column : "";
  if (!row)
    e->message = arena_strdup(im->a, what);
  else if (column && *column)
    e->message = arena_printf(im->a, "第%ld行「%s」%s", row, column, what);
  else
    e->message = arena_printf(im->a, "第%ld行%s", row, what);
}

/* Adds a field module error, whose message already names the column
 * ("「截止日期」不是有效日期"). */
static void error_named(struct ledger_import *im, long row, const char *column,
                        const struct lx_err *e)
{
  struct ledger_import_error *x;
  im->n_errors++;
  if (im->n_kept_errors >= LEDGER_IMPORT_MAX_ERRORS)
    return;
  x = &im->errors[im->n_kept_errors++];
  x->row = row;
  x->column = column;
  x->message = arena_printf(im->a, "第%ld行%s", row, e->message);
}

/* ---- set-up ------------------------------------------------------------- */

int ledger_import_init(struct ledger_import *im, struct arena *a,
                       struct store_conn *c, const struct subject *s,
                       const struct ledger_type *t, struct lx_err *err)
{
  struct store_stmt *st;
  int64_t total = 0;
  int n = 0, rc;
  memset(im, 0, sizeof *im);
  im->a = a;
  im->c = c;
  im->s = s;
  im->t = t;
  ledger_import_columns(a, t, &im->columns, &im->n_columns);
  im->errors = arena_zalloc(a, sizeof *im->errors * LEDGER_IMPORT_MAX_ERRORS);
  im->rows = arena_zalloc(a, sizeof *im->rows * LEDGER_IMPORT_MAX_ROWS);
  if (!c)
    return LX_OK; /* no directory: every unit is unknown (unit tests) */
  rc = store_query_i64(c, "SELECT count(*) FROM unit", 0, 0, &total, err);
  if (!rc)
    rc = store_prepare(c, "SELECT id, name, code, path FROM unit ORDER BY id",
                       &st, err);
  if (rc)
    return rc;
  im->units = arena_zalloc(a, sizeof *im->units * (size_t)(total + 1));
  while ((rc = store_step(st, err)) == STORE_ROW && n < total) {
    struct ledger_import_unit *u = &im->units[n++];
    const char *code = store_col_text(st, 2);
    u->id = store_col_i64(st, 0);
    u->name = arena_strdup(a, store_col_text(st, 1));
    u->code = code && *code ? arena_strdup(a, code) : NULL;
    u->path = arena_strdup(a, store_col_text(st, 3));
  }
  store_stmt_done(st);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  im->n_units = n;
  return LX_OK;
}

/* ---- header ------------------------------------------------------------- */

static void read_header(struct ledger_import *im, long row,
                        const struct ledger_import_cell *cells, int n_cells)
{
  int *seen = arena_zalloc(im->a, sizeof *seen * (size_t)im->n_columns);
  im->header_row = row;
  im->n_map = n_cells;
  im->map = arena_zalloc(im->a, sizeof *im->map * (size_t)(n_cells + 1));
  for (int i = 0; i < n_cells; i++) {
    char h[200];
    int k;
    ledger_import_header_name(cells[i].text, cells[i].len, h, sizeof h);
    im->map[i] = -1;
    if (!h[0])
      continue; /* a blank header: its column must stay empty */
    k = ledger_import_column_find(im->columns, im->n_columns, h);
    if (k < 0) {
      ledger_import_error_add(im, row, arena_strdup(im->a, h),
                              "不是本类台账的列，请删除该列或按导入模板填写");
    } else if (seen[k]++) {
      ledger_import_error_add(im, row, im->columns[k].name,
                              "列重复出现，请只保留一列");
    } else {
      im->map[i] = k;
    }
  }
  for (int k = 0; k < im->n_columns; k++)
    if (im->columns[k].required && !seen[k] && ++im->header_missing)
      ledger_import_error_add(im, row, im->columns[k].name,
                              "是必填列，表头中没有这一列（请使用导入模板）");
}

/* ---- values ------------------------------------------------------------- */

/* The unit named s[0..n) (name or code) in the caller's scope; *out NULL
 * after an error was added. */
static void find_unit(struct ledger_import *im, long row, const char *column,
                      const char *s, size_t n,
                      const struct ledger_import_unit **out)
{
  const struct ledger_import_unit *hit = NULL;
  int n_name = 0;
  char name[200];
  *out = NULL;
  n = (size_t)ledger_clip(s, n, sizeof name - 1);
  memcpy(name, s, n);
  name[n] = 0;
  for (int i = 0; i < im->n_units; i++) {
    const struct ledger_import_unit *u = &im->units[i];
    if (u->code && !strcmp(u->code, name)) {
      hit = u;
      n_name = 1;
      break;
    }
    if (!strcmp(u->name, name)) {
      hit = u;
      n_name++;
    }
  }
  if (!hit) {
    ledger_import_error_add(
        im, row, column,
        arena_printf(im->a, "找不到单位「%s」，请填写系统中的单位全称或编码",
                     name));
    return;
  }
  if (n_name > 1) {
    ledger_import_error_add(
        im, row, column,
        arena_printf(im->a, "有 %d 个名为「%s」的单位，请改填单位编码", n_name,
                     name));
    return;
  }
  if (!policy_allows(im->s, P_WRITE, hit->path, 0, 0)) {
    ledger_import_error_add(
        im, row, column,
        arena_printf(im->a, "单位「%s」不在您的管理范围内", name));
    return;
  }
  *out = hit;
}

/* Splits "张伟（区委办公室）" into name and unit (half-width brackets too). */
static void split_person(const char *s, size_t n, char *name, size_t name_cap,
                         char *unit, size_t unit_cap)
{
  const char *open = NULL, *end = s + n;
  size_t ol = 0, cl = 0;
  unit[0] = 0;
  for (const char *p = s; p < end; p++) {
    if (*p == '(') {
      open = p;
      ol = 1;
      break;
    }
    if (end - p >= 3 && !memcmp(p, "\xef\xbc\x88", 3)) { /* （ */
      open = p;
      ol = 3;
      break;
    }
  }
  if (open) {
    if (end - open > 1 && end[-1] == ')')
      cl = 1;
    else if (end - open >= 6 && !memcmp(end - 3, "\xef\xbc\x89", 3)) /* ） */
      cl = 3;
  }
  if (open && cl) {
    const char *u = open + ol, *ns = s;
    size_t un = (size_t)(end - cl - u), nn = (size_t)(open - s);
    ledger_trim(&u, &un);
    ledger_trim(&ns, &nn);
    un = (size_t)ledger_clip(u, un, unit_cap - 1);
    memcpy(unit, u, un);
    unit[un] = 0;
    s = ns;
    n = nn;
  }
  n = (size_t)ledger_clip(s, n, name_cap - 1);
  memcpy(name, s, n);
  name[n] = 0;
}

/* Resolves a leader by name (and unit); 0 after an error was added. */
static int find_person(struct ledger_import *im, long row, const char *column,
                       const char *s, size_t n, int64_t *out_id,
                       const char **out_label, struct lx_err *err)
{
  struct store_stmt *st;
  char name[130], unit[200];
  int hits = 0, rc;
  int64_t id = 0;
  const char *label = NULL;
  *out_id = 0;
  split_person(s, n, name, sizeof name, unit, sizeof unit);
  if (!im->c) {
    ledger_import_error_add(im, row, column,
                            arena_printf(im->a, "找不到人员「%s」", name));
    return LX_OK;
  }
  rc = store_prepare(im->c,
                     "SELECT p.id, u.name FROM person p JOIN unit u ON u.id = "
                     "p.unit_id WHERE p.name = ? ORDER BY p.id LIMIT 50",
                     &st, err);
  if (rc)
    return rc;
  store_bind_text(st, 1, name);
  while ((rc = store_step(st, err)) == STORE_ROW) {
    const char *un = store_col_text(st, 1);
    if (unit[0] && (!un || strcmp(un, unit)))
      continue;
    if (!hits++) {
      id = store_col_i64(st, 0);
      label = arena_printf(im->a, "%s（%s）", name, un ? un : "");
    }
  }
  store_stmt_done(st);
  if (rc != STORE_DONE)
    return rc;
  if (hits == 0)
    ledger_import_error_add(
        im, row, column,
        unit[0]
            ? arena_printf(im->a, "找不到单位「%s」中的人员「%s」", unit, name)
            : arena_printf(im->a, "找不到人员「%s」", name));
  else if (hits > 1)
    ledger_import_error_add(
        im, row, column,
        arena_printf(im->a,
                     "有 %d 位名为「%s」的人员，请写成“姓名（单位）”以区分，"
                     "如 %s",
                     hits, name, label));
  else {
    *out_id = id;
    *out_label = label;
  }
  return LX_OK;
}

static size_t sep_len(const char *s, size_t n, size_t i)
{
  static const char *const seps[] = {"、", "，", ",", "；", ";", "\n", "\r"};
  for (size_t k = 0; k < LX_COUNT(seps); k++) {
    size_t l = strlen(seps[k]);
    if (n - i >= l && !memcmp(s + i, seps[k], l))
      return l;
  }
  return 0;
}

static void co_units(struct ledger_import *im, struct ledger_import_row *r,
                     const char *column, const char *s, size_t n)
{
  struct sb names;
  size_t i = 0;
  int bad = 0;
  sb_init(&names, im->a, NULL, 0, 8192);
  while (i < n) {
    size_t start = i, pn, l;
    const char *p;
    const struct ledger_import_unit *u;
    int dup = 0;
    while (i < n && sep_len(s, n, i) == 0)
      i++;
    p = s + start;
    pn = i - start;
    l = i < n ? sep_len(s, n, i) : 0;
    i += l;
    ledger_trim(&p, &pn);
    if (!pn)
      continue;
    find_unit(im, r->row, column, p, pn, &u);
    if (!u) {
      bad = 1;
      continue;
    }
    for (int k = 0; k < r->in.n_co; k++)
      dup |= r->in.co[k] == u->id;
    if (dup)
      continue;
    if (r->in.n_co >= LEDGER_MAX_CO_UNITS) {
      ledger_import_error_add(
          im, r->row, column,
          arena_printf(im->a, "最多 %d 个", LEDGER_MAX_CO_UNITS));
      bad = 1;
      break;
    }
    r->in.co[r->in.n_co++] = u->id;
    sb_appendf(&names, "%s%s", names.len ? "、" : "", u->name);
  }
  if (bad)
    r->ok = 0;
  r->co_unit_names = names.len && !sb_err(&names) ? sb_take(&names, NULL) : "";
}

/* Validates one core or custom value with the fields module into a
 * normalised arena string; NULL (and an error added) when invalid, "" when
 * blank. */
static const char *check_value(struct ledger_import *im,
                               struct ledger_import_row *r,
                               const struct ledger_field_def *f,
                               const char *column, const char *s, size_t n)
{
  char stack[256];
  struct sb sb;
  struct lx_err e;
  const char *v;
  err_clear(&e);
  sb_init(&sb, im->a, stack, sizeof stack, LEDGER_FIELD_MAX_CHARS * 4 + 1);
  if (ledger_field_validate(f, s, n, &sb, &e) != LX_OK) {
    error_named(im, r->row, column, &e);
    r->ok = 0;
    sb_reset(&sb);
    return NULL;
  }
  v = arena_strdup(im->a, sb.buf ? sb.buf : "");
  sb_reset(&sb);
  return v;
}

static void core_def(struct ledger_field_def *f, int k)
{
  memset(f, 0, sizeof *f);
  f->key = "core";
  f->label = core[k].name;
  f->type = core[k].type;
  f->required = core[k].required;
  f->max_len = core[k].max_len;
  f->decimals = -1;
}

/* The text of a cell for column k: date cells become YYYY-MM-DD for
 * columns that are not dates (the serial means nothing there). */
static const char *cell_text(struct ledger_import *im,
                             const struct ledger_import_cell *c, int k,
                             size_t *n)
{
  char d[16];
  *n = c->len;
  if (c->is_date && !im->columns[k].is_date &&
      ledger_import_date(c->text, c->len, d)) {
    *n = 10;
    return arena_strdup(im->a, d);
  }
  return c->text;
}

static int read_row(struct ledger_import *im, long row,
                    const struct ledger_import_cell *cells, int n_cells,
                    struct lx_err *err)
{
  struct ledger_import_row *r;
  const char *raw[512];
  size_t len[512];
  unsigned char skip[512]; /* an error value stood there: reported once */
  const struct ledger_type *t = im->t;
  int any = 0, nf = 0;
  long errors_before = im->n_errors;
  if (im->n_columns > 512)
    return err_set(err, LX_EINVAL, "import.too_many_columns", "file",
                   "台账类型的字段过多，无法导入");
  for (int k = 0; k < im->n_columns; k++) {
    raw[k] = NULL;
    len[k] = 0;
    skip[k] = 0;
  }
  for (int i = 0; i < n_cells; i++) {
    const char *s = cells[i].text;
    size_t n = cells[i].len;
    ledger_trim(&s, &n);
    if (!n)
      continue;
    any = 1;
    if (i >= im->n_map || im->map[i] < 0)
      continue; /* reported below, once it is known to be a data row */
    if (cells[i].is_error) { /* reported below, for a data row */
      skip[im->map[i]] = 1;
      continue;
    }
    raw[im->map[i]] = cell_text(im, &cells[i], im->map[i], &len[im->map[i]]);
  }
  if (!any)
    return LX_OK; /* a blank row */
  if (++im->n_rows > LEDGER_IMPORT_MAX_ROWS)
    return err_setf(err, LX_EINVAL, "import.too_many_rows", "file",
                    "文件超过 %d 行数据，请分批导入", LEDGER_IMPORT_MAX_ROWS);
  r = &im->rows[im->n_kept++];
  r->row = row;
  r->ok = 1;
  r->in.type_id = t->id;
  r->in.priority = "normal";
  r->in.set_co = r->in.set_fields = 1;
  if (im->header_missing) { /* the header row's errors say it all */
    r->ok = 0;
    return LX_OK;
  }
  r->values =
      arena_zalloc(im->a, sizeof *r->values * (size_t)(t->n_fields + 1));
  r->in.fields =
      arena_zalloc(im->a, sizeof *r->in.fields * (size_t)(t->n_fields + 1));
  for (int i = 0; i < n_cells; i++) {
    const char *s = cells[i].text;
    size_t n = cells[i].len;
    ledger_trim(&s, &n);
    if (n && (i >= im->n_map || im->map[i] < 0)) {
      char col[8];
      int x = i, k = 0;
      char rev[8];
      do { /* A, B, …, Z, AA … */
        rev[k++] = (char)('A' + x % 26);
        x = x / 26 - 1;
      } while (x >= 0 && k < 7);
      for (int j = 0; j < k; j++)
        col[j] = rev[k - 1 - j];
      col[k] = 0;
      ledger_import_error_add(
          im, row, "",
          arena_printf(im->a, "%s 列有内容但没有列名，请补上列名或清空该列",
                       col));
      r->ok = 0;
    }
  }
  for (int i = 0; i < n_cells && i < im->n_map; i++)
    if (cells[i].is_error && im->map[i] >= 0) {
      ledger_import_error_add(
          im, row, im->columns[im->map[i]].name,
          arena_printf(im->a, "是公式的错误值（%.*s），请改为实际内容",
                       ledger_clip(cells[i].text, cells[i].len, 32),
                       cells[i].text));
      r->ok = 0;
    }
  for (int k = 0; k < im->n_columns; k++) {
    const char *name = im->columns[k].name;
    const char *s = raw[k] ? raw[k] : "";
    size_t n = raw[k] ? len[k] : 0;
    struct ledger_field_def f;
    const char *v;
    if (skip[k])
      continue;
    ledger_trim(&s, &n);
    if (k >= LEDGER_IMP_CORE_COUNT) {
      const struct ledger_field_rec *fr = im->columns[k].field;
      v = check_value(im, r, &fr->def, name, s, n);
      r->values[k - LEDGER_IMP_CORE_COUNT] = v;
      if (v && *v) {
        r->in.fields[nf].key = fr->def.key;
        r->in.fields[nf].value = v;
        nf++;
      }
      continue;
    }
    core_def(&f, k);
    switch (k) {
    case LEDGER_IMP_LEAD_UNIT:
      if (!n) {
        ledger_import_error_add(im, row, name, "为必填项");
        r->ok = 0;
      } else {
        const struct ledger_import_unit *u;
        find_unit(im, row, name, s, n, &u);
        if (u) {
          r->in.lead_unit_id = u->id;
          r->lead_unit_name = u->name;
        } else
          r->ok = 0;
      }
      break;
    case LEDGER_IMP_CO_UNITS: co_units(im, r, name, s, n); break;
    case LEDGER_IMP_LEADER:
      if (n) {
        int64_t id = 0;
        int rc = find_person(im, row, name, s, n, &id, &r->leader_name, err);
        if (rc)
          return rc;
        if (!id)
          r->ok = 0;
        r->in.leader_id = id;
      }
      break;
    case LEDGER_IMP_PRIORITY: {
      const char *p = ledger_import_priority(s, n);
      if (!p) {
        ledger_import_error_add(im, row, name, "只能是 一般、重要 或 紧急");
        r->ok = 0;
      } else
        r->in.priority = p;
      break;
    }
    default:
      v = check_value(im, r, &f, name, s, n);
      if (!v || !*v)
        break;
      if (k == LEDGER_IMP_TITLE)
        r->in.title = v;
      else if (k == LEDGER_IMP_DESC)
        r->in.description = v;
      else if (k == LEDGER_IMP_START)
        r->in.start_date = v;
      else if (k == LEDGER_IMP_DUE)
        r->in.due_date = v;
      else if (k == LEDGER_IMP_TARGET) {
        r->in.has_target = 1;
        r->in.target = strtod(v, NULL);
      } else if (k == LEDGER_IMP_IND_UNIT)
        r->in.indicator_unit = v;
      break;
    }
  }
  r->in.n_fields = nf;
  if (r->in.start_date && r->in.due_date &&
      strcmp(r->in.due_date, r->in.start_date) < 0) {
    ledger_import_error_add(im, row, core[LEDGER_IMP_DUE].name,
                            "不能早于开始日期");
    r->ok = 0;
  }
  for (int k = 0; k < r->in.n_co; k++)
    if (r->in.lead_unit_id && r->in.co[k] == r->in.lead_unit_id) {
      ledger_import_error_add(im, row, core[LEDGER_IMP_CO_UNITS].name,
                              "不能包含牵头单位");
      r->ok = 0;
      break;
    }
  if (r->ok) { /* the engine's own check, as a last guard */
    struct lx_err e;
    err_clear(&e);
    if (ledger_item_check(&r->in, &e) != LX_OK) {
      ledger_import_error_add(im, row, "", e.message);
      r->ok = 0;
    }
  }
  if (im->n_errors != errors_before)
    r->ok = 0;
  if (r->ok)
    im->n_valid++;
  return LX_OK;
}

int ledger_import_feed(struct ledger_import *im, long row,
                       const struct ledger_import_cell *cells, int n_cells,
                       struct lx_err *err)
{
  if (!im->header_row) {
    int any = 0;
    for (int i = 0; i < n_cells && !any; i++) {
      const char *s = cells[i].text;
      size_t n = cells[i].len;
      ledger_trim(&s, &n);
      any = n > 0;
    }
    if (any)
      read_header(im, row, cells, n_cells);
    return LX_OK;
  }
  return read_row(im, row, cells, n_cells, err);
}

int ledger_import_finish(struct ledger_import *im, struct lx_err *err)
{
  (void)err;
  if (!im->header_row)
    ledger_import_error_add(im, 0, "",
                            "文件中没有内容：第一行应为列名（请使用导入模板）");
  else if (!im->n_rows)
    ledger_import_error_add(im, 0, "", "文件中没有数据行");
  return LX_OK;
}
