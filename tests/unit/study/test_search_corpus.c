/*
 * test_search_corpus.c — study full-text search on the 200+ material test
 * corpus (tests/data/study_corpus, tools/mkcorpus.py): every query of
 * queries.tsv returns the expected materials in the expected order (2, 3
 * and 4+ characters, phrases, mixed Chinese/ASCII, FTS syntax characters
 * as text); recall against literal containment is 100%; visibility
 * (draft, withdrawn, other unit), topic subtree, tag, date filters,
 * paging and the total; highlights; the triggers that keep the index in
 * sync.  Also prints the recall measurement words-only / bigrams-only /
 * words+bigrams (docs/architecture.md) and asserts that words rank a true
 * word match (读史明理) above a cross-word one (说明理由) where bigrams
 * alone cannot.  SEARCH_BENCH=N additionally grows the library to about N
 * materials and prints search latencies (a measurement, not a test).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "store/fts_tokenizer.h"
#include "test_search_corpus.h"

#include <time.h>

static struct store *st;

static int setup(void **state)
{
  (void)state;
  st = tsc_open();
  return st ? 0 : -1;
}

static int teardown(void **state)
{
  (void)state;
  tsc_close(st);
  return 0;
}

/* Runs q as a member of unit 9002; ids into out (max 50), returns count. */
static int search(const struct store_fts_query *q0, int64_t *ids, int *total)
{
  struct store_conn *c;
  struct lx_err e;
  struct arena *a = arena_new();
  struct store_fts_hit *hits;
  struct store_fts_query q = *q0;
  int n = 0;
  if (!q.unit_path)
    q.unit_path = "/9001/9002/";
  if (!q.limit)
    q.limit = 50;
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  assert_int_equal(store_fts_search(c, &q, a, &hits, &n, total, &e), LX_OK);
  for (int i = 0; i < n; i++) {
    ids[i] = hits[i].id;
    if (getenv("SEARCH_DUMP") && i < 12)
      printf(" %lld(%.2f)", (long long)hits[i].id, hits[i].score);
  }
  store_read_release(st, c);
  arena_free(a);
  return n;
}

static void test_queries(void **state)
{
  char line[1024];
  FILE *f = fopen(CORPUS_DIR "/queries.tsv", "r");
  int nq = 0, bad = 0;
  (void)state;
  assert_non_null(f);
  while (fgets(line, sizeof line, f)) {
    char *v[4];
    int64_t ids[50];
    int total = 0, n, exact = 0, k = 0;
    struct store_fts_query q = {0};
    const char *p;
    if (line[0] == '#' || tsc_split(line, v, 4) < 3)
      continue;
    q.text = v[0];
    n = search(&q, ids, &total);
    if (getenv("SEARCH_DUMP"))
      printf("  <- %s: %d (total %d)\n", v[0], n, total);
    p = v[2];
    if (*p == '=')
      exact = 1, p++;
    if (strcmp(p, "*") == 0) {
      if (n == 0) {
        print_error("query [%s]: want some result, got none\n", v[0]);
        bad++;
      }
      nq++;
      continue;
    }
    if (strcmp(p, "0") == 0) {
      if (n != 0) {
        print_error("query [%s]: want no result, got %d\n", v[0], n);
        bad++;
      }
      nq++;
      continue;
    }
    while (*p) {
      long want = strtol(p, (char **)&p, 10);
      if (k >= n || ids[k] != want) {
        print_error("query [%s]: result %d is %lld, want %ld\n", v[0], k + 1,
                    k < n ? (long long)ids[k] : -1LL, want);
        bad++;
        break;
      }
      k++;
      if (*p == ',')
        p++;
    }
    if ((exact && n != k) || total < n) {
      print_error("query [%s]: %d results (total %d), want %s%d\n", v[0], n,
                  total, exact ? "exactly " : "at least ", k);
      bad++;
    }
    nq++;
  }
  fclose(f);
  assert_int_equal(bad, 0);
  assert_true(nq >= 20);
}

/* Members of each visibility case (draft 40, withdrawn 41, unit 9002 only
 * 42, unit 9003 only 43). */
static int has(const int64_t *ids, int n, int64_t id)
{
  for (int i = 0; i < n; i++)
    if (ids[i] == id)
      return 1;
  return 0;
}

static void test_visibility(void **state)
{
  struct store_fts_query q = {.text = "党史"};
  int64_t ids[50];
  int total, n;
  (void)state;
  n = search(&q, ids, &total);
  assert_false(has(ids, n, 40)); /* draft */
  assert_false(has(ids, n, 41)); /* withdrawn */
  assert_true(has(ids, n, 42));  /* own branch */
  assert_false(has(ids, n, 43)); /* other branch */
  q.unit_path = "/9001/9003/";
  n = search(&q, ids, &total);
  assert_false(has(ids, n, 42));
  assert_true(has(ids, n, 43));
  q.unit_path = "/9001/"; /* the parent unit sees neither branch's own */
  n = search(&q, ids, &total);
  assert_false(has(ids, n, 42));
  assert_false(has(ids, n, 43));
  q.all_units = 1; /* organisation-wide scope */
  n = search(&q, ids, &total);
  assert_true(has(ids, n, 42));
  assert_true(has(ids, n, 43));
  assert_false(has(ids, n, 40));
  assert_false(has(ids, n, 41));
}

static void test_filters_paging(void **state)
{
  struct store_fts_query q = {.text = "党史"};
  int64_t ids[50], page[50];
  int total, total2, n, n2;
  (void)state;
  n = search(&q, ids, &total);
  assert_true(n > 6);
  assert_int_equal(total, n);
  /* paging: offset 2 limit 3 is the 3rd..5th */
  q.offset = 2;
  q.limit = 3;
  n2 = search(&q, page, &total2);
  assert_int_equal(n2, 3);
  assert_int_equal(total2, total);
  assert_memory_equal(page, ids + 2, 3 * sizeof ids[0]);
  q.offset = total;
  assert_int_equal(search(&q, page, &total2), 0);
  /* topic 902 (新中国史): only id 4 mentions 党史 */
  q.offset = 0;
  q.limit = 0;
  q.topic_id = 902;
  n = search(&q, ids, &total);
  assert_true(n >= 2);
  assert_int_equal(ids[0], 4); /* the only target; the rest are fillers */
  for (int i = 1; i < n; i++)
    assert_true(ids[i] > 100);
  /* topic 905 includes its children 951 and 952 */
  q.text = "数字乡村";
  q.topic_id = 905;
  n = search(&q, ids, &total);
  assert_true(n >= 3);
  assert_true(has(ids, n, 20) && has(ids, n, 21) && has(ids, n, 22));
  q.topic_id = 952; /* a sibling of 951: none of 20-22 */
  n = search(&q, ids, &total);
  assert_false(has(ids, n, 20) || has(ids, n, 21) || has(ids, n, 22));
  q.topic_id = 99999; /* no such topic */
  assert_int_equal(search(&q, ids, &total), 0);
  /* tag */
  q.topic_id = 0;
  q.text = "党史";
  q.tag = "学习教育";
  n = search(&q, ids, &total);
  assert_int_equal(n, 1);
  assert_int_equal(ids[0], 1);
  /* publish dates (inclusive) */
  q.tag = NULL;
  q.from = "2021-03-01";
  q.to = "2021-03-31";
  n = search(&q, ids, &total);
  assert_int_equal(n, 2);
  assert_true(has(ids, n, 2) && has(ids, n, 3));
  /* a query of only punctuation finds nothing, without an error */
  q.from = q.to = NULL;
  q.text = "\"*()：";
  assert_int_equal(search(&q, ids, &total), 0);
}

static void test_highlight(void **state)
{
  struct store_conn *c;
  struct lx_err e;
  struct arena *a = arena_new();
  struct store_fts_hit *h;
  struct store_fts_query q = {.text = "学史明理", .limit = 5};
  int n, total;
  (void)state;
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  assert_int_equal(store_fts_search(c, &q, a, &h, &n, &total, &e), LX_OK);
  assert_true(n >= 2);
  assert_int_equal(h[0].id, 14);
  assert_string_equal(h[0].title_hl,
                      "\x02学史明理\x03 学史增信 学史崇德 学史力行");
  assert_non_null(strstr(h[0].snippet_hl, "\x02学史明理\x03"));
  assert_string_equal(h[0].topic_name, "党史");
  assert_int_equal(h[0].n_tags, 1);
  assert_string_equal(h[0].tags[0], "学史力行");
  assert_string_equal(h[0].publish_date, "2021-04-15");
  assert_true(h[0].score > h[1].score);
  store_read_release(st, c);
  arena_free(a);
}

/* Triggers: an edited title is found by its new words only; a new tag is
 * searchable; a deleted material is gone. */
static int edit_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  (void)ctx;
  return store_exec(
      c,
      "UPDATE material SET title = '延安精神的时代价值' WHERE id = 13;"
      "INSERT INTO material_tag(material_id, tag) VALUES (22, '直播带货');"
      "DELETE FROM material_tag WHERE material_id = 21;"
      "DELETE FROM material WHERE id = 26;",
      err);
}

static void test_triggers(void **state)
{
  struct store_fts_query q = {.text = "延安精神"};
  int64_t ids[50];
  int total, n;
  struct lx_err e;
  (void)state;
  assert_int_equal(store_write(st, edit_job, NULL, &e), LX_OK);
  n = search(&q, ids, &total);
  assert_int_equal(n, 1);
  assert_int_equal(ids[0], 13);
  q.text = "小船";
  assert_int_equal(search(&q, ids, &total), 0);
  q.text = "直播带货";
  n = search(&q, ids, &total);
  assert_int_equal(n, 1);
  assert_int_equal(ids[0], 22);
  q.text = "理由";
  assert_int_equal(search(&q, ids, &total), 0);
}

/* ---- recall: words-only, bigrams-only, words+bigrams ---------------- */

static int copy_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  (void)ctx;
  return store_exec(
      c,
      "CREATE VIRTUAL TABLE t_words USING fts5(title, summary, body, tags,"
      " tokenize = 'luoshi_cjk words');"
      "CREATE VIRTUAL TABLE t_bigrams USING fts5(title, summary, body, tags,"
      " tokenize = 'luoshi_cjk bigrams');"
      "INSERT INTO t_words(rowid, title, summary, body, tags)"
      " SELECT rowid, title, summary, body, tags FROM material_fts;"
      "INSERT INTO t_bigrams(rowid, title, summary, body, tags)"
      " SELECT rowid, title, summary, body, tags FROM material_fts;",
      err);
}

static const char *const recall_sql[3] = {
    "SELECT count(*) FROM material m WHERE instr(lower(m.title || ' ' ||"
    " m.summary || ' ' || m.body), lower(?2)) > 0 AND m.id IN"
    " (SELECT rowid FROM material_fts WHERE material_fts MATCH ?1)",
    "SELECT count(*) FROM material m WHERE instr(lower(m.title || ' ' ||"
    " m.summary || ' ' || m.body), lower(?2)) > 0 AND m.id IN"
    " (SELECT rowid FROM t_bigrams WHERE t_bigrams MATCH ?1)",
    "SELECT count(*) FROM material m WHERE instr(lower(m.title || ' ' ||"
    " m.summary || ' ' || m.body), lower(?2)) > 0 AND m.id IN"
    " (SELECT rowid FROM t_words WHERE t_words MATCH ?1)",
};

static void test_recall(void **state)
{
  static const char *const qs[] = {
      "党史",     "初心",     "新时代",         "红船精神", "学史明理",
      "明理",     "三会一课", "我为群众办实事", "实事",     "廉政",
      "GDP增长",  "乡村振兴", "群众",           "党史学习", "入党",
      "学习教育", "办实事",   "文明实践",       "支部",     "精神"};
  static const char *const names[3] = {"words+bigrams", "bigrams", "words"};
  struct store_conn *c;
  struct lx_err e;
  struct arena *a = arena_new();
  int64_t lit_sum = 0, got_sum[3] = {0};
  (void)state;
  assert_int_equal(store_write(st, copy_job, NULL, &e), LX_OK);
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  printf("  recall (documents containing the query literally that are "
         "returned)\n  %-16s %7s %14s %8s %6s\n",
         "query", "literal", names[0], names[1], names[2]);
  for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
    int64_t lit = 0, got[3];
    struct store_stmt *s;
    assert_int_equal(store_query_i64(c, "SELECT 0", 0, 0, &lit, &e), LX_OK);
    assert_int_equal(
        store_prepare(c,
                      "SELECT count(*) FROM material m WHERE"
                      " instr(lower(m.title || ' ' || m.summary || ' ' ||"
                      " m.body), lower(?1)) > 0",
                      &s, &e),
        LX_OK);
    store_bind_text(s, 1, qs[i]);
    assert_int_equal(store_step(s, &e), STORE_ROW);
    lit = store_col_i64(s, 0);
    store_stmt_done(s);
    for (int m = 0; m < 3; m++) {
      char *expr = fts_match_expr(qs[i], m, a);
      assert_non_null(expr);
      assert_int_equal(store_prepare(c, recall_sql[m], &s, &e), LX_OK);
      store_bind_text(s, 1, expr);
      store_bind_text(s, 2, qs[i]);
      assert_int_equal(store_step(s, &e), STORE_ROW);
      got[m] = store_col_i64(s, 0);
      store_stmt_done(s);
      got_sum[m] += got[m];
    }
    lit_sum += lit;
    printf("  %-16s %7lld %14lld %8lld %6lld\n", qs[i], (long long)lit,
           (long long)got[0], (long long)got[1], (long long)got[2]);
    /* words+bigrams and bigrams never miss a literal occurrence */
    assert_int_equal(got[0], lit);
    assert_int_equal(got[1], lit);
  }
  printf("  overall recall: words+bigrams %.1f%%, bigrams %.1f%%, words "
         "%.1f%% (%lld literal matches)\n",
         100.0 * (double)got_sum[0] / (double)lit_sum,
         100.0 * (double)got_sum[1] / (double)lit_sum,
         100.0 * (double)got_sum[2] / (double)lit_sum, (long long)lit_sum);
  /* the measurement must show what words alone lose */
  assert_true(got_sum[2] < lit_sum);
  store_read_release(st, c);
  arena_free(a);
}

/* Ranking: the same two materials (25 读史明理 with the word 明理, 26
 * 说明理由 where 明理 crosses two words) scored by bigrams alone and by
 * words+bigrams; only the words tell them apart. */
static void test_word_boost(void **state)
{
  static const char *const sql[2] = {
      "SELECT rowid, bm25(material_fts, 10.0, 3.0, 1.0, 5.0) FROM"
      " material_fts WHERE material_fts MATCH ?1 AND rowid IN (25, 26)"
      " ORDER BY 2",
      "SELECT rowid, bm25(t_bigrams, 10.0, 3.0, 1.0, 5.0) FROM"
      " t_bigrams WHERE t_bigrams MATCH ?1 AND rowid IN (25, 26)"
      " ORDER BY 2"};
  struct store_conn *c;
  struct lx_err e;
  struct arena *a = arena_new();
  double score[2][2];
  (void)state;
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  for (int m = 0; m < 2; m++) {
    struct store_stmt *s;
    int k = 0;
    assert_int_equal(store_prepare(c, sql[m], &s, &e), LX_OK);
    store_bind_text(s, 1, fts_match_expr("明理", m, a));
    while (store_step(s, &e) == STORE_ROW && k < 2) {
      int64_t id = store_col_i64(s, 0);
      score[m][id == 25 ? 0 : 1] = -store_col_double(s, 1);
      k++;
    }
    store_stmt_done(s);
    assert_int_equal(k, 2);
  }
  printf("  明理: words+bigrams 25=%.2f 26=%.2f; bigrams 25=%.2f 26=%.2f\n",
         score[0][0], score[0][1], score[1][0], score[1][1]);
  /* the word match wins clearly with words, not by bigrams alone */
  assert_true(score[0][0] > score[0][1] * 1.2);
  assert_true(score[1][0] < score[1][1] * 1.2);
  store_read_release(st, c);
  arena_free(a);
}

/* SEARCH_BENCH=N: copies the published materials until there are about N
 * (ids from 100000), then times store_fts_search for a few queries (a
 * measurement, printed; not part of the assertions). */
static int grow_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  int64_t want = *(int64_t *)ctx, have = 0;
  int rc =
      store_query_i64(c, "SELECT count(*) FROM material", 0, 0, &have, err);
  for (int round = 1; !rc && have < want; round++) {
    struct store_stmt *s;
    rc = store_prepare(
        c,
        "INSERT INTO material(id, topic_id, status, visible_all,"
        " publish_date, title, summary, body, source, owner_unit_id,"
        " owner_unit_path, created_by, creator_name, created_at,"
        " updated_at) SELECT id + 100000 * ?1, topic_id, status,"
        " visible_all, publish_date, title, summary, body || '\n' || body,"
        " source, owner_unit_id, owner_unit_path, created_by, creator_name,"
        " 0, 0 FROM material WHERE id < 100000 AND status = 'published'",
        &s, err);
    if (rc)
      break;
    store_bind_i64(s, 1, round);
    rc = store_run(s, err);
    if (!rc)
      rc =
          store_query_i64(c, "SELECT count(*) FROM material", 0, 0, &have, err);
  }
  return rc;
}

static int cmp_d(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void test_bench(void **state)
{
  static const char *const qs[] = {"党史",   "学史明理", "我为群众办实事",
                                   "5G基站", "群众",     "乡村振兴 5G"};
  const char *env = getenv("SEARCH_BENCH");
  int64_t want = env ? atoll(env) : 0;
  struct lx_err e;
  (void)state;
  assert_true(want > 0);
  {
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(store_write(st, grow_job, &want, &e), LX_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("  indexed up to %lld materials in %.1f s\n", (long long)want,
           (double)(t1.tv_sec - t0.tv_sec) +
               (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
  }
  for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
    double ms[200];
    int total = 0;
    for (int k = 0; k < 200; k++) {
      struct store_conn *c;
      struct arena *a = arena_new();
      struct store_fts_hit *h;
      struct store_fts_query q = {
          .text = qs[i], .unit_path = "/9001/9002/", .limit = 20};
      struct timespec t0, t1;
      int n;
      clock_gettime(CLOCK_MONOTONIC, &t0);
      assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
      assert_int_equal(store_fts_search(c, &q, a, &h, &n, &total, &e), LX_OK);
      store_read_release(st, c);
      clock_gettime(CLOCK_MONOTONIC, &t1);
      arena_free(a);
      ms[k] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
              (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    }
    qsort(ms, 200, sizeof ms[0], cmp_d);
    printf("  %-16s total %4d  p50 %.2f ms  p99 %.2f ms\n", qs[i], total,
           ms[100], ms[197]);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_queries),        cmocka_unit_test(test_visibility),
      cmocka_unit_test(test_filters_paging), cmocka_unit_test(test_highlight),
      cmocka_unit_test(test_recall),         cmocka_unit_test(test_word_boost),
      cmocka_unit_test(test_triggers),       cmocka_unit_test(test_bench),
  };
  /* the timing is a measurement on demand (SEARCH_BENCH=N), not a test */
  if (!getenv("SEARCH_BENCH"))
    return _cmocka_run_group_tests(
        "tests", tests, sizeof tests / sizeof tests[0] - 1, setup, teardown);
  return cmocka_run_group_tests(tests, setup, teardown);
}
