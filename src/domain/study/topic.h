/*
 * topic.h — the topic (category) tree of the materials library
 * (学习资料分类: 党史、新中国史、全会精神 …).  Any depth up to
 * STUDY_TOPIC_DEPTH_MAX; path is the materialised path of ids ("/1/4/")
 * so that "this topic and below" is a range on path.  A topic is created
 * under a parent (or at the root), renamed or re-sorted, and deleted only
 * when it has neither child topics nor materials (409 otherwise).  Topics
 * are shared by the whole system: any study.manage holder edits them.
 *
 * Write functions run inside a write job on the job's connection.
 */
#ifndef STUDY_TOPIC_H
#define STUDY_TOPIC_H

#include "base/lx.h"

#include <stdint.h>

struct arena;
struct store_conn;

#define STUDY_TOPIC_NAME_MAX 50 /* characters */
#define STUDY_TOPIC_DEPTH_MAX 5
#define STUDY_TOPIC_MAX 2000 /* topics in the whole tree */

struct study_topic {
  int64_t id, parent_id; /* parent_id 0 = a root topic */
  const char *name, *path;
  int sort;
  int64_t n_materials; /* materials directly in this topic, any status */
  int64_t created_at, updated_at;
};

/* Checks a topic name: required, ≤ STUDY_TOPIC_NAME_MAX characters, valid
 * UTF-8, no control characters.  rc: LX_OK; LX_EINVAL (field "name"). */
LX_MUST_CHECK int study_topic_check_name(const char *name, struct lx_err *err);

/* Every topic, ordered by sort then id within each parent (callers build
 * the tree from parent_id).  rc: LX_OK; LX_EDB.
 * Returns in *out an arena-owned array of *out_n topics. */
LX_MUST_CHECK int study_topic_list(struct store_conn *c, struct arena *a,
                                   struct study_topic **out, int *out_n,
                                   struct lx_err *err);

/* One topic.  rc: LX_OK; LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int study_topic_get(struct store_conn *c, struct arena *a,
                                  int64_t id, struct study_topic *out,
                                  struct lx_err *err);

/* Creates topic name under parent_id (0 = root).  The name must be unique
 * among its siblings (409 "topic.duplicate"); the parent must exist (400
 * "topic.parent_missing", field parent_id); the depth is bounded.
 * rc: LX_OK; LX_EINVAL; LX_ECONFLICT; LX_ETOOBIG; LX_EDB. */
LX_MUST_CHECK int study_topic_create(struct store_conn *c, int64_t parent_id,
                                     const char *name, int sort,
                                     int64_t *out_id, struct lx_err *err);

/* Renames topic id and sets its sort.  rc: LX_OK; LX_EINVAL;
 * LX_ENOTFOUND; LX_ECONFLICT (a sibling has the name); LX_EDB. */
LX_MUST_CHECK int study_topic_update(struct store_conn *c, int64_t id,
                                     const char *name, int sort,
                                     struct lx_err *err);

/* Deletes topic id when it has no child topic and no material.
 * rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT ("topic.not_empty"); LX_EDB. */
LX_MUST_CHECK int study_topic_delete(struct store_conn *c, int64_t id,
                                     struct lx_err *err);

#endif
