/*
 * seed_reflection.c — demo reflections and a 学史力行 proposal (see
 * seed_reflection.h).  Written through the study domain functions, so
 * the rows are what the API would have written.  The texts are written
 * for the demo.
 */
#include "cli/seed_reflection.h"

#include "base/arena.h"
#include "domain/study/action.h"
#include "domain/study/reflection.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static const char body_featured[] =
    "这段时间，支部组织我们原原本本学习党史，我最大的体会是：学史明理，"
    "理在人民。翻开党的百年历史，从井冈山的红米饭到新时代的脱贫攻坚，"
    "我们党始终把群众的冷暖放在心上，这是我们一次次走出困境、赢得胜利的根本原因"
    "。\n\n"
    "联系自己在社区网格的工作，过去我常常把入户走访当成完成任务，"
    "填完表格就算结束。学习之后再回头看，群众反映的每一件小事，"
    "比如楼道灯不亮、老人看病挂号难，背后都是实实在在的期盼。"
    "学史力行，就是要把学习成果落到为群众解决一件件具体问题上。\n\n"
    "下一步，我打算做到三点：一是每周固定半天走访独居老人，建立需求清单；"
    "二是把网格群里的诉求逐条登记，能当场办的当场办，办不了的及时上报；"
    "三是坚持每天学习半小时，把理论学习和岗位实践结合起来，"
    "用群众满意不满意来检验自己学得好不好、做得实不实。";

static const char body_returned[] =
    "通过学习，我认识到党史学习教育非常重要，"
    "要把学习作为一种政治责任、一种精神追求、一种生活方式。"
    "我们要学史明理、学史增信、学史崇德、学史力行，"
    "做到学党史、悟思想、办实事、开新局。"
    "在今后的工作中，我要进一步提高思想认识，加强理论学习，"
    "增强四个意识，坚定四个自信，做到两个维护，"
    "以更加饱满的热情投入到工作中去，为单位发展贡献自己的力量。"
    "同时也要认真查找自身存在的不足，不断改进工作作风，"
    "努力提高服务群众的能力和水平，争做一名合格的共产党员。"
    "学习永无止境，我会持之以恒地坚持下去，不断取得新的进步，"
    "以实际行动践行初心使命，在平凡岗位上作出不平凡的贡献。"
    "总之，这次学习让我受益匪浅，收获很大，今后一定继续努力，"
    "把学到的知识运用到实际工作中去。";

static const char body_submitted[] =
    "学习“为民办实事”专题材料时，我想起了小区里的一件事。"
    "我们网格内的老旧小区没有路灯，每到冬天下午六点天就黑了，"
    "上夜班回家的居民、晚上出门买药的老人只能打着手电走路，"
    "去年还有一位大爷在台阶上摔伤了腿。居民在网格群里反映过好几次，"
    "但因为小区没有物业，这件事一直没人牵头。\n\n"
    "党史里讲，我们党的根基在人民、血脉在人民、力量在人民。"
    "为群众办实事，不一定是多大的工程，往往就是这样一盏灯、一段路。"
    "学习之后我主动和几位楼栋长一起摸了底：需要安装的路灯大约十二盏，"
    "线路可以从社区服务站接入，费用不大，关键是要有单位牵头协调。\n\n"
    "因此我在这篇心得里一并提出建议，希望把“为老旧小区加装路灯”"
    "列为民生实事，由街道牵头、社区配合推进。我也愿意作为网格员全程跟进，"
    "把群众的意见收集好、把施工的情况告诉大家，让学习的收获变成看得见的变化。";

/* The account id, name, person id, unit id and unit path of username
 * (person fields 0/"" when it has none).  *found 0 when missing. */
static int account_of(struct store_conn *c, const char *username, int64_t *acct,
                      char *name, size_t name_len, int64_t *person,
                      int64_t *unit, char *path, size_t path_len, int *found,
                      struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "SELECT a.id, a.name, coalesce(p.id, 0), "
                         "coalesce(p.unit_id, 0), coalesce(p.unit_path, ''), "
                         "coalesce(p.name, a.name) FROM account a LEFT JOIN "
                         "person p ON p.id = a.person_id WHERE a.username = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, username);
  *found = 0;
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *found = 1;
    *acct = store_col_i64(s, 0);
    snprintf(name, name_len, "%s",
             store_col_text(s, person ? 5 : 1)
                 ? store_col_text(s, person ? 5 : 1)
                 : "");
    if (person) {
      *person = store_col_i64(s, 2);
      *unit = store_col_i64(s, 3);
      snprintf(path, path_len, "%s", store_col_text(s, 4));
    }
  }
  store_stmt_done(s);
  return rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
}

int seed_reflection_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct study_author au = {0};
  struct study_actor sec = {0};
  struct ledger_who sup = {0}, mem = {0};
  struct study_reflection_in in = {0};
  struct study_proposal_in pin = {0};
  struct study_source src;
  struct arena *a = NULL;
  char au_name[64] = "", au_path[256] = "", sec_name[64] = "",
       sup_name[64] = "", dummy[8];
  int64_t n = 0, id = 0, pid = 0, mat = 0, min_chars = 300;
  int found = 0, rc;
  (void)ctx;
  rc = store_query_i64(c, "SELECT count(*) FROM reflection", 0, 0, &n, err);
  if (rc || n)
    return rc;
  rc = account_of(c, "dangyuan", &au.account_id, au_name, sizeof au_name,
                  &au.person_id, &au.unit_id, au_path, sizeof au_path, &found,
                  err);
  if (rc || !found || !au.person_id)
    return rc;
  rc = account_of(c, "shuji", &sec.account_id, sec_name, sizeof sec_name, NULL,
                  NULL, dummy, sizeof dummy, &found, err);
  if (rc || !found)
    return rc;
  rc = account_of(c, "duchashi", &sup.account_id, sup_name, sizeof sup_name,
                  NULL, NULL, dummy, sizeof dummy, &found, err);
  if (rc || !found)
    return rc;
  au.name = au_name;
  au.unit_path = au_path;
  sec.name = sec_name;
  mem.account_id = au.account_id;
  mem.name = au_name;
  rc = store_query_i64(c,
                       "SELECT coalesce(min(id), 0) FROM material WHERE "
                       "status = 'published'",
                       0, 0, &mat, err);
  if (rc)
    return rc;
  in.material_id = mat;

  /* 1. approved and featured */
  in.title = "学史明理，理在人民——党史学习心得";
  in.body = body_featured;
  rc = study_reflection_create(c, &in, &au, &id, err);
  if (!rc)
    rc = study_reflection_submit(c, id, min_chars, err);
  if (!rc)
    rc = study_reflection_review(
        c, id, 1, "联系网格工作实际，措施具体，推荐精选。", &sec, err);
  if (!rc)
    rc = study_reflection_feature(c, id, 1, err);
  /* 2. returned with a comment */
  in.title = "党史学习教育心得体会";
  in.body = body_returned;
  if (!rc)
    rc = study_reflection_create(c, &in, &au, &id, err);
  if (!rc)
    rc = study_reflection_submit(c, id, min_chars, err);
  if (!rc)
    rc = study_reflection_review(
        c, id, 0, "内容较空泛，请结合自己的网格工作谈具体体会和打算。", &sec,
        err);
  /* 3. submitted, waiting for shuji, with a proposal waiting for duchashi */
  in.title = "一盏路灯里的为民情怀";
  in.body = body_submitted;
  if (!rc)
    rc = study_reflection_create(c, &in, &au, &id, err);
  if (!rc)
    rc = study_reflection_submit(c, id, min_chars, err);
  if (rc)
    return rc;
  a = arena_new();
  rc = study_source_get(c, a, STUDY_SOURCE_REFLECTION, id, &src, err);
  if (!rc)
    rc = store_query_i64(c, "SELECT id FROM ledger_type WHERE code = 'MS'", 0,
                         0, &pin.type_id, err);
  if (!rc && pin.type_id) {
    pin.title = "为老旧小区加装路灯";
    pin.description = "网格内老旧小区无路灯，约需安装十二盏，线路可从社区服务站"
                      "接入；建议街道牵头、社区配合。";
    pin.lead_unit_id = 0;
    rc = study_proposal_create(c, &src, &pin, &mem, &pid, err);
  }
  arena_free(a);
  return rc;
}
