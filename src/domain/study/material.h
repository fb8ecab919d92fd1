/*
 * material.h — study materials (学习资料): Markdown body, topic, tags,
 * visibility by unit, attachments, and the publication state machine
 *
 *     draft (草稿) → published (已发布) → withdrawn (已下架) → published …
 *
 * Only drafts may be deleted; publishing a published material or
 * withdrawing one that is not published is 409.  A material belongs to
 * the unit of the account that created it (owner_unit); study.manage
 * holders whose scope covers owner_unit_path manage it (the caller
 * decides that with policy_allows).  Members (study.read) see a material
 * when it is published and visible to their unit: visible_all, or their
 * unit path starts with one of the material's unit paths.
 *
 * Validation: title 1–200 characters; source and author ≤ 100; summary
 * ≤ 500; publish_date a real YYYY-MM-DD; body 1 character to 2 MB; tags
 * ≤ 10 of ≤ 20 characters (duplicates dropped); min_seconds 10–36000,
 * default study_material_default_seconds(body); topic must exist; units
 * must exist (the caller checks they are in its scope).
 *
 * Write functions run inside a write job on the job's connection.  The
 * search index (FTS) follows the material table through triggers that
 * the search module installs; nothing here calls it.
 */
#ifndef STUDY_MATERIAL_H
#define STUDY_MATERIAL_H

#include "base/lx.h"

#include <stddef.h>
#include <stdint.h>

struct arena;
struct store_conn;
struct policy_filter;

#define STUDY_TITLE_MAX 200
#define STUDY_SOURCE_MAX 100
#define STUDY_SUMMARY_MAX 500
#define STUDY_BODY_MAX (2 * 1024 * 1024) /* bytes */
#define STUDY_TAGS_MAX 10
#define STUDY_TAG_MAX 20
#define STUDY_UNITS_MAX 100
#define STUDY_MIN_SECONDS_LO 10
#define STUDY_MIN_SECONDS_HI 36000
#define STUDY_FILES_MAX 30
#define STUDY_RELATED_MAX 6

enum study_status { STUDY_DRAFT = 0, STUDY_PUBLISHED, STUDY_WITHDRAWN };

struct study_unit_ref {
  int64_t id;
  const char *name, *path;
};

struct study_material {
  int64_t id, topic_id; /* topic_id 0 = none */
  const char *topic_name, *topic_path;
  const char *title, *source, *author, *publish_date, *summary;
  const char *body; /* NULL unless loaded with full */
  int64_t body_chars, min_seconds;
  enum study_status status;
  int visible_all;
  int64_t owner_unit_id;
  const char *owner_unit_path, *owner_unit_name;
  int64_t created_by;
  const char *creator_name;
  int64_t published_at, created_at, updated_at;
  const char **tags;
  int n_tags;
  struct study_unit_ref *units; /* loaded with full */
  int n_units;
  int shared_tags; /* related materials only */
};

struct study_material_in {
  int64_t topic_id; /* 0 = none */
  const char *title, *source, *author, *publish_date, *summary, *body;
  const char *tags[STUDY_TAGS_MAX];
  int n_tags;
  int64_t min_seconds; /* 0 = computed from the body */
  int visible_all;
  int64_t unit_ids[STUDY_UNITS_MAX];
  int n_units;
};

struct study_who {
  int64_t account_id;
  const char *name;
  int64_t unit_id;
  const char *unit_path;
};

struct study_file {
  int64_t id, material_id, size, uploaded_by, created_at;
  const char *sha256, *mime, *filename, *uploader_name;
};

/* List filters.  manage = 1: every status, limited to the scope filter f
 * over owner units (f required); manage = 0: published materials visible
 * to viewer_path.  NULL/0 filters are off. */
struct study_material_query {
  int manage;
  const struct policy_filter *f;
  const char *viewer_path;
  const char *status;     /* manage only: draft|published|withdrawn */
  const char *topic_path; /* this topic and below */
  const char *tag;
  const char *q; /* title contains */
  int64_t after_id;
  int limit;
};

/* Code ("draft") and Chinese label ("草稿"); static strings. */
const char *study_status_code(enum study_status s);
const char *study_status_label(enum study_status s);
/* Parses a status code.  Returns 1 on success. */
int study_status_parse(const char *code, enum study_status *out);

/* The default reading time of a body with chars characters: about 400
 * characters a minute, at least 30 s, at most STUDY_MIN_SECONDS_HI. */
int64_t study_material_default_seconds(long chars);

/* Checks every field of in (not the references: topic, units).  Trims
 * and de-duplicates tags in place.
 * rc: LX_OK; LX_EINVAL naming the field ("title", "tags[2]", …). */
LX_MUST_CHECK int study_material_check(struct study_material_in *in,
                                       struct lx_err *err);

/* Resolves unit ids to units.  rc: LX_OK; LX_EINVAL ("unit.not_found",
 * field "unit_ids[i]"); LX_EDB.  Returns arena-owned refs in *out. */
LX_MUST_CHECK int study_material_units(struct store_conn *c, struct arena *a,
                                       const int64_t *ids, int n,
                                       struct study_unit_ref **out,
                                       struct lx_err *err);

/* Creates a draft owned by who's unit.  Checks in (study_material_check)
 * and that the topic exists (400 "topic.not_found", field topic_id).
 * rc: LX_OK; LX_EINVAL; LX_EDB. */
LX_MUST_CHECK int study_material_create(struct store_conn *c,
                                        struct study_material_in *in,
                                        const struct study_who *who,
                                        int64_t *out_id, struct lx_err *err);

/* Replaces the fields, tags and units of material id (any status).
 * rc: LX_OK; LX_EINVAL; LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int study_material_update(struct store_conn *c, int64_t id,
                                        struct study_material_in *in,
                                        struct lx_err *err);

/* Loads material id with its tags; full = 1 also loads the body and the
 * visible units.  rc: LX_OK; LX_ENOTFOUND; LX_EDB.  Strings arena-owned. */
LX_MUST_CHECK int study_material_get(struct store_conn *c, struct arena *a,
                                     int64_t id, int full,
                                     struct study_material *out,
                                     struct lx_err *err);

/* 1 if a member whose unit has path viewer_path may read m (published and
 * visible).  m must have been loaded with full (units). */
int study_material_visible(const struct study_material *m,
                           const char *viewer_path);

/* Publishes (publish = 1: draft or withdrawn → published, sets
 * published_at) or withdraws (published → withdrawn) material id.
 * rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT ("material.bad_state"); LX_EDB. */
LX_MUST_CHECK int study_material_set_status(struct store_conn *c, int64_t id,
                                            int publish, struct lx_err *err);

/* Deletes draft id with its tags, units and attachment rows (the files
 * stay in the content-addressed store).
 * rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT ("material.not_draft", or a
 * record elsewhere still refers to it); LX_EDB. */
LX_MUST_CHECK int study_material_delete(struct store_conn *c, int64_t id,
                                        struct lx_err *err);

/* One page of the list, newest first (id descending), tags included.
 * *out_more = 1 when another page follows.
 * rc: LX_OK; LX_EINTERNAL; LX_EDB.  Returns an arena-owned array. */
LX_MUST_CHECK int study_material_list(struct store_conn *c, struct arena *a,
                                      const struct study_material_query *q,
                                      struct study_material **out, int *out_n,
                                      int *out_more, struct lx_err *err);

/* Up to STUDY_RELATED_MAX published materials visible to viewer_path
 * (NULL: visibility not checked) that share m's topic or a tag, most
 * shared tags first, then most recently published.
 * rc: LX_OK; LX_EDB.  Returns an arena-owned array (no tags, no body). */
LX_MUST_CHECK int study_material_related(struct store_conn *c, struct arena *a,
                                         const struct study_material *m,
                                         const char *viewer_path,
                                         struct study_material **out,
                                         int *out_n, struct lx_err *err);

/* The topic path names of topic_path ("/1/4/" → ["党史", "…"]).
 * rc: LX_OK; LX_EDB.  Returns arena-owned arrays of *out_n ids and names. */
LX_MUST_CHECK int study_topic_trail(struct store_conn *c, struct arena *a,
                                    const char *topic_path, int64_t **out_ids,
                                    const char ***out_names, int *out_n,
                                    struct lx_err *err);

/* ---- attachments ---- */

/* Adds an attachment row (the file is already stored under sha256).
 * rc: LX_OK; LX_ENOTFOUND; LX_ETOOBIG ("material.too_many_files");
 * LX_EDB. */
LX_MUST_CHECK int study_file_add(struct store_conn *c, int64_t material_id,
                                 const char *sha256, int64_t size,
                                 const char *mime, const char *filename,
                                 const struct study_who *who, int64_t *out_id,
                                 struct lx_err *err);

/* The attachments of a material, oldest first.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int study_file_list(struct store_conn *c, struct arena *a,
                                  int64_t material_id, struct study_file **out,
                                  int *out_n, struct lx_err *err);

/* Attachment file_id of material_id.  rc: LX_OK; LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int study_file_get(struct store_conn *c, struct arena *a,
                                 int64_t material_id, int64_t file_id,
                                 struct study_file *out, struct lx_err *err);

/* Removes attachment file_id of material_id.
 * rc: LX_OK; LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int study_file_delete(struct store_conn *c, int64_t material_id,
                                    int64_t file_id, struct lx_err *err);

#endif
