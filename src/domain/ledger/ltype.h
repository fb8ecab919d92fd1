/*
 * ltype.h — administration of ledger types and their custom fields
 * (台账类型与字段, permission ledger.admin).
 *
 * Types: code 1–4 uppercase letters (the item code prefix), unique, and
 * fixed once the type has items (and always for the nine built-in
 * types); name 1..20 characters, unique; description ≤ 200 characters.
 * Built-in types keep their code and name (the presets refresh them at
 * every start); their description and sort may change.
 *
 * Fields: key [a-z][a-z0-9_]{0,31}, unique in the type, and field type
 * fixed once created; label 1..32 characters; selects have 1..100
 * options of 1..50 characters without duplicates.  An option that an
 * item uses cannot be removed (409 naming it).  The fields a built-in
 * type ships with are read-only except their sort, and cannot be
 * removed.  Removing a field nobody has filled deletes it; removing a
 * field with values archives it: the values stay on the items (shown on
 * the detail page), the field leaves the forms and is no longer
 * validated or accepted.
 * All writes run in a write job; results come from the arena.
 */
#ifndef LEDGER_LTYPE_H
#define LEDGER_LTYPE_H

#include "base/lx.h"
#include "domain/ledger/item.h"

#include <stdint.h>

struct arena;
struct store_conn;

#define LEDGER_TYPE_NAME_MAX 20
#define LEDGER_TYPE_DESC_MAX 200
#define LEDGER_TYPE_OPTIONS_MAX 100
#define LEDGER_TYPE_OPTION_CHARS 50

struct ledger_type_in {
  const char *code, *name, *description; /* NULL = keep (update) */
  int has_sort;
  int64_t sort;
};

/* Creates a type.  rc: LX_OK; LX_EINVAL ("ledger.type_code",
 * "ledger.type_name", …); LX_ECONFLICT ("ledger.type_code_taken",
 * "ledger.type_name_taken"); LX_EDB. */
LX_MUST_CHECK int ledger_type_create(struct store_conn *c,
                                     const struct ledger_type_in *in,
                                     int64_t *out_id, struct lx_err *err);

/* Changes a type (members given).  rc: as create, plus LX_ENOTFOUND and
 * LX_ECONFLICT "ledger.type_code_fixed" / "ledger.type_builtin". */
LX_MUST_CHECK int ledger_type_update(struct store_conn *c, int64_t id,
                                     const struct ledger_type_in *in,
                                     struct lx_err *err);

struct ledger_field_in {
  struct ledger_field_def def; /* key and type ignored by update */
  int is_private;
  int has_label, has_required, has_private, has_options, has_sort;
  int has_max_len, has_decimals, has_min, has_max;
  int64_t sort;
};

/* Adds a field to type type_id.  rc: LX_OK; LX_ENOTFOUND (type);
 * LX_EINVAL ("ledger.field_def_*"); LX_ECONFLICT
 * ("ledger.field_key_taken"); LX_EDB. */
LX_MUST_CHECK int ledger_field_add(struct store_conn *c, struct arena *a,
                                   int64_t type_id,
                                   const struct ledger_field_in *in,
                                   int64_t *out_id, struct lx_err *err);

/* Changes the members of field field_id of type type_id that in has.
 * rc: LX_OK; LX_ENOTFOUND; LX_EINVAL; LX_ECONFLICT
 * ("ledger.option_in_use", "ledger.field_builtin"); LX_EDB. */
LX_MUST_CHECK int ledger_field_update(struct store_conn *c, struct arena *a,
                                      int64_t type_id, int64_t field_id,
                                      const struct ledger_field_in *in,
                                      struct lx_err *err);

/* Removes a field: deleted if no item has a value for it, else archived
 * (*out_archived = 1).  rc: LX_OK; LX_ENOTFOUND; LX_ECONFLICT
 * ("ledger.field_builtin"); LX_EDB. */
LX_MUST_CHECK int ledger_field_remove(struct store_conn *c, int64_t type_id,
                                      int64_t field_id, int *out_archived,
                                      struct lx_err *err);

/* 1 if key is a field the built-in type type_code ships with
 * (presets.c). */
int ledger_preset_has_field(const char *type_code, const char *key);

#endif
