/*
 * people_bench.c — the people list at district scale (DESIGN.md: 600
 * units, 30,000 people): seeds the org tree and the people through the
 * org domain functions (writer jobs, pinyin included), then times the
 * work of GET /api/v1/people — the unit lookup, the scoped SQL query and
 * the JSON rendering of one page — for:
 *   1. ?unit_id=U&subtree=1 for random units at every level (admin, all);
 *   2. the same list seen by a subtree-scoped secretary (scope in SQL);
 *   3. following next_cursor to a later page of a large subtree;
 *   4. ?q= search (pinyin prefix) inside a subtree.
 * Prints p50/p95/p99/max per case.  Target (issue 3): p99 < 20 ms.
 *
 *   people_bench DIR [ITERATIONS]     (DIR: an empty scratch folder)
 */
#include "base/arena.h"
#include "base/jw.h"
#include "base/timeutil.h"
#include "domain/auth/auth.h"
#include "domain/org/org.h"
#include "domain/org/pinyin.h"
#include "store/migrate.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_UNITS 600
#define N_PEOPLE 30000
#define BATCH 500
#define N_DEPTS 52 /* 1 + 52×4 + 30×13 = 599, one more branch = 600 */
#define N_TOWNS 30

static struct store *st;
static int64_t unit_ids[N_UNITS];
static int unit_depth[N_UNITS];
static int n_units;
static int64_t leaves[N_UNITS];
static int n_leaves;

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨",
                                       "黄", "赵", "吴", "周", "徐", "孙",
                                       "马", "朱", "胡", "郭", "何", "高"};
static const char *const given[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强",   "磊",   "军",   "洋",   "勇",
    "艳", "杰", "娟", "涛", "明", "超", "建华", "晓东", "志强", "海燕", "红梅"};

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(uint32_t n)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)(rng % n);
}

static int roles_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  (void)ctx;
  return auth_roles_install(c, err);
}

struct unit_batch {
  struct arena *a;
  int64_t parent; /* 0 = root */
  const char *kind;
  int n;
  const char *prefix;
  int64_t out[64];
};

static int units_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct unit_batch *b = ctx;
  struct org_unit parent;
  int rc = LX_OK;
  if (b->parent)
    rc = org_unit_get(c, b->a, b->parent, &parent, err);
  for (int i = 0; !rc && i < b->n; i++) {
    char name[64];
    struct org_unit_in in = {name, b->kind, NULL, i};
    snprintf(name, sizeof name, "%s%d", b->prefix, i + 1);
    rc = org_unit_create(c, b->parent ? &parent : NULL, &in, &b->out[i], err);
  }
  return rc;
}

static void add_units(struct arena *a, int64_t parent, int depth,
                      const char *kind, const char *prefix, int n, int64_t *out)
{
  struct unit_batch b = {a, parent, kind, n, prefix, {0}};
  struct lx_err e;
  if (store_write(st, units_job, &b, &e) != LX_OK) {
    fprintf(stderr, "seed units: %s\n", e.message);
    exit(1);
  }
  for (int i = 0; i < n; i++) {
    unit_ids[n_units] = b.out[i];
    unit_depth[n_units++] = depth;
    if (out)
      out[i] = b.out[i];
  }
}

struct people_batch {
  int first, n;
};

static int people_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct people_batch *b = ctx;
  int rc = LX_OK;
  for (int i = b->first; !rc && i < b->first + b->n; i++) {
    char name[32], phone[16], birth[16];
    struct org_person_in in = {0};
    int64_t id;
    snprintf(name, sizeof name, "%s%s", surnames[rnd(LX_COUNT(surnames))],
             given[rnd(LX_COUNT(given))]);
    snprintf(phone, sizeof phone, "13%09u", rnd(1000000000));
    snprintf(birth, sizeof birth, "%04u-%02u-%02u", 1950 + rnd(50), 1 + rnd(12),
             1 + rnd(28));
    in.unit_id = leaves[i % n_leaves];
    in.name = name;
    in.gender = rnd(2) ? "男" : "女";
    in.birth_date = birth;
    in.phone = phone;
    in.is_leader = rnd(200) == 0;
    rc = org_person_create(c, &in, &id, err);
  }
  return rc;
}

static void seed(void)
{
  struct arena *a = arena_new();
  int64_t root, depts[N_DEPTS], towns[N_TOWNS], committees[1];
  struct lx_err e;
  int64_t t0 = time_mono_us();
  add_units(a, 0, 0, "区委", "区委", 1, &root);
  add_units(a, root, 1, "部门", "部门", N_DEPTS, depts);
  add_units(a, root, 1, "乡镇", "乡镇", N_TOWNS, towns);
  for (int i = 0; i < N_DEPTS; i++) { /* 3 branches each */
    int64_t b[3];
    add_units(a, depts[i], 2, "党支部", "机关支部", 3, b);
    for (int k = 0; k < 3; k++)
      leaves[n_leaves++] = b[k];
  }
  for (int i = 0; i < N_TOWNS; i++) { /* a committee, 11 branches */
    int64_t b[11];
    add_units(a, towns[i], 2, "党委", "党委", 1, committees);
    add_units(a, committees[0], 3, "党支部", "村支部", 11, b);
    for (int k = 0; k < 11; k++)
      leaves[n_leaves++] = b[k];
  }
  while (n_units < N_UNITS) { /* top up to exactly 600 */
    int64_t b[1];
    add_units(a, depts[n_units % N_DEPTS], 2, "党支部", "补充支部", 1, b);
    leaves[n_leaves++] = b[0];
  }
  for (int i = 0; i < N_PEOPLE; i += BATCH) {
    struct people_batch pb = {i, BATCH};
    if (store_write(st, people_job, &pb, &e) != LX_OK) {
      fprintf(stderr, "seed people: %s\n", e.message);
      exit(1);
    }
  }
  printf("seeded %d units (%d leaf branches), %d people in %.1f s\n", n_units,
         n_leaves, N_PEOPLE, (time_mono_us() - t0) / 1e6);
  arena_free(a);
}

static int cmp_i64(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

static void report(const char *what, int64_t *us, int n, long rows)
{
  qsort(us, (size_t)n, sizeof *us, cmp_i64);
  printf("%-46s n=%-5d p50=%6.2f ms  p95=%6.2f ms  p99=%6.2f ms  "
         "max=%6.2f ms  (avg %.1f rows)\n",
         what, n, us[n / 2] / 1000.0, us[n * 95 / 100] / 1000.0,
         us[n * 99 / 100] / 1000.0, us[n - 1] / 1000.0, (double)rows / n);
}

/* One request's worth of work: resolve the unit's path, list one page,
 * render it as the handler does.  Returns the rows listed. */
static int one_page(struct store_conn *c, const struct policy_filter *f,
                    int64_t unit, const char *q, struct org_people_query *pq,
                    struct org_person *last_out)
{
  struct arena *a = arena_new();
  struct org_unit u;
  struct org_person *rows;
  struct lx_err e;
  struct sb sb;
  struct jw j;
  int n = 0, more = 0;
  if (unit) {
    if (org_unit_get(c, a, unit, &u, &e) != LX_OK) {
      fprintf(stderr, "unit: %s\n", e.message);
      exit(1);
    }
    pq->unit_id = unit;
    pq->unit_path = u.path;
    pq->subtree = 1;
  }
  pq->q = q;
  if (org_people_list(c, a, f, pq, &rows, &n, &more, &e) != LX_OK) {
    fprintf(stderr, "list: %s\n", e.message);
    exit(1);
  }
  sb_init(&sb, a, NULL, 0, 1 << 20);
  jw_init(&j, &sb);
  jw_obj(&j);
  jw_key(&j, "items");
  jw_arr(&j);
  for (int i = 0; i < n; i++) {
    char masked[32];
    jw_obj(&j);
    jw_ki64(&j, "id", rows[i].id);
    jw_ki64(&j, "unit_id", rows[i].unit_id);
    jw_kstr(&j, "unit_name", rows[i].unit_name);
    jw_kstr(&j, "name", rows[i].name);
    jw_kstr(&j, "gender", rows[i].gender);
    jw_kstr(&j, "birth_date", rows[i].birth_date);
    org_phone_mask(rows[i].phone, masked, sizeof masked);
    jw_kstr(&j, "phone", masked);
    jw_ktime(&j, "created_at", rows[i].created_at);
    jw_obj_end(&j);
  }
  jw_arr_end(&j);
  jw_obj_end(&j);
  if (last_out && n) {
    /* keep the keyset position beyond this arena */
    static char path[ORG_PATH_MAX + 1];
    snprintf(path, sizeof path, "%s", rows[n - 1].unit_path);
    *last_out = rows[n - 1];
    last_out->unit_path = path;
    last_out->id = more ? rows[n - 1].id : 0;
  }
  arena_free(a);
  return n;
}

int main(int argc, char **argv)
{
  char db[512];
  struct store_opts o = {db, 5000, 512, 0};
  struct store_conn *c;
  struct lx_err e;
  struct policy_filter all = {0};
  int iters = argc > 2 ? atoi(argv[2]) : 2000, n_applied;
  int64_t *us;
  long rows;
  if (argc < 2 || iters < 10) {
    fprintf(stderr, "usage: people_bench DIR [ITERATIONS]\n");
    return 2;
  }
  snprintf(db, sizeof db, "%s/people_bench.db", argv[1]);
  remove(db);
  if (store_open(&o, &st, &e) || migrate_apply(st, &n_applied, &e) ||
      store_write(st, roles_job, NULL, &e) || org_pinyin_init()) {
    fprintf(stderr, "open: %s\n", e.message);
    return 1;
  }
  seed();
  us = calloc((size_t)iters, sizeof *us);
  if (store_read_acquire(st, &c, &e)) {
    fprintf(stderr, "read: %s\n", e.message);
    return 1;
  }
  all.scope = SCOPE_ALL;
  /* warm the statement cache and the page cache */
  for (int i = 0; i < 50; i++) {
    struct org_people_query pq = {0};
    pq.is_leader = -1;
    pq.limit = 20;
    one_page(c, &all, unit_ids[rnd((uint32_t)n_units)], NULL, &pq, NULL);
  }

  /* 1. admin: subtree of a random unit, first page */
  rows = 0;
  for (int i = 0; i < iters; i++) {
    struct org_people_query pq = {0};
    int64_t t0;
    pq.is_leader = -1;
    pq.limit = 20;
    t0 = time_mono_us();
    rows +=
        one_page(c, &all, unit_ids[rnd((uint32_t)n_units)], NULL, &pq, NULL);
    us[i] = time_mono_us() - t0;
  }
  report("1. ?unit_id=U&subtree=1 (random U, limit 20)", us, iters, rows);

  /* 1b. the whole district (root subtree) */
  rows = 0;
  for (int i = 0; i < iters; i++) {
    struct org_people_query pq = {0};
    int64_t t0;
    pq.is_leader = -1;
    pq.limit = 20;
    t0 = time_mono_us();
    rows += one_page(c, &all, unit_ids[0], NULL, &pq, NULL);
    us[i] = time_mono_us() - t0;
  }
  report("1b. ?unit_id=root&subtree=1 (30,000 in range)", us, iters, rows);

  /* 2. a secretary whose scope is a town's subtree (scope in SQL) */
  rows = 0;
  for (int i = 0; i < iters; i++) {
    struct org_people_query pq = {0};
    struct policy_filter f = {0};
    struct org_unit u;
    struct arena *a = arena_new();
    int64_t t0;
    int k = 1 + N_DEPTS + (int)rnd(N_TOWNS); /* a town */
    if (org_unit_get(c, a, unit_ids[k], &u, &e) != LX_OK)
      return 1;
    f.scope = SCOPE_SUBTREE;
    snprintf(f.path_lo, sizeof f.path_lo, "%s", u.path);
    org_path_hi(u.path, f.path_hi, sizeof f.path_hi);
    arena_free(a);
    pq.is_leader = -1;
    pq.limit = 20;
    t0 = time_mono_us();
    rows += one_page(c, &f, 0, NULL, &pq, NULL);
    us[i] = time_mono_us() - t0;
  }
  report("2. secretary, scope = a town's subtree", us, iters, rows);

  /* 3. following next_cursor through the root subtree, 50 per page */
  {
    struct org_person last = {0};
    struct org_people_query pq = {0};
    int i = 0;
    rows = 0;
    pq.is_leader = -1;
    pq.limit = 50;
    while (i < iters) {
      int64_t t0 = time_mono_us();
      int n;
      if (last.id) {
        pq.has_after = 1;
        pq.after_rank = 0;
        pq.after_path = last.unit_path;
        pq.after_id = last.id;
      } else {
        pq.has_after = 0;
      }
      n = one_page(c, &all, unit_ids[0], NULL, &pq, &last);
      us[i++] = time_mono_us() - t0;
      rows += n;
      if (!last.id || n == 0)
        last.id = 0; /* wrap around to the first page */
    }
    report("3. next_cursor pages through the district (50)", us, iters, rows);
  }

  /* 4. search by pinyin inside a random subtree */
  {
    static const char *const qs[] = {"zhang", "wang", "lw", "zw",  "chen",
                                     "li",    "hy",   "王", "建华"};
    rows = 0;
    for (int i = 0; i < iters; i++) {
      struct org_people_query pq = {0};
      int64_t t0;
      int k = (int)rnd(1 + N_DEPTS + N_TOWNS); /* root, dept or town */
      pq.is_leader = -1;
      pq.limit = 20;
      t0 = time_mono_us();
      rows += one_page(c, &all, unit_ids[k], qs[rnd(LX_COUNT(qs))], &pq, NULL);
      us[i] = time_mono_us() - t0;
    }
    report("4. ?q= (pinyin/name) in a subtree", us, iters, rows);
  }
  store_read_release(st, c);
  store_close(st);
  org_pinyin_shutdown();
  free(us);
  remove(db);
  return 0;
}
