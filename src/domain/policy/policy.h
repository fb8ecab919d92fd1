/*
 * policy.h — the one module that decides access (DESIGN.md "One way in").
 *
 * A subject is a logged-in account with its grants: each grant is a role
 * (a set of named permissions such as "ledger.read") with a data scope:
 * all, subtree (own unit and below), unit (own unit only) or self.
 *
 *  - policy_has(): may the subject use this permission at all?  The router
 *    asks this for every route before the handler runs.
 *  - policy_allows(): may it act on this resource (its unit and owner)?
 *    Handlers of :id routes ask this; out of scope is answered 404.
 *  - policy_filter(): the scope of a permission as a filter that list
 *    queries put in SQL (lists are filtered in the query, never after).
 *
 * Also here: the permission catalogue and the built-in roles, which `init`
 * installs and which cannot be edited.
 */
#ifndef POLICY_H
#define POLICY_H

#include "base/lx.h"

#include <stdint.h>

enum policy_scope {
  SCOPE_NONE = 0,
  SCOPE_SELF = 1,
  SCOPE_UNIT = 2,
  SCOPE_SUBTREE = 3,
  SCOPE_ALL = 4
};

#define POLICY_MAX_GRANTS 16
#define POLICY_MAX_PERMS 64

struct policy_grant {
  int64_t role_id;
  char role_code[32];
  char role_name[64];
  enum policy_scope scope;
  int n_perms;
  const char *perms[POLICY_MAX_PERMS]; /* interned: point into the catalogue */
};

/* Everything policy needs to know about who is asking. */
struct subject {
  int64_t account_id;
  int64_t person_id;   /* 0 when the account has no person record */
  int64_t unit_id;
  char unit_path[256]; /* "/1/5/" */
  char username[64];
  char name[64];
  char unit_name[128];
  int must_change;     /* may only change password, see me, log out */
  int is_admin;        /* holds one of the three admin roles (三员) */
  int totp_enabled;
  int64_t session_id;
  char csrf[72];
  int n_grants;
  struct policy_grant grants[POLICY_MAX_GRANTS];
};

/* What a list query must add to its WHERE clause for a permission. */
struct policy_filter {
  enum policy_scope scope;
  char path_lo[256];   /* SCOPE_SUBTREE: unit_path >= path_lo AND */
  char path_hi[256];   /*                unit_path <  path_hi */
  int64_t unit_id;     /* SCOPE_UNIT */
  int64_t account_id;  /* SCOPE_SELF: records owned by this account */
  int64_t person_id;   /* SCOPE_SELF: or this person */
};

struct policy_perm {
  const char *code;  /* "ledger.read" */
  const char *name;  /* 查看台账 */
  const char *group; /* 台账 */
};

/* The permission catalogue (static). */
const struct policy_perm *policy_perms(int *n);

/* Interns code: the catalogue's copy, or NULL for an unknown permission. */
const char *policy_perm_intern(const char *code);

struct policy_builtin {
  const char *code;       /* "sysadmin" */
  const char *name;       /* 系统管理员 */
  const char *admin_kind; /* "sysadmin"/"secadmin"/"auditor" or NULL */
  const char *default_scope;
  const char *const *perms; /* NULL-terminated */
};

/* The built-in roles (static). */
const struct policy_builtin *policy_builtins(int *n);

/* Scope names: "all","subtree","unit","self". */
const char *policy_scope_name(enum policy_scope s);
/* Scope labels as the UI shows them: 全部数据, 本单位及下级, 本单位,
 * 仅本人 (无 for SCOPE_NONE).  Static. */
const char *policy_scope_label(enum policy_scope s);
/* Parses a scope name; SCOPE_NONE if unknown. */
enum policy_scope policy_scope_parse(const char *s);

/* 1 if some grant of s holds perm. */
int policy_has(const struct subject *s, const char *perm);

/* The widest scope s has for perm (SCOPE_NONE when it lacks it). */
enum policy_scope policy_scope_of(const struct subject *s, const char *perm);

/* 1 if s may use perm on a resource that belongs to the unit with path
 * unit_path (NULL = no unit) and to the account owner_account_id / person
 * owner_person_id (0 = none). */
int policy_allows(const struct subject *s, const char *perm,
                  const char *unit_path, int64_t owner_account_id,
                  int64_t owner_person_id);

/* Fills f with the scope filter of perm for s.  rc: LX_OK, LX_EFORBIDDEN
 * when s lacks perm. */
LX_MUST_CHECK int policy_filter(const struct subject *s, const char *perm,
                                struct policy_filter *f);

/* The upper bound of the subtree range for a path ("/1/5/" → "/1/50"). */
void policy_path_hi(const char *path, char *out, size_t out_len);

#endif
