/*
 * cmd_seed.c — luoshi seed --scale demo|district|province [--db PATH]
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
 * Every scale also gets the same 30 hand-written ledger items (台账事项)
 * over the preset types, led by departments and towns (among them the
 * liaison's 区委办公室), some still drafts, some issued, some signed, most
 * with milestones — created through the ledger engine (item.h) so codes,
 * health and timelines are real.
 */
#include "base/cfg.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "cli/cli_db.h"
#include "domain/audit/audit.h"
#include "domain/auth/auth.h"
#include "domain/auth/password.h"
#include "domain/ledger/item.h"
#include "domain/org/pinyin.h"
#include "base/arena.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_PASSWORD "Demo#2026luoshi"

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
    "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
    "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁"};
static const char *const given[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
    "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华",
    "晓东", "志强", "海燕", "红梅", "国庆", "建国", "文", "华", "玉兰",
    "卫东", "春梅", "立新", "爱民", "振华", "丹", "鹏", "雪"};
static const char *const depts[] = {
    "区委办公室", "区委组织部", "区委宣传部", "区委统战部", "区委政法委",
    "区纪委监委", "区委巡察办", "区政府办公室", "区发展和改革局",
    "区教育局", "区科学技术局", "区工业和信息化局", "区民政局",
    "区司法局", "区财政局", "区人力资源和社会保障局", "区自然资源局",
    "区生态环境局", "区住房和城乡建设局", "区交通运输局", "区农业农村局",
    "区商务局", "区文化和旅游局", "区卫生健康委员会", "区应急管理局",
    "区审计局", "区市场监督管理局", "区统计局", "区医疗保障局",
    "区信访局"};
static const char *const towns[] = {
    "城关街道", "东城街道", "西城街道", "南湖街道", "北山街道", "河西街道",
    "青山镇",   "白马镇",   "龙泉镇",   "石桥镇",   "柳林镇",   "桃源乡",
    "清河镇",   "新华街道", "长安街道", "永安镇"};
static const char *const positions[] = {"党员", "党员", "党员", "干部",
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
  int64_t total_items;
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
    snprintf(name, sizeof name, "%s%s",
             surnames[next(r) % LX_COUNT(surnames)],
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
                     under_gov ? gov_path : root_path, nm, "部门", d, 2, &id,
                     p, sizeof p, err);
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
      snprintf(bn, sizeof bn, "%s%s第%d党支部", nm,
               b % 2 ? "社区" : "村", b + 1);
      rc = insert_unit(c, id2, p2, bn, "党支部", b, 3, &bid, bp, sizeof bp,
                       err);
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
  };
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

enum { DEMO_DRAFT, DEMO_ISSUED, DEMO_SIGNED };

struct demo_item {
  const char *type;       /* preset code */
  const char *title;
  const char *unit;       /* lead unit name */
  const char *fields;     /* "key=value|key=value" */
  const char *start, *due;
  int state;              /* DEMO_* */
  const char *milestones; /* "title@YYYY-MM-DD|…" */
  int leader;             /* index among the 区级领导, -1 = none */
  const char *priority;
};

static const struct demo_item demo_items[] = {
    {"MB", "全面推进基层党建“整区提升”行动", "区委组织部",
     "source_doc=区第十三次党代会报告", "2026-01-15", "2026-12-31",
     DEMO_SIGNED, "制定实施方案@2026-03-31|开展中期评估@2026-08-31", 0,
     "high"},
    {"MB", "建设数字政府“一网通办”平台", "区政府办公室",
     "source_doc=区委十三届五次全会决定", "2026-02-01", "2027-06-30",
     DEMO_ISSUED, "完成需求调研@2026-12-31|上线试运行@2027-04-30", 1,
     "normal"},
    {"MB", "区委重大决策部署督查督办机制建设", "区委办公室",
     "source_doc=区委常委会会议纪要〔2026〕3号", "2026-03-01", "2027-03-31",
     DEMO_SIGNED, "出台督办办法@2026-06-30|建立台账系统@2026-12-31", 0,
     "high"},
    {"MB", "优化营商环境三年行动年度任务", "区发展和改革局",
     "source_doc=区委十三届五次全会决定", "2026-01-10", "2026-12-31",
     DEMO_DRAFT, "", 2, "normal"},
    {"ZD", "城东污水处理厂扩建工程", "区住房和城乡建设局",
     "total_investment=28600|annual_investment=9500|completed_investment="
     "7200|start_work_date=2026-03-18|stage=在建",
     "2026-03-18", "2027-06-30", DEMO_SIGNED,
     "完成主体结构@2026-10-31|设备安装调试@2027-03-31|通水试运行@2027-05-31",
     1, "urgent"},
    {"ZD", "白马镇现代农业产业园", "白马镇",
     "total_investment=12000|annual_investment=4000|stage=前期", "2026-04-01",
     "2027-03-31", DEMO_ISSUED, "完成用地报批@2026-12-31", 3, "normal"},
    {"ZD", "区人民医院门诊综合楼", "区发展和改革局",
     "total_investment=35800|annual_investment=12000|completed_investment="
     "11800|start_work_date=2025-09-20|stage=在建",
     "2025-09-20", "2026-12-31", DEMO_SIGNED,
     "主体封顶@2026-06-30|竣工验收@2026-12-20", 2, "high"},
    {"ZD", "城关街道老旧小区改造（二期）", "城关街道",
     "total_investment=6800|annual_investment=6800|stage=在建",
     "2026-03-01", "2026-11-30", DEMO_SIGNED, "完成管网改造@2026-08-31", -1,
     "normal"},
    {"ZS", "新能源电池材料项目招引", "区工业和信息化局",
     "partner=华东新能源科技有限公司|signed_amount=150000|funds_in_place="
     "32000",
     "2026-02-15", "2026-12-31", DEMO_SIGNED,
     "签订投资协议@2026-04-30|首期资金到位@2026-09-30", 1, "high"},
    {"ZS", "西城街道文旅综合体项目洽谈", "西城街道",
     "partner=山水文旅集团|signed_amount=48000", "2026-05-01", "2027-03-31",
     DEMO_ISSUED, "完成框架协议@2026-12-31", -1, "normal"},
    {"ZS", "智能制造产业园二期招商", "区工业和信息化局",
     "partner=长江智造投资有限公司", "2026-06-01", "2027-06-30", DEMO_DRAFT,
     "", 3, "normal"},
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
     "category=养老|beneficiaries=600", "2026-04-01", "2026-12-20",
     DEMO_ISSUED, "制定开放方案@2026-12-10", -1, "normal"},
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
     "2026-10-31", DEMO_SIGNED, "完成隐患点排查@2026-05-31|完成工程治理@2026-"
     "09-30", 1, "urgent"},
    {"FX", "城镇燃气管道老化更新", "区住房和城乡建设局", "", "2026-03-01",
     "2027-06-30", DEMO_ISSUED, "完成普查建档@2026-12-31", -1, "high"},
    {"FX", "信访积案化解攻坚", "区委政法委", "", "2026-02-01", "2026-12-31",
     DEMO_SIGNED, "", 2, "normal"},
    {"SQ", "白马镇农贸市场周边道路积水", "白马镇",
     "requester_contact=13905710021|reply=已纳入雨污分流改造计划",
     "2026-07-15", "2026-12-15", DEMO_SIGNED, "完成排水管疏通@2026-08-31", -1,
     "normal"},
    {"SQ", "南湖街道小区加装电梯协调", "南湖街道",
     "requester_contact=13857120345", "2026-08-20", "2027-01-31",
     DEMO_ISSUED, "", -1, "normal"},
    {"SQ", "区政务服务中心周末延时办理", "区委办公室",
     "requester_contact=13706545566", "2026-10-10", "2027-01-15", DEMO_DRAFT,
     "", -1, "normal"},
    {"DB", "对标先进地区企业开办“一日办结”", "区政府办公室", "",
     "2026-03-01", "2026-12-31", DEMO_SIGNED, "压缩至 1 个工作日@2026-09-30", 3,
     "normal"},
    {"DB", "对标先进县区提升 12345 热线办结率", "区委办公室", "",
     "2026-04-15", "2027-03-31", DEMO_SIGNED,
     "建立转办督办机制@2026-06-30|办结率达到 95%@2027-03-31", 0, "normal"},
    {"ZX", "“转变作风、提升效率、狠抓落实”专项活动", "区纪委监委", "",
     "2026-03-01", "2026-12-31", DEMO_SIGNED,
     "动员部署@2026-03-31|自查自纠@2026-06-30|总结评估@2026-12-15", 0,
     "high"},
    {"ZX", "基层减负专项整治", "区委组织部", "", "2026-06-01", "2027-05-31",
     DEMO_ISSUED, "清理规范督查检查考核事项@2026-12-31", -1, "normal"},
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

static int demo_item_add(struct store_conn *c, struct arena *a,
                         const struct demo_item *d, const int64_t *leaders,
                         int n_leaders, const struct ledger_who *sup,
                         const struct ledger_who *liaison,
                         int64_t liaison_unit, int32_t today,
                         struct lx_err *err)
{
  struct ledger_item_in in;
  const char *parts[8];
  int64_t id = 0;
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
  in.set_fields = in.set_milestones = 1;
  n = split(a, d->fields, '|', parts, 8);
  in.fields = arena_zalloc(a, sizeof *in.fields * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    char *eq = strchr(parts[i], '=');
    if (!eq)
      continue;
    in.fields[in.n_fields].key = arena_strndup(a, parts[i],
                                               (size_t)(eq - parts[i]));
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
  rc = ledger_item_create(c, a, &in, sup, today, &id, err);
  if (!rc && d->state >= DEMO_ISSUED)
    rc = ledger_item_move(c, id, LEDGER_DRAFT, LEDGER_ISSUED, LEDGER_ACT_ISSUE,
                          NULL, sup, today, err);
  if (!rc && d->state >= DEMO_SIGNED) {
    /* the liaison signs for their own unit; other units' liaisons have no
     * demo account, so the supervisor's account stands in on the timeline */
    struct ledger_who w = *sup;
    if (in.lead_unit_id == liaison_unit && liaison->account_id)
      w = *liaison;
    else
      w.name = arena_printf(a, "%s联络员", d->unit);
    rc = ledger_item_move(c, id, LEDGER_ISSUED, LEDGER_SIGNED, LEDGER_ACT_SIGN,
                          NULL, &w, today, err);
  }
  return rc;
}

static int ledger_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct seed *sd = ctx;
  struct ledger_who sup = {0, "督查室 刘明"}, lia = {0, "联络员 陈静"};
  int64_t leaders[8] = {0};
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
  a = arena_new();
  if (!a)
    return err_set(err, LX_ENOMEM, "oom", "", "内存不足");
  {
    int64_t now = time_now_ms() + (int64_t)time_get_offset_min() * 60000;
    today = (int32_t)(now / 86400000);
  }
  rc = LX_OK;
  for (size_t i = 0; !rc && i < LX_COUNT(demo_items); i++)
    rc = demo_item_add(c, a, &demo_items[i], leaders, n_leaders, &sup, &lia,
                       sd->a_dept, today, err);
  arena_free(a);
  if (!rc)
    rc = store_query_i64(c, "SELECT count(*) FROM ledger_item", 0, 0,
                         &sd->total_items, err);
  return rc;
}

int cmd_seed(int argc, char **argv)
{
  const char *ex[1] = {NULL};
  struct cli_args a;
  struct cli_db d;
  struct lx_err err;
  struct seed sd;
  char hash[AUTH_PW_HASH_SIZE];
  const char *scale;
  int64_t t0 = time_mono_us();
  int rc = cli_parse(argc, argv, &a, "scale", ex);
  if (rc)
    return rc;
  scale = ex[0] ? ex[0] : "demo";
  memset(&sd, 0, sizeof sd);
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
  } else if (!strcmp(scale, "province")) {
    sd.n_depts = 2000;
    sd.n_towns = 1600;
    sd.branches_per_town = 30;
    sd.people_per_unit = 30;
  } else {
    fprintf(stderr, "用法 usage: luoshi seed --scale demo|district|province "
                    "[--db PATH]\n");
    return 2;
  }
  if (a.n_pos) {
    fprintf(stderr, "用法 usage: luoshi seed --scale demo|district|province "
                    "[--db PATH]\n");
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
  cli_db_close(&d);
  org_pinyin_shutdown();
  if (rc) {
    cli_error(&err);
    return 1;
  }
  printf("已生成 seeded %s: %lld 个单位 units, %lld 名人员 people, %lld 项台账 "
         "ledger items (%.1f s)\n",
         scale, (long long)sd.total_units, (long long)sd.total_people,
         (long long)sd.total_items,
         (double)(time_mono_us() - t0) / 1e6);
  {
    char path[1100];
    FILE *f;
    const char *text =
        "演示账号 demo logins (密码 password: " DEMO_PASSWORD ")\n"
        "  sysadmin  系统管理员      secadmin  安全管理员      auditor  "
        "审计管理员\n"
        "  duchashi  督查室          lingdao   区级领导        lianluo  "
        "单位联络员\n"
        "  shuji     支部书记        dangyuan  党员\n";
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
