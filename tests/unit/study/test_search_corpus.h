/*
 * test_search_corpus.h — loads tests/data/study_corpus (tools/mkcorpus.py)
 * into a fresh, migrated database for the search tests: units 9001 (root),
 * 9002 and 9003 (its branches), account 9001, the topic tree and every
 * material with its tags and units.  Static functions, included by the
 * test_search*.c files only.
 */
#ifndef TEST_SEARCH_CORPUS_H
#define TEST_SEARCH_CORPUS_H

#include "store/migrate.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CORPUS_DIR "tests/data/study_corpus"

static char tsc_dir[64], tsc_db[128];

/* Splits line (modified in place) at tabs into f[0..max); returns count. */
static int tsc_split(char *line, char **f, int max)
{
  int n = 0;
  char *p = line, *nl = strchr(line, '\n');
  if (nl)
    *nl = '\0';
  while (n < max) {
    char *t = strchr(p, '\t');
    f[n++] = p;
    if (!t)
      break;
    *t = '\0';
    p = t + 1;
  }
  return n;
}

/* "\n" escapes to newlines, in place. */
static void tsc_unescape(char *s)
{
  char *w = s;
  for (; *s; s++) {
    if (s[0] == '\\' && s[1] == 'n') {
      *w++ = '\n';
      s++;
    } else {
      *w++ = *s;
    }
  }
  *w = '\0';
}

static int tsc_exec_bind(struct store_conn *c, const char *sql, int n,
                         const char **v, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, sql, &s, err);
  if (rc)
    return rc;
  for (int i = 0; i < n; i++)
    store_bind_text(s, i + 1, v[i]);
  return store_run(s, err);
}

static int tsc_load_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  char line[8192], path[256];
  FILE *f;
  int rc;
  (void)ctx;
  rc = store_exec(
      c,
      "INSERT INTO unit(id, parent_id, name, kind, path, depth, created_at,"
      " updated_at) VALUES (9001, NULL, '测试县委', '党委', '/9001/', 0, 0, 0),"
      " (9002, 9001, '第一支部', '党支部', '/9001/9002/', 1, 0, 0),"
      " (9003, 9001, '第二支部', '党支部', '/9001/9003/', 1, 0, 0);"
      "INSERT INTO account(id, username, name, unit_id, password_hash,"
      " password_changed_at, created_at, updated_at) VALUES (9001,"
      " 'corpus', '语料', 9001, 'x', 0, 0, 0);",
      err);
  if (rc)
    return rc;
  snprintf(path, sizeof path, "%s/topics.tsv", CORPUS_DIR);
  f = fopen(path, "r");
  if (!f)
    return err_set(err, LX_EIO, "test.corpus", "", path);
  while (fgets(line, sizeof line, f)) {
    char *v[3], tpath[64];
    const char *b[4];
    if (line[0] == '#' || tsc_split(line, v, 3) != 3)
      continue;
    if (strcmp(v[1], "0") == 0)
      snprintf(tpath, sizeof tpath, "/%s/", v[0]);
    else
      snprintf(tpath, sizeof tpath, "/%s/%s/", v[1], v[0]);
    b[0] = v[0];
    b[1] = strcmp(v[1], "0") == 0 ? NULL : v[1];
    b[2] = v[2];
    b[3] = tpath;
    rc = tsc_exec_bind(c,
                       "INSERT INTO study_topic(id, parent_id, name, path,"
                       " created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0)",
                       4, b, err);
    if (rc)
      break;
  }
  fclose(f);
  if (rc)
    return rc;
  snprintf(path, sizeof path, "%s/materials.tsv", CORPUS_DIR);
  f = fopen(path, "r");
  if (!f)
    return err_set(err, LX_EIO, "test.corpus", "", path);
  while (!rc && fgets(line, sizeof line, f)) {
    char *v[9];
    const char *b[9];
    if (line[0] == '#' || tsc_split(line, v, 9) != 9)
      continue;
    tsc_unescape(v[8]);
    b[0] = v[0];
    b[1] = v[1];
    b[2] = v[2];
    b[3] = strcmp(v[3], "all") == 0 ? "1" : "0";
    b[4] = v[5];
    b[5] = v[6];
    b[6] = v[7];
    b[7] = v[8];
    rc = tsc_exec_bind(
        c,
        "INSERT INTO material(id, topic_id, status, visible_all, publish_date,"
        " title, summary, body, source, owner_unit_id, owner_unit_path,"
        " created_by, creator_name, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, '测试语料', 9001, '/9001/', 9001,"
        " '语料', 0, 0)",
        8, b, err);
    if (!rc && strcmp(v[3], "all") != 0) {
      /* visible to one unit: its id is the last path element */
      char uid[16];
      const char *end = v[3] + strlen(v[3]) - 1, *st = end;
      while (st > v[3] && st[-1] != '/')
        st--;
      snprintf(uid, sizeof uid, "%.*s", (int)(end - st), st);
      b[1] = uid;
      b[2] = v[3];
      rc = tsc_exec_bind(c,
                         "INSERT INTO material_unit(material_id, unit_id,"
                         " unit_path) VALUES (?, ?, ?)",
                         3, b, err);
    }
    for (char *t = v[4]; !rc && *t;) {
      char *comma = strchr(t, ',');
      if (comma)
        *comma = '\0';
      b[1] = t;
      rc = tsc_exec_bind(c,
                         "INSERT INTO material_tag(material_id, tag)"
                         " VALUES (?, ?)",
                         2, b, err);
      t = comma ? comma + 1 : t + strlen(t);
    }
  }
  if (rc)
    fprintf(stderr, "corpus line failed: %.40s\n", line);
  fclose(f);
  return rc;
}

/* Creates a fresh database with the corpus; returns the open store. */
static struct store *tsc_open(void)
{
  struct store_opts o = {tsc_db, 5000, 512, 0};
  struct store *st = NULL;
  struct lx_err e;
  int applied = 0;
  snprintf(tsc_dir, sizeof tsc_dir, "/tmp/luoshi-search-XXXXXX");
  if (!mkdtemp(tsc_dir))
    return NULL;
  snprintf(tsc_db, sizeof tsc_db, "%s/s.db", tsc_dir);
  if (store_open(&o, &st, &e) != LX_OK)
    return NULL;
  if (migrate_apply(st, &applied, &e) != LX_OK ||
      store_write(st, tsc_load_job, NULL, &e) != LX_OK) {
    fprintf(stderr, "corpus load failed: %s\n", e.message);
    store_close(st);
    return NULL;
  }
  return st;
}

static void tsc_close(struct store *st)
{
  char cmd[128];
  store_close(st);
  snprintf(cmd, sizeof cmd, "rm -rf %s", tsc_dir);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", tsc_dir);
}

#endif
