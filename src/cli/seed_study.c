/*
 * seed_study.c — the study library, reading records and study_day rows
 * of `luoshi seed` (see seed_study.h).
 *
 * Readings: each person gets an activity level from its unit's factor
 * (some branches study more than others) and its own draw (in the least
 * studious units two in five persons do not study at all); the number of
 * readings follows the level and is scaled so that the total is the one asked
 * for.  Readings fall on the person's study days (about 0.4 days per
 * reading: two or three materials a day), with seconds around the
 * material's min_seconds (completed when they reach it); study_day holds
 * per person and day the sum of that day's readings, so the statistics
 * and the per-member history agree.
 */
#include "cli/seed_study.h"

#include "base/timeutil.h"
#include "domain/study/material.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS 86400000LL

struct lib_material {
  int topic;
  const char *title, *source, *author, *date, *tags, *town, *body;
};

#include "cli/seed_study_lib.inc"

static const char *const topic_names[] = {
    "党史",     "新中国史", "改革开放史", "社会主义发展史", "全会精神",
    "重要讲话", "党内法规", "理论学习",   "先进典型"};

struct rng {
  uint64_t s;
};

static uint32_t rnd(struct rng *r)
{
  r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
  return (uint32_t)(r->s >> 33);
}

#define PICK(r, arr) (arr)[rnd(r) % LX_COUNT(arr)]

/* ---- generated text ------------------------------------------------------ */

static const char *const themes[] = {
    "党史学习教育", "学史明理",   "学史增信",     "学史崇德", "学史力行",
    "初心使命",     "为民办实事", "乡村振兴",     "三会一课", "基层治理",
    "作风建设",     "高质量发展", "全面从严治党", "理想信念", "群众路线"};
static const int theme_topic[] = {1, 8, 8, 8, 8, 6, 8, 8, 7, 8, 7, 5, 7, 4, 1};
static const char *const title_pre[] = {"深入推进", "扎实开展", "关于",
                                        "浅谈",     "做好",     "持续深化",
                                        "全面落实", "认真践行"};
static const char *const title_post[] = {
    "的几点思考", "学习辅导", "的实践与探索", "专题学习材料",
    "工作经验",   "心得汇编", "的若干问题",   "宣讲提纲"};
static const char *const subjects[] = {
    "各级党组织",   "全区党员干部",     "基层党支部", "广大党员",
    "机关党委",     "村（社区）党组织", "支部书记",   "青年党员",
    "党员领导干部", "各镇街党委"};
static const char *const verbs[] = {
    "要深入学习",     "要认真贯彻", "要始终坚持", "要切实做到", "必须始终牢记",
    "要结合实际推进", "要持续巩固", "要不断深化", "要自觉践行", "要准确把握"};
static const char *const objects[] = {
    "党史学习教育成果",
    "学史明理、学史增信、学史崇德、学史力行的要求",
    "初心使命",
    "为民办实事的各项任务",
    "乡村振兴战略",
    "“三会一课”制度",
    "全面从严治党要求",
    "新时代党的组织路线",
    "以人民为中心的发展思想",
    "党的群众路线",
    "实事求是的思想路线",
    "基层治理现代化的目标",
    "高质量发展的目标任务",
    "改革开放的宝贵经验",
    "红色基因和革命传统",
    "党史中蕴含的智慧和力量"};
static const char *const tails[] = {
    "，切实把学习成效转化为推动发展的强大动力。",
    "，确保各项工作落地见效。",
    "，不断增强群众的获得感、幸福感、安全感。",
    "，在攻坚克难中践行初心使命。",
    "，推动形成比学赶超的浓厚氛围。",
    "，做到学有所思、思有所悟、悟有所行。",
    "，努力交出让群众满意的答卷。",
    "，把问题解决在基层、化解在萌芽状态。",
    "，以钉钉子精神抓好工作落实。"};
static const char *const openers[] = {
    "一是",       "二是",       "三是",           "同时，",     "此外，",
    "实践证明，", "回顾党史，", "在新的征程上，", "我们看到，", ""};
static const char *const history[] = {
    "一九二一年，中国共产党的成立使中国革命面貌焕然一新",
    "一九二七年，党开始独立领导武装斗争，开辟了农村包围城市的道路",
    "一九三五年，遵义会议在危急关头挽救了党和红军",
    "一九四九年，新中国的成立实现了民族独立和人民解放",
    "一九七八年，党作出了实行改革开放的历史性决策",
    "新时代以来，党领导人民打赢脱贫攻坚战，全面建成小康社会"};
static const char *const lessons[] = {
    "这段历史告诉我们，坚持党的领导是一切胜利的根本保证",
    "这启示我们，必须始终坚持实事求是、一切从实际出发",
    "这说明，人民群众是历史的创造者，是我们力量的源泉",
    "这深刻表明，自我革命是党永葆生机活力的关键",
    "这提醒我们，越是艰难困苦越要坚定理想信念"};
static const char *const practice[] = {
    "某村党支部组织党员结对帮扶困难群众，解决了一批群众急难愁盼问题",
    "某社区党组织推行网格化管理，把服务送到居民家门口",
    "某单位党支部把学习心得中提出的建议纳入工作台账，逐项推进落实",
    "某镇党委以党建联盟带动特色产业发展，带动农户持续增收",
    "某机关党支部开展“走基层、解难题”活动，帮助企业解决实际困难"};

/* Counts the characters of UTF-8 text. */
static long utf8_chars(const char *s, size_t n)
{
  long c = 0;
  for (size_t i = 0; i < n; i++)
    c += ((unsigned char)s[i] & 0xc0) != 0x80;
  return c;
}

/* Writes one generated body of about target characters into buf. */
static size_t gen_body(struct rng *r, char *buf, size_t cap, long target,
                       const char *theme)
{
  size_t n = 0;
  long chars = 0;
  int para = 0;
  while (chars < target && n + 1200 < cap) {
    int sentences = 3 + (int)(rnd(r) % 4);
    size_t start = n;
    if (para % 3 == 0) {
      n += (size_t)snprintf(buf + n, cap - n, "## %s（%d）\n\n", theme,
                            para / 3 + 1);
    }
    for (int k = 0; k < sentences; k++) {
      uint32_t kind = rnd(r) % 10;
      if (kind < 6)
        n += (size_t)snprintf(buf + n, cap - n, "%s%s%s%s", PICK(r, openers),
                              PICK(r, subjects), PICK(r, verbs),
                              PICK(r, objects));
      else if (kind < 8)
        n += (size_t)snprintf(buf + n, cap - n, "%s。%s", PICK(r, history),
                              PICK(r, lessons));
      else
        n += (size_t)snprintf(buf + n, cap - n, "%s，%s%s", PICK(r, practice),
                              "这是深入开展", theme);
      n += (size_t)snprintf(buf + n, cap - n, "%s", PICK(r, tails));
    }
    n += (size_t)snprintf(buf + n, cap - n, "\n\n");
    chars += utf8_chars(buf + start, n - start);
    para++;
  }
  while (n > 0 && buf[n - 1] == '\n')
    n--;
  buf[n] = 0;
  return n;
}

/* ---- writing ------------------------------------------------------------ */

struct ctx {
  struct store_conn *c;
  const struct seed_study_opts *o;
  struct seed_study_stats *st;
  struct rng r;
  int64_t creator, root, root_unit;
  const char *creator_name, *root_path;
  /* materials: ids 1..n with their min_seconds (index = id) */
  int64_t *min_secs;
  unsigned char *visible_all;
  int64_t n_mat, cap_mat;
  int64_t last_id; /* the highest material id so far */
  int64_t now;
};

static int ensure_topics(struct ctx *x, struct lx_err *err)
{
  int64_t n = 0;
  int rc =
      store_query_i64(x->c, "SELECT count(*) FROM study_topic", 0, 0, &n, err);
  if (rc || n)
    return rc;
  for (size_t i = 0; i < LX_COUNT(topic_names); i++) {
    struct store_stmt *s;
    char path[16];
    snprintf(path, sizeof path, "/%zu/", i + 1);
    rc = store_prepare(x->c,
                       "INSERT INTO study_topic(id, parent_id, name, sort, "
                       "path, created_at, updated_at) VALUES (?, NULL, ?, ?, "
                       "?, ?, ?)",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, (int64_t)i + 1);
    store_bind_text(s, 2, topic_names[i]);
    store_bind_i64(s, 3, (int64_t)i + 1);
    store_bind_text(s, 4, path);
    store_bind_i64(s, 5, x->now);
    store_bind_i64(s, 6, x->now);
    if ((rc = store_run(s, err)))
      return rc;
  }
  return LX_OK;
}

static int64_t date_ms(const char *ymd, int64_t fallback)
{
  int32_t d;
  if (!ymd || !time_parse_date(ymd, &d))
    return fallback;
  return (int64_t)d * DAY_MS + 9 * 3600000LL -
         (int64_t)time_get_offset_min() * 60000;
}

static int add_tags(struct ctx *x, int64_t id, const char *tags,
                    struct lx_err *err)
{
  char buf[256];
  char *save = NULL;
  snprintf(buf, sizeof buf, "%s", tags);
  for (char *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
    struct store_stmt *s;
    int rc = store_prepare(x->c,
                           "INSERT INTO material_tag(material_id, tag) VALUES "
                           "(?, ?) ON CONFLICT DO NOTHING",
                           &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, id);
    store_bind_text(s, 2, t);
    if ((rc = store_run(s, err)))
      return rc;
  }
  return LX_OK;
}

/* Inserts one published material; town_id 0 = visible to all. */
static int add_material(struct ctx *x, int topic, const char *title,
                        const char *source, const char *author,
                        const char *date, const char *body, size_t body_len,
                        const char *tags, int64_t town_id,
                        const char *town_path, struct lx_err *err)
{
  struct store_stmt *s;
  long chars = utf8_chars(body, body_len);
  int64_t secs = study_material_default_seconds(chars), id = 0;
  int64_t at = date_ms(date, x->now);
  char summary[400];
  size_t cut = 0;
  int rc;
  /* the summary: the body's first ~80 characters of plain text */
  {
    const char *p = body;
    long ch = 0;
    while (*p == '#' || *p == ' ')
      p++;
    while (p[cut] && ch < 80 && cut < sizeof summary - 8) {
      if (p[cut] == '\n')
        break;
      ch += ((unsigned char)p[cut] & 0xc0) != 0x80;
      cut++;
    }
    while (cut && ((unsigned char)p[cut] & 0xc0) == 0x80)
      cut--;
    snprintf(summary, sizeof summary, "%.*s", (int)cut, p);
  }
  /* the tags first (foreign keys are deferred, see seed_study), so the
   * search trigger of the material indexes its text once, tags included;
   * tags written after it would make the index re-read the whole text
   * for each tag */
  id = ++x->last_id;
  rc = add_tags(x, id, tags, err);
  if (rc)
    return rc;
  rc = store_prepare(
      x->c,
      "INSERT INTO material(id, topic_id, title, source, author, publish_date, "
      "summary, body, body_chars, min_seconds, status, visible_all, "
      "owner_unit_id, owner_unit_path, created_by, creator_name, "
      "published_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, 'published', ?, ?, ?, ?, ?, ?, ?, ?)",
      &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  store_bind_i64(s, 2, topic);
  store_bind_text(s, 3, title);
  store_bind_text(s, 4, source);
  store_bind_text(s, 5, author);
  store_bind_text(s, 6, date);
  store_bind_text(s, 7, summary);
  store_bind_textn(s, 8, body, body_len);
  store_bind_i64(s, 9, chars);
  store_bind_i64(s, 10, secs);
  store_bind_i64(s, 11, town_id ? 0 : 1);
  store_bind_i64(s, 12, town_id ? town_id : x->root_unit);
  store_bind_text(s, 13, town_id ? town_path : x->root_path);
  store_bind_i64(s, 14, x->creator);
  store_bind_text(s, 15, x->creator_name);
  store_bind_i64(s, 16, at);
  store_bind_i64(s, 17, at);
  store_bind_i64(s, 18, at);
  if ((rc = store_run(s, err)))
    return rc;
  if (id >= x->cap_mat) {
    int64_t cap = x->cap_mat ? x->cap_mat * 2 : 1024;
    while (cap <= id)
      cap *= 2;
    x->min_secs = lx_realloc(x->min_secs, sizeof *x->min_secs * (size_t)cap);
    x->visible_all = lx_realloc(x->visible_all, (size_t)cap);
    memset(x->min_secs + x->cap_mat, 0,
           sizeof *x->min_secs * (size_t)(cap - x->cap_mat));
    memset(x->visible_all + x->cap_mat, 0, (size_t)(cap - x->cap_mat));
    x->cap_mat = cap;
  }
  x->min_secs[id] = secs;
  x->visible_all[id] = !town_id;
  if (id > x->n_mat)
    x->n_mat = id;
  x->st->materials++;
  if (town_id) {
    rc = store_prepare(x->c,
                       "INSERT INTO material_unit(material_id, unit_id, "
                       "unit_path) VALUES (?, ?, ?)",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, id);
    store_bind_i64(s, 2, town_id);
    store_bind_text(s, 3, town_path);
    rc = store_run(s, err);
  }
  return rc;
}

static int town_of(struct ctx *x, const char *name, int64_t *id, char *path,
                   size_t path_len, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(x->c,
                         "SELECT id, path FROM unit WHERE name = ? ORDER BY id "
                         "LIMIT 1",
                         &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, name);
  rc = store_step(s, err);
  *id = 0;
  path[0] = 0;
  if (rc == STORE_ROW) {
    *id = store_col_i64(s, 0);
    snprintf(path, path_len, "%s", store_col_text(s, 1));
  }
  store_stmt_done(s);
  return rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
}

static int write_library(struct ctx *x, struct lx_err *err)
{
  int rc = LX_OK;
  for (size_t i = 0; !rc && i < LX_COUNT(library); i++) {
    const struct lib_material *m = &library[i];
    int64_t town = 0;
    char path[256] = "";
    if (m->town) {
      rc = town_of(x, m->town, &town, path, sizeof path, err);
      if (rc)
        break;
    }
    rc = add_material(x, m->topic, m->title, m->source, m->author, m->date,
                      m->body, strlen(m->body), m->tags, town, path, err);
  }
  return rc;
}

static int write_bulk(struct ctx *x, struct lx_err *err)
{
  size_t cap = 16384;
  char *buf = lx_malloc(cap);
  int rc = LX_OK;
  int64_t towns[64];
  char town_paths[64][64];
  int n_towns = 0;
  struct store_stmt *s;
  rc = store_prepare(x->c,
                     "SELECT id, path FROM unit WHERE kind IN ('乡镇', '街道') "
                     "ORDER BY id LIMIT 64",
                     &s, err);
  if (rc) {
    lx_free(buf);
    return rc;
  }
  while ((rc = store_step(s, err)) == STORE_ROW) {
    towns[n_towns] = store_col_i64(s, 0);
    snprintf(town_paths[n_towns], sizeof town_paths[0], "%s",
             store_col_text(s, 1));
    n_towns++;
  }
  store_stmt_done(s);
  rc = rc == STORE_DONE ? LX_OK : rc;
  for (int i = 0; !rc && i < x->o->n_bulk; i++) {
    int t = (int)(rnd(&x->r) % LX_COUNT(themes));
    const char *theme = themes[t];
    const char *other = PICK(&x->r, themes);
    char title[256], tags[128], date[16];
    /* 800 to 3000 characters, shorter ones more often (mean ~1,500) */
    uint32_t u = rnd(&x->r) % 1000;
    long target = 800 + (long)(2200ULL * u * u / 1000000ULL);
    size_t n;
    int town =
        n_towns && i % 40 == 39 ? (int)(rnd(&x->r) % (uint32_t)n_towns) : -1;
    snprintf(title, sizeof title, "%s%s%s（第%d期）", PICK(&x->r, title_pre),
             theme, PICK(&x->r, title_post), i / 15 + 1);
    snprintf(tags, sizeof tags, "%s|%s", theme, other);
    snprintf(date, sizeof date, "%04d-%02d-%02d", 2019 + (int)(rnd(&x->r) % 8),
             1 + (int)(rnd(&x->r) % 12), 1 + (int)(rnd(&x->r) % 28));
    n = gen_body(&x->r, buf, cap, target - 60, theme);
    rc = add_material(x, theme_topic[t], title, "示范区学习资料库",
                      PICK(&x->r, subjects), date, buf, n, tags,
                      town >= 0 ? towns[town] : 0,
                      town >= 0 ? town_paths[town] : "", err);
  }
  lx_free(buf);
  return rc;
}

/* ---- readings ----------------------------------------------------------- */

struct person {
  int64_t id, unit_id;
  double activity;
};

static int load_people(struct ctx *x, struct person **out, int64_t *out_n,
                       struct lx_err *err)
{
  struct store_stmt *s;
  int64_t n = 0, cap = 4096;
  struct person *p = lx_malloc(sizeof *p * (size_t)cap);
  int rc = store_prepare(x->c,
                         "SELECT p.id, p.unit_id, (SELECT count(*) FROM "
                         "account a WHERE a.person_id = p.id) FROM person p "
                         "ORDER BY p.id",
                         &s, err);
  if (rc) {
    lx_free(p);
    return rc;
  }
  while ((rc = store_step(s, err)) == STORE_ROW) {
    uint64_t h;
    double f;
    if (n == cap) {
      cap *= 2;
      p = lx_realloc(p, sizeof *p * (size_t)cap);
    }
    p[n].id = store_col_i64(s, 0);
    p[n].unit_id = store_col_i64(s, 1);
    /* the unit's factor: 0.35 … 0.95, the same for every member */
    h = (uint64_t)p[n].unit_id * 2654435761ULL;
    f = 0.35 + 0.6 * (double)((h >> 8) % 100) / 100.0;
    if (store_col_i64(s, 2) > 0)
      p[n].activity = 0.8; /* the demo accounts' persons study */
    else if (rnd(&x->r) % 100 < (uint32_t)((1.0 - f) * 70.0))
      p[n].activity = 0;
    else
      p[n].activity = f * (0.4 + (double)(rnd(&x->r) % 100) / 100.0);
    n++;
  }
  store_stmt_done(s);
  if (rc != STORE_DONE) {
    lx_free(p);
    return rc;
  }
  *out = p;
  *out_n = n;
  return LX_OK;
}

struct pick {
  int64_t material;
  int32_t day; /* offset in the window */
};

static int cmp_pick(const void *a, const void *b)
{
  const struct pick *x = a, *y = b;
  return x->material < y->material ? -1 : x->material > y->material;
}

static int write_readings(struct ctx *x, struct lx_err *err)
{
  struct person *people = NULL;
  int64_t n_people = 0, *day_secs, *pool, n_pool = 0;
  double sum = 0, scale;
  int window = x->o->window_days;
  int32_t first_day = x->o->today - window;
  int64_t offset_ms = (int64_t)time_get_offset_min() * 60000;
  struct pick *picks;
  int32_t *days;
  int max_k, rc;
  if (x->n_mat == 0)
    return LX_OK;
  rc = load_people(x, &people, &n_people, err);
  if (rc)
    return rc;
  if (n_people == 0) {
    lx_free(people);
    return LX_OK;
  }
  /* the materials a reading may name: those everyone may see */
  pool = lx_malloc(sizeof *pool * (size_t)(x->n_mat + 1));
  for (int64_t m = 1; m <= x->n_mat; m++)
    if (x->min_secs[m] && x->visible_all[m])
      pool[n_pool++] = m;
  for (int64_t i = 0; i < n_people; i++)
    sum += people[i].activity;
  if (x->o->n_readings > 0)
    scale = (double)x->o->n_readings / (sum > 0 ? sum : 1);
  else
    scale = (double)n_pool * 0.6; /* demo: up to ~60 % of the library */
  max_k = (int)(n_pool < 400 ? n_pool : 400);
  picks = lx_malloc(sizeof *picks * (size_t)(max_k + 1));
  day_secs = lx_malloc(sizeof *day_secs * (size_t)(window + 1));
  days = lx_malloc(sizeof *days * (size_t)(window + 1));
  for (int64_t i = 0; !rc && i < n_people; i++) {
    const struct person *pp = &people[i];
    int k = (int)(pp->activity * scale + (double)(rnd(&x->r) % 100) / 100.0);
    int n = 0, n_days;
    if (k > max_k)
      k = max_k;
    if (k <= 0)
      continue;
    /* the person's study days (about 0.4 per reading); later days a
     * little more often: the window's second half gets about 60 % */
    n_days = k * 3 / 10 + (int)(rnd(&x->r) % (uint32_t)(k / 5 + 1));
    if (n_days < 1)
      n_days = 1;
    if (n_days > window)
      n_days = window;
    for (int d = 0; d < n_days; d++) {
      uint32_t a = rnd(&x->r) % (uint32_t)window,
               b = rnd(&x->r) % (uint32_t)window;
      days[d] =
          (int32_t)(rnd(&x->r) % 5 < 3 ? (a > b ? a : b) : (a < b ? a : b));
    }
    /* k distinct materials */
    while (n < k) {
      int64_t m = pool[rnd(&x->r) % (uint32_t)n_pool];
      int dup = 0;
      for (int j = 0; j < n && !dup; j++)
        dup = picks[j].material == m;
      if (dup && k * 2 > n_pool) {
        /* a dense pick (demo): walk to the next unused material */
        for (int64_t step = 1; step <= n_pool && dup; step++) {
          m = pool[(rnd(&x->r) + (uint32_t)step) % (uint32_t)n_pool];
          dup = 0;
          for (int j = 0; j < n && !dup; j++)
            dup = picks[j].material == m;
        }
      }
      if (dup)
        continue;
      picks[n].material = m;
      /* a member reads two or three materials on a study day: the
       * readings fall on the person's study days */
      picks[n].day = days[rnd(&x->r) % (uint32_t)n_days];
      n++;
    }
    qsort(picks, (size_t)n, sizeof *picks, cmp_pick);
    memset(day_secs, 0, sizeof *day_secs * (size_t)(window + 1));
    for (int j = 0; !rc && j < n; j++) {
      struct store_stmt *s;
      int64_t need = x->min_secs[picks[j].material];
      /* around min_seconds (40 % … 4×); the demo library's short texts
       * are read for 1 to 15 minutes, as people linger on them */
      int64_t secs = x->o->n_readings > 0
                         ? need * (40 + (int64_t)(rnd(&x->r) % 360)) / 100
                         : 60 + (int64_t)(rnd(&x->r) % 841);
      int32_t day = first_day + picks[j].day;
      int64_t first = (int64_t)day * DAY_MS - offset_ms +
                      (int64_t)(7 + rnd(&x->r) % 15) * 3600000LL +
                      (int64_t)(rnd(&x->r) % 3600) * 1000LL;
      int64_t last = first + secs * 1000 + 5000;
      int done;
      if (secs < 10)
        secs = 10;
      done = secs >= need;
      last = first + secs * 1000 + 5000;
      day_secs[picks[j].day] += secs;
      rc = store_prepare(x->c,
                         "INSERT INTO reading(person_id, material_id, "
                         "unit_id, seconds, progress, completed_at, first_at, "
                         "last_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         &s, err);
      if (rc)
        break;
      store_bind_i64(s, 1, pp->id);
      store_bind_i64(s, 2, picks[j].material);
      store_bind_i64(s, 3, pp->unit_id);
      store_bind_i64(s, 4, secs);
      store_bind_i64(s, 5, done ? 100 : secs * 100 / (need ? need : 1));
      if (done)
        store_bind_i64(s, 6, last);
      else
        store_bind_null(s, 6);
      store_bind_i64(s, 7, first);
      store_bind_i64(s, 8, last);
      rc = store_run(s, err);
      x->st->readings++;
    }
    for (int d = 0; !rc && d < window; d++) {
      struct store_stmt *s;
      char ymd[16];
      if (!day_secs[d])
        continue;
      time_format_date(first_day + d, ymd, sizeof ymd);
      rc = store_prepare(x->c,
                         "INSERT INTO study_day(person_id, day, unit_id, "
                         "seconds) VALUES (?, ?, ?, ?)",
                         &s, err);
      if (rc)
        break;
      store_bind_i64(s, 1, pp->id);
      store_bind_text(s, 2, ymd);
      store_bind_i64(s, 3, pp->unit_id);
      store_bind_i64(s, 4, day_secs[d]);
      rc = store_run(s, err);
      x->st->study_days++;
    }
  }
  lx_free(picks);
  lx_free(days);
  lx_free(day_secs);
  lx_free(pool);
  lx_free(people);
  return rc;
}

/* ---- bench accounts ------------------------------------------------------ */

static int write_bench(struct ctx *x, struct lx_err *err)
{
  int64_t n_people = 0;
  int rc = store_query_i64(x->c, "SELECT count(*) FROM person", 0, 0, &n_people,
                           err);
  for (int i = 1; !rc && i <= x->o->n_bench; i++) {
    struct store_stmt *s;
    char user[32], name[64];
    int64_t acct = 0;
    /* persons spread over the whole tree, none linked yet */
    int64_t nth = n_people * i / (x->o->n_bench + 1);
    snprintf(user, sizeof user, "bench%02d", i);
    snprintf(name, sizeof name, "压测党员%02d", i);
    rc = store_prepare(
        x->c,
        "INSERT INTO account(username, name, unit_id, person_id, "
        "password_hash, must_change, password_changed_at, created_at, "
        "updated_at) SELECT ?, ?, p.unit_id, p.id, ?, 0, ?, ?, ? FROM person "
        "p WHERE NOT EXISTS (SELECT 1 FROM account a WHERE a.person_id = "
        "p.id) ORDER BY p.id LIMIT 1 OFFSET ? RETURNING id",
        &s, err);
    if (rc)
      return rc;
    store_bind_text(s, 1, user);
    store_bind_text(s, 2, name);
    store_bind_text(s, 3, x->o->bench_hash);
    store_bind_i64(s, 4, x->now);
    store_bind_i64(s, 5, x->now);
    store_bind_i64(s, 6, x->now);
    store_bind_i64(s, 7, nth);
    rc = store_step(s, err);
    if (rc == STORE_ROW)
      acct = store_col_i64(s, 0);
    store_stmt_done(s);
    if (rc != STORE_ROW)
      return rc == STORE_DONE
                 ? err_set(err, LX_EINVAL, "seed.bench", "", "没有可关联的人员")
                 : rc;
    rc = store_prepare(x->c,
                       "INSERT INTO account_role(account_id, role_id, scope) "
                       "SELECT ?, id, 'self' FROM role WHERE code = 'member'",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, acct);
    rc = store_run(s, err);
    x->st->bench_accounts++;
  }
  return rc;
}

int seed_study(struct store_conn *c, const struct seed_study_opts *o,
               struct seed_study_stats *out, struct lx_err *err)
{
  struct ctx x;
  struct store_stmt *s;
  char root_path[256] = "", creator_name[128] = "";
  int64_t t0;
  int rc;
  memset(out, 0, sizeof *out);
  memset(&x, 0, sizeof x);
  x.c = c;
  x.o = o;
  x.st = out;
  x.r.s = o->seed;
  x.now = time_now_ms();
  rc = store_prepare(c,
                     "SELECT a.id, a.name FROM account a ORDER BY "
                     "a.username <> 'zuzhibu', a.id LIMIT 1",
                     &s, err);
  if (rc)
    return rc;
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    x.creator = store_col_i64(s, 0);
    snprintf(creator_name, sizeof creator_name, "%s", store_col_text(s, 1));
  }
  store_stmt_done(s);
  if (rc != STORE_ROW && rc != STORE_DONE)
    return rc;
  rc = store_prepare(c,
                     "SELECT id, path FROM unit WHERE parent_id IS NULL "
                     "ORDER BY id LIMIT 1",
                     &s, err);
  if (rc)
    return rc;
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    x.root_unit = store_col_i64(s, 0);
    snprintf(root_path, sizeof root_path, "%s", store_col_text(s, 1));
  }
  store_stmt_done(s);
  if (rc != STORE_ROW && rc != STORE_DONE)
    return rc;
  if (!x.creator || !x.root_unit)
    return err_set(err, LX_EINVAL, "seed.empty", "",
                   "学习数据需要已有的单位和账号");
  x.creator_name = creator_name;
  x.root_path = root_path;
  /* material ids are given here (tags are written before their material,
   * see add_material): foreign keys are checked at commit */
  rc = store_query_i64(c, "SELECT coalesce(max(id), 0) FROM material", 0, 0,
                       &x.last_id, err);
  if (!rc)
    rc = store_exec(c, "PRAGMA defer_foreign_keys=ON", err);
  /* a large page cache for the bulk rows (this connection is the CLI's
   * writer; restored below) */
  if (!rc && (o->n_bulk > 0 || o->n_readings > 0))
    rc = store_exec(c, "PRAGMA cache_size=-1048576", err);
  t0 = time_mono_us();
  if (!rc)
    rc = ensure_topics(&x, err);
  if (!rc)
    rc = write_library(&x, err);
  if (!rc && o->n_bulk > 0)
    rc = write_bulk(&x, err);
  out->ms_materials = (time_mono_us() - t0) / 1000;
  t0 = time_mono_us();
  if (!rc && o->window_days > 0)
    rc = write_readings(&x, err);
  out->ms_readings = (time_mono_us() - t0) / 1000;
  if (o->n_bulk > 0 || o->n_readings > 0) {
    struct lx_err e2;
    int rc2 = store_exec(c, "PRAGMA cache_size=-16384", &e2);
    if (!rc && rc2) {
      *err = e2;
      rc = rc2;
    }
  }
  if (!rc && o->n_bench > 0 && o->bench_hash)
    rc = write_bench(&x, err);
  lx_free(x.min_secs);
  lx_free(x.visible_all);
  return rc;
}
