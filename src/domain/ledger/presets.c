/*
 * presets.c — the nine built-in ledger types of issue 5 and their custom
 * fields, installed idempotently (at every server start and by init):
 * types are upserted by code and fields by (type, key), so a restart
 * after an upgrade refreshes labels and options, and fields an admin
 * added to a built-in type are left alone.  The order of types and
 * fields and a type's description are the admin's once installed
 * (ltype.h): a restart keeps them.
 */
#include "domain/ledger/item.h"
#include "domain/ledger/ltype.h"

#include "base/timeutil.h"
#include "store/store.h"

#include <string.h>

struct preset_field {
  const char *key, *label, *type;
  int required, is_private;
  const char *options; /* one per line, "" for none */
  int has_min;
  double min;
};

struct preset {
  const char *code, *name, *description;
  const struct preset_field *fields; /* terminated by a NULL key */
};

static const struct preset_field f_mb[] = {
    {"source_doc", "来源文件", "text", 0, 0, "", 0, 0},
    {NULL, NULL, NULL, 0, 0, NULL, 0, 0}};
static const struct preset_field f_zd[] = {
    {"total_investment", "总投资（万元）", "money", 0, 0, "", 1, 0},
    {"annual_investment", "年度计划投资（万元）", "money", 0, 0, "", 1, 0},
    {"completed_investment", "已完成投资（万元）", "money", 0, 0, "", 1, 0},
    {"start_work_date", "开工日期", "date", 0, 0, "", 0, 0},
    {"finish_date", "竣工日期", "date", 0, 0, "", 0, 0},
    {"stage", "建设阶段", "select", 0, 0, "前期\n在建\n竣工\n投产", 0, 0},
    {NULL, NULL, NULL, 0, 0, NULL, 0, 0}};
static const struct preset_field f_zs[] = {
    {"partner", "合作方", "text", 0, 0, "", 0, 0},
    {"signed_amount", "签约金额（万元）", "money", 0, 0, "", 1, 0},
    {"funds_in_place", "到位资金（万元）", "money", 0, 0, "", 1, 0},
    {NULL, NULL, NULL, 0, 0, NULL, 0, 0}};
static const struct preset_field f_ms[] = {
    {"category", "类别", "select", 1, 0,
     "就业\n教育\n医疗\n社保\n住房\n养老\n其他", 0, 0},
    {"beneficiaries", "受益人数", "number", 0, 0, "", 1, 0},
    {NULL, NULL, NULL, 0, 0, NULL, 0, 0}};
static const struct preset_field f_xc[] = {
    {"finding", "问题描述", "longtext", 1, 0, "", 0, 0},
    {"round", "巡察轮次", "text", 0, 0, "", 0, 0},
    {"measures", "整改措施", "longtext", 0, 0, "", 0, 0},
    {NULL, NULL, NULL, 0, 0, NULL, 0, 0}};
static const struct preset_field f_sq[] = {
    {"requester_contact", "诉求人联系方式", "text", 0, 1, "", 0, 0},
    {"reply", "答复", "longtext", 0, 0, "", 0, 0},
    {NULL, NULL, NULL, 0, 0, NULL, 0, 0}};
static const struct preset_field f_none[] = {
    {NULL, NULL, NULL, 0, 0, NULL, 0, 0}};

static const struct preset presets[] = {
    {"MB", "目标任务", "党代会、全会确定的目标任务", f_mb},
    {"ZD", "重点项目", "重点项目建设", f_zd},
    {"ZS", "招商引资", "招商引资项目", f_zs},
    {"MS", "民生实事", "为民办实事", f_ms},
    {"XC", "巡察整改", "巡察发现问题整改", f_xc},
    {"FX", "风险隐患", "风险隐患排查化解", f_none},
    {"SQ", "群众诉求", "群众急难愁盼诉求", f_sq},
    {"DB", "对标事项", "对标先进地区、单位的赶超事项", f_none},
    {"ZX", "专项活动", "对标先进、转变作风、提升效率、狠抓落实等专项活动",
     f_none},
};

static int install_type(struct store_conn *c, const struct preset *p, int sort,
                        int64_t now, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t id = 0;
  int rc = store_prepare(
      c,
      "INSERT INTO ledger_type(code, name, description, builtin, sort, "
      "created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?) "
      "ON CONFLICT(code) DO UPDATE SET name = excluded.name, "
      "builtin = 1 "
      "RETURNING id",
      &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, p->code);
  store_bind_text(s, 2, p->name);
  store_bind_text(s, 3, p->description);
  store_bind_i64(s, 4, sort);
  store_bind_i64(s, 5, now);
  store_bind_i64(s, 6, now);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    id = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc != STORE_ROW)
    return rc == STORE_DONE ? LX_EDB : rc;
  for (int i = 0; p->fields[i].key; i++) {
    const struct preset_field *f = &p->fields[i];
    rc = store_prepare(
        c,
        "INSERT INTO ledger_field(type_id, field_key, label, field_type, "
        "required, private, options, min_value, sort) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(type_id, field_key) DO UPDATE SET label = excluded.label, "
        "field_type = excluded.field_type, required = excluded.required, "
        "private = excluded.private, options = excluded.options, "
        "min_value = excluded.min_value",
        &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, id);
    store_bind_text(s, 2, f->key);
    store_bind_text(s, 3, f->label);
    store_bind_text(s, 4, f->type);
    store_bind_i64(s, 5, f->required);
    store_bind_i64(s, 6, f->is_private);
    store_bind_text(s, 7, f->options);
    if (f->has_min)
      store_bind_double(s, 8, f->min);
    else
      store_bind_null(s, 8);
    store_bind_i64(s, 9, (i + 1) * 10);
    rc = store_step(s, err);
    store_stmt_done(s);
    if (rc != STORE_DONE)
      return rc;
  }
  return LX_OK;
}

int ledger_preset_has_field(const char *type_code, const char *key)
{
  for (size_t i = 0; type_code && key && i < LX_COUNT(presets); i++)
    if (!strcmp(presets[i].code, type_code))
      for (int k = 0; presets[i].fields[k].key; k++)
        if (!strcmp(presets[i].fields[k].key, key))
          return 1;
  return 0;
}

int ledger_presets_install(struct store_conn *c, struct lx_err *err)
{
  int64_t now = time_now_ms();
  for (size_t i = 0; i < LX_COUNT(presets); i++) {
    int rc = install_type(c, &presets[i], (int)(i + 1) * 10, now, err);
    if (rc)
      return rc;
  }
  return LX_OK;
}
