/*
 * search.h — study full-text search (学习资料检索): validates a reader's
 * query and runs it through the store's search interface
 * (store_fts_search; SQLite FTS5 with the luoshi_cjk tokenizer, see
 * src/store/fts_tokenizer.h).  Only published materials visible to the
 * reader's unit are searched, ranked by relevance (BM25: title above
 * tags, summary and body) with highlighted titles and snippets.
 */
#ifndef STUDY_SEARCH_H
#define STUDY_SEARCH_H

#include "base/lx.h"
#include "store/store.h"

#define STUDY_SEARCH_Q_MAX 100  /* characters, after trimming */
#define STUDY_SEARCH_TAG_MAX 20 /* characters (as material tags) */
#define STUDY_SEARCH_LIMIT_DEFAULT 20
#define STUDY_SEARCH_OFFSET_MAX (STORE_FTS_TOTAL_MAX - 1)

struct study_search_query {
  const char *q;         /* as typed (trimmed here) */
  const char *unit_path; /* the reader's unit path */
  int64_t topic_id;      /* 0 = any; a topic includes its subtree */
  const char *tag;       /* NULL or "" = any */
  const char *from, *to; /* publish_date bounds YYYY-MM-DD; NULL = open */
  int offset;            /* 0..STUDY_SEARCH_OFFSET_MAX */
  int limit;             /* 1..STORE_FTS_LIMIT_MAX; 0 = default */
};

/* Validates in (q 1–100 characters after trimming white space; tag ≤ 20
 * characters; from/to real dates, from ≤ to; offset and limit in range)
 * and searches.  rc: LX_OK; LX_EINVAL (code "search.invalid", field q,
 * tag, from, to, offset or limit); store errors.
 * Returns: hits in *out (arena-owned), count *n, bounded total *total. */
LX_MUST_CHECK int study_search_run(struct store_conn *c, struct arena *a,
                                   const struct study_search_query *in,
                                   struct store_fts_hit **out, int *n,
                                   int *total, struct lx_err *err);

#endif
