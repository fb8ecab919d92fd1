/*
 * reflection.h — reflections (心得体会) over the store: a member (a person)
 * writes one on a material, a plan or a free topic, keeps it as a draft,
 * submits it; the branch secretary (study.review in scope) approves it or
 * returns it with a comment, and the author edits and submits again; an
 * approved reflection can be featured (精选) to its unit, and featured ones
 * are read by every member of that unit's subtree.
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved (feature / unfeature)
 *     ▲                   │
 *     └──── edit ◀── returned ◀──return (comment 2–500 characters)
 *
 * Length: chars counts the characters of the body that are not white
 * space (ASCII blanks, U+3000); a submission needs at least the setting
 * study.reflection_min_chars (settings.h).  The web editor counts the
 * same way.
 *
 * Access (who may see or change which reflection) is the caller's
 * decision (api_reflection.c); these functions check the state machine
 * and the input and write rows.  Write functions run inside a write job
 * on the job's connection; read functions take any connection and fill
 * structs from the arena passed in.
 */
#ifndef STUDY_REFLECTION_H
#define STUDY_REFLECTION_H

#include "base/lx.h"

#include <stdint.h>

struct arena;
struct store_conn;

#define STUDY_REFLECTION_TITLE_MAX 100  /* characters */
#define STUDY_REFLECTION_BODY_MAX 20000 /* characters */
#define STUDY_REFLECTION_COMMENT_MIN 2  /* return comment, characters */
#define STUDY_REFLECTION_COMMENT_MAX 500

enum study_reflection_status {
  STUDY_REFLECTION_DRAFT = 0,
  STUDY_REFLECTION_SUBMITTED,
  STUDY_REFLECTION_APPROVED,
  STUDY_REFLECTION_RETURNED
};

struct study_reflection {
  int64_t id, person_id, account_id, unit_id;
  const char *unit_path, *unit_name, *author_name;
  int64_t material_id, plan_id; /* 0 = none */
  const char *material_title;   /* NULL when no material */
  const char *title, *body;     /* body NULL in list rows */
  int64_t chars;
  enum study_reflection_status status;
  int64_t submitted_at;
  const char *review_comment, *reviewer_name;
  int64_t reviewed_by, reviewed_at;
  int featured;
  int64_t featured_at, created_at, updated_at;
};

/* What the author sets. */
struct study_reflection_in {
  int64_t material_id, plan_id; /* 0 = none */
  const char *title, *body;
};

/* The author: a person acting through an account, in a unit. */
struct study_author {
  int64_t person_id, account_id, unit_id;
  const char *unit_path, *name;
};

/* A reviewer (secretary) as the rows name them. */
struct study_actor {
  int64_t account_id;
  const char *name;
};

/* List filters.  Three shapes: featured_only (the featured list of the
 * unit at ancestors_of: its subtree and the units above it); else
 * person_id (the author's own, drafts included); else a unit subtree
 * [unit_lo, unit_hi) without drafts, optionally one unit_id. */
struct study_reflection_query {
  int featured_only;
  const char *ancestors_of;      /* featured_only: the caller's unit path */
  int64_t person_id;             /* the author's own, 0 = not this shape */
  const char *unit_lo, *unit_hi; /* unit_path in [lo, hi); NULL = all */
  int64_t unit_id;               /* 0 = any unit of the range */
  int has_status;
  enum study_reflection_status status;
  int64_t before_id; /* keyset: id < before_id; 0 = first page */
  int limit;         /* 1..1000 */
};

/* Code ("submitted") and Chinese label ("待审核"); static strings. */
const char *study_reflection_status_code(enum study_reflection_status s);
const char *study_reflection_status_label(enum study_reflection_status s);
/* Parses a status code; 1 and *out set when known, else 0. */
int study_reflection_status_parse(const char *code,
                                  enum study_reflection_status *out);

/* The characters of body that count towards the minimum (not white
 * space). */
int64_t study_reflection_chars(const char *body);

/* Checks title (required, ≤ STUDY_REFLECTION_TITLE_MAX) and body
 * (≤ STUDY_REFLECTION_BODY_MAX, may be empty in a draft).
 * rc: LX_OK; LX_EINVAL naming "title" or "body". */
LX_MUST_CHECK int study_reflection_check(const struct study_reflection_in *in,
                                         struct lx_err *err);

/* Creates a draft of author (checks in; the material, when given, must
 * exist — 400 "reflection.material_missing", field material_id).
 * rc: LX_OK; LX_EINVAL; LX_EDB. */
LX_MUST_CHECK int study_reflection_create(struct store_conn *c,
                                          const struct study_reflection_in *in,
                                          const struct study_author *author,
                                          int64_t *out_id, struct lx_err *err);

/* Replaces title, body, material and plan of reflection id, which must be
 * a draft or returned (409 "reflection.bad_state" otherwise).
 * rc: LX_OK; LX_EINVAL; LX_ENOTFOUND; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int study_reflection_update(struct store_conn *c, int64_t id,
                                          const struct study_reflection_in *in,
                                          struct lx_err *err);

/* Submits a draft or returned reflection for review; its body must have
 * at least min_chars counting characters (400 "reflection.too_short",
 * field body).  rc: LX_OK; LX_EINVAL; LX_ENOTFOUND; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int study_reflection_submit(struct store_conn *c, int64_t id,
                                          int64_t min_chars,
                                          struct lx_err *err);

/* Reviews a submitted reflection: approve, or return with a comment of
 * STUDY_REFLECTION_COMMENT_MIN..MAX characters (400
 * "reflection.comment_required" / "field.too_long", field comment).
 * rc: LX_OK; LX_EINVAL; LX_ENOTFOUND; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int study_reflection_review(struct store_conn *c, int64_t id,
                                          int approve, const char *comment,
                                          const struct study_actor *who,
                                          struct lx_err *err);

/* Features (1) or unfeatures (0) an approved reflection (409
 * "reflection.not_approved" otherwise).
 * rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int study_reflection_feature(struct store_conn *c, int64_t id,
                                           int featured, struct lx_err *err);

/* Deletes a draft (409 "reflection.bad_state" for any other state) and
 * the links and undecided or rejected proposals made from it; a draft
 * with an accepted proposal stays (409 "reflection.has_actions": the
 * ledger item names it as its source).
 * rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int study_reflection_delete(struct store_conn *c, int64_t id,
                                          struct lx_err *err);

/* One reflection with its body.  rc: LX_OK; LX_ENOTFOUND; LX_EDB.
 * Strings in *out are arena-owned. */
LX_MUST_CHECK int study_reflection_get(struct store_conn *c, struct arena *a,
                                       int64_t id, struct study_reflection *out,
                                       struct lx_err *err);

/* The reflections q selects, newest first, without bodies.  *out_more is
 * 1 when more rows follow.  Returns in *out an arena array of *out_n.
 * rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int study_reflection_list(struct store_conn *c, struct arena *a,
                                        const struct study_reflection_query *q,
                                        struct study_reflection **out,
                                        int *out_n, int *out_more,
                                        struct lx_err *err);

/* Counts for the statistics of the unit subtree at unit_path over the
 * local dates from..to (YYYY-MM-DD, inclusive; NULL = open): reflections
 * submitted (last submission in the period, not a draft now), approved
 * (reviewed in the period, approved now) and featured (featured in the
 * period, still featured).  rc: LX_OK; LX_EINVAL (a bad date, field
 * "from"/"to"); LX_EDB. */
LX_MUST_CHECK int
study_reflection_counts_for_unit(struct store_conn *c, const char *unit_path,
                                 const char *from, const char *to,
                                 int64_t *submitted, int64_t *approved,
                                 int64_t *featured, struct lx_err *err);

/* The Unix ms bounds [*lo, *hi) of the local dates from..to (NULL = open:
 * 0 / INT64_MAX).  Shared with action.c.  rc: LX_OK; LX_EINVAL. */
LX_MUST_CHECK int study_period_ms(const char *from, const char *to, int64_t *lo,
                                  int64_t *hi, struct lx_err *err);

#endif
