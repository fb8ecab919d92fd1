/*
 * api_org.h — shared by the organisation and administration handlers
 * (api_unit.c, api_person.c, api_user.c, api_role.c, api_auditlog.c):
 * the JSON shape of units, people, accounts and roles, before/after
 * documents for the audit log, and query-string and body readers the
 * generic helpers in api.h do not cover.
 */
#ifndef API_ORG_H
#define API_ORG_H

#include "api/api.h"
#include "base/jw.h"
#include "domain/org/org.h"

/* {"id","parent_id"|null,"name","kind","code"|null,"sort","path","depth",
 *  "n_people","n_children","created_at","updated_at"} */
void api_unit_json(struct jw *j, const struct org_unit *u);

/* {"id","unit_id","unit_name","name","gender","birth_date","joined_at",
 *  "position","phone","phone_masked","is_leader","user_id"|null,
 *  "created_at","updated_at"}; the phone is masked unless full_phone. */
void api_person_json(struct jw *j, const struct org_person *p, int full_phone);

/* An account without secrets: {"id","username","name","unit_id",
 * "unit_name","person_id"|null,"status","must_change_password",
 * "totp_enabled","failed_count","locked_until"|null,"last_login_at"|null,
 * "last_login_ip","password_changed_at","created_at","updated_at",
 * "roles":[{"role_id","code","name","scope","admin_kind"}]} */
void api_acct_json(struct jw *j, const struct acct_user *u);

/* {"id","code","name","builtin","admin_kind","permissions":[…],
 *  "n_accounts","created_at"} */
void api_role_json(struct jw *j, const struct acct_role *ro);

/* Compact documents for audit before/after (phone masked, no secrets).
 * Returns: arena-owned JSON text (NULL when x is NULL). */
const char *api_unit_doc(struct req *r, const struct org_unit *u);
const char *api_person_doc(struct req *r, const struct org_person *p);
const char *api_acct_doc(struct req *r, const struct acct_user *u);
const char *api_role_doc(struct req *r, const struct acct_role *ro);

/* Reads query parameter name as an integer in [min, max].  Absent or
 * empty: *present = 0.  rc: LX_OK; LX_EINVAL ("query.invalid", field
 * name). */
LX_MUST_CHECK int api_query_int(struct req *r, const char *name, int64_t min,
                                int64_t max, int64_t *out, int *present);

/* Reads a boolean member: true/false (or 0/1).  Absent or null:
 * *present = 0.  rc: LX_OK; LX_EINVAL ("field.type"). */
LX_MUST_CHECK int api_get_bool(struct req *r, json_t *obj, const char *key,
                               int *out, int *present);

/* 1 if obj has key (even with the value null). */
int api_has(json_t *obj, const char *key);

/* Copies s into r's arena (NULL stays NULL).  Returns: arena-owned. */
const char *api_keep(struct req *r, const char *s);

/* The ISO date of today in the configured offset, for date checks. */
int32_t api_today(void);

/* The "items" list envelope: api_list_begin writes {"items":[ and
 * api_list_end writes ],"next_cursor":cursor|null}. */
void api_list_begin(struct jw *j, struct resp *w);
void api_list_end(struct jw *j, const char *next_cursor);

#endif
