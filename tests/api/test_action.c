/*
 * test_action.c — 学史力行 over real HTTP: a member proposes a 为民办实事
 * item from the reflection; a liaison who writes a reflection cites an
 * item of its unit (but not one it cannot read); 督查室 cites, lists the
 * proposals, accepts one (the draft item appears in the ledger with the
 * link, the timeline event and the audit entries, all from one write
 * job) and rejects another with a comment; the item's study-links name
 * the reflection; a study session is a source too.  Refusals: bad fields
 * (400 naming them), sources the caller cannot read (404) or act on
 * (403), items the caller cannot read (400 action.item_missing), twice
 * (409), deciding a decided proposal (409).  Finally the statistics'
 * counting functions (study_action_count_for_unit,
 * study_reflection_counts_for_unit) are read against the same database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tst_admin.h"

#include "domain/study/action.h"
#include "domain/study/reflection.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW_ADMIN "Xt#2026-passwd!"
#define PW_USER "Action#2026xy!"

static struct tst_server srv;
static struct tst_who sys1, sup, mem_a, mem_b, lia_a, lia_b, sec_a, leader;
static int64_t u_a, u_b, ms_type, item_a, item_b, refl, refl_lia, prop1, prop2,
    new_item, session;

static int64_t mk_unit(const char *name)
{
  int st;
  json_t *j =
      tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"%s\",\"kind\":\"党支部\"}", name);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static int64_t mk_person(const char *name, int64_t unit)
{
  int st;
  json_t *j = tst_j(srv.port, &sys1, "POST", "/api/v1/people", &st,
                    "{\"name\":\"%s\",\"unit_id\":%lld,\"gender\":\"女\"}",
                    name, (long long)unit);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static int64_t role_id(const char *code)
{
  int st;
  json_t *j = tst_j(srv.port, &sys1, "GET", "/api/v1/roles", &st, NULL);
  json_t *items = json_object_get(j, "items"), *it;
  size_t i;
  int64_t id = 0;
  json_array_foreach(items, i, it) if (!strcmp(tst_js(it, "code"), code)) id =
      tst_ji(it, "id");
  json_decref(j);
  return id;
}

static int mk_user(const char *username, int64_t unit, int64_t person,
                   const char *role, const char *scope, struct tst_who *w)
{
  char rj[96];
  snprintf(rj, sizeof rj, "[{\"role_id\":%lld,\"scope\":\"%s\"}]",
           (long long)role_id(role), scope);
  return tst_make_user(srv.port, &sys1, username, username, unit, person, rj,
                       PW_USER, w) > 0
             ? 0
             : -1;
}

static int64_t mk_item(const char *title, int64_t unit)
{
  int st;
  json_t *j = tst_j(srv.port, &sup, "POST", "/api/v1/items", &st,
                    "{\"type_id\":%lld,\"title\":\"%s\",\"lead_unit_id\":%lld,"
                    "\"due_date\":\"2099-12-31\",\"fields\":{\"category\":"
                    "\"养老\"}}",
                    (long long)ms_type, title, (long long)unit);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static int64_t mk_reflection(struct tst_who *w, const char *title)
{
  int st;
  json_t *j =
      tst_j(srv.port, w, "POST", "/api/v1/reflections", &st,
            "{\"title\":\"%s\",\"body\":\"学史力行，为群众办实事。\"}", title);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  json_t *j, *it;
  size_t i;
  int st;
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "sys1", PW_ADMIN, "sysadmin", NULL, 0) != 0 ||
      tst_server_start(&srv, extra) != 0 ||
      tst_as(srv.port, "sys1", PW_ADMIN, &sys1) != 200)
    return -1;
  u_a = mk_unit("甲支部");
  u_b = mk_unit("乙支部");
  if (!u_a || !u_b ||
      mk_user("mem_a", u_a, mk_person("孙伟", u_a), "member", "self", &mem_a) ||
      mk_user("mem_b", u_b, mk_person("王强", u_b), "member", "self", &mem_b) ||
      mk_user("lia_a", u_a, mk_person("周敏", u_a), "liaison", "unit",
              &lia_a) ||
      mk_user("lia_b", u_b, 0, "liaison", "unit", &lia_b) ||
      mk_user("sec_a", u_a, 0, "secretary", "subtree", &sec_a) ||
      mk_user("leader1", 1, 0, "leader", "all", &leader) ||
      mk_user("sup1", 1, 0, "supervisor", "all", &sup))
    return -1;
  j = tst_j(srv.port, &sup, "GET", "/api/v1/ledger-types", &st, NULL);
  json_array_foreach(json_object_get(j, "items"), i,
                     it) if (!strcmp(tst_js(it, "code"), "MS")) ms_type =
      tst_ji(it, "id");
  json_decref(j);
  item_a = mk_item("甲支部养老服务", u_a);
  item_b = mk_item("乙支部就业帮扶", u_b);
  refl = mk_reflection(&mem_a, "学党史办实事");
  refl_lia = mk_reflection(&lia_a, "联络员的心得");
  return ms_type && item_a && item_b && refl && refl_lia ? 0 : -1;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

static json_t *propose(struct tst_who *w, const char *kind, int64_t src,
                       int *st, const char *rest)
{
  return tst_j(srv.port, w, "POST", "/api/v1/action-proposals", st,
               "{\"source_kind\":\"%s\",\"source_id\":%lld%s}", kind,
               (long long)src, rest);
}

static json_t *src_links(struct tst_who *w, int *st)
{
  char path[96];
  snprintf(path, sizeof path,
           "/api/v1/action-links?source_kind=reflection&source_id=%lld",
           (long long)refl);
  return tst_j(srv.port, w, "GET", path, st, NULL);
}

static void propose_refusals(void **state)
{
  int st;
  char rest[200];
  json_t *j;
  (void)state;
  j = propose(&mem_a, "reflection", refl, &st, ",\"title\":\"修路灯\"");
  tst_expect_err(j, st, 400, "field.required", "type_id");
  j = propose(&mem_a, "poem", refl, &st, ",\"title\":\"修路灯\"");
  tst_expect_err(j, st, 400, "field.invalid", "source_kind");
  snprintf(rest, sizeof rest, ",\"type_id\":%lld", (long long)ms_type);
  j = propose(&mem_a, "reflection", refl, &st, rest);
  tst_expect_err(j, st, 400, "field.required", "title");
  j = propose(&mem_a, "reflection", refl, &st,
              ",\"type_id\":999999,\"title\":\"修路灯\"");
  tst_expect_err(j, st, 400, "action.type_missing", "type_id");
  snprintf(rest, sizeof rest,
           ",\"type_id\":%lld,\"title\":\"修路灯\",\"lead_unit_id\":999999",
           (long long)ms_type);
  j = propose(&mem_a, "reflection", refl, &st, rest);
  tst_expect_err(j, st, 400, "action.unit_missing", "lead_unit_id");
  snprintf(rest, sizeof rest, ",\"type_id\":%lld,\"title\":\"修路灯\"",
           (long long)ms_type);
  /* someone else's draft: 404; a missing source: 404 */
  j = propose(&mem_b, "reflection", refl, &st, rest);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = propose(&mem_a, "reflection", 999999, &st, rest);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = propose(&mem_a, "session", 999999, &st, rest);
  tst_expect_err(j, st, 404, "not_found", NULL);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM action_proposal"),
                      "0");
}

static void propose_ok(void **state)
{
  int st;
  char rest[300];
  json_t *j;
  (void)state;
  snprintf(rest, sizeof rest,
           ",\"type_id\":%lld,\"title\":\"为小区加装路灯\",\"description\":"
           "\"居民夜间出行不便\",\"lead_unit_id\":%lld",
           (long long)ms_type, (long long)u_a);
  j = propose(&mem_a, "reflection", refl, &st, rest);
  assert_int_equal(st, 201);
  prop1 = tst_ji(j, "id");
  assert_string_equal(tst_js(j, "status"), "proposed");
  assert_string_equal(tst_js(j, "type_name"), "民生实事");
  assert_string_equal(tst_js(j, "source_title"), "学党史办实事");
  assert_string_equal(tst_js(j, "lead_unit_name"), "甲支部");
  json_decref(j);
  snprintf(rest, sizeof rest, ",\"type_id\":%lld,\"title\":\"开设夜校\"",
           (long long)ms_type);
  j = propose(&mem_a, "reflection", refl, &st, rest);
  assert_int_equal(st, 201);
  prop2 = tst_ji(j, "id");
  json_decref(j);
  /* the author sees both on the source; can_cite is false (no ledger.read) */
  j = src_links(&mem_a, &st);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "proposals")), 2);
  assert_true(json_is_true(json_object_get(j, "can_propose")));
  assert_false(json_is_true(json_object_get(j, "can_cite")));
  assert_int_equal(json_array_size(json_object_get(j, "types")), 9);
  json_decref(j);
  j = src_links(&mem_b, &st);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = tst_j(srv.port, &mem_a, "GET", "/api/v1/action-links?source_id=1", &st,
            NULL);
  tst_expect_err(j, st, 400, "query.invalid", "source_kind");
  j = tst_j(srv.port, &mem_a, "GET",
            "/api/v1/action-links?source_kind=reflection", &st, NULL);
  tst_expect_err(j, st, 400, "query.invalid", "source_id");
}

static json_t *cite(struct tst_who *w, int64_t src, int64_t item, int *st)
{
  return tst_j(srv.port, w, "POST", "/api/v1/action-links", st,
               "{\"source_kind\":\"reflection\",\"source_id\":%lld,"
               "\"item_id\":%lld}",
               (long long)src, (long long)item);
}

static void cite_items(void **state)
{
  int st;
  json_t *j;
  int64_t link;
  char path[64];
  (void)state;
  j = cite(&mem_a, refl, item_a, &st); /* members have no ledger.read */
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = cite(&leader, refl_lia, item_a, &st); /* draft of another: 404 */
  tst_expect_err(j, st, 404, "not_found", NULL);
  /* the liaison writes its own reflection and cites what it can read */
  j = cite(&lia_a, refl_lia, item_b, &st);
  tst_expect_err(j, st, 400, "action.item_missing", "item_id");
  j = cite(&lia_a, refl_lia, 999999, &st);
  tst_expect_err(j, st, 400, "action.item_missing", "item_id");
  j = cite(&lia_a, refl_lia, item_a, &st);
  assert_int_equal(st, 201);
  assert_string_equal(tst_js(j, "item_title"), "甲支部养老服务");
  assert_string_equal(tst_js(j, "source_kind"), "reflection");
  link = tst_ji(j, "id");
  json_decref(j);
  j = cite(&lia_a, refl_lia, item_a, &st);
  tst_expect_err(j, st, 409, "action.link_exists", "item_id");
  j = tst_j(srv.port, &lia_a, "POST", "/api/v1/action-links", &st,
            "{\"source_kind\":\"reflection\",\"source_id\":%lld,"
            "\"item_id\":\"x\"}",
            (long long)refl_lia);
  tst_expect_err(j, st, 400, "field.type", "item_id");
  /* 督查室 (ledger.write over the unit) cites on the member's reflection
   * once it is submitted (drafts are the author's alone) */
  j = cite(&sup, refl, item_b, &st);
  tst_expect_err(j, st, 404, "not_found", NULL);
  /* remove the liaison's link: another liaison cannot (404), it can */
  snprintf(path, sizeof path, "/api/v1/action-links/%lld", (long long)link);
  j = tst_j(srv.port, &lia_b, "DELETE", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = tst_j(srv.port, &lia_a, "DELETE", path, &st, NULL);
  assert_int_equal(st, 204);
  json_decref(j);
  j = tst_j(srv.port, &lia_a, "DELETE", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = cite(&lia_a, refl_lia, item_a, &st);
  assert_int_equal(st, 201);
  json_decref(j);
}

static void accept_and_reject(void **state)
{
  int st;
  char path[96];
  json_t *j, *tl;
  (void)state;
  j = tst_j(srv.port, &sec_a, "GET", "/api/v1/action-proposals", &st, NULL);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = tst_j(srv.port, &sup, "GET", "/api/v1/action-proposals?status=maybe", &st,
            NULL);
  tst_expect_err(j, st, 400, "query.invalid", "status");
  j = tst_j(srv.port, &sup, "GET", "/api/v1/action-proposals?status=proposed",
            &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/action-proposals/%lld/accept",
           (long long)prop1);
  j = tst_j(srv.port, &sup, "POST", path, &st, "{}");
  tst_expect_err(j, st, 400, "field.required", "due_date");
  j = tst_j(srv.port, &sup, "POST", path, &st,
            "{\"due_date\":\"2026-02-30\",\"fields\":{\"category\":\"其他\"}}");
  tst_expect_err(j, st, 400, "field.date", "due_date");
  j = tst_j(srv.port, &sup, "POST", path, &st, "{\"due_date\":\"2099-06-30\"}");
  tst_expect_err(j, st, 400, "ledger.field_required", "fields.category");
  j = tst_j(srv.port, &sup, "POST", path, &st,
            "{\"due_date\":\"2099-06-30\",\"lead_unit_id\":999999,"
            "\"fields\":{\"category\":\"其他\"}}");
  tst_expect_err(j, st, 400, "action.unit_missing", "lead_unit_id");
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM ledger_item"), "2");
  j = tst_j(srv.port, &sup, "POST", path, &st,
            "{\"due_date\":\"2099-06-30\",\"fields\":{\"category\":\"其他\"}}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "status"), "accepted");
  new_item = tst_ji(j, "item_id");
  assert_true(new_item > 0);
  json_decref(j);
  j = tst_j(srv.port, &sup, "POST", path, &st,
            "{\"due_date\":\"2099-06-30\",\"fields\":{\"category\":\"其他\"}}");
  tst_expect_err(j, st, 409, "action.already_decided", "status");
  /* the new item: a draft 民生实事 of unit A with the proposal's title and
   * a create event saying where it came from */
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)new_item);
  j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "title"), "为小区加装路灯");
  assert_string_equal(tst_js(j, "state"), "draft");
  assert_int_equal(tst_ji(j, "lead_unit_id"), u_a);
  tl = json_object_get(j, "timeline");
  assert_string_equal(tst_js(json_array_get(tl, 0), "action"), "create");
  assert_non_null(strstr(tst_js(json_array_get(tl, 0), "comment"), "学史力行"));
  json_decref(j);
  /* where it came from */
  snprintf(path, sizeof path, "/api/v1/items/%lld/study-links",
           (long long)new_item);
  j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  assert_int_equal(
      tst_ji(json_array_get(json_object_get(j, "items"), 0), "source_id"),
      refl);
  assert_string_equal(
      tst_js(json_array_get(json_object_get(j, "items"), 0), "source_author"),
      "孙伟");
  json_decref(j);
  j = tst_j(srv.port, &lia_b, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = tst_j(srv.port, &lia_a, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  json_decref(j);
  /* reject the second */
  snprintf(path, sizeof path, "/api/v1/action-proposals/%lld/reject",
           (long long)prop2);
  j = tst_j(srv.port, &sup, "POST", path, &st, "{}");
  tst_expect_err(j, st, 400, "action.comment_required", "comment");
  j = tst_j(srv.port, &sup, "POST", path, &st, "{\"comment\":\"否\"}");
  tst_expect_err(j, st, 400, "action.comment_required", "comment");
  j = tst_j(srv.port, &sup, "POST", path, &st,
            "{\"comment\":\"已纳入街道年度计划\"}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "status"), "rejected");
  assert_string_equal(tst_js(j, "decision_comment"), "已纳入街道年度计划");
  json_decref(j);
  j = tst_j(srv.port, &sup, "POST", path, &st, "{\"comment\":\"再次处理\"}");
  tst_expect_err(j, st, 409, "action.already_decided", "status");
  j = tst_j(srv.port, &sup, "POST", "/api/v1/action-proposals/999999/reject",
            &st, "{\"comment\":\"不存在\"}");
  tst_expect_err(j, st, 404, "not_found", NULL);
  /* the author's source view shows the link and both decisions */
  j = src_links(&mem_a, &st);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "links")), 1);
  assert_string_equal(
      tst_js(json_array_get(json_object_get(j, "links"), 0), "item_title"),
      "为小区加装路灯");
  json_decref(j);
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE action IN "
                      "('action_proposal.create','action_proposal.accept',"
                      "'action_proposal.reject','action_link.create',"
                      "'action_link.delete')"),
      "7");
  assert_string_equal(
      tst_sql(srv.db, "SELECT group_concat(kind, ',') FROM (SELECT kind FROM "
                      "notification WHERE kind LIKE 'action_proposal.%' "
                      "ORDER BY id)"),
      "action_proposal.accepted,action_proposal.rejected");
  /* the draft whose proposal became an item cannot be deleted */
  snprintf(path, sizeof path, "/api/v1/reflections/%lld", (long long)refl);
  j = tst_j(srv.port, &mem_a, "DELETE", path, &st, NULL);
  tst_expect_err(j, st, 409, "reflection.has_actions", NULL);
}

static void session_source(void **state)
{
  int st;
  char rest[200];
  json_t *j;
  (void)state;
  j = tst_j(
      srv.port, &sec_a, "POST", "/api/v1/study-sessions", &st,
      "{\"unit_id\":%lld,\"kind\":\"study\",\"title\":\"专题学习：为民办实事\","
      "\"starts_at\":\"2026-12-01T09:00:00+08:00\","
      "\"ends_at\":\"2026-12-01T11:00:00+08:00\"}",
      (long long)u_a);
  assert_int_equal(st, 201);
  session = tst_ji(j, "id");
  json_decref(j);
  snprintf(rest, sizeof rest, ",\"type_id\":%lld,\"title\":\"建设口袋公园\"",
           (long long)ms_type);
  j = propose(&mem_b, "session", session, &st, rest); /* branch B: 404 */
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = propose(&mem_a, "session", session, &st, rest); /* reads, no act */
  tst_expect_err(j, st, 403, "action.propose_forbidden", NULL);
  j = propose(&sec_a, "session", session, &st, rest);
  assert_int_equal(st, 201);
  assert_string_equal(tst_js(j, "source_kind"), "session");
  assert_string_equal(tst_js(j, "source_title"), "专题学习：为民办实事");
  json_decref(j);
  j = tst_j(srv.port, &sup, "POST", "/api/v1/action-links", &st,
            "{\"source_kind\":\"session\",\"source_id\":%lld,\"item_id\":%lld}",
            (long long)session, (long long)item_b);
  assert_int_equal(st, 201);
  json_decref(j);
}

static void counts(void **state)
{
  struct store_opts o = {0};
  struct store *st = NULL;
  struct store_conn *c = NULL;
  struct lx_err e;
  int64_t links = -1, acc = -1, sub = -1, appr = -1, feat = -1;
  char path_a[64], path_b[64];
  (void)state;
  snprintf(path_a, sizeof path_a, "%s",
           tst_sql(srv.db, "SELECT path FROM unit WHERE id = (SELECT min(id) "
                           "FROM unit WHERE name = '甲支部')"));
  snprintf(path_b, sizeof path_b, "%s",
           tst_sql(srv.db, "SELECT path FROM unit WHERE name = '乙支部'"));
  o.path = srv.db;
  o.busy_timeout_ms = 5000;
  o.no_writer = 1;
  assert_int_equal(store_open(&o, &st, &e), LX_OK);
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  /* unit A: the liaison's citation, the accepted proposal's link and the
   * session's link (made by 督查室 on a session of unit A) */
  assert_int_equal(
      study_action_count_for_unit(c, path_a, NULL, NULL, &links, &acc, &e),
      LX_OK);
  assert_int_equal(links, 3);
  assert_int_equal(acc, 1);
  assert_int_equal(study_action_count_for_unit(c, path_b, "2000-01-01",
                                               "2099-12-31", &links, &acc, &e),
                   LX_OK);
  assert_int_equal(links, 0);
  assert_int_equal(acc, 0);
  assert_int_equal(study_action_count_for_unit(c, "/", "2000-01-01",
                                               "2000-12-31", &links, &acc, &e),
                   LX_OK);
  assert_int_equal(links, 0);
  assert_int_equal(
      study_action_count_for_unit(c, "/", "2000-13-01", NULL, &links, &acc, &e),
      LX_EINVAL);
  assert_string_equal(e.field, "from");
  /* reflections: both are drafts, nothing counted yet */
  assert_int_equal(study_reflection_counts_for_unit(c, path_a, NULL, NULL, &sub,
                                                    &appr, &feat, &e),
                   LX_OK);
  assert_int_equal(sub, 0);
  assert_int_equal(appr, 0);
  assert_int_equal(feat, 0);
  store_read_release(st, c);
  store_close(st);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(propose_refusals), cmocka_unit_test(propose_ok),
      cmocka_unit_test(cite_items),       cmocka_unit_test(accept_and_reject),
      cmocka_unit_test(session_source),   cmocka_unit_test(counts),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
