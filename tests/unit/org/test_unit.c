/*
 * test_unit.c — domain/org/unit.c: the materialised-path helpers (child
 * paths, the subtree range that must not take "/1/50/" for "/1/5/",
 * validation, depth), unit validation, and on a real store: creating a
 * tree, moving a subtree (every descendant path and every person's
 * unit_path rewritten, a move under itself refused), the tree order of
 * the scoped list, and delete refused while a unit is not empty.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "domain/auth/auth.h"
#include "domain/org/org.h"
#include "domain/org/pinyin.h"
#include "store/migrate.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[64];
static struct store *st;
static struct arena *ar;

static int roles_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  (void)ctx;
  return auth_roles_install(c, err);
}

static int setup(void **state)
{
  char db[128];
  struct store_opts o = {db, 5000, 64, 0};
  struct lx_err e;
  int n;
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/luoshi-unit-XXXXXX");
  if (!mkdtemp(dir))
    return -1;
  snprintf(db, sizeof db, "%s/u.db", dir);
  if (store_open(&o, &st, &e) || migrate_apply(st, &n, &e) ||
      store_write(st, roles_job, NULL, &e) || org_pinyin_init())
    return -1;
  ar = arena_new();
  return 0;
}

static int teardown(void **state)
{
  char cmd[128];
  (void)state;
  arena_free(ar);
  store_close(st);
  org_pinyin_shutdown();
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static void path_helpers(void **state)
{
  char p[ORG_PATH_MAX + 1], hi[ORG_PATH_MAX + 2], big[400];
  (void)state;
  assert_int_equal(org_path_child("/1/5/", 23, p, sizeof p), LX_OK);
  assert_string_equal(p, "/1/5/23/");
  assert_int_equal(org_path_child(NULL, 7, p, sizeof p), LX_OK);
  assert_string_equal(p, "/7/");
  assert_int_equal(org_path_child("", 7, p, sizeof p), LX_OK);
  assert_string_equal(p, "/7/");
  /* too deep */
  big[0] = 0;
  while (strlen(big) < ORG_PATH_MAX - 4)
    strcat(big, "/9");
  strcat(big, "/");
  assert_int_equal(org_path_child(big, 123456, p, sizeof p), LX_ETOOBIG);
  assert_int_equal(org_path_child("/1/", 2, p, 4), LX_ETOOBIG);

  assert_true(org_path_within("/1/5/23/", "/1/5/"));
  assert_true(org_path_within("/1/5/", "/1/5/"));
  assert_false(org_path_within("/1/50/", "/1/5/"));
  assert_false(org_path_within("/1/", "/1/5/"));
  assert_false(org_path_within("/1/5/", ""));

  /* the subtree range [path, hi) holds exactly the descendants */
  org_path_hi("/1/5/", hi, sizeof hi);
  assert_string_equal(hi, "/1/50");
  assert_true(strcmp("/1/5/", hi) < 0);
  assert_true(strcmp("/1/5/999/", hi) < 0);
  assert_true(strcmp("/1/50/", hi) >= 0);
  assert_true(strcmp("/1/6/", hi) >= 0);
  assert_true(strcmp("/1/4/", "/1/5/") < 0);

  assert_true(org_path_valid("/1/"));
  assert_true(org_path_valid("/1/5/23/"));
  assert_false(org_path_valid("/"));
  assert_false(org_path_valid("1/5/"));
  assert_false(org_path_valid("/1/5"));
  assert_false(org_path_valid("/1//5/"));
  assert_false(org_path_valid("/01/"));
  assert_false(org_path_valid("/0/"));
  assert_false(org_path_valid("/1/a/"));
  assert_false(org_path_valid("/1/-5/"));
  assert_false(org_path_valid("/1/5/%/"));
  assert_false(org_path_valid(NULL));
  assert_int_equal(org_path_depth("/1/"), 0);
  assert_int_equal(org_path_depth("/1/5/23/"), 2);
  assert_int_equal(org_path_depth("/x/"), -1);
}

static void unit_validation(void **state)
{
  struct lx_err e;
  struct org_unit_in in = {"组织部", "部门", NULL, 0};
  (void)state;
  assert_int_equal(org_unit_check(&in, &e), LX_OK);
  for (const char *const *k = org_unit_kinds(); *k; k++) {
    in.kind = *k;
    assert_int_equal(org_unit_check(&in, &e), LX_OK);
  }
  in.kind = "公司";
  assert_int_equal(org_unit_check(&in, &e), LX_EINVAL);
  assert_string_equal(e.field, "kind");
  in.kind = "部门";
  in.name = "";
  assert_int_equal(org_unit_check(&in, &e), LX_EINVAL);
  assert_string_equal(e.code, "field.required");
  in.name = "a\tb";
  assert_int_equal(org_unit_check(&in, &e), LX_EINVAL);
  assert_string_equal(e.field, "name");
  in.name = "ok";
  in.code = "A_1.b-2";
  assert_int_equal(org_unit_check(&in, &e), LX_OK);
  in.code = "中文";
  assert_int_equal(org_unit_check(&in, &e), LX_EINVAL);
  assert_string_equal(e.field, "code");
  in.code = NULL;
  in.sort = 1000001;
  assert_int_equal(org_unit_check(&in, &e), LX_EINVAL);
  assert_string_equal(e.field, "sort");
}

/* ---- on a store ------------------------------------------------------- */

struct mk {
  int64_t parent; /* 0 = root */
  const char *name, *kind;
  int64_t sort;
  int64_t id;
};

static int mk_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct mk *m = ctx;
  struct org_unit parent;
  struct org_unit_in in = {m->name, m->kind, NULL, m->sort};
  int rc = LX_OK;
  if (m->parent)
    rc = org_unit_get(c, ar, m->parent, &parent, err);
  if (!rc)
    rc = org_unit_create(c, m->parent ? &parent : NULL, &in, &m->id, err);
  return rc;
}

static int64_t mk(int64_t parent, const char *name, int64_t sort)
{
  struct mk m = {parent, name, "其他", sort, 0};
  struct lx_err e;
  assert_int_equal(store_write(st, mk_job, &m, &e), LX_OK);
  return m.id;
}

static int mkp_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct org_person_in *in = ctx;
  int64_t id;
  return org_person_create(c, in, &id, err);
}

static void mkp(int64_t unit, const char *name)
{
  struct org_person_in in = {0};
  struct lx_err e;
  in.unit_id = unit;
  in.name = name;
  assert_int_equal(store_write(st, mkp_job, &in, &e), LX_OK);
}

struct mv {
  int64_t id, parent;
  int64_t n_units, n_people;
};

static int mv_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct mv *m = ctx;
  struct org_unit u, p;
  int rc = org_unit_get(c, ar, m->id, &u, err);
  if (!rc && m->parent)
    rc = org_unit_get(c, ar, m->parent, &p, err);
  if (!rc)
    rc = org_unit_move(c, &u, m->parent ? &p : NULL, &m->n_units, &m->n_people,
                       err);
  return rc;
}

static const char *path_of(int64_t id)
{
  struct store_conn *c;
  struct org_unit u;
  struct lx_err e;
  const char *p;
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  assert_int_equal(org_unit_get(c, ar, id, &u, &e), LX_OK);
  p = u.path;
  store_read_release(st, c);
  return p;
}

static int64_t count_sql(const char *sql, const char *arg)
{
  struct store_conn *c;
  struct store_stmt *s;
  struct lx_err e;
  int64_t n = -1;
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  assert_int_equal(store_prepare(c, sql, &s, &e), LX_OK);
  store_bind_text(s, 1, arg);
  if (store_step(s, &e) == STORE_ROW)
    n = store_col_i64(s, 0);
  store_stmt_done(s);
  store_read_release(st, c);
  return n;
}

static int64_t root, a, b, b1, b11;

static void tree_move_and_list(void **state)
{
  struct mv m;
  struct lx_err e;
  char want[64];
  struct store_conn *c;
  struct org_unit *units;
  struct policy_filter f = {0};
  int n;
  (void)state;
  root = mk(0, "区委", 0);
  a = mk(root, "甲", 2);
  b = mk(root, "乙", 1); /* sorts before 甲 */
  b1 = mk(b, "乙一", 0);
  b11 = mk(b1, "乙一一", 0);
  mkp(b1, "张三");
  mkp(b11, "李四");
  mkp(a, "王五");
  snprintf(want, sizeof want, "/%lld/%lld/%lld/%lld/", (long long)root,
           (long long)b, (long long)b1, (long long)b11);
  assert_string_equal(path_of(b11), want);

  /* tree order: root, 乙 (sort 1), 乙一, 乙一一, 甲 (sort 2) */
  f.scope = SCOPE_ALL;
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  assert_int_equal(org_units_list(c, ar, &f, &units, &n, &e), LX_OK);
  assert_int_equal(n, 5);
  assert_int_equal(units[0].id, root);
  assert_int_equal(units[1].id, b);
  assert_int_equal(units[2].id, b1);
  assert_int_equal(units[3].id, b11);
  assert_int_equal(units[4].id, a);
  assert_int_equal(units[0].n_children, 2);
  assert_int_equal(units[2].n_people, 1);
  /* a subtree scope: 乙一 becomes the only root of what is visible */
  f.scope = SCOPE_SUBTREE;
  snprintf(f.path_lo, sizeof f.path_lo, "%s", path_of(b1));
  org_path_hi(f.path_lo, f.path_hi, sizeof f.path_hi);
  assert_int_equal(org_units_list(c, ar, &f, &units, &n, &e), LX_OK);
  assert_int_equal(n, 2);
  assert_int_equal(units[0].id, b1);
  assert_int_equal(units[1].id, b11);
  store_read_release(st, c);

  /* under itself or its descendant: refused, nothing changed */
  m = (struct mv){b, b11, 0, 0};
  assert_int_equal(store_write(st, mv_job, &m, &e), LX_EINVAL);
  assert_string_equal(e.code, "unit.move_into_self");
  m = (struct mv){b, b, 0, 0};
  assert_int_equal(store_write(st, mv_job, &m, &e), LX_EINVAL);
  assert_string_equal(path_of(b11), want);

  /* 乙一 (with 乙一一 and two people) under 甲 */
  m = (struct mv){b1, a, 0, 0};
  assert_int_equal(store_write(st, mv_job, &m, &e), LX_OK);
  assert_int_equal(m.n_units, 2);
  assert_int_equal(m.n_people, 2);
  snprintf(want, sizeof want, "/%lld/%lld/%lld/%lld/", (long long)root,
           (long long)a, (long long)b1, (long long)b11);
  assert_string_equal(path_of(b11), want);
  assert_int_equal(
      count_sql("SELECT count(*) FROM person WHERE unit_path = ?", want), 1);
  assert_int_equal(count_sql("SELECT depth FROM unit WHERE path = ?", want), 3);
  /* no person is left with a stale path */
  assert_int_equal(count_sql("SELECT count(*) FROM person p JOIN unit u ON "
                             "u.id = p.unit_id WHERE p.unit_path <> u.path "
                             "AND ? = ?",
                             ""),
                   0);
  /* to the top level and back */
  m = (struct mv){b1, 0, 0, 0};
  assert_int_equal(store_write(st, mv_job, &m, &e), LX_OK);
  snprintf(want, sizeof want, "/%lld/", (long long)b1);
  assert_string_equal(path_of(b1), want);
  assert_int_equal(count_sql("SELECT depth FROM unit WHERE path = ?", want), 0);
  m = (struct mv){b1, b, 0, 0};
  assert_int_equal(store_write(st, mv_job, &m, &e), LX_OK);
  assert_int_equal(count_sql("SELECT count(*) FROM person p JOIN unit u ON "
                             "u.id = p.unit_id WHERE p.unit_path <> u.path "
                             "AND ? = ?",
                             ""),
                   0);
}

static int del_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  return org_unit_delete(c, *(int64_t *)ctx, err);
}

static void delete_rules(void **state)
{
  struct lx_err e;
  int64_t id;
  (void)state;
  id = b;
  assert_int_equal(store_write(st, del_job, &id, &e), LX_ECONFLICT);
  assert_string_equal(e.code, "unit.not_empty");
  assert_non_null(strstr(e.message, "1 个下级单位"));
  id = b11; /* has 李四 */
  assert_int_equal(store_write(st, del_job, &id, &e), LX_ECONFLICT);
  assert_non_null(strstr(e.message, "1 名人员"));
  id = mk(a, "空", 0);
  assert_int_equal(store_write(st, del_job, &id, &e), LX_OK);
  assert_int_equal(store_write(st, del_job, &id, &e), LX_ENOTFOUND);
}

/* Subtree ranges must not leak into siblings whose id shares a prefix
 * (unit 7 vs unit 70, both under the root). */
static void subtree_range_prefix(void **state)
{
  struct store_conn *c;
  struct lx_err e;
  struct policy_filter f = {0};
  struct org_people_query q = {0};
  struct org_person *rows;
  int n, more;
  int64_t id = 0, u7 = 0, u70 = 0;
  (void)state;
  while (id < 80) {
    id = mk(root, "填充", 0);
    if (id == 7 || id == 70) {
      mkp(id, id == 7 ? "七号" : "七十号");
      *(id == 7 ? &u7 : &u70) = id;
    }
  }
  assert_true(u7 && u70);
  f.scope = SCOPE_SUBTREE;
  snprintf(f.path_lo, sizeof f.path_lo, "%s", path_of(u7));
  org_path_hi(f.path_lo, f.path_hi, sizeof f.path_hi);
  q.is_leader = -1;
  q.limit = 50;
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  assert_int_equal(org_people_list(c, ar, &f, &q, &rows, &n, &more, &e), LX_OK);
  assert_int_equal(n, 1);
  assert_string_equal(rows[0].name, "七号");
  /* and the unit filter with subtree=1 the same way */
  f.scope = SCOPE_ALL;
  q.unit_id = u7;
  q.unit_path = path_of(u7);
  q.subtree = 1;
  assert_int_equal(org_people_list(c, ar, &f, &q, &rows, &n, &more, &e), LX_OK);
  assert_int_equal(n, 1);
  assert_string_equal(rows[0].name, "七号");
  store_read_release(st, c);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(path_helpers),         cmocka_unit_test(unit_validation),
      cmocka_unit_test(tree_move_and_list),   cmocka_unit_test(delete_rules),
      cmocka_unit_test(subtree_range_prefix),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
