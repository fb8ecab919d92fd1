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
LX_MUST_CHECK int org_path_child(const char *parent_path, int64_t id, char *out,
                                 size_t out_len);

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
  const char *kind; /* one of org_unit_kinds() */
  const char *code; /* NULL when none */
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
                                  const struct org_unit_in *in, int64_t *out_id,
                                  struct lx_err *err);

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
  int64_t account_id; /* 0 when the person has no account */
  int rank;           /* search rank (lists with q) */
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
  const char *q;         /* NULL or a search text (≤ ORG_QUERY_MAX) */
  int64_t unit_id;       /* 0 = any */
  const char *unit_path; /* the unit's path, needed when subtree */
  int subtree;           /* 1: unit_id and every unit below it */
  int is_leader;         /* -1 any, 0, 1 */
  int has_after;
  int after_rank;
  const char *after_path;
  int64_t after_id;
  int limit; /* 1..200 */
};

/* Search ranks, best first. */
enum org_rank {
  ORG_RANK_NAME_EXACT = 0,    /* name = q */
  ORG_RANK_PINYIN_EXACT = 1,  /* pinyin = q or initials = q */
  ORG_RANK_NAME_PREFIX = 2,   /* name starts with q */
  ORG_RANK_PINYIN_PREFIX = 3, /* pinyin or initials start with q */
  ORG_RANK_NAME_CONTAINS = 4  /* name contains q */
};

/* Lists the people f lets the caller see that match q, in (rank,
 * unit_path, id) order, at most q->limit of them; *out_more is 1 when
 * more rows follow.  The search matches name substring, pinyin prefix or
 * initials prefix (ASCII case ignored), with LIKE wildcards in q taken
 * literally; a q of ASCII letters and digits only is matched against the
 * pinyin and initials prefixes alone (index ranges; ASCII in a name is
 * part of its pinyin, so "anna" still finds "Anna").
 * rc: LX_OK; LX_EINVAL ("person.q_too_long", field "q");
 * LX_EDB.  Returns an arena array in *out. */
LX_MUST_CHECK int org_people_list(struct store_conn *c, struct arena *a,
                                  const struct policy_filter *f,
                                  const struct org_people_query *q,
                                  struct org_person **out, int *out_n,
                                  int *out_more, struct lx_err *err);

/* Escapes s for a LIKE pattern with ESCAPE '\' ('%', '_' and '\' get a
 * backslash) into out.  Returns out, or NULL when it does not fit. */
char *org_like_escape(const char *s, char *out, size_t out_len);

/* ---- accounts (account.c) --------------------------------------------- */

#define ACCT_MAX_ROLES 16 /* grants per account (policy keeps 16) */
#define ACCT_NAME_MAX 32  /* characters */

/* A role held by an account. */
struct acct_grant {
  int64_t role_id;
  const char *code, *name;
  const char *admin_kind; /* "sysadmin"/"secadmin"/"auditor" or NULL */
  enum policy_scope scope;
};

struct acct_user {
  int64_t id;
  const char *username, *name;
  int64_t unit_id;
  const char *unit_name, *unit_path;
  int64_t person_id;  /* 0 = none */
  const char *status; /* "active" | "disabled" | "locked" */
  int must_change, totp_enabled;
  int64_t failed_count, locked_until;
  int64_t last_login_at; /* 0 = never */
  const char *last_login_ip;
  int64_t password_changed_at, created_at, updated_at;
  int n_roles;
  struct acct_grant roles[ACCT_MAX_ROLES];
};

/* A role asked for in a create or roles update. */
struct acct_role_in {
  int64_t role_id;
  enum policy_scope scope;
};

struct acct_user_in {
  const char *username;
  const char *name;
  int64_t unit_id;
  int64_t person_id; /* 0 = none */
  int n_roles;
  struct acct_role_in roles[ACCT_MAX_ROLES];
};

/* Checks a username: 3..32 of [A-Za-z0-9_.-].  rc: LX_OK; LX_EINVAL
 * ("user.username_invalid", field "username"). */
LX_MUST_CHECK int acct_username_check(const char *username, struct lx_err *err);

/* Loads account id with its unit and roles.  now_ms decides "locked".
 * rc: LX_OK; LX_ENOTFOUND ("user.not_found"); LX_EDB.  Arena strings. */
LX_MUST_CHECK int acct_get(struct store_conn *c, struct arena *a, int64_t id,
                           int64_t now_ms, struct acct_user *out,
                           struct lx_err *err);

struct acct_query {
  const char *q;         /* username prefix or name substring */
  int64_t unit_id;       /* 0 = any */
  const char *unit_path; /* with subtree */
  int subtree;
  const char *status; /* NULL, "active", "disabled", "locked" */
  int64_t after_id;   /* keyset: ids above it (0 = first page) */
  int limit;
  int64_t now_ms;
};

/* The accounts f lets the caller see (the account's unit against the
 * scope; SELF = the caller's own account), by id.  rc: LX_OK; LX_EINVAL
 * (status or q); LX_EDB.  *out is an arena array. */
LX_MUST_CHECK int acct_list(struct store_conn *c, struct arena *a,
                            const struct policy_filter *f,
                            const struct acct_query *q, struct acct_user **out,
                            int *out_n, int *out_more, struct lx_err *err);

/* Checks a roles request against the 三员 rules for actor acting on
 * target (NULL when creating), resolving each role from the database:
 *   - every role exists (400 "user.role_missing", field "roles") and
 *     appears once (400 "user.role_duplicate"), scope valid (400);
 *   - adding, removing or re-scoping a role with an admin_kind needs
 *     role.admin (403 "user.admin_role_forbidden");
 *   - at most one admin role in the result (400 "user.two_admin_roles");
 *   - nobody changes their own roles (403 "user.self_roles");
 *   - an actor whose scope for grant_perm is not "all" may not grant the
 *     scope "all" (403 "user.scope_too_wide").
 * rc: LX_OK; LX_EINVAL; LX_EFORBIDDEN; LX_EDB. */
LX_MUST_CHECK int acct_roles_check(struct store_conn *c,
                                   const struct subject *actor,
                                   const char *grant_perm,
                                   const struct acct_user *target,
                                   const struct acct_role_in *roles,
                                   int n_roles, struct lx_err *err);

/* Write job: creates the account (must_change = 1) with password_hash
 * (argon2id PHC text made by the caller) and its roles, after
 * acct_username_check and the name/unit/person checks: unit must exist
 * (400 "user.unit_missing"), person must exist (400
 * "user.person_missing") and have no account yet (409
 * "user.person_taken"); a taken username is 409 "user.username_taken".
 * rc: LX_OK (*out_id); LX_EINVAL; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int acct_create(struct store_conn *c,
                              const struct acct_user_in *in,
                              const char *password_hash, int64_t *out_id,
                              struct lx_err *err);

/* Write job: sets name and unit.  rc: LX_OK; LX_EINVAL; LX_ENOTFOUND;
 * LX_EDB. */
LX_MUST_CHECK int acct_update(struct store_conn *c, int64_t id,
                              const char *name, int64_t unit_id,
                              struct lx_err *err);

/* Write job: replaces the roles of account id.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int acct_roles_set(struct store_conn *c, int64_t id,
                                 const struct acct_role_in *roles, int n_roles,
                                 struct lx_err *err);

/* Write job: a new password hash with must_change = 1, failures cleared,
 * every session of the account revoked.  rc: LX_OK; LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int acct_password_reset(struct store_conn *c, int64_t id,
                                      const char *password_hash,
                                      struct lx_err *err);

/* Write job: status "active" or "disabled" (disabling revokes every
 * session).  rc: LX_OK; LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int acct_status_set(struct store_conn *c, int64_t id,
                                  const char *status, struct lx_err *err);

/* Write job: clears the failure count and the lock.  rc: LX_OK;
 * LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int acct_unlock(struct store_conn *c, int64_t id,
                              struct lx_err *err);

/* Write job: removes the TOTP secret (the account enrols again at its
 * next login) and revokes its sessions.  rc: LX_OK; LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int acct_totp_reset(struct store_conn *c, int64_t id,
                                  struct lx_err *err);

/* Write job: revokes every live session of account id.  *out_n (may be
 * NULL) gets the number revoked.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int acct_sessions_revoke(struct store_conn *c, int64_t id,
                                       int64_t *out_n, struct lx_err *err);

/* 1 if u holds one of the three admin roles. */
int acct_is_admin(const struct acct_user *u);

/* ---- roles (role.c) ---------------------------------------------------- */

#define ACCT_ROLE_NAME_MAX 32

struct acct_role {
  int64_t id;
  const char *code, *name;
  const char *admin_kind; /* NULL for ordinary roles */
  int builtin;
  int n_perms;
  const char **perms; /* catalogue codes */
  int64_t n_accounts; /* accounts holding it */
  int64_t created_at;
};

/* Every role with its permissions, built-ins first, then by id.
 * rc: LX_OK; LX_EDB.  *out is an arena array. */
LX_MUST_CHECK int acct_roles_list(struct store_conn *c, struct arena *a,
                                  struct acct_role **out, int *out_n,
                                  struct lx_err *err);

/* One role.  rc: LX_OK; LX_ENOTFOUND ("role.not_found"); LX_EDB. */
LX_MUST_CHECK int acct_role_get(struct store_conn *c, struct arena *a,
                                int64_t id, struct acct_role *out,
                                struct lx_err *err);

/* Checks a custom role: code (create only; NULL skips) [a-z][a-z0-9_]{1,31},
 * not a built-in code; name 1..32 characters; permissions all in the
 * catalogue, none twice, none of the 三员-only ones (user.admin,
 * role.admin, audit.read).  rc: LX_OK; LX_EINVAL naming the field. */
LX_MUST_CHECK int acct_role_check(const char *code, const char *name,
                                  const char *const *perms, int n_perms,
                                  struct lx_err *err);

/* Write job: creates a custom role.  rc: LX_OK (*out_id); LX_EINVAL;
 * LX_ECONFLICT ("role.code_taken"); LX_EDB. */
LX_MUST_CHECK int acct_role_create(struct store_conn *c, const char *code,
                                   const char *name, const char *const *perms,
                                   int n_perms, int64_t *out_id,
                                   struct lx_err *err);

/* Write job: renames a custom role and replaces its permissions.
 * rc: LX_OK; LX_EINVAL; LX_ENOTFOUND; LX_ECONFLICT ("role.builtin");
 * LX_EDB. */
LX_MUST_CHECK int acct_role_update(struct store_conn *c, int64_t id,
                                   const char *name, const char *const *perms,
                                   int n_perms, struct lx_err *err);

/* Write job: deletes a custom role no account holds.  rc: LX_OK;
 * LX_ENOTFOUND; LX_ECONFLICT ("role.builtin", "role.in_use"); LX_EDB. */
LX_MUST_CHECK int acct_role_delete(struct store_conn *c, int64_t id,
                                   struct lx_err *err);

#endif
