/*
 * test_person.c — domain/org/person.c: field validation, phone masking,
 * LIKE escaping, and on a real store the search ranking (exact name, exact
 * pinyin or initials, name prefix, pinyin/initials prefix, name
 * substring) with keyset pages that continue across ranks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/timeutil.h"
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
static int64_t unit_a, unit_b;

static void validation(void **state)
{
  static const struct {
    const char *name, *gender, *birth, *joined, *phone, *field;
  } bad[] = {
      {"", NULL, NULL, NULL, NULL, "name"},
      {"x\ny", NULL, NULL, NULL, NULL, "name"},
      {"张三", "男性", NULL, NULL, NULL, "gender"},
      {"张三", NULL, "1990-13-01", NULL, NULL, "birth_date"},
      {"张三", NULL, "1899-12-31", NULL, NULL, "birth_date"},
      {"张三", NULL, "1990-1-1", NULL, NULL, "birth_date"},
      {"张三", NULL, NULL, "2999-01-01", NULL, "joined_at"},
      {"张三", NULL, "1990-01-01", "1990-01-01", NULL, "joined_at"},
      {"张三", NULL, NULL, NULL, "1234", "phone"},
      {"张三", NULL, NULL, NULL, "138-abcd-5678", "phone"},
      {"张三", NULL, NULL, NULL, "1+3812345678", "phone"},
  };
  int32_t today = time_days_from_civil(2026, 11, 26);
  struct lx_err e;
  struct org_person_in in = {0};
  (void)state;
  in.unit_id = 1;
  in.name = "张三";
  in.gender = "女";
  in.birth_date = "1990-02-28";
  in.joined_at = "2012-07-01";
  in.phone = "+86 138-1234-5678";
  in.position = "支部书记";
  assert_int_equal(org_person_check(&in, today, &e), LX_OK);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    struct org_person_in b = {0};
    b.unit_id = 1;
    b.name = bad[i].name;
    b.gender = bad[i].gender;
    b.birth_date = bad[i].birth;
    b.joined_at = bad[i].joined;
    b.phone = bad[i].phone;
    assert_int_equal(org_person_check(&b, today, &e), LX_EINVAL);
    assert_string_equal(e.field, bad[i].field);
    assert_true(e.message[0] != 0);
  }
  in.unit_id = 0;
  assert_int_equal(org_person_check(&in, today, &e), LX_EINVAL);
  assert_string_equal(e.field, "unit_id");
}

static void phone_mask_and_like_escape(void **state)
{
  char m[32], esc[32];
  (void)state;
  org_phone_mask("13812345678", m, sizeof m);
  assert_string_equal(m, "138****5678");
  org_phone_mask("+86 138-1234-5678", m, sizeof m);
  assert_string_equal(m, "861****5678");
  org_phone_mask("12345", m, sizeof m);
  assert_string_equal(m, "****45");
  org_phone_mask("", m, sizeof m);
  assert_string_equal(m, "");
  org_phone_mask(NULL, m, sizeof m);
  assert_string_equal(m, "");
  assert_string_equal(org_like_escape("a%b_c\\d", esc, sizeof esc),
                      "a\\%b\\_c\\\\d");
  assert_string_equal(org_like_escape("张伟", esc, sizeof esc), "张伟");
  assert_null(org_like_escape("%%%%%%%%%%%%%%%%%%%%", esc, 8));
}

/* ---- on a store ------------------------------------------------------- */

static int roles_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  (void)ctx;
  return auth_roles_install(c, err);
}

struct mk {
  int64_t parent;
  const char *name;
  int64_t id;
};

static int unit_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct mk *m = ctx;
  struct org_unit parent;
  struct org_unit_in in = {m->name, "党支部", NULL, 0};
  int rc = LX_OK;
  if (m->parent)
    rc = org_unit_get(c, ar, m->parent, &parent, err);
  if (!rc)
    rc = org_unit_create(c, m->parent ? &parent : NULL, &in, &m->id, err);
  return rc;
}

static int person_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct org_person_in *in = ctx;
  int64_t id;
  return org_person_create(c, in, &id, err);
}

static void add_person(int64_t unit, const char *name)
{
  struct org_person_in in = {0};
  struct lx_err e;
  in.unit_id = unit;
  in.name = name;
  assert_int_equal(store_write(st, person_job, &in, &e), LX_OK);
}

static int setup(void **state)
{
  char db[128];
  struct store_opts o = {db, 5000, 64, 0};
  struct lx_err e;
  struct mk m;
  int n;
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/luoshi-unit-XXXXXX");
  if (!mkdtemp(dir))
    return -1;
  snprintf(db, sizeof db, "%s/p.db", dir);
  if (store_open(&o, &st, &e) || migrate_apply(st, &n, &e) ||
      store_write(st, roles_job, NULL, &e) || org_pinyin_init())
    return -1;
  ar = arena_new();
  m = (struct mk){0, "区委", 0};
  if (store_write(st, unit_job, &m, &e))
    return -1;
  {
    int64_t root = m.id;
    m = (struct mk){root, "甲支部", 0};
    if (store_write(st, unit_job, &m, &e))
      return -1;
    unit_a = m.id;
    m = (struct mk){root, "乙支部", 0};
    if (store_write(st, unit_job, &m, &e))
      return -1;
    unit_b = m.id;
  }
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

/* Names of the search result for q (all pages of size page), joined by
 * ','; checks the ranks never decrease. */
static const char *search(const char *q, int page)
{
  static char out[1024];
  struct store_conn *c;
  struct lx_err e;
  struct policy_filter f = {0};
  struct org_people_query pq = {0};
  int more = 1, last_rank = -1;
  out[0] = 0;
  f.scope = SCOPE_ALL;
  pq.q = q;
  pq.is_leader = -1;
  pq.limit = page;
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  while (more) {
    struct org_person *rows;
    int n;
    assert_int_equal(org_people_list(c, ar, &f, &pq, &rows, &n, &more, &e),
                     LX_OK);
    for (int i = 0; i < n; i++) {
      assert_true(rows[i].rank >= last_rank);
      last_rank = rows[i].rank;
      if (out[0])
        strcat(out, ",");
      strcat(out, rows[i].name);
    }
    if (n) {
      pq.has_after = 1;
      pq.after_rank = rows[n - 1].rank;
      pq.after_path = rows[n - 1].unit_path;
      pq.after_id = rows[n - 1].id;
    }
  }
  store_read_release(st, c);
  return out;
}

static void ranking(void **state)
{
  (void)state;
  /* in unit B (later path) first, so the rank — not the insertion order
   * or the unit — decides */
  add_person(unit_b, "小张伟"); /* xiaozhangwei / xzw */
  add_person(unit_b, "张伟明"); /* zhangweiming / zwm */
  add_person(unit_b, "张伟");   /* zhangwei / zw */
  add_person(unit_a, "章维");   /* zhangwei / zw */
  add_person(unit_a, "赵伟");   /* zhaowei / zw */
  add_person(unit_a, "张伟");   /* a namesake in unit A */
  add_person(unit_a, "王芳");
  /* exact name (path order between namesakes), then prefix, then
   * substring */
  assert_string_equal(search("张伟", 20), "张伟,张伟,张伟明,小张伟");
  /* exact initials/pinyin first, then prefixes */
  assert_string_equal(search("zw", 20), "章维,赵伟,张伟,张伟,张伟明");
  assert_string_equal(search("ZW", 20), "章维,赵伟,张伟,张伟,张伟明");
  assert_string_equal(search("zhangwei", 20), "章维,张伟,张伟,张伟明");
  assert_string_equal(search("zhang", 20), "章维,张伟,张伟明,张伟");
  assert_string_equal(search("xzw", 20), "小张伟");
  /* substring only: every row ranks the same, path order */
  assert_string_equal(search("伟", 20), "赵伟,张伟,小张伟,张伟明,张伟");
  /* the same order one row per page: the cursor crosses ranks */
  assert_string_equal(search("zw", 1), "章维,赵伟,张伟,张伟,张伟明");
  assert_string_equal(search("张伟", 1), "张伟,张伟,张伟明,小张伟");
  assert_string_equal(search("qq", 3), "");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(validation),
      cmocka_unit_test(phone_mask_and_like_escape),
      cmocka_unit_test(ranking),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
