/*
 * api_import.c — Excel in and out for ledger items:
 *   GET  /api/v1/ledger-types/:id/import-template  the type's .xlsx template
 *        (header row with * on required columns, frozen, date columns
 *        formatted as dates, drop-downs for selects; sheet 「填写说明」);
 *   POST /api/v1/items/import?type_id=&dry_run=1|0&filename=  the raw
 *        .xlsx body: every row and column checked (domain/ledger/import.c);
 *        dry_run=1 answers the preview and every error; dry_run=0 checks
 *        again and, only when nothing is wrong, creates every row as a
 *        draft in ONE write job (all or nothing) with one audit entry and
 *        an "import" timeline event per item;
 *   GET  /api/v1/items/export?<the list's filters and sort>  every
 *        matching item in the caller's scope as .xlsx (api_export.h:
 *        audited, never a formula), streamed page by page (the list's own
 *        keyset paging) with the co-units and custom values of each page
 *        fetched by one ordered query each and matched by binary search.
 */
#include "api/api_export.h"
#include "api/api_ledger.h"
#include "api/api_org.h"

#include "base/arena.h"
#include "base/digest.h"
#include "base/sb.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "domain/ledger/import.h"
#include "http/resp_file.h"
#include "io/xlsx_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define XLSX_TYPE                                                              \
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static const char *const P_READ = "ledger.read";
static const char *const P_WRITE = "ledger.write";

/* ---- the type of ?type_id= or :id --------------------------------------- */

static int load_type(struct req *r, int64_t id, struct ledger_type *t)
{
  struct store_conn *c;
  int rc = api_db(r, &c);
  if (!rc)
    rc = ledger_type_get(c, r->arena, id, t, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "台账类型");
  return rc;
}

/* ---- template ----------------------------------------------------------- */

/* "MS" → "import-template-MS.xlsx" when the code is plain ASCII. */
static const char *ascii_name(struct req *r, const char *code)
{
  for (const char *p = code; p && *p; p++)
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
          (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
      return "import-template.xlsx";
  return arena_printf(r->arena, "import-template-%s.xlsx", code ? code : "");
}

static double col_width(const struct ledger_import_column *c)
{
  size_t n = utf8_len(c->name);
  double w = (double)n * 2.2 + 4;
  if (c->is_date)
    w = 14;
  if (!c->field && !strcmp(c->name, "标题"))
    w = 36;
  else if (!c->field &&
           (!strcmp(c->name, "描述") || !strcmp(c->name, "配合单位")))
    w = 30;
  else if (!c->field && !strcmp(c->name, "牵头单位"))
    w = 22;
  return w < 10 ? 10 : w;
}

/* A drop-down list on the data rows of column col (Excel caps the list
 * text at 255 characters: longer lists get none). */
static void add_list(lxw_worksheet *ws, int col, const char **opts, int n)
{
  lxw_data_validation dv;
  size_t total = 0;
  for (int i = 0; i < n; i++)
    total += strlen(opts[i]) + 1;
  if (n < 1 || total > 250)
    return;
  memset(&dv, 0, sizeof dv);
  dv.validate = LXW_VALIDATION_TYPE_LIST;
  dv.value_list = (char **)opts;
  dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
  dv.ignore_blank = LXW_VALIDATION_ON;
  (void)worksheet_data_validation_range(
      ws, 1, (lxw_col_t)col, LEDGER_IMPORT_MAX_ROWS, (lxw_col_t)col, &dv);
}

static const char *const notes[] = {
    "填写规则",
    "1. 第一行是列名，请勿修改；列的顺序可以调整，不需要的选填列可以删除。"
    "带 * 的列必须填写。",
    "2. 从第二行起每行一个事项，一次最多导入 5000 行；空行会被忽略。",
    "3. 日期可以是 Excel 日期单元格，也可以写成文字：2026-06-30、2026-6-30、"
    "2026/6/30、2026.6.30、2026年6月30日 或 20260630。不存在的日期（如 "
    "2026-02-30）会被拒绝。",
    "4. 单位请填写系统中的单位全称（或单位编码），须在您的管理范围内；配合"
    "单位有多个时用“、”或“，”分隔。",
    "5. 牵头领导填写姓名；有同名人员时写成“姓名（单位）”。",
    "6. 以 = + - @ 开头的文字按原文保存，不会被当作公式执行。",
    "7. 导入前系统会检查每一行每一列，列出全部错误（如 第12行「截止日期」"
    "不是有效日期）；只要有一处错误，整个文件都不会导入。请改正后重新上传。",
    "8. 导入的事项为“草稿”状态，编号按行的顺序依次生成，核对后再下达。",
};

/* Writes the template of t to path.  rc: LX_OK; LX_EIO. */
static int write_template(struct req *r, const char *path,
                          const struct ledger_type *t)
{
  lxw_workbook_options o = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
  struct ledger_import_column *cols;
  lxw_workbook *wb;
  lxw_worksheet *ws, *help;
  lxw_format *head, *head_req, *date, *text, *bold, *wrap;
  lxw_error e;
  int n;
  ledger_import_columns(r->arena, t, &cols, &n);
  wb = workbook_new_opt(path, &o);
  if (!wb)
    return err_set(&r->err, LX_EIO, "export.open", "", "无法生成模板文件");
  ws = workbook_add_worksheet(wb, "导入数据");
  help = workbook_add_worksheet(wb, "填写说明");
  head = workbook_add_format(wb);
  head_req = workbook_add_format(wb);
  date = workbook_add_format(wb);
  text = workbook_add_format(wb);
  bold = workbook_add_format(wb);
  wrap = workbook_add_format(wb);
  if (!ws || !help || !head || !head_req || !date || !text || !bold || !wrap) {
    workbook_close(wb);
    return err_set(&r->err, LX_EIO, "export.open", "", "无法生成模板文件");
  }
  format_set_bold(head);
  format_set_bg_color(head, 0xDDEBF7);
  format_set_border(head, LXW_BORDER_THIN);
  format_set_bold(head_req);
  format_set_bg_color(head_req, 0xDDEBF7);
  format_set_border(head_req, LXW_BORDER_THIN);
  format_set_font_color(head_req, 0xC00000);
  format_set_num_format(date, "yyyy-mm-dd");
  format_set_num_format(text, "@");
  format_set_bold(bold);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  for (int i = 0; i < n; i++) {
    const struct ledger_import_column *c = &cols[i];
    lxw_format *cf = c->is_date ? date : NULL;
    if (!c->is_date &&
        (!c->field || (c->field->def.type != LEDGER_FIELD_NUMBER &&
                       c->field->def.type != LEDGER_FIELD_MONEY &&
                       c->field->def.type != LEDGER_FIELD_PERCENT)) &&
        strcmp(c->name, "指标目标值"))
      cf = text;
    worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, col_width(c), cf);
    worksheet_write_string(ws, 0, (lxw_col_t)i,
                           c->required ? arena_printf(r->arena, "%s*", c->name)
                                       : c->name,
                           c->required ? head_req : head);
    if (!c->field && !strcmp(c->name, "优先级")) {
      const char *p[] = {"一般", "重要", "紧急", NULL};
      add_list(ws, i, p, 3);
    } else if (c->field && c->field->def.type == LEDGER_FIELD_SELECT) {
      const char **p = arena_zalloc(
          r->arena, sizeof *p * (size_t)(c->field->def.n_options + 1));
      for (int k = 0; k < c->field->def.n_options; k++)
        p[k] = c->field->def.options[k];
      add_list(ws, i, p, c->field->def.n_options);
    }
  }
  worksheet_freeze_panes(ws, 1, 0);
  /* 填写说明 */
  worksheet_set_column(help, 0, 0, 18, NULL);
  worksheet_set_column(help, 1, 1, 10, NULL);
  worksheet_set_column(help, 2, 2, 90, wrap);
  worksheet_write_string(
      help, 0, 0, arena_printf(r->arena, "「%s」导入模板填写说明", t->name),
      bold);
  worksheet_write_string(help, 2, 0, "列名", head);
  worksheet_write_string(help, 2, 1, "是否必填", head);
  worksheet_write_string(help, 2, 2, "填写说明", head);
  for (int i = 0; i < n; i++) {
    worksheet_write_string(help, (lxw_row_t)(3 + i), 0, cols[i].name, NULL);
    worksheet_write_string(help, (lxw_row_t)(3 + i), 1,
                           cols[i].required ? "必填" : "选填", NULL);
    worksheet_write_string(help, (lxw_row_t)(3 + i), 2,
                           cols[i].hint ? cols[i].hint : "", wrap);
  }
  for (size_t k = 0; k < LX_COUNT(notes); k++)
    worksheet_write_string(help, (lxw_row_t)(4 + n + k), 0, notes[k],
                           k ? NULL : bold);
  e = workbook_close(wb);
  if (e != LXW_NO_ERROR)
    return err_setf(&r->err, LX_EIO, "export.write", "",
                    "模板文件写入失败（%s）", lxw_strerror(e));
  return LX_OK;
}

/* GET /api/v1/ledger-types/:id/import-template */
int api_import_template(struct req *r, struct resp *w)
{
  struct ledger_type t;
  char path[XLSX_PATH_MAX];
  int64_t id;
  int rc = req_param_id(r, "id", &id);
  if (!rc)
    rc = load_type(r, id, &t);
  if (!rc)
    rc = xlsx_tmp_path(path, sizeof path, &r->err);
  if (rc)
    return rc;
  rc = write_template(r, path, &t);
  if (!rc)
    rc = resp_file_send(r, w, path, XLSX_TYPE, ascii_name(r, t.code),
                        arena_printf(r->arena, "%s导入模板.xlsx", t.name));
  unlink(path);
  return rc;
}

/* ---- import ------------------------------------------------------------- */

static int on_row(void *ctx, long row, const struct xlsx_cell *cells,
                  int n_cells, struct lx_err *err)
{
  struct ledger_import *im = ctx;
  struct ledger_import_cell v[256];
  if (n_cells > 256)
    n_cells = 256;
  for (int i = 0; i < n_cells; i++) {
    v[i].text = cells[i].text;
    v[i].len = cells[i].len;
    v[i].is_date = cells[i].kind == XLSX_CELL_DATE;
    v[i].is_error = cells[i].kind == XLSX_CELL_ERROR;
  }
  return ledger_import_feed(im, row, v, n_cells, err);
}

static void errors_json(struct jw *j, const struct ledger_import *im)
{
  jw_ki64(j, "error_count", im->n_errors);
  jw_key(j, "errors");
  jw_arr(j);
  for (int i = 0; i < im->n_kept_errors; i++) {
    jw_obj(j);
    jw_ki64(j, "row", im->errors[i].row);
    jw_kstr(j, "column", im->errors[i].column);
    jw_kstr(j, "message", im->errors[i].message);
    jw_obj_end(j);
  }
  jw_arr_end(j);
}

static void preview_json(struct jw *j, const struct ledger_import *im)
{
  /* the type's columns: im->columns[LEDGER_IMP_CORE_COUNT + k] is the
   * field of values[k] (archived fields have no column) */
  int nf = im->n_columns - LEDGER_IMP_CORE_COUNT;
  const struct ledger_import_column *fc = im->columns + LEDGER_IMP_CORE_COUNT;
  jw_key(j, "fields");
  jw_arr(j);
  for (int k = 0; k < nf; k++) {
    jw_obj(j);
    jw_kstr(j, "key", fc[k].field->def.key);
    jw_kstr(j, "label", fc[k].field->def.label);
    jw_obj_end(j);
  }
  jw_arr_end(j);
  jw_key(j, "preview");
  jw_arr(j);
  for (int i = 0; i < im->n_kept && i < LEDGER_IMPORT_PREVIEW; i++) {
    const struct ledger_import_row *p = &im->rows[i];
    jw_obj(j);
    jw_ki64(j, "row", p->row);
    jw_kbool(j, "ok", p->ok);
    jw_kstr(j, "title", p->in.title);
    jw_kstr(j, "description", p->in.description);
    jw_kstr(j, "lead_unit_name", p->lead_unit_name);
    jw_kstr(j, "co_unit_names", p->co_unit_names);
    jw_kstr(j, "lead_leader_name", p->leader_name);
    jw_kstr(j, "start_date", p->in.start_date);
    jw_kstr(j, "due_date", p->in.due_date);
    jw_kstr(j, "priority", p->in.priority);
    jw_kstr(j, "priority_label", ledger_import_priority_label(p->in.priority));
    jw_key(j, "indicator_target");
    if (p->in.has_target)
      jw_double(j, p->in.target);
    else
      jw_null(j);
    jw_kstr(j, "indicator_unit", p->in.indicator_unit);
    jw_key(j, "fields");
    jw_obj(j);
    for (int k = 0; p->values && k < nf; k++)
      if (p->values[k] && *p->values[k])
        jw_kstr(j, fc[k].field->def.key, p->values[k]);
    jw_obj_end(j);
    jw_obj_end(j);
  }
  jw_arr_end(j);
}

struct import_job {
  struct req *r;
  struct ledger_import *im;
  struct ledger_who who;
  const char *file, *sha;
  int64_t first_id, last_id;
  char first_code[40], last_code[40];
  long n;
};

static int code_of(struct store_conn *c, int64_t id, char *out, size_t cap,
                   struct lx_err *err)
{
  struct store_stmt *s;
  int rc =
      store_prepare(c, "SELECT code FROM ledger_item WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    snprintf(out, cap, "%s", store_col_text(s, 0));
  store_stmt_done(s);
  return rc == STORE_ROW ? LX_OK : rc == STORE_DONE ? LX_EDB : rc;
}

/* All rows, in order, in this one job: any failure rolls every one back. */
static int import_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct import_job *jb = ctx;
  struct ledger_import *im = jb->im;
  struct req *r = jb->r;
  const char *comment = arena_printf(r->arena, "Excel 导入（%s）", jb->file);
  struct sb doc;
  int32_t today = api_today();
  int rc = LX_OK;
  jb->n = 0; /* the job may run again after a failed batch */
  jb->first_id = jb->last_id = 0;
  for (int i = 0; !rc && i < im->n_kept; i++) {
    struct ledger_import_row *row = &im->rows[i];
    struct arena *scratch = arena_new();
    int64_t id = 0;
    row->in.event_action = "import";
    row->in.event_comment = comment;
    rc = ledger_item_create(c, scratch, &row->in, &jb->who, today, &id, err);
    arena_free(scratch);
    if (rc && err) {
      char msg[sizeof err->message + 32];
      int k = snprintf(msg, sizeof msg, "第%ld行：%s", row->row, err->message);
      if (k > 0 && (size_t)k < sizeof err->message)
        memcpy(err->message, msg, (size_t)k + 1);
    }
    if (!rc) {
      if (!jb->first_id)
        jb->first_id = id;
      jb->last_id = id;
      jb->n++;
    }
  }
  if (!rc && jb->n) {
    rc = code_of(c, jb->first_id, jb->first_code, sizeof jb->first_code, err);
    if (!rc)
      rc = code_of(c, jb->last_id, jb->last_code, sizeof jb->last_code, err);
  }
  if (rc)
    return rc;
  sb_init(&doc, r->arena, NULL, 0, 4096);
  sb_puts(&doc, "{\"file\":");
  sb_append_json_str(&doc, jb->file);
  sb_appendf(&doc,
             ",\"sha256\":\"%s\",\"count\":%ld,\"type_id\":%lld,"
             "\"first_code\":",
             jb->sha, jb->n, (long long)im->t->id);
  sb_append_json_str(&doc, jb->first_code);
  sb_puts(&doc, ",\"last_code\":");
  sb_append_json_str(&doc, jb->last_code);
  sb_puts(&doc, "}");
  return api_audit(r, c, "item.import", "ledger_type", im->t->id, "ok", NULL,
                   sb_err(&doc) ? NULL : sb_take(&doc, NULL),
                   arena_printf(r->arena, "导入%s %ld 条（%s 至 %s），文件 %s",
                                im->t->name, jb->n, jb->first_code,
                                jb->last_code, jb->file));
}

/* The xlsx reader's refusal as the import's answer: a file that is not a
 * workbook at all is import.not_xlsx; limits (zip bomb …) keep their own
 * code and message; all are 400. */
static int read_refused(struct req *r, int rc)
{
  const char *code = r->err.code;
  if (rc == LX_EINVAL && !strcmp(code, "import.too_many_rows"))
    return rc;
  if (!strncmp(code, "xlsx.", 5) &&
      (!strcmp(code, "xlsx.not_xlsx") || !strcmp(code, "xlsx.corrupt") ||
       !strcmp(code, "xlsx.empty") || !strcmp(code, "xlsx.no_sheet") ||
       !strcmp(code, "xlsx.xls_or_encrypted"))) {
    if (!strcmp(code, "xlsx.xls_or_encrypted"))
      return err_setf(&r->err, LX_EINVAL, "import.not_xlsx", "file",
                      "文件不是有效的 Excel（.xlsx）文件：%s", r->err.message);
    return err_set(&r->err, LX_EINVAL, "import.not_xlsx", "file",
                   "文件不是有效的 Excel（.xlsx）文件");
  }
  if (!strncmp(code, "xlsx.", 5) && rc != LX_EDB) {
    snprintf(r->err.field, sizeof r->err.field, "file");
    return LX_EINVAL;
  }
  return rc;
}

/* POST /api/v1/items/import?type_id=&dry_run=1|0&filename= (body: .xlsx) */
int api_item_import(struct req *r, struct resp *w)
{
  struct ledger_import *im = arena_zalloc(r->arena, sizeof *im);
  struct ledger_type *t = arena_zalloc(r->arena, sizeof *t);
  struct import_job *jb = arena_zalloc(r->arena, sizeof *jb);
  const char *dry = req_query(r, "dry_run"), *file = req_query(r, "filename");
  struct store_conn *c;
  struct jw j;
  int64_t type_id = 0;
  int present = 0, dry_run = 1;
  char sha[DIGEST_HEX256_SIZE];
  int rc = api_query_int(r, "type_id", 1, INT64_MAX, &type_id, &present);
  if (!rc && !present)
    rc = err_set(&r->err, LX_EINVAL, "query.invalid", "type_id",
                 "请选择台账类型（type_id）");
  if (!rc && dry && *dry) {
    if (!strcmp(dry, "1") || !strcmp(dry, "true"))
      dry_run = 1;
    else if (!strcmp(dry, "0") || !strcmp(dry, "false"))
      dry_run = 0;
    else
      rc = err_set(&r->err, LX_EINVAL, "query.invalid", "dry_run",
                   "dry_run 只能是 1（预览）或 0（导入）");
  }
  if (!rc && file && (!utf8_valid(file, strlen(file)) || utf8_len(file) > 200))
    rc = err_set(&r->err, LX_EINVAL, "query.invalid", "filename",
                 "文件名无效或超过 200 个字");
  if (rc)
    return rc;
  if (!file || !*file)
    file = "未命名.xlsx";
  rc = load_type(r, type_id, t);
  if (rc)
    return rc;
  if (!r->body || !r->body_len)
    return err_set(&r->err, LX_EINVAL, "import.empty", "file",
                   "请选择要导入的 Excel 文件");
  rc = api_db(r, &c);
  if (!rc)
    rc = ledger_import_init(im, r->arena, c, api_subject(r), t, &r->err);
  if (!rc)
    rc = xlsx_read_mem(r->body, r->body_len, NULL, NULL, on_row, im, NULL,
                       &r->err);
  if (rc)
    return read_refused(r, rc);
  rc = ledger_import_finish(im, &r->err);
  if (rc)
    return rc;
  if (dry_run) {
    jw_init(&j, api_json(w, 200));
    jw_obj(&j);
    jw_ki64(&j, "type_id", t->id);
    jw_ki64(&j, "total", im->n_rows);
    jw_ki64(&j, "valid", im->n_valid);
    errors_json(&j, im);
    preview_json(&j, im);
    jw_obj_end(&j);
    return LX_OK;
  }
  if (im->n_errors) {
    jw_init(&j, api_json(w, 400));
    jw_obj(&j);
    jw_key(&j, "error");
    jw_obj(&j);
    jw_kstr(&j, "code", "import.invalid");
    jw_kstr(&j, "message",
            arena_printf(r->arena,
                         "文件中有 %ld 处错误，未导入任何数据，请改正后重新"
                         "上传",
                         im->n_errors));
    jw_kstr(&j, "field", "file");
    errors_json(&j, im);
    jw_obj_end(&j);
    jw_obj_end(&j);
    return LX_OK;
  }
  digest_sha256_hex(r->body, r->body_len, sha);
  jb->r = r;
  jb->im = im;
  api_ledger_who(r, &jb->who);
  jb->file = api_keep(r, file);
  jb->sha = sha;
  rc = api_write(r, import_job, jb);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 201));
  jw_obj(&j);
  jw_ki64(&j, "type_id", t->id);
  jw_ki64(&j, "created", jb->n);
  jw_kstr(&j, "first_code", jb->first_code);
  jw_kstr(&j, "last_code", jb->last_code);
  jw_obj_end(&j);
  return LX_OK;
}

/* ---- export ------------------------------------------------------------- */

static const char *const export_filters[] = {
    "type_id", "state", "health",  "lead_unit_id", "leader",    "due_from",
    "due_to",  "q",     "subtree", "tag",          "parent_id", NULL};

static const struct xlsx_col base_cols[] = {
    {"编号", 16},       {"类型", 10},       {"标题", 40},
    {"状态", 8},        {"健康度", 8},      {"牵头单位", 22},
    {"配合单位", 30},   {"牵头领导", 10},   {"开始日期", 12},
    {"截止日期", 12},   {"原截止日期", 12}, {"进度(%)", 8},
    {"指标目标值", 11}, {"指标实际值", 11}, {"指标单位", 9},
    {"优先级", 8},      {"描述", 40},       {"创建时间", 20},
    {"更新时间", 20},
};
#define N_BASE ((int)LX_COUNT(base_cols))
#define EXPORT_PAGE 1000

static int is_numeric(enum ledger_field_type t)
{
  return t == LEDGER_FIELD_NUMBER || t == LEDGER_FIELD_MONEY ||
         t == LEDGER_FIELD_PERCENT;
}

static void write_item(struct api_export *e, struct req *r,
                       const struct ledger_item *it,
                       const struct ledger_type *t,
                       const struct ledger_export_kv *co, int n_co,
                       const struct ledger_export_kv *kv, int n_kv)
{
  struct xlsx *x = e->x;
  const struct subject *s = api_subject(r);
  char names[4096];
  size_t o = 0;
  names[0] = 0;
  for (int i = 0; i < n_co; i++) {
    int n = snprintf(names + o, sizeof names - o, "%s%s", i ? "、" : "",
                     co[i].value);
    if (n < 0 || (size_t)n >= sizeof names - o)
      break;
    o += (size_t)n;
  }
  xlsx_text(x, 0, it->code);
  xlsx_text(x, 1, it->type_name);
  xlsx_text(x, 2, it->title);
  xlsx_text(x, 3, ledger_state_label(it->state));
  xlsx_text(x, 4, ledger_health_label(it->health));
  xlsx_text(x, 5, it->lead_unit_name);
  xlsx_text(x, 6, names);
  xlsx_text(x, 7, it->leader_name);
  xlsx_date(x, 8, it->start_date);
  xlsx_date(x, 9, it->due_date);
  xlsx_date(x, 10, it->original_due_date);
  xlsx_number(x, 11, it->progress);
  if (it->has_target)
    xlsx_number(x, 12, it->target);
  if (it->has_actual)
    xlsx_number(x, 13, it->actual);
  xlsx_text(x, 14, it->indicator_unit);
  xlsx_text(x, 15, ledger_import_priority_label(it->priority));
  xlsx_text(x, 16, it->description);
  xlsx_time(x, 17, it->created_at);
  xlsx_time(x, 18, it->updated_at);
  if (t && n_kv) {
    struct ledger_actor who;
    int see_private;
    ledger_actor_from_subject(&who, s, it->lead_unit_path);
    see_private =
        who.is_lead_unit || policy_allows(s, P_WRITE, it->lead_unit_path, 0, 0);
    for (int k = 0; k < t->n_fields; k++) {
      const struct ledger_field_rec *f = &t->fields[k];
      const char *v = NULL;
      if (f->is_private && !see_private)
        continue;
      for (int i = 0; i < n_kv && !v; i++)
        if (!strcmp(kv[i].key, f->def.key))
          v = kv[i].value;
      if (!v)
        continue;
      if (is_numeric(f->def.type)) {
        char *end;
        double d = strtod(v, &end);
        if (*v && !*end)
          xlsx_number(x, N_BASE + k, d);
        else
          xlsx_text(x, N_BASE + k, v);
      } else if (f->def.type == LEDGER_FIELD_DATE)
        xlsx_date(x, N_BASE + k, v);
      else
        xlsx_text(x, N_BASE + k, v);
    }
  }
}

/* The entries of item id in v[0..n) (ordered by item id descending):
 * returns the first index, *end one past the last (both n when none). */
static int kv_find(const struct ledger_export_kv *v, int n, int64_t id,
                   int *end)
{
  int lo = 0, hi = n, e;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (v[mid].item_id > id)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (e = lo; e < n && v[e].item_id == id; e++)
    ;
  *end = e;
  return lo;
}

/* GET /api/v1/items/export?<the filters and sort of GET /api/v1/items> */
int api_item_export(struct req *r, struct resp *w)
{
  struct ledger_query q = {0};
  struct policy_filter f;
  struct ledger_type t, *tp = NULL;
  struct api_export_spec *spec = arena_zalloc(r->arena, sizeof *spec);
  struct xlsx_col *cols;
  struct api_export e;
  struct store_conn *c;
  int n_cols = N_BASE;
  int rc = policy_filter(api_subject(r), P_READ, &f);
  if (rc)
    return err_set(&r->err, LX_EFORBIDDEN, "auth.forbidden", "",
                   "没有权限执行此操作");
  rc = api_item_query(r, &q); /* the list's sort too */
  if (!rc && q.type_id) {
    rc = load_type(r, q.type_id, &t);
    tp = &t;
  }
  if (!rc)
    rc = api_db(r, &c);
  if (rc)
    return rc;
  if (tp)
    n_cols += t.n_fields;
  cols = arena_zalloc(r->arena, sizeof *cols * (size_t)n_cols);
  memcpy(cols, base_cols, sizeof base_cols);
  for (int k = 0; tp && k < t.n_fields; k++) {
    cols[N_BASE + k].title =
        t.fields[k].archived
            ? arena_printf(r->arena, "%s（已停用）", t.fields[k].def.label)
            : t.fields[k].def.label;
    cols[N_BASE + k].width =
        t.fields[k].def.type == LEDGER_FIELD_LONGTEXT ? 30 : 14;
  }
  spec->sheet = "台账事项";
  spec->file_utf8 =
      tp ? arena_printf(r->arena, "%s台账.xlsx", t.name) : "台账事项.xlsx";
  spec->file_ascii = "items.xlsx";
  spec->action = "item.export";
  spec->object_type = "item";
  spec->cols = cols;
  spec->n_cols = n_cols;
  spec->max_rows = API_EXPORT_MAX_ROWS;
  spec->filters = export_filters;
  rc = api_export_begin(&e, r, spec);
  q.limit = EXPORT_PAGE;
  q.before_id = q.after_id = 0;
  q.after_key = NULL;
  while (!rc) {
    struct arena *pa = arena_new();
    struct ledger_item *rows = NULL;
    struct ledger_export_kv *co = NULL, *kv = NULL;
    int n = 0, more = 0, n_co = 0, n_kv = 0;
    int64_t lo = INT64_MAX, hi = 0;
    rc = ledger_item_list(c, pa, &f, &q, &rows, &n, &more, &r->err);
    for (int i = 0; !rc && i < n; i++) {
      lo = rows[i].id < lo ? rows[i].id : lo;
      hi = rows[i].id > hi ? rows[i].id : hi;
    }
    /* the page's co-units and custom values: one ordered query each */
    if (!rc && n)
      rc = ledger_export_co_units(c, pa, lo, hi, &co, &n_co, &r->err);
    if (!rc && n && tp)
      rc = ledger_export_fields(c, pa, lo, hi, &kv, &n_kv, &r->err);
    for (int i = 0; !rc && i < n; i++) {
      int c1, k1, c0 = kv_find(co, n_co, rows[i].id, &c1),
                  k0 = kv_find(kv, n_kv, rows[i].id, &k1);
      write_item(&e, r, &rows[i], tp, co + c0, c1 - c0, kv + k0, k1 - k0);
      rc = api_export_row_end(&e);
    }
    if (!rc && n && q.sort == LEDGER_SORT_NEWEST) {
      q.before_id = rows[n - 1].id;
    } else if (!rc && n) { /* keyset on (sort key, id), as the list pages */
      char key[128];
      ledger_sort_key(q.sort, &rows[n - 1], key, sizeof key);
      q.after_key = arena_strdup(r->arena, key);
      q.after_id = rows[n - 1].id;
    }
    arena_free(pa);
    if (!more || !n)
      break;
  }
  return api_export_end(&e, rc, w);
}
