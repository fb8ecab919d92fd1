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
 */
#include "base/cfg.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "cli/cli_db.h"
#include "domain/audit/audit.h"
#include "domain/auth/auth.h"
#include "domain/auth/password.h"
#include "domain/org/pinyin.h"
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
  cli_db_close(&d);
  org_pinyin_shutdown();
  if (rc) {
    cli_error(&err);
    return 1;
  }
  printf("已生成 seeded %s: %lld 个单位 units, %lld 名人员 people (%.1f s)\n",
         scale, (long long)sd.total_units, (long long)sd.total_people,
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
