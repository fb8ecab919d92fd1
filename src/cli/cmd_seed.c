/*
 * cmd_seed.c — luoshi seed --scale demo|district|province [--items N]
 * [--reports N] [--db PATH]
 *
 * Fills an initialised, empty database with deterministic synthetic data:
 * the org tree of a district (区委/区政府 → 部门, 乡镇/街道 → 党委 → 党支部),
 * people with Chinese names, and one demo account per built-in role whose
 * logins are printed (and written to demo-logins.txt beside the database
 * for `make demo`).  The same scale always gives the same data.
 *
 *   demo      ~90 units, ~1,800 people   (make demo)
 *   district  600 units, 30,000 people   (make bench; DESIGN.md scale)
 *   province  50,000 units, 1,500,000 people
 *
 * Every scale also gets the same 48 hand-written ledger items (台账事项)
 * over the nine preset types, led by departments and towns (among them
 * the liaison's 区委办公室, in every state): 30 drafts, issued and signed
 * items, and 18 with a story — progress reports approved, returned and
 * awaiting review, closure requested, closed, cancelled, overdue — all
 * created through the ledger engine (item.h, progress.h) so codes, health
 * and timelines are real, then backdated so the timeline spans months.
 * district adds generated ledgers to 15,000 items and 150,000 progress
 * reports in all (seed_ledger.h); --items/--reports add N generated items
 * and reports at any scale (the tests' scaled-down district).
 */
#include "base/cfg.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "cli/cli_db.h"
#include "domain/audit/audit.h"
#include "domain/auth/auth.h"
#include "domain/auth/password.h"
#include "domain/ledger/item.h"
#include "domain/ledger/progress.h"
#include "domain/org/pinyin.h"
#include "base/arena.h"
#include "cli/seed_ledger.h"
#include "cli/seed_study.h"
#include "cli/seed_session.h"
#include "cli/seed_reflection.h"
#include "cli/seed_plan.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_PASSWORD "Demo#2026luoshi"
#define SEED_USAGE                                                             \
  "用法 usage: luoshi seed --scale demo|district|province [--items N] "      \
  "[--reports N] [--db PATH]\n"
/* District scale (DESIGN.md, issue 5): ledger items and progress reports
 * in all, the hand-written ones included. */
#define SEED_DISTRICT_ITEMS 15000
#define SEED_DISTRICT_REPORTS 150000

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
    "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
    "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁"};
static const char *const given[] = {
    "伟", "芳",   "娜",   "敏",   "静",   "丽",   "强",   "磊",   "军",   "洋",
    "勇", "艳",   "杰",   "娟",   "涛",   "明",   "超",   "秀英", "霞",   "平",
    "刚", "桂英", "建华", "晓东", "志强", "海燕", "红梅", "国庆", "建国", "文",
    "华", "玉兰", "卫东", "春梅", "立新", "爱民", "振华", "丹",   "鹏",   "雪"};
static const char *const depts[] = {
    "区委办公室",         "区委组织部",
    "区委宣传部",         "区委统战部",
    "区委政法委",         "区纪委监委",
    "区委巡察办",         "区政府办公室",
    "区发展和改革局",     "区教育局",
    "区科学技术局",       "区工业和信息化局",
    "区民政局",           "区司法局",
    "区财政局",           "区人力资源和社会保障局",
    "区自然资源局",       "区生态环境局",
    "区住房和城乡建设局", "区交通运输局",
    "区农业农村局",       "区商务局",
    "区文化和旅游局",     "区卫生健康委员会",
    "区应急管理局",       "区审计局",
    "区市场监督管理局",   "区统计局",
    "区医疗保障局",       "区信访局"};
static const char *const towns[] = {
    "城关街道", "东城街道", "西城街道", "南湖街道", "北山街道", "河西街道",
    "青山镇",   "白马镇",   "龙泉镇",   "石桥镇",   "柳林镇",   "桃源乡",
    "清河镇",   "新华街道", "长安街道", "永安镇"};
static const char *const positions[] = {"党员", "党员",     "党员",  "干部",
                                        "科员", "支部委员", "副主任"};

struct rng {
  uint64_t s;
};

static uint32_t next(struct rng *r)
{
  r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
  return (uint32_t)(r->s >> 33);
}

struct seed {
  int n_towns, branches_per_town, n_depts, people_per_unit;
  int64_t root, gov, first_branch, a_dept, total_people, total_units;
  int64_t total_items, total_reports;
  int bulk_items, bulk_reports; /* generated ledger rows (seed_ledger.h) */
  struct seed_ledger_stats bulk;
  struct seed_study_opts study; /* study library and readings (seed_study.h) */
  struct seed_study_stats study_out;
  const char *hash;       /* demo password hash */
  const char *admin_hash; /* same password, admin policy */
};

static int insert_unit(struct store_conn *c, int64_t parent,
                       const char *parent_path, const char *name,
                       const char *kind, int sort, int depth, int64_t *out_id,
                       char *out_path, size_t path_len, struct lx_err *err)
{
  struct store_stmt *s;
  char full[256], ini[64];
  int64_t now = time_now_ms();
  int rc;
  if (org_pinyin_convert(name, ORG_PINYIN_GENERAL, full, sizeof full, ini,
                         sizeof ini) != LX_OK)
    full[0] = ini[0] = 0;
  rc = store_prepare(c,
                     "INSERT INTO unit(parent_id, name, kind, sort, path, "
                     "depth, pinyin, initials, created_at, updated_at) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     &s, err);
  if (rc)
    return rc;
  if (parent)
    store_bind_i64(s, 1, parent);
  else
    store_bind_null(s, 1);
  store_bind_text(s, 2, name);
  store_bind_text(s, 3, kind);
  store_bind_i64(s, 4, sort);
  store_bind_text(s, 5, name); /* placeholder until the id is known */
  store_bind_i64(s, 6, depth);
  store_bind_text(s, 7, full);
  store_bind_text(s, 8, ini);
  store_bind_i64(s, 9, now);
  store_bind_i64(s, 10, now);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    *out_id = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc != STORE_ROW)
    return rc;
  snprintf(out_path, path_len, "%s%lld/", parent_path ? parent_path : "/",
           (long long)*out_id);
  rc = store_prepare(c, "UPDATE unit SET path = ? WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, out_path);
  store_bind_i64(s, 2, *out_id);
  rc = store_step(s, err);
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

static int insert_people(struct store_conn *c, struct rng *r, int64_t unit,
                         const char *path, int n, int leaders,
                         struct lx_err *err)
{
  for (int i = 0; i < n; i++) {
    struct store_stmt *s;
    char name[64], full[128], ini[32], birth[16], joined[16], phone[16];
    int by = 1960 + (int)(next(r) % 42), jy;
    int64_t now = time_now_ms();
    int rc;
    snprintf(name, sizeof name, "%s%s", surnames[next(r) % LX_COUNT(surnames)],
             given[next(r) % LX_COUNT(given)]);
    if (org_pinyin_convert(name, ORG_PINYIN_PERSON, full, sizeof full, ini,
                           sizeof ini) != LX_OK)
      full[0] = ini[0] = 0;
    jy = by + 20 + (int)(next(r) % 20);
    if (jy > 2025)
      jy = 2025;
    snprintf(birth, sizeof birth, "%04d-%02d-%02d", by, 1 + next(r) % 12,
             1 + next(r) % 28);
    snprintf(joined, sizeof joined, "%04d-%02d-%02d", jy, 1 + next(r) % 12,
             1 + next(r) % 28);
    snprintf(phone, sizeof phone, "13%d%08u", 5 + (int)(next(r) % 5),
             next(r) % 100000000u);
    rc = store_prepare(c,
                       "INSERT INTO person(unit_id, unit_path, name, pinyin, "
                       "initials, gender, birth_date, joined_at, position, "
                       "phone, is_leader, created_at, updated_at) VALUES (?, "
                       "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, unit);
    store_bind_text(s, 2, path);
    store_bind_text(s, 3, name);
    store_bind_text(s, 4, full);
    store_bind_text(s, 5, ini);
    store_bind_text(s, 6, next(r) % 3 ? "男" : "女");
    store_bind_text(s, 7, birth);
    store_bind_text(s, 8, joined);
    store_bind_text(s, 9,
                    i < leaders ? "区级领导"
                                : positions[next(r) % LX_COUNT(positions)]);
    store_bind_text(s, 10, phone);
    store_bind_i64(s, 11, i < leaders);
    store_bind_i64(s, 12, now);
    store_bind_i64(s, 13, now);
    rc = store_step(s, err);
    store_stmt_done(s);
    if (rc != STORE_DONE)
      return rc;
  }
  return LX_OK;
}

static int seed_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct seed *sd = ctx;
  struct rng r = {20261126};
  char root_path[64], gov_path[64], p[128], p2[160];
  int64_t id, id2, n = 0;
  int rc = auth_roles_install(c, err);
  if (!rc)
    rc = store_query_i64(c, "SELECT count(*) FROM unit", 0, 0, &n, err);
  if (rc)
    return rc;
  if (n)
    return err_set(err, LX_ECONFLICT, "seed.not_empty", "db",
                   "数据库已有单位数据，seed 只用于空库");
  rc = insert_unit(c, 0, NULL, "中共示范区委员会", "区委", 0, 0, &sd->root,
                   root_path, sizeof root_path, err);
  if (!rc)
    rc = insert_people(c, &r, sd->root, root_path, 12, 8, err);
  if (!rc)
    rc = insert_unit(c, sd->root, root_path, "示范区人民政府", "区政府", 1, 1,
                     &sd->gov, gov_path, sizeof gov_path, err);
  if (!rc)
    rc = insert_people(c, &r, sd->gov, gov_path, 8, 4, err);
  sd->total_units = 2;
  sd->total_people = 20;
  for (int d = 0; !rc && d < sd->n_depts; d++) {
    const char *name = depts[d % LX_COUNT(depts)];
    char nm[96];
    int under_gov = d >= 7;
    if (d >= (int)LX_COUNT(depts))
      snprintf(nm, sizeof nm, "%s第%d分局", name, d / (int)LX_COUNT(depts));
    else
      snprintf(nm, sizeof nm, "%s", name);
    rc = insert_unit(c, under_gov ? sd->gov : sd->root,
                     under_gov ? gov_path : root_path, nm, "部门", d, 2, &id, p,
                     sizeof p, err);
    if (!rc)
      rc = insert_people(c, &r, id, p, sd->people_per_unit, 0, err);
    if (!sd->a_dept)
      sd->a_dept = id;
    sd->total_units++;
    sd->total_people += sd->people_per_unit;
  }
  for (int t = 0; !rc && t < sd->n_towns; t++) {
    char nm[96], party[128];
    const char *town = towns[t % LX_COUNT(towns)];
    if (t >= (int)LX_COUNT(towns))
      snprintf(nm, sizeof nm, "%s%d", town, t / (int)LX_COUNT(towns) + 1);
    else
      snprintf(nm, sizeof nm, "%s", town);
    rc = insert_unit(c, sd->root, root_path, nm,
                     strstr(nm, "街道") ? "街道" : "乡镇", 100 + t, 1, &id, p,
                     sizeof p, err);
    if (rc)
      break;
    snprintf(party, sizeof party, "%s党%s", nm,
             strstr(nm, "街道") ? "工委" : "委");
    rc = insert_unit(c, id, p, party, "党委", 0, 2, &id2, p2, sizeof p2, err);
    if (!rc)
      rc = insert_people(c, &r, id2, p2, sd->people_per_unit, 0, err);
    sd->total_units += 2;
    sd->total_people += sd->people_per_unit;
    for (int b = 0; !rc && b < sd->branches_per_town; b++) {
      char bn[160], bp[200];
      int64_t bid;
      snprintf(bn, sizeof bn, "%s%s第%d党支部", nm, b % 2 ? "社区" : "村",
               b + 1);
      rc =
          insert_unit(c, id2, p2, bn, "党支部", b, 3, &bid, bp, sizeof bp, err);
      if (!rc)
        rc = insert_people(c, &r, bid, bp, sd->people_per_unit, 0, err);
      if (!sd->first_branch)
        sd->first_branch = bid;
      sd->total_units++;
      sd->total_people += sd->people_per_unit;
    }
  }
  return rc;
}

struct acct {
  const char *username, *name, *role, *scope;
  int64_t unit;
};

/* Creates the custom role 组织部 (organization department): study
 * management and statistics over the whole district. */
static int org_dept_role(struct store_conn *c, struct lx_err *err)
{
  static const char *const perms[] = {"org.read", "study.read", "study.manage",
                                      "study.review", "dashboard.read"};
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "INSERT INTO role(code, name, builtin, created_at) "
                         "VALUES ('org_dept', '组织部', 0, ?)",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, time_now_ms());
  if ((rc = store_run(s, err)))
    return rc;
  for (size_t i = 0; i < LX_COUNT(perms); i++) {
    rc = store_prepare(c,
                       "INSERT INTO role_permission(role_id, permission) "
                       "SELECT id, ? FROM role WHERE code = 'org_dept'",
                       &s, err);
    if (rc)
      return rc;
    store_bind_text(s, 1, perms[i]);
    if ((rc = store_run(s, err)))
      return rc;
  }
  return LX_OK;
}

/* Makes the nth person of a unit the person of an account, renamed to the
 * account's name, so the demo secretary and member study as themselves. */
static int link_person(struct store_conn *c, int64_t acct, int64_t unit,
                       int nth, const char *name, struct lx_err *err)
{
  struct store_stmt *s;
  char full[128], ini[32];
  int rc;
  if (org_pinyin_convert(name, ORG_PINYIN_PERSON, full, sizeof full, ini,
                         sizeof ini) != LX_OK)
    full[0] = ini[0] = 0;
  rc = store_prepare(c,
                     "UPDATE person SET name = ?, pinyin = ?, initials = ? "
                     "WHERE id = (SELECT id FROM person WHERE unit_id = ? "
                     "ORDER BY id LIMIT 1 OFFSET ?)",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, name);
  store_bind_text(s, 2, full);
  store_bind_text(s, 3, ini);
  store_bind_i64(s, 4, unit);
  store_bind_i64(s, 5, nth);
  if ((rc = store_run(s, err)))
    return rc;
  rc = store_prepare(c,
                     "UPDATE account SET person_id = (SELECT id FROM person "
                     "WHERE unit_id = ? ORDER BY id LIMIT 1 OFFSET ?) "
                     "WHERE id = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, unit);
  store_bind_i64(s, 2, nth);
  store_bind_i64(s, 3, acct);
  return store_run(s, err);
}

static int accounts_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct seed *sd = ctx;
  struct acct a[] = {
      {"sysadmin", "系统管理员", "sysadmin", "all", sd->root},
      {"secadmin", "安全管理员", "secadmin", "all", sd->root},
      {"auditor", "审计管理员", "auditor", "all", sd->root},
      {"duchashi", "督查室 刘明", "supervisor", "all", sd->root},
      {"lingdao", "区级领导 王建国", "leader", "all", sd->root},
      {"lianluo", "联络员 陈静", "liaison", "unit", sd->a_dept},
      {"shuji", "支部书记 赵海燕", "secretary", "subtree", sd->first_branch},
      {"dangyuan", "党员 孙伟", "member", "self", sd->first_branch},
      {"zuzhibu", "组织部 李文", "org_dept", "all", sd->root},
  };
  int rc0 = org_dept_role(c, err);
  if (rc0)
    return rc0;
  int64_t now = time_now_ms();
  for (size_t i = 0; i < LX_COUNT(a); i++) {
    struct store_stmt *s;
    int64_t acct = 0;
    int admin = !strcmp(a[i].role, "sysadmin") ||
                !strcmp(a[i].role, "secadmin") || !strcmp(a[i].role, "auditor");
    int rc = store_prepare(c,
                           "INSERT INTO account(username, name, unit_id, "
                           "password_hash, must_change, password_changed_at, "
                           "created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, "
                           "?, ?) RETURNING id",
                           &s, err);
    if (rc)
      return rc;
    store_bind_text(s, 1, a[i].username);
    store_bind_text(s, 2, a[i].name);
    store_bind_i64(s, 3, a[i].unit);
    store_bind_text(s, 4, admin ? sd->admin_hash : sd->hash);
    store_bind_i64(s, 5, now);
    store_bind_i64(s, 6, now);
    store_bind_i64(s, 7, now);
    rc = store_step(s, err);
    if (rc == STORE_ROW)
      acct = store_col_i64(s, 0);
    store_stmt_done(s);
    if (rc != STORE_ROW)
      return rc;
    rc = store_prepare(c,
                       "INSERT INTO account_role(account_id, role_id, scope) "
                       "SELECT ?, id, ? FROM role WHERE code = ?",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, acct);
    store_bind_text(s, 2, a[i].scope);
    store_bind_text(s, 3, a[i].role);
    rc = store_step(s, err);
    store_stmt_done(s);
    if (rc != STORE_DONE)
      return rc;
    if (!strcmp(a[i].role, "secretary") || !strcmp(a[i].role, "member")) {
      rc = link_person(c, acct, a[i].unit, !strcmp(a[i].role, "member"),
                       strchr(a[i].name, ' ') + 1, err);
      if (rc)
        return rc;
    }
  }
  {
    struct audit_entry e = {0};
    e.username = "cli";
    e.ip = "local";
    e.action = "seed";
    e.result = "ok";
    e.detail = "生成演示数据";
    return audit_append(c, &e, err);
  }
}

/* ---- ledger items ----------------------------------------------------- */

enum {
  DEMO_DRAFT,
  DEMO_ISSUED,
  DEMO_SIGNED,
  DEMO_PROGRESS, /* signed, then the story's progress reports */
  DEMO_CLOSURE,  /* … then 申请销号 */
  DEMO_CLOSED,   /* … then 销号 */
  DEMO_CANCELLED /* signed, then 撤销 */
};

struct demo_item {
  const char *type; /* preset code */
  const char *title;
  const char *unit;   /* lead unit name */
  const char *fields; /* "key=value|key=value" */
  const char *start, *due;
  int state;              /* DEMO_* */
  const char *milestones; /* "title@YYYY-MM-DD|…" */
  int leader;             /* index among the 区级领导, -1 = none */
  const char *priority;
};

static const struct demo_item demo_items[] = {
    {"MB", "全面推进基层党建“整区提升”行动", "区委组织部",
     "source_doc=区第十三次党代会报告", "2026-01-15", "2026-12-31", DEMO_SIGNED,
     "制定实施方案@2026-03-31|开展中期评估@2026-08-31", 0, "high"},
    {"MB", "建设数字政府“一网通办”平台", "区政府办公室",
     "source_doc=区委十三届五次全会决定", "2026-02-01", "2027-06-30",
     DEMO_ISSUED, "完成需求调研@2026-12-31|上线试运行@2027-04-30", 1, "normal"},
    {"MB", "区委重大决策部署督查督办机制建设", "区委办公室",
     "source_doc=区委常委会会议纪要〔2026〕3号", "2026-03-01", "2027-03-31",
     DEMO_SIGNED, "出台督办办法@2026-06-30|建立台账系统@2026-12-31", 0, "high"},
    {"MB", "优化营商环境三年行动年度任务", "区发展和改革局",
     "source_doc=区委十三届五次全会决定", "2026-01-10", "2026-12-31",
     DEMO_DRAFT, "", 2, "normal"},
    {"ZD", "城东污水处理厂扩建工程", "区住房和城乡建设局",
     "total_investment=28600|annual_investment=9500|completed_investment="
     "7200|start_work_date=2026-03-18|stage=在建",
     "2026-03-18", "2027-06-30", DEMO_SIGNED,
     "完成主体结构@2026-10-31|设备安装调试@2027-03-31|通水试运行@2027-05-31", 1,
     "urgent"},
    {"ZD", "白马镇现代农业产业园", "白马镇",
     "total_investment=12000|annual_investment=4000|stage=前期", "2026-04-01",
     "2027-03-31", DEMO_ISSUED, "完成用地报批@2026-12-31", 3, "normal"},
    {"ZD", "区人民医院门诊综合楼", "区发展和改革局",
     "total_investment=35800|annual_investment=12000|completed_investment="
     "11800|start_work_date=2025-09-20|stage=在建",
     "2025-09-20", "2026-12-31", DEMO_SIGNED,
     "主体封顶@2026-06-30|竣工验收@2026-12-20", 2, "high"},
    {"ZD", "城关街道老旧小区改造（二期）", "城关街道",
     "total_investment=6800|annual_investment=6800|stage=在建", "2026-03-01",
     "2026-11-30", DEMO_SIGNED, "完成管网改造@2026-08-31", -1, "normal"},
    {"ZS", "新能源电池材料项目招引", "区工业和信息化局",
     "partner=华东新能源科技有限公司|signed_amount=150000|funds_in_place="
     "32000",
     "2026-02-15", "2026-12-31", DEMO_SIGNED,
     "签订投资协议@2026-04-30|首期资金到位@2026-09-30", 1, "high"},
    {"ZS", "西城街道文旅综合体项目洽谈", "西城街道",
     "partner=山水文旅集团|signed_amount=48000", "2026-05-01", "2027-03-31",
     DEMO_ISSUED, "完成框架协议@2026-12-31", -1, "normal"},
    {"ZS", "智能制造产业园二期招商", "区工业和信息化局",
     "partner=长江智造投资有限公司", "2026-06-01", "2027-06-30", DEMO_DRAFT, "",
     3, "normal"},
    {"MS", "新建社区嵌入式养老服务中心 5 处", "区民政局",
     "category=养老|beneficiaries=3200", "2026-01-20", "2026-12-31",
     DEMO_SIGNED, "完成选址@2026-03-31|投入运营@2026-11-30", 2, "high"},
    {"MS", "城镇新增就业 4500 人", "区人力资源和社会保障局",
     "category=就业|beneficiaries=4500", "2026-01-01", "2026-12-31",
     DEMO_SIGNED, "上半年完成 2300 人@2026-06-30", -1, "normal"},
    {"MS", "新建改扩建幼儿园 3 所", "区教育局",
     "category=教育|beneficiaries=1080", "2026-02-01", "2027-08-31",
     DEMO_ISSUED, "完成施工招标@2026-12-31|主体完工@2027-05-31", 0, "normal"},
    {"MS", "机关食堂向周边老年人开放", "区委办公室",
     "category=养老|beneficiaries=600", "2026-04-01", "2026-12-20", DEMO_ISSUED,
     "制定开放方案@2026-12-10", -1, "normal"},
    {"MS", "城乡居民医保参保率稳定在 95% 以上", "区人力资源和社会保障局",
     "category=医疗|beneficiaries=286000", "2026-01-01", "2026-12-31",
     DEMO_SIGNED, "", -1, "normal"},
    {"MS", "青山镇农村饮水安全巩固提升", "青山镇",
     "category=其他|beneficiaries=12500", "2026-03-01", "2026-09-30",
     DEMO_SIGNED, "完成管网铺设@2026-07-31", 3, "high"},
    {"XC", "区委巡察反馈：“三重一大”决策程序不规范", "区财政局",
     "finding=部分重大事项未经党组会集体研究即实施|round=区委第六轮巡察|"
     "measures=修订党组议事规则，建立决策事项清单",
     "2026-05-10", "2026-11-10", DEMO_SIGNED, "修订议事规则@2026-07-31", 0,
     "urgent"},
    {"XC", "区委巡察反馈：专项资金拨付滞后", "区交通运输局",
     "finding=农村公路养护资金拨付平均滞后 4 个月|round=区委第六轮巡察",
     "2026-05-10", "2026-12-31", DEMO_ISSUED, "", -1, "high"},
    {"XC", "区委巡察反馈：党支部“三会一课”记录不全", "东城街道",
     "finding=3 个社区党支部组织生活记录缺失|round=区委第七轮巡察",
     "2026-09-01", "2027-02-28", DEMO_DRAFT, "", -1, "normal"},
    {"FX", "汛期地质灾害隐患点排查整治", "区自然资源局", "", "2026-04-01",
     "2026-10-31", DEMO_SIGNED,
     "完成隐患点排查@2026-05-31|完成工程治理@2026-"
     "09-30",
     1, "urgent"},
    {"FX", "城镇燃气管道老化更新", "区住房和城乡建设局", "", "2026-03-01",
     "2027-06-30", DEMO_ISSUED, "完成普查建档@2026-12-31", -1, "high"},
    {"FX", "信访积案化解攻坚", "区委政法委", "", "2026-02-01", "2026-12-31",
     DEMO_SIGNED, "", 2, "normal"},
    {"SQ", "白马镇农贸市场周边道路积水", "白马镇",
     "requester_contact=13905710021|reply=已纳入雨污分流改造计划", "2026-07-15",
     "2026-12-15", DEMO_SIGNED, "完成排水管疏通@2026-08-31", -1, "normal"},
    {"SQ", "南湖街道小区加装电梯协调", "南湖街道",
     "requester_contact=13857120345", "2026-08-20", "2027-01-31", DEMO_ISSUED,
     "", -1, "normal"},
    {"SQ", "区政务服务中心周末延时办理", "区委办公室",
     "requester_contact=13706545566", "2026-10-10", "2027-01-15", DEMO_DRAFT,
     "", -1, "normal"},
    {"DB", "对标先进地区企业开办“一日办结”", "区政府办公室", "", "2026-03-01",
     "2026-12-31", DEMO_SIGNED, "压缩至 1 个工作日@2026-09-30", 3, "normal"},
    {"DB", "对标先进县区提升 12345 热线办结率", "区委办公室", "", "2026-04-15",
     "2027-03-31", DEMO_SIGNED,
     "建立转办督办机制@2026-06-30|办结率达到 95%@2027-03-31", 0, "normal"},
    {"ZX", "“转变作风、提升效率、狠抓落实”专项活动", "区纪委监委", "",
     "2026-03-01", "2026-12-31", DEMO_SIGNED,
     "动员部署@2026-03-31|自查自纠@2026-06-30|总结评估@2026-12-15", 0, "high"},
    {"ZX", "基层减负专项整治", "区委组织部", "", "2026-06-01", "2027-05-31",
     DEMO_ISSUED, "清理规范督查检查考核事项@2026-12-31", -1, "normal"},
};

/* Items with a story: progress reports in order, each "<kind><percent>:
 * <text>[#<review comment>]" with kind a (approved), r (returned) or s
 * (submitted, awaiting review); co-units by name. */
struct story_item {
  struct demo_item d;
  const char *reports; /* "a30:…|r50:…#…|s60:…" */
  const char *co;      /* "unit|unit" */
};

static const struct story_item story_items[] = {
    {{"MS", "城关街道幸福里等 6 个老旧小区改造", "城关街道",
      "category=住房|beneficiaries=2860", "2026-03-01", "2026-12-31",
      DEMO_PROGRESS,
      "完成设计招标@2026-04-30|完成管网改造@2026-08-31|完成立面整治@2026-"
      "11-30",
      1, "high"},
     "a20:完成 6 个小区改造方案设计和施工招标，施工单位已进场"
     "|a45:完成幸福里、和平苑两个小区雨污管网改造"
     "|r60:完成 4 个小区管网改造#完成比例与现场核查情况不符，请核实后重新报送"
     "|a58:完成 4 个小区管网改造，和平苑小区外立面整治启动"
     "|s75:6 个小区管网改造全部完成，立面整治完成 3 个",
     "区住房和城乡建设局"},
    {{"MS", "新增普惠性托位 600 个", "区卫生健康委员会",
      "category=教育|beneficiaries=600", "2026-02-15", "2026-12-31",
      DEMO_PROGRESS, "完成托育机构选点@2026-05-31|新增托位投入使用@2026-12-15",
      2, "normal"},
     "a30:确定 8 家普惠托育机构，完成选点"
     "|a55:4 家机构完成改造，新增托位 310 个"
     "|a70:新增托位 420 个，均已通过卫健部门备案",
     "区教育局"},
    {{"ZD", "区全民健身中心建设工程", "区文化和旅游局",
      "total_investment=18600|annual_investment=6000|completed_investment="
      "5200|start_work_date=2025-10-15|stage=在建",
      "2025-10-15", "2026-12-31", DEMO_PROGRESS,
      "主体结构封顶@2026-06-30|室内装修完成@2026-11-30", 1, "high"},
     "a25:完成基础工程和地下室施工|a50:主体结构封顶"
     "|a72:室内装修完成约八成，消防工程进场",
     ""},
    {{"XC", "区委第七轮巡察反馈：公务用车管理不规范", "区委办公室",
      "finding=部分公务用车使用登记不全，存在未经审批出车的情况|round=区委第"
      "七轮巡察|measures=修订公务用车管理办法，安装车载定位系统",
      "2026-06-15", "2026-12-15", DEMO_PROGRESS,
      "修订管理办法@2026-08-31|完成整改验收@2026-12-10", 0, "urgent"},
     "a40:修订《机关公务用车管理办法》，经主任办公会审议通过"
     "|r70:完成车载定位系统安装#请补充定位系统安装清单和运行截图等佐证材料"
     "|a70:完成 12 辆公务用车车载定位系统安装，附安装清单和运行截图",
     ""},
    {{"MB", "区委全会精神宣传宣讲“六进”活动", "区委宣传部",
      "source_doc=区委十三届六次全会决定", "2026-04-01", "2026-11-30",
      DEMO_CLOSURE, "组建宣讲团@2026-04-30", 0, "normal"},
     "a50:组建宣讲团 12 个，开展宣讲 160 场"
     "|a100:累计宣讲 420 场，覆盖群众 3.6 万人次，任务全部完成",
     ""},
    {{"DB", "对标先进提升“一件事一次办”覆盖面", "区委办公室", "", "2026-02-01",
      "2026-12-31", DEMO_CLOSURE,
      "梳理“一件事”清单@2026-04-30|全部上线运行@2026-10-15", -1, "normal"},
     "a40:梳理“一件事”清单 32 项|a80:上线运行 26 项"
     "|a100:32 项“一件事”全部上线运行，平均办理时间压缩六成",
     "区政府办公室"},
    {{"MS", "新建城市书房 10 处", "区文化和旅游局",
      "category=其他|beneficiaries=45000", "2026-01-10", "2026-09-30",
      DEMO_CLOSED, "完成选址@2026-03-31|全部开放@2026-09-15", 3, "normal"},
     "a30:完成 10 处城市书房选址和设计|a70:7 处城市书房完成装修"
     "|a100:10 处城市书房全部开放运行",
     ""},
    {{"ZX", "机关作风效能“体检”专项行动", "区委办公室", "", "2026-03-01",
      "2026-09-30", DEMO_CLOSED, "开展自查@2026-04-30|整改落实@2026-08-31", 0,
      "high"},
     "a35:全区 86 个单位完成自查，梳理问题 214 个"
     "|a75:完成整改问题 180 个"
     "|a100:问题全部整改到位，建立长效机制 12 项",
     "区纪委监委"},
    {{"FX", "南湖街道自建房安全隐患排查整治", "南湖街道", "", "2026-02-01",
      "2026-09-30", DEMO_PROGRESS, "完成排查@2026-04-30|完成整治@2026-09-15", 3,
      "urgent"},
     "a30:完成辖区 1260 栋自建房排查，发现隐患 86 处"
     "|a55:完成 52 处隐患整治，其余 34 处已落实管控措施",
     "区住房和城乡建设局|区应急管理局"},
    {{"SQ", "长安街道锦绣花园二次供水水压不足", "长安街道",
      "requester_contact=13605718892", "2026-08-01", "2026-12-31",
      DEMO_PROGRESS, "", -1, "normal"},
     "a30:现场核实情况，确定为加压泵老化"
     "|s60:已更换加压泵 2 台，高层住户水压恢复正常，正在回访",
     ""},
    {{"ZS", "生物医药产业招商专班年度任务", "区商务局",
      "partner=华南生物医药产业基金|signed_amount=80000|funds_in_place=22000",
      "2026-01-15", "2026-12-31", DEMO_PROGRESS, "完成首批项目签约@2026-06-30",
      1, "high"},
     "a20:赴长三角、珠三角开展专题招商 6 次"
     "|a40:签约项目 3 个，协议投资 8 亿元"
     "|a45:首批到位资金 2.2 亿元",
     "区工业和信息化局"},
    {{"XC", "区委第六轮巡察反馈：惠民资金发放不及时", "区民政局",
      "finding=部分困难群众救助资金发放滞后 1 至 2 个月|round=区委第六轮巡察|"
      "measures=建立救助资金发放月报制度",
      "2026-05-10", "2026-11-30", DEMO_CLOSED, "完成资金补发@2026-07-31", 0,
      "urgent"},
     "a50:完成滞后资金补发，涉及 312 户"
     "|a100:建立发放月报制度，连续 3 个月按时足额发放",
     ""},
    {{"MB", "区委理论学习中心组学习制度化规范化", "区委办公室",
      "source_doc=区委常委会会议纪要〔2026〕5号", "2026-01-05", "2026-12-31",
      DEMO_PROGRESS, "制定年度学习计划@2026-01-31|开展专题研讨@2026-09-30", 0,
      "normal"},
     "a25:印发年度学习计划，完成第一季度集中学习"
     "|a50:开展专题研讨 4 次"
     "|a80:完成 10 次集中学习，形成调研报告 6 篇",
     ""},
    {{"MS", "白马镇农村供水管网延伸工程", "白马镇",
      "category=其他|beneficiaries=8600", "2026-03-20", "2026-12-20",
      DEMO_PROGRESS, "完成管材采购@2026-05-31|完成主管网铺设@2026-10-31", 3,
      "high"},
     "a25:完成管材采购和施工放线"
     "|r50:主管网铺设过半#未说明存在的困难和下一步措施，请完善后重新报送"
     "|a45:主管网铺设完成 45%，个别路段征迁协调难度较大，已提请镇党委协调"
     "|a60:主管网铺设完成 60%，征迁问题已解决",
     ""},
    {{"FX", "河西街道城镇燃气管道更新改造", "河西街道", "", "2026-04-01",
      "2026-12-31", DEMO_CANCELLED, "", -1, "normal"},
     "",
     ""},
    {{"ZD", "青山镇现代物流园一期工程", "青山镇",
      "total_investment=42000|annual_investment=15000|completed_investment="
      "12800|start_work_date=2026-02-10|stage=在建",
      "2026-02-10", "2027-06-30", DEMO_PROGRESS,
      "完成土地平整@2026-05-31|仓储主体完工@2026-12-31|投入运营@2027-06-15", 1,
      "high"},
     "a15:完成土地平整和临建设施|a30:仓储区桩基工程完工"
     "|a42:仓储区主体结构施工过半",
     "区交通运输局"},
    {{"SQ", "东城街道建设小区垃圾分类投放点设置", "东城街道",
      "requester_contact=13757123456|reply=已在小区东西两侧增设投放点 4 处",
      "2026-05-01", "2026-08-31", DEMO_CLOSED, "", -1, "normal"},
     "a60:完成选址并征求业主意见|a100:增设投放点 4 处，已答复诉求人",
     ""},
    {{"DB", "对标先进县区提升工程建设项目审批效率", "区住房和城乡建设局", "",
      "2026-03-01", "2026-12-31", DEMO_PROGRESS, "", -1, "normal"},
     "s30:梳理审批事项 46 项，精简材料 120 份",
     ""},
};

static int lookup_id(struct store_conn *c, const char *sql, const char *arg,
                     int64_t *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, sql, &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, arg);
  rc = store_step(s, err);
  *out = rc == STORE_ROW ? store_col_i64(s, 0) : 0;
  store_stmt_done(s);
  if (rc != STORE_ROW && rc != STORE_DONE)
    return rc;
  return LX_OK;
}

/* Splits "a|b|c" into arena strings; returns the count (≤ max). */
static int split(struct arena *a, const char *s, char sep, const char **out,
                 int max)
{
  int n = 0;
  while (s && *s && n < max) {
    const char *e = strchr(s, sep);
    size_t len = e ? (size_t)(e - s) : strlen(s);
    out[n++] = arena_strndup(a, s, len);
    s = e ? e + 1 : NULL;
  }
  return n;
}

/* Moves the rows an engine call just wrote (stamped at the real time, at
 * or after since) back to day at office hours, so the demo timeline reads
 * like months of work rather than one second. */
static int backdate(struct store_conn *c, int64_t id, int32_t day, int minute,
                    int64_t since, struct lx_err *err)
{
  static const char *const sql[] = {
      "UPDATE item_event SET at = ?1 WHERE item_id = ?2 AND at >= ?3",
      "UPDATE item_progress SET created_at = ?1 WHERE item_id = ?2 AND "
      "created_at >= ?3",
      "UPDATE item_progress SET reviewed_at = ?1 WHERE item_id = ?2 AND "
      "reviewed_at >= ?3",
      "UPDATE item_milestone SET done_at = ?1 WHERE item_id = ?2 AND "
      "done_at >= ?3",
      "UPDATE ledger_item SET created_at = CASE WHEN created_at >= ?3 THEN "
      "?1 ELSE created_at END, updated_at = ?1 WHERE id = ?2"};
  int64_t ms = (int64_t)day * 86400000LL + (int64_t)(60 + minute) * 60000LL;
  for (size_t i = 0; i < LX_COUNT(sql); i++) {
    struct store_stmt *s;
    int rc = store_prepare(c, sql[i], &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, ms);
    store_bind_i64(s, 2, id);
    store_bind_i64(s, 3, since);
    rc = store_step(s, err);
    store_stmt_done(s);
    if (rc != STORE_DONE)
      return rc;
  }
  return LX_OK;
}

static int32_t day_of(const char *date)
{
  int32_t d = 0;
  return time_parse_date(date, &d) ? d : 0;
}

/* The story's reports, review and closure, day by day from the start. */
static int demo_story(struct store_conn *c, struct arena *a, int64_t id,
                      const struct demo_item *d, const char *reports,
                      const struct ledger_who *sup, const struct ledger_who *w,
                      int64_t unit, int32_t today, int64_t since,
                      struct lx_err *err)
{
  const char *parts[12];
  int n = split(a, reports, '|', parts, 12), rc = LX_OK;
  int32_t start = day_of(d->start), due = day_of(d->due), end, step;
  enum ledger_state st = LEDGER_SIGNED;
  end = d->state >= DEMO_CLOSURE && due < today ? due - 10 : today - 3;
  if (end <= start)
    end = start + 1;
  step = (end - start) / (n + 1);
  for (int i = 0; !rc && i < n; i++) {
    struct ledger_progress_in in;
    char *text = arena_strdup(a, parts[i] + 1), *colon, *hash;
    char kind = parts[i][0];
    int64_t pid = 0;
    int32_t day = start + step * (i + 1);
    if (day > today)
      day = today;
    memset(&in, 0, sizeof in);
    in.percent = atoi(text);
    colon = strchr(text, ':');
    hash = strchr(text, '#');
    if (hash)
      *hash = 0;
    in.text = colon ? colon + 1 : text;
    in.unit_id = unit;
    rc = ledger_progress_submit(c, id, st, LEDGER_IN_PROGRESS, &in, w, today,
                                &pid, err);
    if (!rc)
      rc = backdate(c, id, day, 30 + i * 7, since, err);
    st = LEDGER_IN_PROGRESS;
    if (!rc && kind != 's') {
      rc = ledger_progress_review(c, id, pid, kind == 'a', hash ? hash + 1 : "",
                                  sup, today, err);
      if (!rc)
        rc =
            backdate(c, id, day + 2 > today ? today : day + 2, 120, since, err);
    }
  }
  if (!rc && (d->state == DEMO_CLOSURE || d->state == DEMO_CLOSED)) {
    rc = ledger_item_move(c, id, LEDGER_IN_PROGRESS, LEDGER_CLOSURE_REQUESTED,
                          LEDGER_ACT_REQUEST_CLOSE, NULL, w, today, err);
    if (!rc)
      rc = backdate(c, id, end + 2 > today ? today : end + 2, 200, since, err);
  }
  if (!rc && d->state == DEMO_CLOSED) {
    rc = ledger_item_move(c, id, LEDGER_CLOSURE_REQUESTED, LEDGER_CLOSED,
                          LEDGER_ACT_CLOSE, "经核查，任务已完成，同意销号", sup,
                          today, err);
    if (!rc)
      rc = backdate(c, id, end + 6 > today ? today : end + 6, 240, since, err);
  }
  if (!rc && d->state == DEMO_CANCELLED) {
    rc = ledger_item_move(
        c, id, LEDGER_SIGNED, LEDGER_CANCELLED, LEDGER_ACT_CANCEL,
        "已并入区燃气管道老化更新项目统一实施", sup, today, err);
    if (!rc)
      rc = backdate(c, id, start + 20 > today ? today : start + 20, 180, since,
                    err);
  }
  return rc;
}

static int demo_item_add(struct store_conn *c, struct arena *a,
                         const struct demo_item *d, const char *reports,
                         const char *co, const int64_t *leaders, int n_leaders,
                         const struct ledger_who *sup,
                         const struct ledger_who *liaison, int64_t liaison_unit,
                         int32_t today, int64_t since, struct lx_err *err)
{
  struct ledger_item_in in;
  struct ledger_who w;
  const char *parts[8];
  int64_t id = 0;
  int32_t start;
  int n, rc;
  memset(&in, 0, sizeof in);
  rc = lookup_id(c, "SELECT id FROM ledger_type WHERE code = ?", d->type,
                 &in.type_id, err);
  if (!rc)
    rc = lookup_id(c, "SELECT id FROM unit WHERE name = ? ORDER BY id LIMIT 1",
                   d->unit, &in.lead_unit_id, err);
  if (rc)
    return rc;
  if (!in.type_id || !in.lead_unit_id)
    return LX_OK; /* a smaller tree without this unit */
  in.title = d->title;
  in.description = "";
  in.start_date = d->start;
  in.due_date = d->due;
  in.priority = d->priority;
  in.indicator_unit = "";
  if (d->leader >= 0 && d->leader < n_leaders)
    in.leader_id = leaders[d->leader];
  in.set_fields = in.set_milestones = in.set_co = 1;
  n = split(a, d->fields, '|', parts, 8);
  in.fields = arena_zalloc(a, sizeof *in.fields * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    char *eq = strchr(parts[i], '=');
    if (!eq)
      continue;
    in.fields[in.n_fields].key =
        arena_strndup(a, parts[i], (size_t)(eq - parts[i]));
    in.fields[in.n_fields++].value = eq + 1;
  }
  n = split(a, d->milestones, '|', parts, 8);
  in.milestones = arena_zalloc(a, sizeof *in.milestones * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    char *at = strchr(parts[i], '@');
    if (!at)
      continue;
    in.milestones[in.n_milestones].title =
        arena_strndup(a, parts[i], (size_t)(at - parts[i]));
    in.milestones[in.n_milestones++].due_date = at + 1;
  }
  n = split(a, co, '|', parts, 8);
  for (int i = 0; !rc && i < n; i++) {
    int64_t u = 0;
    rc = lookup_id(c, "SELECT id FROM unit WHERE name = ? ORDER BY id LIMIT 1",
                   parts[i], &u, err);
    if (u && u != in.lead_unit_id)
      in.co[in.n_co++] = u;
  }
  start = day_of(d->start);
  if (start > today)
    start = today;
  if (!rc)
    rc = ledger_item_create(c, a, &in, sup, today, &id, err);
  if (!rc)
    rc = backdate(c, id, start - 6 > today - 2 ? today - 2 : start - 6, 10,
                  since, err);
  if (!rc && d->state >= DEMO_ISSUED)
    rc = ledger_item_move(c, id, LEDGER_DRAFT, LEDGER_ISSUED, LEDGER_ACT_ISSUE,
                          NULL, sup, today, err);
  if (!rc && d->state >= DEMO_ISSUED)
    rc = backdate(c, id, start - 4 > today - 1 ? today - 1 : start - 4, 60,
                  since, err);
  /* the liaison signs for their own unit; other units' liaisons have no
   * demo account, so the supervisor's account stands in on the timeline */
  w = *sup;
  if (in.lead_unit_id == liaison_unit && liaison->account_id)
    w = *liaison;
  else
    w.name = arena_printf(a, "%s联络员", d->unit);
  if (!rc && d->state >= DEMO_SIGNED) {
    rc = ledger_item_move(c, id, LEDGER_ISSUED, LEDGER_SIGNED, LEDGER_ACT_SIGN,
                          NULL, &w, today, err);
    if (!rc)
      rc = backdate(c, id, start - 2 > today ? today : start - 2, 90, since,
                    err);
  }
  if (!rc && d->state >= DEMO_PROGRESS)
    rc = demo_story(c, a, id, d, reports, sup, &w, in.lead_unit_id, today,
                    since, err);
  return rc;
}

static int ledger_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct seed *sd = ctx;
  struct ledger_who sup = {0, "督查室 刘明"}, lia = {0, "联络员 陈静"};
  int64_t leaders[8] = {0}, since = time_now_ms();
  int n_leaders = 0, rc;
  struct store_stmt *s;
  struct arena *a;
  int32_t today;
  rc = ledger_presets_install(c, err);
  if (!rc)
    rc = lookup_id(c, "SELECT id FROM account WHERE username = ?", "duchashi",
                   &sup.account_id, err);
  if (!rc)
    rc = lookup_id(c, "SELECT id FROM account WHERE username = ?", "lianluo",
                   &lia.account_id, err);
  if (!rc)
    rc = store_prepare(c,
                       "SELECT id FROM person WHERE is_leader = 1 ORDER BY id "
                       "LIMIT 8",
                       &s, err);
  if (rc)
    return rc;
  while ((rc = store_step(s, err)) == STORE_ROW && n_leaders < 8)
    leaders[n_leaders++] = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  {
    int64_t now = time_now_ms() + (int64_t)time_get_offset_min() * 60000;
    today = (int32_t)(now / 86400000);
  }
  if (sd->bulk_items > 0) {
    /* the generated ledgers come first, so the hand-written items are the
     * newest ones and their codes continue the numbering */
    struct seed_ledger_opts o = {sd->bulk_items, sd->bulk_reports, 20261127,
                                 today};
    rc = seed_ledger_bulk(c, &o, &sd->bulk, err);
    if (rc)
      return rc;
  }
  a = arena_new();
  if (!a)
    return err_set(err, LX_ENOMEM, "oom", "", "内存不足");
  rc = LX_OK;
  for (size_t i = 0; !rc && i < LX_COUNT(demo_items); i++)
    rc = demo_item_add(c, a, &demo_items[i], "", "", leaders, n_leaders, &sup,
                       &lia, sd->a_dept, today, since, err);
  for (size_t i = 0; !rc && i < LX_COUNT(story_items); i++)
    rc = demo_item_add(c, a, &story_items[i].d, story_items[i].reports,
                       story_items[i].co, leaders, n_leaders, &sup, &lia,
                       sd->a_dept, today, since, err);
  arena_free(a);
  if (!rc)
    rc = store_query_i64(c, "SELECT count(*) FROM ledger_item", 0, 0,
                         &sd->total_items, err);
  if (!rc)
    rc = store_query_i64(c, "SELECT count(*) FROM item_progress", 0, 0,
                         &sd->total_reports, err);
  return rc;
}

/* The study library, readings and study_day rows (seed_study.h). */
static int study_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct seed *sd = ctx;
  int64_t now = time_now_ms() + (int64_t)time_get_offset_min() * 60000;
  sd->study.today = (int32_t)(now / 86400000);
  sd->study.bench_hash = sd->hash;
  return seed_study(c, &sd->study, &sd->study_out, err);
}

int cmd_seed(int argc, char **argv)
{
  const char *ex[3] = {NULL, NULL, NULL};
  struct cli_args a;
  struct cli_db d;
  struct lx_err err;
  struct seed sd;
  char hash[AUTH_PW_HASH_SIZE];
  const char *scale;
  int64_t t0 = time_mono_us();
  int rc = cli_parse(argc, argv, &a, "scale,items,reports", ex);
  if (rc)
    return rc;
  scale = ex[0] ? ex[0] : "demo";
  memset(&sd, 0, sizeof sd);
  sd.study.seed = 20261127;
  sd.study.window_days = 60; /* demo: two months of reading history */
  if (!strcmp(scale, "demo")) {
    sd.n_depts = 20;
    sd.n_towns = 8;
    sd.branches_per_town = 8;
    sd.people_per_unit = 20;
  } else if (!strcmp(scale, "district")) {
    sd.n_depts = 60;
    sd.n_towns = 16;
    sd.branches_per_town = 32;
    sd.people_per_unit = 51;
    sd.bulk_items = SEED_DISTRICT_ITEMS;
    sd.bulk_reports = SEED_DISTRICT_REPORTS;
    sd.study.n_bulk = 10000;
    sd.study.n_readings = 3000000;
    sd.study.window_days = 365;
    sd.study.n_bench = 64;
  } else if (!strcmp(scale, "province")) {
    sd.n_depts = 2000;
    sd.n_towns = 1600;
    sd.branches_per_town = 30;
    sd.people_per_unit = 30;
    sd.study.window_days = 0; /* the library only */
  } else {
    fprintf(stderr, "%s", SEED_USAGE);
    return 2;
  }
  for (int i = 1; i < 3; i++) {
    char *end = NULL;
    long v = ex[i] ? strtol(ex[i], &end, 10) : 0;
    if (ex[i] && (!*ex[i] || *end || v < 0 || v > 2000000)) {
      fprintf(stderr, "luoshi: --%s 须为 0 到 2000000 之间的整数\n",
              i == 1 ? "items" : "reports");
      return 2;
    }
    if (ex[i] && i == 1)
      sd.bulk_items = (int)v;
    if (ex[i] && i == 2)
      sd.bulk_reports = (int)v;
  }
  if (ex[1] && !ex[2])
    sd.bulk_reports = sd.bulk_items * 10;
  /* the totals include the hand-written items and their reports */
  if (sd.bulk_items == SEED_DISTRICT_ITEMS &&
      sd.bulk_reports == SEED_DISTRICT_REPORTS) {
    sd.bulk_items -= (int)(LX_COUNT(demo_items) + LX_COUNT(story_items));
    for (size_t i = 0; i < LX_COUNT(story_items); i++)
      for (const char *p = story_items[i].reports; *p; p++)
        sd.bulk_reports -= p == story_items[i].reports || *p == '|';
  }
  if (a.n_pos) {
    fprintf(stderr, "%s", SEED_USAGE);
    return 2;
  }
  if (org_pinyin_init() != LX_OK ||
      auth_password_hash(DEMO_PASSWORD, hash, sizeof hash) != LX_OK) {
    fprintf(stderr, "luoshi: 初始化失败\n");
    return 1;
  }
  sd.hash = sd.admin_hash = hash;
  if (cli_db_open_migrated(&d))
    return 1;
  rc = store_write(d.st, seed_job, &sd, &err);
  if (!rc)
    rc = store_write(d.st, accounts_job, &sd, &err);
  if (!rc)
    rc = store_write(d.st, ledger_job, &sd, &err);
  if (!rc)
    rc = store_write(d.st, study_job, &sd, &err);
  if (!rc && !strcmp(scale, "demo")) /* study sessions (seed_session.h) */
    rc = store_write(d.st, seed_session_job, NULL, &err);
  if (!rc && !strcmp(scale, "demo")) /* reflections (seed_reflection.h) */
    rc = store_write(d.st, seed_reflection_job, NULL, &err);
  if (!rc && !strcmp(scale, "demo")) /* study plans (seed_plan.h) */
    rc = store_write(d.st, seed_plan_job, NULL, &err);
  cli_db_close(&d);
  org_pinyin_shutdown();
  if (rc) {
    cli_error(&err);
    return 1;
  }
  printf("已生成 seeded %s: %lld 个单位 units, %lld 名人员 people, %lld 项台账 "
         "ledger items, %lld 条进展 progress reports (%.1f s)\n",
         scale, (long long)sd.total_units, (long long)sd.total_people,
         (long long)sd.total_items, (long long)sd.total_reports,
         (double)(time_mono_us() - t0) / 1e6);
  printf("学习 study: %lld 份资料 materials (%.1f s), %lld 条学习记录 "
         "readings, %lld 条日汇总 study days (%.1f s)\n",
         (long long)sd.study_out.materials,
         (double)sd.study_out.ms_materials / 1e3,
         (long long)sd.study_out.readings, (long long)sd.study_out.study_days,
         (double)sd.study_out.ms_readings / 1e3);
  {
    char path[1100];
    FILE *f;
    const char *text =
        "演示账号 demo logins (密码 password: " DEMO_PASSWORD ")\n"
        "  sysadmin  系统管理员      secadmin  安全管理员      auditor  "
        "审计管理员\n"
        "  duchashi  督查室          lingdao   区级领导        lianluo  "
        "单位联络员\n"
        "  shuji     支部书记        dangyuan  党员            zuzhibu  "
        "组织部\n";
    fputs(text, stdout);
    snprintf(path, sizeof path, "%s.logins.txt", cfg.db);
    f = fopen(path, "w");
    if (f) {
      fputs(text, f);
      fclose(f);
    }
  }
  return 0;
}
