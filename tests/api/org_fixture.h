/*
 * org_fixture.h — the org tree, people and accounts both test_org.c and
 * test_people.c start from (included by each; every test binary is its
 * own program, so the static definitions here are not shared state).
 *
 *   区委 (root, 1)
 *   ├── 组织部 (u_a)                 李娜
 *   └── 城关镇 (u_t)
 *       └── 城关镇党委 (u_tp)
 *           ├── 第一党支部 (u_b1)    张伟 (phone), 张卫
 *           └── 第二党支部 (u_b2)    王芳 (phone; account mem_b2, member/self)
 *   accounts: sys1 (sysadmin), sec1 (secadmin), secr_b1 (secretary,
 *   subtree of u_b1), orgadm_t (custom role org.read+org.admin, subtree of
 *   u_t), mem_b2.
 */
#ifndef ORG_FIXTURE_H
#define ORG_FIXTURE_H

#include "tst_admin.h"

#include <stdio.h>
#include <string.h>

#define PW_ADMIN "Xt#2026-passwd!"
#define PW_USER "Member#2026x!"

static struct tst_server srv;
static struct tst_who sys1, sec1, mem_b2, secr_b1, orgadm_t;
static int64_t u_a, u_t, u_tp, u_b1, u_b2;
static int64_t p_zhangwei, p_zhangwei2, p_wangfang, p_lina;

__attribute__((unused)) static int64_t mk_unit(int64_t parent, const char *name,
                                               const char *kind)
{
  int st;
  json_t *j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
                    "{\"parent_id\":%lld,\"name\":\"%s\",\"kind\":\"%s\"}",
                    (long long)parent, name, kind);
  int64_t id = tst_ji(j, "id");
  if (st != 201)
    fail_msg("unit %s: %d %s", name, st, tst_last.body);
  json_decref(j);
  return id;
}

__attribute__((unused)) static int64_t mk_person(int64_t unit, const char *name,
                                                 const char *extra)
{
  int st;
  json_t *j = tst_j(srv.port, &sys1, "POST", "/api/v1/people", &st,
                    "{\"unit_id\":%lld,\"name\":\"%s\"%s}", (long long)unit,
                    name, extra ? extra : "");
  int64_t id = tst_ji(j, "id");
  if (st != 201)
    fail_msg("person %s: %d %s", name, st, tst_last.body);
  json_decref(j);
  return id;
}

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  char roles[200];
  int st;
  json_t *j;
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "sys1", PW_ADMIN, "sysadmin", NULL, 0) != 0 ||
      tst_user_add(srv.db, "sec1", PW_ADMIN, "secadmin", NULL, 0) != 0 ||
      tst_server_start(&srv, extra) != 0)
    return -1;
  if (tst_as(srv.port, "sys1", PW_ADMIN, &sys1) != 200 ||
      tst_as(srv.port, "sec1", PW_ADMIN, &sec1) != 200)
    return -1;
  u_a = mk_unit(1, "组织部", "部门");
  u_t = mk_unit(1, "城关镇", "乡镇");
  u_tp = mk_unit(u_t, "城关镇党委", "党委");
  u_b1 = mk_unit(u_tp, "第一党支部", "党支部");
  u_b2 = mk_unit(u_tp, "第二党支部", "党支部");
  p_zhangwei =
      mk_person(u_b1, "张伟", ",\"gender\":\"男\",\"phone\":\"13812345678\"");
  p_zhangwei2 = mk_person(u_b1, "张卫", NULL);
  p_wangfang = mk_person(u_b2, "王芳", ",\"phone\":\"13900001111\"");
  p_lina = mk_person(u_a, "李娜", NULL);
  /* a member of branch 2, a secretary of branch 1 */
  tst_make_user(srv.port, &sys1, "mem_b2", "王芳", u_b2, p_wangfang,
                "[{\"role_id\":8,\"scope\":\"self\"}]", PW_USER, &mem_b2);
  tst_make_user(srv.port, &sys1, "secr_b1", "支书", u_b1, 0,
                "[{\"role_id\":7,\"scope\":\"subtree\"}]", PW_USER, &secr_b1);
  /* a custom org-admin role, held with subtree scope at 城关镇 */
  j = tst_j(srv.port, &sec1, "POST", "/api/v1/roles", &st,
            "{\"code\":\"org_admin_town\",\"name\":\"乡镇组织管理员\","
            "\"permissions\":[\"org.read\",\"org.admin\"]}");
  if (st != 201)
    fail_msg("role: %d %s", st, tst_last.body);
  snprintf(roles, sizeof roles, "[{\"role_id\":%lld,\"scope\":\"subtree\"}]",
           (long long)tst_ji(j, "id"));
  json_decref(j);
  tst_make_user(srv.port, &sys1, "orgadm_t", "镇组织委员", u_t, 0, roles,
                PW_USER, &orgadm_t);
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

#endif
