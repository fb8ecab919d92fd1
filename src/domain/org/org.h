/*
 * org.h — the organisation: the unit tree (单位/党组织), the people in it
 * (人员), and the administration of accounts and roles that belong to
 * them.  Pure domain code: it validates, reads and writes through the
 * store, and knows nothing of HTTP or JSON.
 *
 * Units form a tree of any depth.  Each unit stores its materialised path
 * of ids ("/1/5/23/"), so a subtree is one index range
 * [path, org_path_hi(path)), and each person stores a copy of its unit's
 * path (unit_path) so that people lists filtered by a subtree are one
 * index range too, keyset-paginated on (unit_path, id).  Moving a subtree
 * rewrites both copies in one job.
 *
 * Scope: list functions take the caller's struct policy_filter and put it
 * into the SQL; functions on one record do not check scope — the caller
 * asks policy_allows() with the record's path (see org_unit_visible()).
 *
 * Write functions (create/update/move/delete) must run inside a write job
 * and are given the job's connection; read functions take any connection.
 * Results are allocated from the arena passed in (request-owned).
 */
#ifndef ORG_H
#define ORG_H

#include "base/lx.h"
#include "domain/policy/policy.h"

#include <stddef.h>
#include <stdint.h>

struct arena;
struct store_conn;

/* ---- paths ------------------------------------------------------------- */

/* Longest unit path in bytes (policy's subject keeps 256). */
#define ORG_PATH_MAX 200

/* Writes the path of a child with id under parent_path (NULL or "" for a
 * root): "/1/5/" + 23 → "/1/5/23/".  rc: LX_OK; LX_ETOOBIG when it would
 * exceed ORG_PATH_MAX or out_len. */
LX_MUST_CHECK int org_path_child(const char *parent_path, int64_t id,
                                 char *out, size_t out_len);

/* 1 if path equals ancestor or lies below it ("/1/5/23/" is within
 * "/1/5/"; "/1/50/" is not). */
int org_path_within(const char *path, const char *ancestor);

/* Depth of a path: "/1/" → 0, "/1/5/" → 1.  -1 if malformed. */
int org_path_depth(const char *path);

/* 1 if s is a well-formed path: "/" then one or more positive decimal
 * ids each followed by "/", no leading zeros, at most ORG_PATH_MAX. */
int org_path_valid(const char *s);

/* The exclusive upper bound of the subtree range of path (policy_path_hi). */
void org_path_hi(const char *path, char *out, size_t out_len);

/* ---- units ------------------------------------------------------------- */

#define ORG_UNIT_NAME_MAX 64 /* characters */
#define ORG_UNIT_CODE_MAX 32

struct org_unit {
  int64_t id;
  int64_t parent_id; /* 0 for a root */
  const char *name;
  const char *kind;  /* one of org_unit_kinds() */
  const char *code;  /* NULL when none */
  int64_t sort;
  const char *path;
  int depth;
  int64_t n_people;   /* people directly in the unit */
  int64_t n_children; /* direct child units */
  int64_t n_accounts; /* accounts whose unit it is (get only) */
  int64_t created_at, updated_at;
};

/* What a client may set on a unit. */
struct org_unit_in {
  const char *name;
  const char *kind;
  const char *code; /* NULL or "" = none */
  int64_t sort;     /* -1000000 .. 1000000 */
};

/* The unit kinds, NULL-terminated: 区委 区政府 部门 乡镇 街道 党委 党总支
 * 党支部 其他.  Static. */
const char *const *org_unit_kinds(void);

/* Validates in (name 1..64 characters without control characters, kind
 * in the list, code ≤ 32 of [A-Za-z0-9_.-], sort in range).
 * rc: LX_OK; LX_EINVAL with err naming the field. */
LX_MUST_CHECK int org_unit_check(const struct org_unit_in *in,
                                 struct lx_err *err);

/* Loads unit id with its counts.  rc: LX_OK; LX_ENOTFOUND
 * ("unit.not_found", field "id"); LX_EDB.  Strings are arena-owned. */
LX_MUST_CHECK int org_unit_get(struct store_conn *c, struct arena *a,
                               int64_t id, struct org_unit *out,
                               struct lx_err *err);

/* Write job: creates a unit under parent (NULL = a root) after
 * org_unit_check.  rc: LX_OK (*out_id set); LX_EINVAL; LX_ECONFLICT
 * ("unit.code_taken", field "code"); LX_ETOOBIG ("unit.too_deep",
 * field "parent_id"); LX_EDB. */
LX_MUST_CHECK int org_unit_create(struct store_conn *c,
                                  const struct org_unit *parent,
                                  const struct org_unit_in *in,
                                  int64_t *out_id, struct lx_err *err);

/* Write job: sets name, kind, code and sort of unit id.
 * rc: LX_OK; LX_EINVAL; LX_ENOTFOUND; LX_ECONFLICT ("unit.code_taken");
 * LX_EDB. */
LX_MUST_CHECK int org_unit_update(struct store_conn *c, int64_t id,
                                  const struct org_unit_in *in,
                                  struct lx_err *err);

/* Write job: moves unit u (as loaded) under new_parent (NULL = make it a
 * root): rewrites the path and depth of u and every unit below it and the
 * unit_path of every person in that subtree.  *out_units and *out_people
 * (may be NULL) get the numbers of rows rewritten.
 * rc: LX_OK; LX_EINVAL ("unit.move_into_self", field "parent_id") when
 * new_parent is u or below it; LX_ETOOBIG ("unit.too_deep") when a path
 * would grow past ORG_PATH_MAX; LX_EDB. */
LX_MUST_CHECK int org_unit_move(struct store_conn *c, const struct org_unit *u,
                                const struct org_unit *new_parent,
                                int64_t *out_units, int64_t *out_people,
                                struct lx_err *err);

/* Write job: deletes unit id if it has no child units, people or
 * accounts.  rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT ("unit.not_empty",
 * with the counts in the Chinese message); LX_EDB. */
LX_MUST_CHECK int org_unit_delete(struct store_conn *c, int64_t id,
                                  struct lx_err *err);

/* Every unit f lets the caller see (SCOPE_ALL: all; SUBTREE: the path
 * range; UNIT and SELF: the caller's own unit), with n_people and
 * n_children, in tree order: depth-first, siblings by (sort, id); a unit
 * whose parent is not visible starts a new root.
 * rc: LX_OK; LX_EDB.  Returns in *out an arena array of *out_n units. */
LX_MUST_CHECK int org_units_list(struct store_conn *c, struct arena *a,
                                 const struct policy_filter *f,
                                 struct org_unit **out, int *out_n,
                                 struct lx_err *err);

/* 1 if s may use perm (org.read / org.admin) on unit u: policy_allows on
 * u's path, and for SCOPE_SELF the subject's own unit. */
int org_unit_visible(const struct subject *s, const char *perm,
                     const struct org_unit *u);

/* ---- people ------------------------------------------------------------ */

#define ORG_PERSON_NAME_MAX 32
#define ORG_POSITION_MAX 64
#define ORG_QUERY_MAX 64 /* search text, characters */

struct org_person {
  int64_t id;
  int64_t unit_id;
  const char *unit_name;
  const char *unit_path;
  const char *name;
  const char *pinyin, *initials;
  const char *gender;     /* "男" | "女" | NULL */
  const char *birth_date; /* YYYY-MM-DD or NULL */
  const char *joined_at;  /* YYYY-MM-DD or NULL */
  const char *position;   /* NULL when none */
  const char *phone;      /* full; mask with org_phone_mask for lists */
  int is_leader;
  int64_t account_id;     /* 0 when the person has no account */
  int rank;               /* search rank (lists with q) */
  int64_t created_at, updated_at;
};

/* What a client may set on a person (all of it; an update is a merged
 * record). */
struct org_person_in {
  int64_t unit_id;
  const char *name;
  const char *gender;
  const char *birth_date;
  const char *joined_at;
  const char *position;
  const char *phone;
  int is_leader;
};

/* Validates in: name 1..32 characters without control characters; gender
 * NULL/男/女; dates real YYYY-MM-DD between 1900-01-01 and today, joined
 * after birth; position ≤ 64; phone 5..20 of digits, '-', ' ' with an
 * optional leading '+'.  today_days is days since 1970-01-01 (local).
 * rc: LX_OK; LX_EINVAL with err naming the field. */
LX_MUST_CHECK int org_person_check(const struct org_person_in *in,
                                   int32_t today_days, struct lx_err *err);

/* Writes the masked phone into out: "13812345678" → "138****5678";
 * shorter numbers keep only their last 2 digits.  NULL/"" → "". */
void org_phone_mask(const char *phone, char *out, size_t out_len);

/* Loads person id with its unit name and account id.  rc: LX_OK;
 * LX_ENOTFOUND ("person.not_found"); LX_EDB.  Arena-owned strings. */
LX_MUST_CHECK int org_person_get(struct store_conn *c, struct arena *a,
                                 int64_t id, struct org_person *out,
                                 struct lx_err *err);

/* Write job: creates a person in unit in->unit_id (which must exist:
 * LX_EINVAL "person.unit_missing", field "unit_id") with pinyin and
 * initials from the name.  rc: LX_OK (*out_id); LX_EINVAL; LX_EDB. */
LX_MUST_CHECK int org_person_create(struct store_conn *c,
                                    const struct org_person_in *in,
                                    int64_t *out_id, struct lx_err *err);

/* Write job: replaces every field of person id with in.  rc: LX_OK;
 * LX_ENOTFOUND; LX_EINVAL; LX_EDB. */
LX_MUST_CHECK int org_person_update(struct store_conn *c, int64_t id,
                                    const struct org_person_in *in,
                                    struct lx_err *err);

/* Write job: deletes person id unless an account references it.
 * rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT ("person.has_account"); LX_EDB. */
LX_MUST_CHECK int org_person_delete(struct store_conn *c, int64_t id,
                                    struct lx_err *err);

/* A people list query.  Keyset: rows strictly after (after_rank,
 * after_path, after_id) in the order (rank, unit_path, id); rank is 0
 * for every row when q is NULL. */
struct org_people_query {
  const char *q;          /* NULL or a search text (≤ ORG_QUERY_MAX) */
  int64_t unit_id;        /* 0 = any */
  const char *unit_path;  /* the unit's path, needed when subtree */
  int subtree;            /* 1: unit_id and every unit below it */
  int is_leader;          /* -1 any, 0, 1 */
  int has_after;
  int after_rank;
  const char *after_path;
  int64_t after_id;
  int limit;              /* 1..200 */
};

/* Search ranks, best first. */
enum org_rank {
  ORG_RANK_NAME_EXACT = 0,   /* name = q */
  ORG_RANK_PINYIN_EXACT = 1, /* pinyin = q or initials = q */
  ORG_RANK_NAME_PREFIX = 2,  /* name starts with q */
  ORG_RANK_PINYIN_PREFIX = 3,/* pinyin or initials start with q */
  ORG_RANK_NAME_CONTAINS = 4 /* name contains q */
};

/* Lists the people f lets the caller see that match q, in (rank,
 * unit_path, id) order, at most q->limit of them; *out_more is 1 when
 * more rows follow.  The search matches name substring, pinyin prefix or
 * initials prefix (ASCII case ignored), with LIKE wildcards in q taken
 * literally.  rc: LX_OK; LX_EINVAL ("person.q_too_long", field "q");
 * LX_EDB.  Returns an arena array in *out. */
LX_MUST_CHECK int org_people_list(struct store_conn *c, struct arena *a,
                                  const struct policy_filter *f,
                                  const struct org_people_query *q,
                                  struct org_person **out, int *out_n,
                                  int *out_more, struct lx_err *err);

/* Escapes s for a LIKE pattern with ESCAPE '\' ('%', '_' and '\' get a
 * backslash) into out.  Returns out, or NULL when it does not fit. */
char *org_like_escape(const char *s, char *out, size_t out_len);

#endif
