/*
 * item.h — the ledger engine over the store: ledger types with their
 * custom fields (and the nine built-in presets), items with co-units,
 * milestones, custom field values and their timeline, item codes from a
 * counter per type and year, scope-filtered keyset lists, and state
 * transitions.  The rules themselves live in the pure modules beside this
 * one (lifecycle.h, health.h, fields.h, code.h); this file applies them
 * to stored rows.
 *
 * Scope: list functions take the caller's struct policy_filter for
 * "ledger.read" and put it into the SQL (lead unit, or co-unit, or the
 * caller's own items for scope self); functions on one item do not check
 * scope — the caller asks ledger_item_visible().
 *
 * Write functions run inside a write job on the job's connection; read
 * functions take any connection.  Results come from the arena passed in.
 * Not here yet (later slices): progress reports, attachments, extension
 * requests, type administration, Excel import/export.
 */
#ifndef LEDGER_ITEM_H
#define LEDGER_ITEM_H

#include "base/lx.h"
#include "domain/ledger/fields.h"
#include "domain/ledger/health.h"
#include "domain/ledger/lifecycle.h"
#include "domain/policy/policy.h"

#include <stddef.h>
#include <stdint.h>

struct arena;
struct store_conn;
struct ledger_child;

#define LEDGER_TITLE_MAX 200    /* characters */
#define LEDGER_DESC_MAX 5000    /* characters */
#define LEDGER_UNIT_TEXT_MAX 20 /* indicator unit, characters */
#define LEDGER_MAX_CO_UNITS 50
#define LEDGER_MAX_MILESTONES 50
#define LEDGER_MILESTONE_TITLE_MAX 100
#define LEDGER_MAX_DEPTH 2  /* goal 0 → task 1 → sub-task 2 */
#define LEDGER_QUERY_MAX 50 /* ?q= characters */
#define LEDGER_MAX_TAGS 10  /* per item */
#define LEDGER_TAG_MAX 20   /* characters */

/* ---- types ---------------------------------------------------------- */

struct ledger_field_rec {
  struct ledger_field_def def; /* strings and options arena-owned */
  int is_private;              /* shown only to 督查室 and the lead unit */
  int64_t id;                  /* ledger_field.id */
  int archived;                /* removed after use: values kept, not
                                  offered or validated (ltype.h) */
};

struct ledger_type {
  int64_t id;
  const char *code; /* item code prefix, "MS" */
  const char *name; /* 民生实事 */
  const char *description;
  int builtin;
  int64_t sort;
  int n_fields;
  struct ledger_field_rec *fields; /* display order; NULL when not loaded */
};

/* Installs or refreshes the nine built-in types and their fields
 * (idempotent: types are matched by code, fields by key; admin-added
 * fields are kept).  Run in a write job at start-up and by init.
 * rc: LX_OK, LX_EDB. */
LX_MUST_CHECK int ledger_presets_install(struct store_conn *c,
                                         struct lx_err *err);

/* Every type in display order, without fields.
 * Returns in *out an arena array of *out_n. */
LX_MUST_CHECK int ledger_type_list(struct store_conn *c, struct arena *a,
                                   struct ledger_type **out, int *out_n,
                                   struct lx_err *err);

/* One type with its fields.  rc: LX_OK, LX_ENOTFOUND, LX_EDB. */
LX_MUST_CHECK int ledger_type_get(struct store_conn *c, struct arena *a,
                                  int64_t id, struct ledger_type *out,
                                  struct lx_err *err);

/* ---- items ---------------------------------------------------------- */

struct ledger_co_unit {
  int64_t unit_id;
  const char *name;
  const char *path;
};

struct ledger_milestone {
  int64_t id;
  const char *title;
  const char *due_date; /* YYYY-MM-DD */
  int64_t done_at;      /* ms, 0 = open */
};

struct ledger_kv {
  const char *key;
  const char *value;
};

struct ledger_event {
  int64_t id, at, account_id;
  const char *actor_name, *action, *from_state, *to_state, *comment;
};

struct ledger_item {
  int64_t id, type_id;
  const char *type_code, *type_name, *code;
  int year;
  const char *title, *description;
  int64_t parent_id; /* 0 = none */
  int depth;
  int64_t leader_id; /* lead leader person, 0 = none */
  const char *leader_name;
  int64_t lead_unit_id;
  const char *lead_unit_name, *lead_unit_path;
  int64_t owner_account_id; /* 0 = none */
  const char *owner_name;
  const char *start_date, *due_date, *original_due_date; /* NULL = none */
  enum ledger_state state;
  enum ledger_health health;
  int progress;
  int has_target, has_actual;
  double target, actual;
  const char *indicator_unit;
  const char *priority; /* normal | high | urgent */
  int64_t created_by, created_at, updated_at;
  /* loaded by ledger_item_get (always the co-units; the rest on demand) */
  int n_co;
  struct ledger_co_unit *co;
  int n_milestones;
  struct ledger_milestone *milestones;
  int n_fields;
  struct ledger_kv *fields;
  int n_events;
  struct ledger_event *events;
  int n_tags; /* always loaded (tags.h) */
  const char **tags;
  int n_children; /* loaded on demand: ledger_item_children() (tree.h) */
  struct ledger_child *children;
};

struct ledger_milestone_in {
  const char *title;
  const char *due_date;
};

/* What a client sets.  Raw custom field values are validated against the
 * type by create/update; set_* say whether update replaces that list. */
struct ledger_item_in {
  int64_t type_id;
  const char *title, *description;
  int64_t parent_id, leader_id, lead_unit_id, owner_account_id;
  const char *start_date, *due_date;
  int has_target, has_actual;
  double target, actual;
  const char *indicator_unit;
  const char *priority;
  int set_co, set_fields, set_milestones;
  int n_co;
  int64_t co[LEDGER_MAX_CO_UNITS];
  int n_fields;
  struct ledger_kv *fields; /* raw text values */
  int n_milestones;
  struct ledger_milestone_in *milestones;
  /* create's timeline event: NULL = "create" / "创建事项" (the Excel
   * import writes "import" / "Excel 导入") */
  const char *event_action, *event_comment;
  /* tags (tags.h); set_tags: update replaces them.  set_parent: update
   * moves the item under parent_id (0 = to the top). */
  int set_tags, set_parent, n_tags;
  const char *tags[LEDGER_MAX_TAGS];
};

/* Who acts (for the timeline and created_by). */
struct ledger_who {
  int64_t account_id;
  const char *name;
};

/* 1 for a known priority code. */
int ledger_priority_valid(const char *p);

/* Checks the core fields that need no database: title, description,
 * dates (valid, due not before start), indicator unit, priority,
 * milestones (title, valid date, not after due), co-unit list (no
 * duplicates, not the lead unit).
 * rc: LX_OK; LX_EINVAL with the field ("title", "due_date",
 * "milestones[1].due_date" …). */
LX_MUST_CHECK int ledger_item_check(const struct ledger_item_in *in,
                                    struct lx_err *err);

/* Creates a draft item: checks in, validates its custom fields against
 * the type, checks that the units, leader, owner and parent exist, hands
 * out the code, computes health and writes the item, its co-units,
 * fields, milestones and a "create" timeline event.
 * rc: LX_OK; LX_EINVAL ("ledger.type_unknown", "ledger.unit_missing",
 * "ledger.field_*" …); LX_EDB. */
LX_MUST_CHECK int ledger_item_create(struct store_conn *c, struct arena *a,
                                     const struct ledger_item_in *in,
                                     const struct ledger_who *who,
                                     int32_t today, int64_t *out_id,
                                     struct lx_err *err);

/* Replaces an item's editable fields (type and code never change) and,
 * when set_*, its co-units, custom fields and milestones; recomputes
 * health; writes an "update" event.  Editability is the caller's check
 * (ledger_edit_check).  Once issued the due date may not change here
 * (409 "ledger.due_locked": that is an extension request).
 * rc: as create, plus LX_ENOTFOUND, LX_ECONFLICT. */
LX_MUST_CHECK int ledger_item_update(struct store_conn *c, struct arena *a,
                                     int64_t id,
                                     const struct ledger_item_in *in,
                                     const struct ledger_who *who,
                                     int32_t today, struct lx_err *err);

/* Loads one item with its co-units; with full also its milestones,
 * custom fields and timeline.  rc: LX_OK, LX_ENOTFOUND, LX_EDB. */
LX_MUST_CHECK int ledger_item_get(struct store_conn *c, struct arena *a,
                                  int64_t id, int full, struct ledger_item *out,
                                  struct lx_err *err);

/* 1 if s may use perm on it: its lead unit, a co-unit, or (scope self)
 * as owner or lead leader. */
int ledger_item_visible(const struct subject *s, const char *perm,
                        const struct ledger_item *it);

/* Moves an item from its current state to to (already decided by
 * ledger_transition_check), sets original_due_date at issue, recomputes
 * health and writes the timeline event.  The item must still be in from
 * (else 409 "ledger.bad_transition": someone moved it meanwhile).
 * rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int ledger_item_move(struct store_conn *c, int64_t id,
                                   enum ledger_state from, enum ledger_state to,
                                   enum ledger_action act, const char *reason,
                                   const struct ledger_who *who, int32_t today,
                                   struct lx_err *err);

/* List orders (?sort=): newest first (default), due date, last change,
 * code, progress; "-" = descending. */
enum ledger_sort {
  LEDGER_SORT_NEWEST = 0,
  LEDGER_SORT_DUE,
  LEDGER_SORT_DUE_DESC,
  LEDGER_SORT_UPDATED,
  LEDGER_SORT_UPDATED_DESC,
  LEDGER_SORT_CODE,
  LEDGER_SORT_PROGRESS,
  LEDGER_SORT_PROGRESS_DESC,
  LEDGER_SORT_COUNT
};

/* Parses a ?sort= code ("" or NULL = newest).  Returns 1 and sets *out,
 * else 0. */
int ledger_sort_parse(const char *code, enum ledger_sort *out);
/* The code of a sort ("" for newest).  Returns a static string. */
const char *ledger_sort_code(enum ledger_sort s);
/* The sort key of row it for the cursor, as text into buf. */
void ledger_sort_key(enum ledger_sort s, const struct ledger_item *it,
                     char *buf, size_t len);
/* 1 if key is a well-formed key for sort s (cursor check). */
int ledger_sort_key_valid(enum ledger_sort s, const char *key);

struct ledger_query {
  int64_t type_id;      /* 0 = any */
  const char *state;    /* code or NULL */
  const char *health;   /* code or NULL */
  int64_t lead_unit_id; /* 0 = any */
  int64_t leader_id;    /* 0 = any */
  const char *due_from; /* YYYY-MM-DD or NULL */
  const char *due_to;
  const char *q;     /* in title or code */
  int64_t before_id; /* keyset: rows with id < before_id; 0 = first */
  int limit;
  /* issue 5 list slice (query.c) */
  const char *unit_lo, *unit_hi; /* lead unit subtree range, or NULL */
  const char *tag;               /* items with this tag, or NULL */
  int64_t parent_id;             /* children of this item; 0 = any */
  enum ledger_sort sort;         /* LEDGER_SORT_NEWEST: before_id paging */
  const char *after_key;         /* other sorts: the last row's sort key … */
  int64_t after_id;              /* … and id; 0 = first page */
  /* 1: the rows need only the list page's members — description, owner
   * name and start date are left empty (a lighter query) */
  int summary;
};

/* The items the filter f lets the caller read, newest first.
 * rc: LX_OK; LX_EINVAL ("ledger.q_too_long", "query.invalid" …);
 * LX_EFORBIDDEN; LX_EDB. */
LX_MUST_CHECK int ledger_item_list(struct store_conn *c, struct arena *a,
                                   const struct policy_filter *f,
                                   const struct ledger_query *q,
                                   struct ledger_item **out, int *out_n,
                                   int *out_more, struct lx_err *err);

/* The health of an item in state st on day today, with the thresholds
 * and work calendar in force (settings.h: ledger_rules_health). */
enum ledger_health ledger_item_health(enum ledger_state st,
                                      const char *start_date,
                                      const char *due_date, int progress,
                                      int32_t today);

#endif
