/*
 * test_search_fallback.c — study search without the friso dictionary
 * (friso_ini names a missing file): the tokenizer logs a warning once and
 * indexes bigrams only; search still finds every material that contains
 * the query (2, 4 and 7 characters, mixed ASCII), phrases still do not
 * match words that are apart, and the query builder adds no word terms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/cfg.h"
#include "store/fts_tokenizer.h"
#include "test_search_corpus.h"

static struct store *st;

static int setup(void **state)
{
  (void)state;
  cfg_defaults();
  snprintf(cfg.friso_ini, sizeof cfg.friso_ini, "%s", "/nonexistent/friso.ini");
  st = tsc_open();
  return st ? 0 : -1;
}

static int teardown(void **state)
{
  (void)state;
  tsc_close(st);
  return 0;
}

static int ids_of(const char *text, int64_t *ids)
{
  struct store_conn *c;
  struct lx_err e;
  struct arena *a = arena_new();
  struct store_fts_hit *h;
  struct store_fts_query q = {
      .text = text, .unit_path = "/9001/9002/", .limit = 50};
  int n, total;
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  assert_int_equal(store_fts_search(c, &q, a, &h, &n, &total, &e), LX_OK);
  for (int i = 0; i < n; i++)
    ids[i] = h[i].id;
  store_read_release(st, c);
  arena_free(a);
  return n;
}

static int has(const int64_t *ids, int n, int64_t id)
{
  for (int i = 0; i < n; i++)
    if (ids[i] == id)
      return 1;
  return 0;
}

static void test_no_words(void **state)
{
  struct arena *a = arena_new();
  (void)state;
  assert_int_equal(fts_tokenizer_has_words(), 0);
  /* no marked word terms: just the quoted phrase */
  assert_string_equal(fts_match_expr("学史明理", FTS_Q_BOTH, a),
                      "\"学史明理\"");
  assert_string_equal(fts_match_expr("(初心 \"OR", FTS_Q_BOTH, a),
                      "\"初心\" AND \"OR\"");
  arena_free(a);
}

static void test_still_finds(void **state)
{
  int64_t ids[50];
  int n;
  (void)state;
  n = ids_of("学史明理", ids);
  assert_int_equal(ids[0], 14);
  assert_true(has(ids, n, 15));
  assert_false(has(ids, n, 16)); /* 学史 … 明理 apart */
  n = ids_of("红船精神", ids);
  assert_int_equal(n, 2);
  assert_false(has(ids, n, 13));
  n = ids_of("我为群众办实事", ids);
  assert_int_equal(ids[0], 17);
  assert_false(has(ids, n, 19));
  n = ids_of("5G基站", ids);
  assert_int_equal(n, 2);
  assert_true(has(ids, n, 20) && has(ids, n, 21));
  n = ids_of("党史", ids);
  assert_true(n > 6);
  assert_true(has(ids, 3, 2) && has(ids, 3, 1)); /* titles first */
  n = ids_of("NEAR(", ids);
  assert_int_equal(n, 1);
  assert_int_equal(ids[0], 29);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_no_words),
      cmocka_unit_test(test_still_finds),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
