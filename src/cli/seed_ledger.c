/*
 * seed_ledger.c — bulk ledger data for `luoshi seed` (see seed_ledger.h).
 *
 * Items are generated first (type, lead unit, title, dates, state,
 * progress), sorted by the day they were created so ids and codes follow
 * time, then written with their fields, co-units, milestones, timeline
 * and progress reports.  Everything comes from one linear congruential
 * generator, so a seed and a day always give the same rows.
 */
#include "cli/seed_ledger.h"

#include "base/arena.h"
#include "base/sb.h"
#include "base/timeutil.h"
#include "domain/ledger/code.h"
#include "domain/ledger/item.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS 86400000LL

struct rng {
  uint64_t s;
};

static uint32_t rnd(struct rng *r)
{
  r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
  return (uint32_t)(r->s >> 33);
}

/* A number in [lo, hi]. */
static int between(struct rng *r, int lo, int hi)
{
  return hi <= lo ? lo : lo + (int)(rnd(r) % (uint32_t)(hi - lo + 1));
}

#define PICK(r, arr) (arr)[rnd(r) % LX_COUNT(arr)]

/* ---- vocabulary ------------------------------------------------------- */

static const char *const communities[] = {
    "幸福里",       "和平苑",   "锦绣花园", "翠湖小区", "金桥新村",
    "阳光家园",     "丽景苑",   "东风新村", "建设小区", "纺织厂宿舍",
    "机械厂家属院", "春晖苑",   "滨江花园", "桂花园",   "新民小区",
    "育才小区",     "铁路新村", "御景湾"};
static const char *const roads[] = {
    "人民路", "解放路",   "建设大道", "滨河路",   "中山路", "新华路",
    "长江路", "迎宾大道", "环城北路", "工业大道", "文化路", "朝阳路"};
static const char *const industries[] = {
    "新能源",   "新材料",   "智能制造", "生物医药", "电子信息", "现代物流",
    "数字经济", "绿色食品", "文化旅游", "装备制造", "节能环保", "现代农业"};
static const char *const problems[] = {
    "选人用人",     "意识形态工作", "财务管理",     "工程项目管理",
    "“三公”经费",   "作风建设",     "基层党建",     "国有资产管理",
    "惠民资金发放", "政府采购",     "公务用车管理", "“三重一大”决策"};
static const char *const villages[] = {"李家",   "王庄", "河口", "石门",
                                       "柳树湾", "杨柳", "新塘", "大桥",
                                       "东岗",   "前进", "红星", "桃园"};
static const char *const companies[] = {"华宇", "中兴达", "宏达", "恒信",
                                        "远景", "天成",   "瑞丰", "鼎盛",
                                        "金石", "海纳",   "博远", "正泰和"};
static const char *const company_kinds[] = {"科技", "实业", "集团", "新材料",
                                            "智能装备"};
static const char *const services[] = {
    "企业开办效率",         "12345热线办结率", "工程建设项目审批效率",
    "政务服务“一网通办”率", "不动产登记效率",  "基层治理网格化水平",
    "营商环境满意度",       "园区亩均税收",    "社区服务群众能力"};
static const char *const places[] = {"昆山", "义乌", "晋江", "江阴",
                                     "顺德", "余杭", "鄞州", "南海"};
static const char *const campaigns[] = {
    "基层减负",         "整治形式主义官僚主义",
    "群众身边不正之风", "营商环境突出问题",
    "安全生产大检查",   "打击电信网络诈骗",
    "作风建设年",       "狠抓落实年"};
static const char *const numerals[] = {"一", "二", "三", "四", "五",
                                       "六", "七", "八", "九", "十"};
static const char *const source_docs[] = {
    "区第十三次党代会报告", "区委十三届五次全会决定", "区委十三届六次全会决定",
    "区政府工作报告",       "区委常委会会议纪要",     "区委经济工作会议部署"};
static const char *const findings[] = {
    "制度执行不到位，部分事项未按规定程序办理",
    "台账资料不健全，相关记录缺失",
    "整改责任未压实，问题反复出现",
    "监督检查流于形式，发现问题不及时",
    "资金使用不规范，存在超范围支出",
    "会议记录不完整，集体研究不充分"};
static const char *const measures[] = {
    "修订完善相关制度，建立问题清单和责任清单，逐项销号",
    "开展专项检查，完善审批流程，加强日常监督",
    "召开专题民主生活会，深入剖析原因，举一反三",
    "建立长效机制，每季度开展一次自查"};
static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨",
                                       "黄", "赵", "吴", "周", "徐", "孙",
                                       "马", "朱", "胡", "郭", "何", "林"};
static const char *const given[] = {
    "伟", "芳", "敏", "静",   "强",   "磊",   "军",   "洋",   "艳",
    "杰", "涛", "明", "晓东", "志强", "海燕", "红梅", "建华", "丽娟"};
static const char *const report_done[] = {
    "已召开专题推进会，明确责任分工和时间节点",
    "完成现场勘查和方案设计，正在办理审批手续",
    "各项工作按计划有序推进，重点环节已落实专人负责",
    "完成阶段性任务，已组织自查并形成书面报告",
    "协调解决了资金和用地问题，施工进度明显加快",
    "组织开展集中攻坚，完成既定节点任务",
    "召开协调会议，解决配合单位衔接问题",
    "完成入户走访和意见征集，群众满意度较高",
    "已完成招标采购，施工单位进场作业",
    "完成问题清单梳理，逐项制定整改措施"};
static const char *const report_next[] = {
    "下一步将加快推进剩余工作，确保按期完成",
    "下一步将加强跟踪调度，及时解决存在问题",
    "下一步将做好资料归档，迎接验收",
    "下一步将加大协调力度，确保节点任务不拖期",
    "下一步将持续跟踪，巩固工作成效",
    "下一步将积极争取上级资金支持"};
static const char *const return_reasons[] = {
    "进展描述过于笼统，请补充具体数据", "完成比例与实际不符，请核实后重新报送",
    "请补充现场照片等佐证材料",
    "未说明存在的困难和下一步措施，请完善后重新报送"};
static const char *const approve_notes[] = {"", "", "进展属实，请继续推进",
                                            "同意", "请按节点抓紧推进"};
static const char *const cancel_reasons[] = {"因规划调整，该事项不再实施",
                                             "已并入其他事项统一推进",
                                             "经区委研究，暂缓实施"};

/* ---- per-type templates ----------------------------------------------- */

/* fmt placeholders: %T town, %C community, %R road, %I industry,
 * %P problem area, %V village, %N the number, %Q 一..三, %H 一..九,
 * %O company, %K inspection round, %Y year, %S service, %A place,
 * %X campaign. */
struct tpl {
  const char *fmt;
  const char *ind_unit; /* indicator unit when %N is a target, else NULL */
  int nmin, nmax;
  const char *cat; /* 民生实事 category */
};

static const struct tpl t_mb[] = {
    {"落实区第十三次党代会“%I强区”战略年度任务", NULL, 0, 0, NULL},
    {"%Y年基层党组织标准化规范化建设", NULL, 0, 0, NULL},
    {"推进%T乡村振兴示范片区建设", NULL, 0, 0, NULL},
    {"完成%Y年度节能减排约束性指标", NULL, 0, 0, NULL},
    {"新增市场主体%N户", "户", 800, 3000, NULL},
    {"打造“%I”特色产业集群", NULL, 0, 0, NULL},
    {"%T党群服务中心提档升级", NULL, 0, 0, NULL},
    {"推进“放管服”改革%Y年度重点任务", NULL, 0, 0, NULL},
    {"新培育规模以上工业企业%N家", "家", 10, 40, NULL},
    {"创建省级文明城区年度任务", NULL, 0, 0, NULL},
    {"推动%I产业链“链长制”落实", NULL, 0, 0, NULL},
    {"新增高新技术企业%N家", "家", 8, 30, NULL}};
static const struct tpl t_zd[] = {
    {"%T%I产业园%Q期工程", NULL, 0, 0, NULL},
    {"%R道路改造提升工程", NULL, 0, 0, NULL},
    {"%T%I标准厂房建设项目", NULL, 0, 0, NULL},
    {"%R综合管廊建设工程", NULL, 0, 0, NULL},
    {"%T污水处理厂提标改造工程", NULL, 0, 0, NULL},
    {"区第%H中学新建工程", NULL, 0, 0, NULL},
    {"%T安置房%Q期建设项目", NULL, 0, 0, NULL},
    {"%O%I生产基地项目", NULL, 0, 0, NULL},
    {"%T农村人居环境整治提升项目", NULL, 0, 0, NULL},
    {"%R跨河大桥新建工程", NULL, 0, 0, NULL},
    {"区人民医院%T分院建设项目", NULL, 0, 0, NULL},
    {"%T智慧物流园建设项目", NULL, 0, 0, NULL}};
static const struct tpl t_zs[] = {
    {"%O%I项目招引", NULL, 0, 0, NULL},
    {"%I龙头企业招引（%O）", NULL, 0, 0, NULL},
    {"%T%I产业招商专班年度任务", NULL, 0, 0, NULL},
    {"引进%O区域总部项目", NULL, 0, 0, NULL},
    {"%O%I研发中心落户", NULL, 0, 0, NULL},
    {"签约%I项目%N个", "个", 3, 12, NULL},
    {"%T闲置厂房盘活招商", NULL, 0, 0, NULL},
    {"%O增资扩产项目", NULL, 0, 0, NULL}};
static const struct tpl t_ms[] = {
    {"%T%C老旧小区改造", NULL, 0, 0, "住房"},
    {"新增普惠性托位%N个", "个", 100, 800, "教育"},
    {"%T社区嵌入式养老服务站建设", NULL, 0, 0, "养老"},
    {"新建改扩建中小学%N所", "所", 2, 6, "教育"},
    {"城镇新增就业%N人", "人", 1000, 5000, "就业"},
    {"%T%V村卫生室标准化建设", NULL, 0, 0, "医疗"},
    {"%Y年困难群众“暖心”帮扶行动", NULL, 0, 0, "社保"},
    {"%T%C加装电梯%N部", "部", 5, 40, "住房"},
    {"新增公共停车泊位%N个", "个", 300, 2000, "其他"},
    {"%T农贸市场提升改造", NULL, 0, 0, "其他"},
    {"65岁以上老年人免费健康体检%N人次", "人次", 5000, 30000, "医疗"},
    {"%T“15分钟便民生活圈”建设", NULL, 0, 0, "其他"},
    {"城乡居民基本养老保险参保扩面%N人", "人", 2000, 9000, "社保"},
    {"开展职业技能培训%N人次", "人次", 1500, 8000, "就业"},
    {"%T%C雨污分流改造", NULL, 0, 0, "住房"},
    {"建设长者食堂%N个", "个", 5, 30, "养老"}};
static const struct tpl t_xc[] = {
    {"区委第%K轮巡察反馈%P问题整改", NULL, 0, 0, NULL},
    {"%P方面存在薄弱环节的整改", NULL, 0, 0, NULL},
    {"巡察反馈“%P”问题专项整改", NULL, 0, 0, NULL},
    {"区委第%K轮巡察反馈：%P制度执行不到位", NULL, 0, 0, NULL},
    {"区委第%K轮巡察反馈：%P台账不健全", NULL, 0, 0, NULL}};
static const struct tpl t_fx[] = {
    {"%T%R沿线地质灾害隐患点治理", NULL, 0, 0, NULL},
    {"%T城镇燃气管道老化隐患整治", NULL, 0, 0, NULL},
    {"%T自建房安全隐患排查整治", NULL, 0, 0, NULL},
    {"%O安全生产重大隐患整改", NULL, 0, 0, NULL},
    {"%T%V水库除险加固", NULL, 0, 0, NULL},
    {"%R低洼积水点改造", NULL, 0, 0, NULL},
    {"%T沿街商铺消防安全隐患整治", NULL, 0, 0, NULL},
    {"%T电动自行车充电安全隐患整治", NULL, 0, 0, NULL},
    {"%T信访积案化解", NULL, 0, 0, NULL},
    {"%O欠薪风险化解", NULL, 0, 0, NULL}};
static const struct tpl t_sq[] = {{"%T%C小区停车难问题", NULL, 0, 0, NULL},
                                  {"%R路段夜间施工噪音扰民", NULL, 0, 0, NULL},
                                  {"%T%C物业服务质量投诉", NULL, 0, 0, NULL},
                                  {"%T%V村道路破损修复", NULL, 0, 0, NULL},
                                  {"%T%C二次供水水压不足", NULL, 0, 0, NULL},
                                  {"%R路灯不亮问题", NULL, 0, 0, NULL},
                                  {"%T%C加装电梯协调", NULL, 0, 0, NULL},
                                  {"%T%V村灌溉水渠清淤", NULL, 0, 0, NULL},
                                  {"%C小区周边夜市油烟扰民", NULL, 0, 0, NULL},
                                  {"%T%C垃圾分类投放点设置", NULL, 0, 0, NULL}};
static const struct tpl t_db[] = {{"对标先进地区提升%S", NULL, 0, 0, NULL},
                                  {"对标%A推进%S提升", NULL, 0, 0, NULL},
                                  {"学习%A经验做法提升%S", NULL, 0, 0, NULL}};
static const struct tpl t_zx[] = {
    {"“转变作风、提升效率、狠抓落实”专项活动%T推进", NULL, 0, 0, NULL},
    {"%Y年“%X”专项整治", NULL, 0, 0, NULL},
    {"“%X”专项行动", NULL, 0, 0, NULL},
    {"%T“%X”集中整治", NULL, 0, 0, NULL}};

static const char *const ms_generic[] = {"制定实施方案", "完成前期准备",
                                         "全面启动实施", "完成过半任务",
                                         "完成主体任务", "组织验收评估"};
static const char *const ms_project[] = {
    "完成立项审批", "完成施工招标", "开工建设", "主体结构完工", "竣工验收"};
static const char *const ms_xc[] = {"制定整改方案", "完成阶段整改",
                                    "整改情况复核", "整改验收销号"};
static const char *const ms_sq[] = {"现场核实情况", "制定解决方案",
                                    "落实解决措施", "答复诉求人"};

/* Types in preset order, with their share (per mille) of the items, the
 * lead unit mix (per cent: department / town / branch) and the department
 * name fragments preferred for them. */
struct stype {
  const char *code;
  int share;
  int dept, town, branch;
  const char *const *prefer; /* NULL-terminated */
  const struct tpl *tpls;
  size_t n_tpls;
  const char *const *ms; /* milestone titles */
  size_t n_ms;
};

static const char *const pref_mb[] = {"组织",       "宣传", "办公室",
                                      "发展和改革", "统战", NULL};
static const char *const pref_zd[] = {"发展和改革", "住房和城乡建设",
                                      "交通运输",   "工业和信息化",
                                      "农业农村",   NULL};
static const char *const pref_zs[] = {"商务", "工业和信息化", "发展和改革",
                                      NULL};
static const char *const pref_ms[] = {
    "民政", "教育", "卫生健康", "人力资源", "住房和城乡建设", "医疗保障", NULL};
static const char *const pref_fx[] = {"应急管理", "自然资源", "住房和城乡建设",
                                      "生态环境", "市场监督", "信访",
                                      NULL};
static const char *const pref_sq[] = {"信访", "住房和城乡建设", "民政", NULL};
static const char *const pref_none[] = {NULL};

#define TPLS(t) t, LX_COUNT(t)
static const struct stype stypes[] = {
    {"MB", 100, 80, 20, 0, pref_mb, TPLS(t_mb), TPLS(ms_generic)},
    {"ZD", 120, 45, 55, 0, pref_zd, TPLS(t_zd), TPLS(ms_project)},
    {"ZS", 80, 40, 60, 0, pref_zs, TPLS(t_zs), TPLS(ms_generic)},
    {"MS", 200, 45, 45, 10, pref_ms, TPLS(t_ms), TPLS(ms_generic)},
    {"XC", 120, 65, 35, 0, pref_none, TPLS(t_xc), TPLS(ms_xc)},
    {"FX", 100, 40, 55, 5, pref_fx, TPLS(t_fx), TPLS(ms_generic)},
    {"SQ", 140, 10, 60, 30, pref_sq, TPLS(t_sq), TPLS(ms_sq)},
    {"DB", 70, 75, 25, 0, pref_none, TPLS(t_db), TPLS(ms_generic)},
    {"ZX", 70, 60, 40, 0, pref_none, TPLS(t_zx), TPLS(ms_generic)},
};
#define N_TYPES ((int)LX_COUNT(stypes))

/* ---- loaded context ----------------------------------------------------- */

struct sunit {
  int64_t id;
  char *name, *path;
  int town; /* index into units of its 乡镇/街道, -1 = none */
};

struct ctx {
  struct arena *a;
  struct rng r;
  int32_t today;
  struct sunit *units;
  int n_units;
  int *depts, n_depts, *towns, n_towns, *parties, n_parties, *branches,
      n_branches;
  int64_t *leaders;
  int n_leaders;
  int64_t sup_id, lia_id, lia_unit;
  int64_t type_id[LX_COUNT(stypes)];
  struct ledger_type types[LX_COUNT(stypes)];
  int *pref[LX_COUNT(stypes)]; /* preferred department indexes */
  int n_pref[LX_COUNT(stypes)];
  struct seed_ledger_stats st;
};

struct bitem {
  int type, tpl, unit; /* indexes */
  int town;            /* unit index of the town named in the title */
  int num, round;      /* %N and %K */
  int32_t created, start, due, end; /* end: closure / cancel / today */
  enum ledger_state state;
  int progress, final_pct, pending, n_reports;
  int64_t leader;
  int n_co, co[3];
  uint64_t seed; /* per-item generator for the text details */
};

static int load_units(struct store_conn *c, struct ctx *x, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t n = 0, max_id = 0;
  int *by_id, k = 0;
  int64_t *parent;
  char **kind;
  int rc = store_query_i64(c, "SELECT count(*) FROM unit", 0, 0, &n, err);
  if (!rc)
    rc = store_query_i64(c, "SELECT coalesce(max(id), 0) FROM unit", 0, 0,
                         &max_id, err);
  if (rc)
    return rc;
  if (!n)
    return err_set(err, LX_EINVAL, "seed.no_units", "db",
                   "数据库中没有单位，无法生成台账");
  x->units = arena_zalloc(x->a, sizeof *x->units * (size_t)n);
  parent = arena_zalloc(x->a, sizeof *parent * (size_t)n);
  kind = arena_zalloc(x->a, sizeof *kind * (size_t)n);
  by_id = arena_zalloc(x->a, sizeof *by_id * (size_t)(max_id + 1));
  for (int i = 0; i < 4; i++) {
    int **lst = i == 0   ? &x->depts
                : i == 1 ? &x->towns
                : i == 2 ? &x->parties
                         : &x->branches;
    *lst = arena_zalloc(x->a, sizeof **lst * (size_t)n);
  }
  rc = store_prepare(c,
                     "SELECT id, coalesce(parent_id, 0), name, kind, path "
                     "FROM unit ORDER BY id",
                     &s, err);
  if (rc)
    return rc;
  while ((rc = store_step(s, err)) == STORE_ROW && k < n) {
    struct sunit *u = &x->units[k];
    u->id = store_col_i64(s, 0);
    parent[k] = store_col_i64(s, 1);
    u->name = arena_strdup(x->a, store_col_text(s, 2));
    kind[k] = arena_strdup(x->a, store_col_text(s, 3));
    u->path = arena_strdup(x->a, store_col_text(s, 4));
    u->town = -1;
    by_id[u->id] = k;
    k++;
  }
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  x->n_units = k;
  /* parents come before children (ids grow down the tree) */
  for (int i = 0; i < k; i++) {
    struct sunit *u = &x->units[i];
    if (!strcmp(kind[i], "部门"))
      x->depts[x->n_depts++] = i;
    else if (!strcmp(kind[i], "乡镇") || !strcmp(kind[i], "街道")) {
      x->towns[x->n_towns++] = i;
      u->town = i;
    } else if (parent[i] > 0 && parent[i] <= max_id) {
      u->town = x->units[by_id[parent[i]]].town;
      if (u->town >= 0 && !strcmp(kind[i], "党委"))
        x->parties[x->n_parties++] = i;
      else if (u->town >= 0 && !strcmp(kind[i], "党支部"))
        x->branches[x->n_branches++] = i;
    }
  }
  if (!x->n_depts && !x->n_towns)
    return err_set(err, LX_EINVAL, "seed.no_units", "db",
                   "数据库中没有部门或乡镇街道，无法生成台账");
  return LX_OK;
}

static int load_refs(struct store_conn *c, struct ctx *x, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t n = 0;
  int rc = store_query_i64(c, "SELECT count(*) FROM person WHERE is_leader = 1",
                           0, 0, &n, err);
  if (!rc)
    rc = store_prepare(
        c, "SELECT id FROM person WHERE is_leader = 1 ORDER BY id", &s, err);
  if (rc)
    return rc;
  x->leaders = arena_zalloc(x->a, sizeof *x->leaders * (size_t)(n + 1));
  while ((rc = store_step(s, err)) == STORE_ROW && x->n_leaders < n)
    x->leaders[x->n_leaders++] = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  rc = store_prepare(c, "SELECT id, unit_id FROM account WHERE username = ?",
                     &s, err);
  if (rc)
    return rc;
  for (int i = 0; i < 2; i++) {
    store_bind_text(s, 1, i ? "lianluo" : "duchashi");
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
      if (i) {
        x->lia_id = store_col_i64(s, 0);
        x->lia_unit = store_col_i64(s, 1);
      } else {
        x->sup_id = store_col_i64(s, 0);
      }
    }
    store_stmt_done(s);
    if (rc != STORE_ROW && rc != STORE_DONE)
      return rc;
  }
  if (!x->sup_id)
    return err_set(err, LX_EINVAL, "seed.no_supervisor", "db",
                   "缺少督查室账号 duchashi，无法生成台账");
  for (int t = 0; t < N_TYPES; t++) {
    rc = store_prepare(c, "SELECT id FROM ledger_type WHERE code = ?", &s, err);
    if (rc)
      return rc;
    store_bind_text(s, 1, stypes[t].code);
    rc = store_step(s, err);
    if (rc == STORE_ROW)
      x->type_id[t] = store_col_i64(s, 0);
    store_stmt_done(s);
    if (rc != STORE_ROW && rc != STORE_DONE)
      return rc;
    if (!x->type_id[t])
      return err_setf(err, LX_EINVAL, "seed.no_type", "db", "缺少台账类型 %s",
                      stypes[t].code);
    rc = ledger_type_get(c, x->a, x->type_id[t], &x->types[t], err);
    if (rc)
      return rc;
    x->pref[t] = arena_zalloc(x->a, sizeof(int) * (size_t)(x->n_depts + 1));
    for (int d = 0; d < x->n_depts; d++)
      for (int p = 0; stypes[t].prefer[p]; p++)
        if (strstr(x->units[x->depts[d]].name, stypes[t].prefer[p])) {
          x->pref[t][x->n_pref[t]++] = x->depts[d];
          break;
        }
  }
  return LX_OK;
}

/* ---- generation --------------------------------------------------------- */

static const char *town_short(const struct ctx *x, int town)
{
  return town >= 0 ? x->units[town].name : "城关街道";
}

/* Expands a template into out. */
static void expand(const struct ctx *x, const struct bitem *it, struct rng *r,
                   const char *fmt, char *out, size_t n)
{
  size_t k = 0;
  out[0] = 0;
  for (const char *p = fmt; *p && k + 1 < n; p++) {
    char buf[96];
    const char *v = NULL;
    if (*p != '%' || !p[1]) {
      out[k++] = *p;
      out[k] = 0;
      continue;
    }
    switch (*++p) {
    case 'T': v = town_short(x, it->town); break;
    case 'C': v = PICK(r, communities); break;
    case 'R': v = PICK(r, roads); break;
    case 'I': v = PICK(r, industries); break;
    case 'P': v = PICK(r, problems); break;
    case 'V': v = PICK(r, villages); break;
    case 'Q': v = numerals[rnd(r) % 3]; break;
    case 'H': v = numerals[rnd(r) % 9]; break;
    case 'K': v = numerals[(it->round - 1) % 10]; break;
    case 'S': v = PICK(r, services); break;
    case 'A': v = PICK(r, places); break;
    case 'X': v = PICK(r, campaigns); break;
    case 'O':
      snprintf(buf, sizeof buf, "%s%s", PICK(r, companies),
               PICK(r, company_kinds));
      v = buf;
      break;
    case 'N':
      snprintf(buf, sizeof buf, "%d", it->num);
      v = buf;
      break;
    case 'Y': {
      char d[16];
      time_format_date(it->start, d, sizeof d);
      snprintf(buf, sizeof buf, "%.4s", d);
      v = buf;
      break;
    }
    default: buf[0] = *p, buf[1] = 0, v = buf; break;
    }
    k += (size_t)snprintf(out + k, n - k, "%s", v);
    if (k >= n)
      k = n - 1;
  }
}

static int pick_unit(struct ctx *x, struct rng *r, int t)
{
  const struct stype *ty = &stypes[t];
  int roll = between(r, 1, 100);
  if ((roll <= ty->dept || !x->n_towns) && x->n_depts) {
    if (x->n_pref[t] && between(r, 1, 100) <= 70)
      return x->pref[t][rnd(r) % (uint32_t)x->n_pref[t]];
    return x->depts[rnd(r) % (uint32_t)x->n_depts];
  }
  if (roll > ty->dept + ty->town && x->n_branches)
    return x->branches[rnd(r) % (uint32_t)x->n_branches];
  if (x->n_parties && between(r, 1, 100) <= 20)
    return x->parties[rnd(r) % (uint32_t)x->n_parties];
  return x->towns[rnd(r) % (uint32_t)x->n_towns];
}

static int pick_type(struct rng *r)
{
  int roll = between(r, 0, 999), acc = 0;
  for (int t = 0; t < N_TYPES; t++) {
    acc += stypes[t].share;
    if (roll < acc)
      return t;
  }
  return N_TYPES - 1;
}

/* State and dates (see the file comment of seed_ledger.h). */
static void pick_state(struct rng *r, int32_t T, struct bitem *it)
{
  int roll = between(r, 0, 999);
  int32_t lo = T - 690;
  if (roll < 30) { /* 草稿 */
    it->state = LEDGER_DRAFT;
    it->created = T - between(r, 0, 30);
    it->start = it->created + between(r, 0, 20);
    it->due = it->start + between(r, 90, 400);
  } else if (roll < 70) { /* 已下达 */
    it->state = LEDGER_ISSUED;
    it->created = T - between(r, 2, 45);
    it->start = it->created + between(r, 0, 2);
    it->due = it->start + between(r, 90, 400);
  } else if (roll < 120) { /* 已签收 */
    it->state = LEDGER_SIGNED;
    it->created = T - between(r, 7, 40);
    it->start = it->created + between(r, 0, 5);
    it->due = it->start + between(r, 120, 420);
  } else if (roll < 700) { /* 推进中, about 8 % of them overdue */
    it->state = LEDGER_IN_PROGRESS;
    it->created = between(r, lo, T - 25);
    it->start = it->created + between(r, 0, 10);
    if (between(r, 1, 100) <= 8 && it->start < T - 60)
      it->due = T - between(r, 1, 45);
    else
      it->due = T + between(r, 1, 420);
    if (it->due < it->start + 60)
      it->due = it->start + 60;
  } else if (roll < 740) { /* 申请销号 */
    it->state = LEDGER_CLOSURE_REQUESTED;
    it->created = between(r, lo, T - 90);
    it->start = it->created + between(r, 0, 10);
    it->due = T + between(r, -10, 120);
    if (it->due < it->start + 60)
      it->due = it->start + 60;
    it->end = T - between(r, 0, 14);
  } else if (roll < 980) { /* 已销号 */
    it->state = LEDGER_CLOSED;
    it->created = between(r, lo, T - 150);
    it->start = it->created + between(r, 0, 10);
    it->due = it->start + between(r, 60, 450);
    it->end = it->due + between(r, -40, 0);
    if (it->end > T - 1)
      it->end = T - between(r, 1, 30);
  } else { /* 已撤销 */
    it->state = LEDGER_CANCELLED;
    it->created = between(r, lo, T - 40);
    it->start = it->created + between(r, 0, 10);
    it->due = it->start + between(r, 90, 365);
    it->end = it->start + between(r, 10, 30);
  }
  if (it->state == LEDGER_CLOSURE_REQUESTED || it->state == LEDGER_CLOSED) {
    if (it->end < it->start + 30)
      it->end = it->start + 30;
    if (it->end > T)
      it->end = T;
  }
  if (it->state == LEDGER_IN_PROGRESS || it->state <= LEDGER_SIGNED)
    it->end = T;
  if (it->state == LEDGER_IN_PROGRESS) {
    int64_t total = it->due - it->start, el = T - it->start;
    int p = total > 0 ? (int)(el * 100 / total) : 50;
    if (p > 100)
      p = 100;
    p += between(r, -24, 15);
    if (T > it->due)
      p = between(r, 40, 92);
    it->final_pct = p < 5 ? 5 : p > 95 ? 95 : p;
  } else if (it->state == LEDGER_CLOSURE_REQUESTED ||
             it->state == LEDGER_CLOSED) {
    it->final_pct = 100;
  }
}

static int cmp_item(const void *pa, const void *pb)
{
  const struct bitem *a = pa, *b = pb;
  if (a->created != b->created)
    return a->created < b->created ? -1 : 1;
  return a->seed < b->seed ? -1 : a->seed > b->seed;
}

/* ---- writing ------------------------------------------------------------ */

static int64_t at_ms(struct rng *r, int32_t day)
{
  /* office hours, 08:30–18:00 China time (UTC+8) */
  return (int64_t)day * DAY_MS + 30 * 60000LL + between(r, 0, 570) * 60000LL;
}

static void date_str(int32_t d, char *out)
{
  time_format_date(d, out, 16);
}

static int event(struct store_conn *c, struct ctx *x, int64_t item, int64_t at,
                 int64_t account, const char *actor, const char *action,
                 enum ledger_state from, enum ledger_state to, int has_from,
                 const char *comment, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "INSERT INTO item_event(item_id, at, account_id, "
                         "actor_name, action, from_state, to_state, comment) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, item);
  store_bind_i64(s, 2, at);
  store_bind_i64(s, 3, account);
  store_bind_text(s, 4, actor);
  store_bind_text(s, 5, action);
  if (has_from)
    store_bind_text(s, 6, ledger_state_code(from));
  else
    store_bind_null(s, 6);
  store_bind_text(s, 7, ledger_state_code(to));
  store_bind_text(s, 8, comment ? comment : "");
  x->st.events++;
  return store_run(s, err);
}

/* Normalises value through the type's field definition and stores it. */
static int field(struct store_conn *c, struct ctx *x, int t, int64_t item,
                 const char *key, const char *value, struct lx_err *err)
{
  const struct ledger_type *ty = &x->types[t];
  struct store_stmt *s;
  char stack[512];
  struct sb sb;
  int rc;
  for (int k = 0; k < ty->n_fields; k++) {
    const struct ledger_field_def *f = &ty->fields[k].def;
    if (strcmp(f->key, key))
      continue;
    sb_init(&sb, x->a, stack, sizeof stack, 8192);
    rc = ledger_field_validate(f, value, strlen(value), &sb, err);
    if (rc)
      return rc;
    if (!sb.len)
      return LX_OK;
    rc = store_prepare(c,
                       "INSERT INTO item_field(item_id, field_key, value) "
                       "VALUES (?, ?, ?)",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, item);
    store_bind_text(s, 2, key);
    store_bind_text(s, 3, sb.buf);
    rc = store_run(s, err);
    sb_reset(&sb);
    return rc;
  }
  return LX_OK; /* an admin removed the field: leave it out */
}

static int write_fields(struct store_conn *c, struct ctx *x,
                        const struct bitem *it, int64_t id, struct rng *r,
                        struct lx_err *err)
{
  const char *code = stypes[it->type].code;
  char v[256], d[16];
  int rc = LX_OK;
  if (!strcmp(code, "MB")) {
    snprintf(v, sizeof v, "%s", PICK(r, source_docs));
    rc = field(c, x, it->type, id, "source_doc", v, err);
  } else if (!strcmp(code, "ZD")) {
    int total = between(r, 20, 1200) * 100;
    int annual = total * between(r, 20, 60) / 100;
    const char *stage = it->state == LEDGER_CLOSED
                            ? (rnd(r) % 2 ? "竣工" : "投产")
                        : it->state <= LEDGER_SIGNED    ? "前期"
                        : it->final_pct < 15            ? "前期"
                        : it->state == LEDGER_CANCELLED ? "前期"
                                                        : "在建";
    snprintf(v, sizeof v, "%d", total);
    rc = field(c, x, it->type, id, "total_investment", v, err);
    snprintf(v, sizeof v, "%d", annual);
    if (!rc)
      rc = field(c, x, it->type, id, "annual_investment", v, err);
    if (!rc && it->state >= LEDGER_IN_PROGRESS &&
        it->state != LEDGER_CANCELLED) {
      snprintf(v, sizeof v, "%d", annual * it->progress / 100);
      rc = field(c, x, it->type, id, "completed_investment", v, err);
      date_str(it->start, d);
      if (!rc && strcmp(stage, "前期"))
        rc = field(c, x, it->type, id, "start_work_date", d, err);
    }
    if (!rc && it->state == LEDGER_CLOSED) {
      date_str(it->end, d);
      rc = field(c, x, it->type, id, "finish_date", d, err);
    }
    if (!rc)
      rc = field(c, x, it->type, id, "stage", stage, err);
  } else if (!strcmp(code, "ZS")) {
    int amount = between(r, 50, 3000) * 100;
    snprintf(v, sizeof v, "%s%s有限公司", PICK(r, companies),
             PICK(r, company_kinds));
    rc = field(c, x, it->type, id, "partner", v, err);
    if (!rc && it->state >= LEDGER_SIGNED) {
      snprintf(v, sizeof v, "%d", amount);
      rc = field(c, x, it->type, id, "signed_amount", v, err);
      snprintf(v, sizeof v, "%d", amount * it->progress / 100);
      if (!rc && it->progress > 0)
        rc = field(c, x, it->type, id, "funds_in_place", v, err);
    }
  } else if (!strcmp(code, "MS")) {
    const struct tpl *tp = &stypes[it->type].tpls[it->tpl];
    rc = field(c, x, it->type, id, "category", tp->cat ? tp->cat : "其他", err);
    snprintf(v, sizeof v, "%d", between(r, 2, 500) * 10);
    if (!rc)
      rc = field(c, x, it->type, id, "beneficiaries", v, err);
  } else if (!strcmp(code, "XC")) {
    snprintf(v, sizeof v, "%s方面：%s", PICK(r, problems), PICK(r, findings));
    rc = field(c, x, it->type, id, "finding", v, err);
    snprintf(v, sizeof v, "区委第%s轮巡察", numerals[(it->round - 1) % 10]);
    if (!rc)
      rc = field(c, x, it->type, id, "round", v, err);
    if (!rc && it->state != LEDGER_DRAFT)
      rc = field(c, x, it->type, id, "measures", PICK(r, measures), err);
  } else if (!strcmp(code, "SQ")) {
    snprintf(v, sizeof v, "13%d%08u", between(r, 5, 9), rnd(r) % 100000000u);
    rc = field(c, x, it->type, id, "requester_contact", v, err);
    if (!rc && it->state == LEDGER_CLOSED)
      rc = field(c, x, it->type, id, "reply",
                 "已现场核实并落实解决措施，诉求人表示满意", err);
  }
  return rc;
}

static void liaison_name(const struct ctx *x, int unit, char *out, size_t n)
{
  int64_t id = x->units[unit].id;
  snprintf(out, n, "%s联络员 %s%s", x->units[unit].name,
           surnames[id % (int64_t)LX_COUNT(surnames)],
           given[(id / 3) % (int64_t)LX_COUNT(given)]);
}

static int write_reports(struct store_conn *c, struct ctx *x,
                         const struct bitem *it, int64_t id, int64_t ind_target,
                         int has_ind, struct rng *r, int64_t *last_ms,
                         struct lx_err *err)
{
  int k = it->n_reports, approved = 0;
  int32_t a = it->start + 7, b = it->end;
  enum ledger_state cur = LEDGER_SIGNED;
  if (b <= a)
    b = a + 1;
  for (int j = 1; j <= k; j++) {
    struct store_stmt *s;
    char text[512], note[256], who[160];
    int pct = it->final_pct * j / k, unit = it->unit, last = j == k;
    /* the report before a pending one stays approved: it set progress */
    int returned =
        !last && !(it->pending && j == k - 1) && between(r, 1, 100) <= 8;
    int pending = last && it->pending;
    int32_t day = a + (int32_t)((int64_t)(b - a) * j / (k + 1));
    int64_t sub_ms = at_ms(r, day), rev_ms = 0;
    int rc;
    if (it->n_co && between(r, 1, 100) <= 15)
      unit = it->co[rnd(r) % (uint32_t)it->n_co];
    if (pct < approved)
      pct = approved;
    liaison_name(x, unit, who, sizeof who);
    snprintf(text, sizeof text, "%s，累计完成%d%%。%s。", PICK(r, report_done),
             pct, PICK(r, report_next));
    snprintf(note, sizeof note, "报送进展（%d%%），待审核", pct);
    rc = event(c, x, id, sub_ms,
               x->units[unit].id == x->lia_unit && x->lia_id ? x->lia_id
                                                             : x->sup_id,
               who, "report", cur, LEDGER_IN_PROGRESS, 1, note, err);
    cur = LEDGER_IN_PROGRESS;
    if (!pending) /* reviewed before the next report comes in */
      rev_ms = sub_ms + ((b - a) / (k + 1) > 5 ? between(r, 1, 4) * DAY_MS
                                               : between(r, 1, 5) * 3600000LL);
    if (rev_ms > (int64_t)(x->today + 1) * DAY_MS)
      rev_ms = (int64_t)x->today * DAY_MS + 60000;
    if (!rc)
      rc = store_prepare(c,
                         "INSERT INTO item_progress(item_id, submitted_by, "
                         "submitter_name, unit_id, text, percent, "
                         "indicator_value, state, review_comment, "
                         "reviewed_by, reviewer_name, reviewed_at, "
                         "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                         "?, ?, ?)",
                         &s, err);
    if (rc)
      return rc;
    {
      const char *comment = pending    ? ""
                            : returned ? PICK(r, return_reasons)
                                       : PICK(r, approve_notes);
      store_bind_i64(s, 1, id);
      store_bind_i64(s, 2,
                     x->units[unit].id == x->lia_unit && x->lia_id ? x->lia_id
                                                                   : x->sup_id);
      store_bind_text(s, 3, who);
      store_bind_i64(s, 4, x->units[unit].id);
      store_bind_text(s, 5, text);
      store_bind_i64(s, 6, pct);
      if (has_ind)
        store_bind_double(s, 7, (double)(ind_target * pct / 100));
      else
        store_bind_null(s, 7);
      store_bind_text(s, 8,
                      pending    ? "submitted"
                      : returned ? "returned"
                                 : "approved");
      store_bind_text(s, 9, comment);
      if (pending) {
        store_bind_null(s, 10);
        store_bind_null(s, 11);
        store_bind_null(s, 12);
      } else {
        store_bind_i64(s, 10, x->sup_id);
        store_bind_text(s, 11, "督查室 刘明");
        store_bind_i64(s, 12, rev_ms);
      }
      store_bind_i64(s, 13, sub_ms);
      rc = store_run(s, err);
      x->st.reports++;
      if (!rc && !pending) {
        snprintf(note, sizeof note, "%s进展报告（%d%%）%s%s",
                 returned ? "退回" : "通过", pct, *comment ? "：" : "",
                 comment);
        rc = event(c, x, id, rev_ms, x->sup_id, "督查室 刘明",
                   returned ? "progress_return" : "progress_approve",
                   LEDGER_IN_PROGRESS, LEDGER_IN_PROGRESS, 1, note, err);
      }
    }
    if (rc)
      return rc;
    if (!pending && !returned)
      approved = pct;
    *last_ms = rev_ms > sub_ms ? rev_ms : sub_ms;
  }
  return LX_OK;
}

static int write_item(struct store_conn *c, struct ctx *x, struct bitem *it,
                      int64_t seq, int year, struct lx_err *err)
{
  const struct stype *ty = &stypes[it->type];
  const struct tpl *tp = &ty->tpls[it->tpl];
  struct rng r = {it->seed};
  struct store_stmt *s;
  char title[400], desc[600], code[LEDGER_CODE_MAX], sd[16], dd[16], who[160];
  int64_t id = 0, created_ms, last_ms, ind_target = tp->ind_unit ? it->num : 0;
  int32_t T = x->today;
  enum ledger_health h;
  int rc;
  expand(x, it, &r, tp->fmt, title, sizeof title);
  snprintf(desc, sizeof desc, "按照%s部署，由%s牵头推进%s。",
           PICK(&r, source_docs), x->units[it->unit].name, title);
  rc = ledger_code_format(ty->code, year, (int)seq, code, sizeof code, err);
  if (rc)
    return rc;
  date_str(it->start, sd);
  date_str(it->due, dd);
  h = ledger_item_health(it->state, sd, dd, it->progress, T);
  created_ms = at_ms(&r, it->created);
  rc = store_prepare(
      c,
      "INSERT INTO ledger_item(type_id, code, year, seq, title, description, "
      "depth, lead_leader_person_id, lead_unit_id, lead_unit_path, "
      "start_date, due_date, original_due_date, state, health, progress, "
      "indicator_target, indicator_actual, indicator_unit, priority, "
      "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, x->type_id[it->type]);
  store_bind_text(s, 2, code);
  store_bind_i64(s, 3, year);
  store_bind_i64(s, 4, seq);
  store_bind_text(s, 5, title);
  store_bind_text(s, 6, desc);
  if (it->leader)
    store_bind_i64(s, 7, it->leader);
  else
    store_bind_null(s, 7);
  store_bind_i64(s, 8, x->units[it->unit].id);
  store_bind_text(s, 9, x->units[it->unit].path);
  store_bind_text(s, 10, sd);
  store_bind_text(s, 11, dd);
  if (it->state != LEDGER_DRAFT)
    store_bind_text(s, 12, dd);
  else
    store_bind_null(s, 12);
  store_bind_text(s, 13, ledger_state_code(it->state));
  store_bind_text(s, 14, ledger_health_code(h));
  store_bind_i64(s, 15, it->progress);
  if (tp->ind_unit) {
    store_bind_double(s, 16, (double)ind_target);
    store_bind_double(s, 17, (double)(ind_target * it->progress / 100));
    store_bind_text(s, 18, tp->ind_unit);
  } else {
    store_bind_null(s, 16);
    store_bind_null(s, 17);
    store_bind_text(s, 18, "");
  }
  {
    int p = between(&r, 1, 100);
    store_bind_text(s, 19, p <= 12 ? "urgent" : p <= 40 ? "high" : "normal");
  }
  store_bind_i64(s, 20, x->sup_id);
  store_bind_i64(s, 21, created_ms);
  store_bind_i64(s, 22, created_ms);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    id = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc != STORE_ROW)
    return rc == STORE_DONE ? LX_EDB : rc;
  x->st.items++;
  rc = write_fields(c, x, it, id, &r, err);
  for (int i = 0; !rc && i < it->n_co; i++) {
    rc = store_prepare(c,
                       "INSERT INTO item_co_unit(item_id, unit_id, unit_path) "
                       "VALUES (?, ?, ?)",
                       &s, err);
    if (rc)
      break;
    store_bind_i64(s, 1, id);
    store_bind_i64(s, 2, x->units[it->co[i]].id);
    store_bind_text(s, 3, x->units[it->co[i]].path);
    rc = store_run(s, err);
    x->st.co_units++;
  }
  /* milestones on about 60 % of the items, evenly spaced up to the due date */
  if (!rc && between(&r, 1, 100) <= 60) {
    int n = between(&r, 2, (int)ty->n_ms < 4 ? (int)ty->n_ms : 4);
    int off = (int)ty->n_ms - n > 0 ? between(&r, 0, (int)ty->n_ms - n) : 0;
    for (int i = 0; !rc && i < n; i++) {
      int32_t due =
          it->start + (int32_t)((int64_t)(it->due - it->start) * (i + 1) / n);
      int done = it->state == LEDGER_CLOSED ||
                 it->state == LEDGER_CLOSURE_REQUESTED ||
                 (it->state == LEDGER_IN_PROGRESS && due < T &&
                  between(&r, 1, 100) <= 85);
      char md[16];
      date_str(due, md);
      rc = store_prepare(c,
                         "INSERT INTO item_milestone(item_id, title, "
                         "due_date, done_at, sort) VALUES (?, ?, ?, ?, ?)",
                         &s, err);
      if (rc)
        break;
      store_bind_i64(s, 1, id);
      store_bind_text(s, 2, ty->ms[off + i]);
      store_bind_text(s, 3, md);
      if (done) {
        int32_t dday = due - between(&r, 0, 10);
        if (dday > T)
          dday = T;
        store_bind_i64(s, 4, at_ms(&r, dday));
      } else {
        store_bind_null(s, 4);
      }
      store_bind_i64(s, 5, i + 1);
      rc = store_run(s, err);
      x->st.milestones++;
    }
  }
  /* the timeline */
  last_ms = created_ms;
  if (!rc)
    rc = event(c, x, id, created_ms, x->sup_id, "督查室 刘明", "create",
               LEDGER_DRAFT, LEDGER_DRAFT, 0, "创建事项", err);
  if (!rc && it->state != LEDGER_DRAFT) {
    last_ms = created_ms + between(&r, 1, 30) * 3600000LL;
    rc = event(c, x, id, last_ms, x->sup_id, "督查室 刘明", "issue",
               LEDGER_DRAFT, LEDGER_ISSUED, 1, "", err);
  }
  if (!rc && it->state != LEDGER_DRAFT && it->state != LEDGER_ISSUED) {
    liaison_name(x, it->unit, who, sizeof who);
    last_ms += between(&r, 1, 4) * DAY_MS;
    rc = event(c, x, id, last_ms,
               x->units[it->unit].id == x->lia_unit && x->lia_id ? x->lia_id
                                                                 : x->sup_id,
               who, "sign", LEDGER_ISSUED, LEDGER_SIGNED, 1, "", err);
  }
  if (!rc && it->n_reports)
    rc = write_reports(c, x, it, id, ind_target, tp->ind_unit != NULL, &r,
                       &last_ms, err);
  if (!rc &&
      (it->state == LEDGER_CLOSURE_REQUESTED || it->state == LEDGER_CLOSED)) {
    int64_t req = at_ms(&r, it->state == LEDGER_CLOSED ? it->end - 3 : it->end);
    if (req <= last_ms)
      req = last_ms + 3600000;
    liaison_name(x, it->unit, who, sizeof who);
    rc = event(c, x, id, req, x->sup_id, who, "request_close",
               LEDGER_IN_PROGRESS, LEDGER_CLOSURE_REQUESTED, 1,
               "各项任务已完成，申请销号", err);
    last_ms = req;
    if (!rc && it->state == LEDGER_CLOSED) {
      last_ms = req + between(&r, 1, 3) * DAY_MS;
      rc = event(c, x, id, last_ms, x->sup_id, "督查室 刘明", "close",
                 LEDGER_CLOSURE_REQUESTED, LEDGER_CLOSED, 1,
                 "经核查，任务已完成，同意销号", err);
    }
  }
  if (!rc && it->state == LEDGER_CANCELLED) {
    last_ms =
        at_ms(&r, it->end) > last_ms ? at_ms(&r, it->end) : last_ms + DAY_MS;
    rc = event(c, x, id, last_ms, x->sup_id, "督查室 刘明", "cancel",
               LEDGER_SIGNED, LEDGER_CANCELLED, 1, PICK(&r, cancel_reasons),
               err);
  }
  if (!rc) {
    rc = store_prepare(c, "UPDATE ledger_item SET updated_at = ? WHERE id = ?",
                       &s, err);
    if (!rc) {
      store_bind_i64(s, 1, last_ms);
      store_bind_i64(s, 2, id);
      rc = store_run(s, err);
    }
  }
  return rc;
}

/* Gives every reporting item one report and spreads the rest by the
 * months it has been under way. */
static void allot_reports(struct ctx *x, struct bitem *v, int n, int total)
{
  int64_t weight = 0;
  int eligible = 0, given_out = 0;
  (void)x;
  for (int i = 0; i < n; i++) {
    enum ledger_state s = v[i].state;
    v[i].n_reports = 0;
    if (s == LEDGER_IN_PROGRESS || s == LEDGER_CLOSURE_REQUESTED ||
        s == LEDGER_CLOSED) {
      eligible++;
      weight += (v[i].end - v[i].start) / 30 + 1;
    }
  }
  if (!eligible)
    return;
  for (int i = 0; i < n && given_out < total; i++) {
    enum ledger_state s = v[i].state;
    if (s == LEDGER_IN_PROGRESS || s == LEDGER_CLOSURE_REQUESTED ||
        s == LEDGER_CLOSED) {
      v[i].n_reports = 1;
      given_out++;
    }
  }
  if (total > given_out && weight > 0) {
    int64_t rest = total - given_out, acc = 0, done = 0;
    for (int i = 0; i < n; i++) {
      if (!v[i].n_reports)
        continue;
      acc += (v[i].end - v[i].start) / 30 + 1;
      int64_t upto = rest * acc / weight;
      v[i].n_reports += (int)(upto - done);
      done = upto;
    }
  }
}

/* The item's approved progress once its reports are in. */
static void settle(struct rng *r, struct bitem *it)
{
  it->progress = 0;
  it->pending = 0;
  if (!it->n_reports) {
    /* a reporting state with no report left over: the unit has only signed */
    if (it->state == LEDGER_IN_PROGRESS || it->state == LEDGER_CLOSED ||
        it->state == LEDGER_CLOSURE_REQUESTED)
      it->state = LEDGER_SIGNED, it->end = it->created;
    it->final_pct = 0;
    return;
  }
  if (it->state == LEDGER_IN_PROGRESS && between(r, 1, 100) <= 30)
    it->pending = 1;
  if (it->pending)
    it->progress = it->n_reports > 1
                       ? it->final_pct * (it->n_reports - 1) / it->n_reports
                       : 0;
  else
    it->progress = it->final_pct;
}

static int32_t year_of(int32_t day)
{
  char d[16];
  time_format_date(day, d, sizeof d);
  return (int32_t)atoi(d);
}

int seed_ledger_bulk(struct store_conn *c, const struct seed_ledger_opts *o,
                     struct seed_ledger_stats *out, struct lx_err *err)
{
  struct ctx x;
  struct bitem *v;
  int rc;
  memset(&x, 0, sizeof x);
  memset(out, 0, sizeof *out);
  if (o->n_items <= 0)
    return LX_OK;
  x.a = arena_new();
  if (!x.a)
    return err_set(err, LX_ENOMEM, "oom", "", "内存不足");
  x.r.s = o->seed;
  x.today = o->today;
  rc = load_units(c, &x, err);
  if (!rc)
    rc = load_refs(c, &x, err);
  if (rc) {
    arena_free(x.a);
    return rc;
  }
  v = calloc((size_t)o->n_items, sizeof *v);
  if (!v) {
    arena_free(x.a);
    return err_set(err, LX_ENOMEM, "oom", "", "内存不足");
  }
  for (int i = 0; i < o->n_items; i++) {
    struct bitem *it = &v[i];
    const struct stype *ty;
    const struct tpl *tp;
    it->seed = ((uint64_t)rnd(&x.r) << 32) | rnd(&x.r);
    it->type = pick_type(&x.r);
    ty = &stypes[it->type];
    it->tpl = (int)(rnd(&x.r) % ty->n_tpls);
    tp = &ty->tpls[it->tpl];
    it->unit = pick_unit(&x, &x.r, it->type);
    it->town = x.units[it->unit].town;
    if (it->town < 0 && x.n_towns)
      it->town = x.towns[rnd(&x.r) % (uint32_t)x.n_towns];
    it->num = tp->ind_unit ? between(&x.r, tp->nmin, tp->nmax) : 0;
    if (tp->ind_unit && tp->nmax >= 1000)
      it->num = it->num / 10 * 10;
    it->round = between(&x.r, 3, 9);
    pick_state(&x.r, x.today, it);
    if (x.n_leaders && between(&x.r, 1, 100) <= 70)
      it->leader = x.leaders[rnd(&x.r) % (uint32_t)x.n_leaders];
    if (between(&x.r, 1, 100) <= 20) {
      int want = between(&x.r, 1, 3);
      for (int k = 0; k < 40 && it->n_co < want; k++) {
        int u = rnd(&x.r) % 3 == 0 && x.n_towns
                    ? x.towns[rnd(&x.r) % (uint32_t)x.n_towns]
                : x.n_depts ? x.depts[rnd(&x.r) % (uint32_t)x.n_depts]
                            : x.towns[rnd(&x.r) % (uint32_t)x.n_towns];
        int dup = u == it->unit;
        for (int m = 0; m < it->n_co; m++)
          dup |= it->co[m] == u;
        if (!dup)
          it->co[it->n_co++] = u;
      }
    }
  }
  allot_reports(&x, v, o->n_items, o->n_reports);
  for (int i = 0; i < o->n_items; i++)
    settle(&x.r, &v[i]);
  qsort(v, (size_t)o->n_items, sizeof *v, cmp_item);
  {
    /* codes: per type and year of creation, continuing any counter */
    int64_t seqs[LX_COUNT(stypes)][4] = {{0}};
    int base_year = year_of(x.today) - 3;
    for (int t = 0; !rc && t < N_TYPES; t++)
      for (int y = 0; !rc && y < 4; y++) {
        struct store_stmt *s;
        rc = store_prepare(c,
                           "SELECT last_seq FROM ledger_counter WHERE "
                           "type_id = ? AND year = ?",
                           &s, err);
        if (rc)
          break;
        store_bind_i64(s, 1, x.type_id[t]);
        store_bind_i64(s, 2, base_year + y);
        rc = store_step(s, err);
        if (rc == STORE_ROW)
          seqs[t][y] = store_col_i64(s, 0);
        store_stmt_done(s);
        rc = rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
      }
    for (int i = 0; !rc && i < o->n_items; i++) {
      int y = year_of(v[i].created) - base_year;
      if (y < 0)
        y = 0;
      if (y > 3)
        y = 3;
      rc = write_item(c, &x, &v[i], ++seqs[v[i].type][y], base_year + y, err);
    }
    for (int t = 0; !rc && t < N_TYPES; t++)
      for (int y = 0; !rc && y < 4; y++) {
        struct store_stmt *s;
        if (!seqs[t][y])
          continue;
        rc = store_prepare(c,
                           "INSERT INTO ledger_counter(type_id, year, "
                           "last_seq) VALUES (?, ?, ?) ON CONFLICT(type_id, "
                           "year) DO UPDATE SET last_seq = excluded.last_seq",
                           &s, err);
        if (rc)
          break;
        store_bind_i64(s, 1, x.type_id[t]);
        store_bind_i64(s, 2, base_year + y);
        store_bind_i64(s, 3, seqs[t][y]);
        rc = store_run(s, err);
      }
  }
  *out = x.st;
  free(v);
  arena_free(x.a);
  return rc;
}
