/*
 * api_org_json.c — JSON shapes of the organisation and administration
 * resources and the small readers the handlers share (api_org.h).
 */
#include "api/api_org.h"

#include "base/arena.h"
#include "base/timeutil.h"

#include <stdlib.h>
#include <string.h>

static void kid_or_null(struct jw *j, const char *k, int64_t v)
{
  jw_key(j, k);
  if (v)
    jw_i64(j, v);
  else
    jw_null(j);
}

void api_unit_json(struct jw *j, const struct org_unit *u)
{
  jw_obj(j);
  jw_ki64(j, "id", u->id);
  kid_or_null(j, "parent_id", u->parent_id);
  jw_kstr(j, "name", u->name);
  jw_kstr(j, "kind", u->kind);
  jw_kstr(j, "code", u->code);
  jw_ki64(j, "sort", u->sort);
  jw_kstr(j, "path", u->path);
  jw_ki64(j, "depth", u->depth);
  jw_ki64(j, "n_people", u->n_people);
  jw_ki64(j, "n_children", u->n_children);
  jw_ktime(j, "created_at", u->created_at);
  jw_ktime(j, "updated_at", u->updated_at);
  jw_obj_end(j);
}

void api_person_json(struct jw *j, const struct org_person *p, int full_phone)
{
  char masked[40];
  jw_obj(j);
  jw_ki64(j, "id", p->id);
  jw_ki64(j, "unit_id", p->unit_id);
  jw_kstr(j, "unit_name", p->unit_name);
  jw_kstr(j, "name", p->name);
  jw_kstr(j, "gender", p->gender);
  jw_kstr(j, "birth_date", p->birth_date);
  jw_kstr(j, "joined_at", p->joined_at);
  jw_kstr(j, "position", p->position);
  if (full_phone || !p->phone) {
    jw_kstr(j, "phone", p->phone);
    jw_kbool(j, "phone_masked", 0);
  } else {
    org_phone_mask(p->phone, masked, sizeof masked);
    jw_kstr(j, "phone", masked);
    jw_kbool(j, "phone_masked", 1);
  }
  jw_kbool(j, "is_leader", p->is_leader);
  kid_or_null(j, "user_id", p->account_id);
  jw_ktime(j, "created_at", p->created_at);
  jw_ktime(j, "updated_at", p->updated_at);
  jw_obj_end(j);
}

void api_acct_json(struct jw *j, const struct acct_user *u)
{
  jw_obj(j);
  jw_ki64(j, "id", u->id);
  jw_kstr(j, "username", u->username);
  jw_kstr(j, "name", u->name);
  jw_ki64(j, "unit_id", u->unit_id);
  jw_kstr(j, "unit_name", u->unit_name);
  kid_or_null(j, "person_id", u->person_id);
  jw_kstr(j, "status", u->status);
  jw_kbool(j, "must_change_password", u->must_change);
  jw_kbool(j, "totp_enabled", u->totp_enabled);
  jw_ki64(j, "failed_count", u->failed_count);
  jw_ktime(j, "locked_until", u->locked_until);
  jw_ktime(j, "last_login_at", u->last_login_at);
  jw_kstr(j, "last_login_ip", u->last_login_ip);
  jw_ktime(j, "password_changed_at", u->password_changed_at);
  jw_ktime(j, "created_at", u->created_at);
  jw_ktime(j, "updated_at", u->updated_at);
  jw_key(j, "roles");
  jw_arr(j);
  for (int i = 0; i < u->n_roles; i++) {
    jw_obj(j);
    jw_ki64(j, "role_id", u->roles[i].role_id);
    jw_kstr(j, "code", u->roles[i].code);
    jw_kstr(j, "name", u->roles[i].name);
    jw_kstr(j, "scope", policy_scope_name(u->roles[i].scope));
    jw_kstr(j, "admin_kind", u->roles[i].admin_kind);
    jw_obj_end(j);
  }
  jw_arr_end(j);
  jw_obj_end(j);
}

void api_role_json(struct jw *j, const struct acct_role *ro)
{
  jw_obj(j);
  jw_ki64(j, "id", ro->id);
  jw_kstr(j, "code", ro->code);
  jw_kstr(j, "name", ro->name);
  jw_kbool(j, "builtin", ro->builtin);
  jw_kstr(j, "admin_kind", ro->admin_kind);
  jw_key(j, "permissions");
  jw_arr(j);
  for (int i = 0; i < ro->n_perms; i++)
    jw_str(j, ro->perms[i]);
  jw_arr_end(j);
  jw_ki64(j, "n_accounts", ro->n_accounts);
  jw_ktime(j, "created_at", ro->created_at);
  jw_obj_end(j);
}

/* ---- audit documents --------------------------------------------------- */

static struct jw *doc_begin(struct req *r, struct jw *j, struct sb *sb)
{
  sb_init(sb, r->arena, NULL, 0, 64 * 1024);
  jw_init(j, sb);
  return j;
}

static const char *doc_end(struct sb *sb)
{
  return sb_err(sb) ? NULL : sb_take(sb, NULL);
}

const char *api_unit_doc(struct req *r, const struct org_unit *u)
{
  struct jw j;
  struct sb sb;
  if (!u)
    return NULL;
  doc_begin(r, &j, &sb);
  jw_obj(&j);
  jw_ki64(&j, "id", u->id);
  kid_or_null(&j, "parent_id", u->parent_id);
  jw_kstr(&j, "name", u->name);
  jw_kstr(&j, "kind", u->kind);
  jw_kstr(&j, "code", u->code);
  jw_ki64(&j, "sort", u->sort);
  jw_kstr(&j, "path", u->path);
  jw_obj_end(&j);
  return doc_end(&sb);
}

const char *api_person_doc(struct req *r, const struct org_person *p)
{
  struct jw j;
  struct sb sb;
  char masked[40];
  if (!p)
    return NULL;
  org_phone_mask(p->phone, masked, sizeof masked);
  doc_begin(r, &j, &sb);
  jw_obj(&j);
  jw_ki64(&j, "id", p->id);
  jw_ki64(&j, "unit_id", p->unit_id);
  jw_kstr(&j, "name", p->name);
  jw_kstr(&j, "gender", p->gender);
  jw_kstr(&j, "birth_date", p->birth_date);
  jw_kstr(&j, "joined_at", p->joined_at);
  jw_kstr(&j, "position", p->position);
  jw_kstr(&j, "phone", masked[0] ? masked : NULL);
  jw_kbool(&j, "is_leader", p->is_leader);
  jw_obj_end(&j);
  return doc_end(&sb);
}

const char *api_acct_doc(struct req *r, const struct acct_user *u)
{
  struct jw j;
  struct sb sb;
  if (!u)
    return NULL;
  doc_begin(r, &j, &sb);
  jw_obj(&j);
  jw_ki64(&j, "id", u->id);
  jw_kstr(&j, "username", u->username);
  jw_kstr(&j, "name", u->name);
  jw_ki64(&j, "unit_id", u->unit_id);
  kid_or_null(&j, "person_id", u->person_id);
  jw_kstr(&j, "status", u->status);
  jw_kbool(&j, "must_change_password", u->must_change);
  jw_kbool(&j, "totp_enabled", u->totp_enabled);
  jw_key(&j, "roles");
  jw_arr(&j);
  for (int i = 0; i < u->n_roles; i++) {
    jw_obj(&j);
    jw_ki64(&j, "role_id", u->roles[i].role_id);
    jw_kstr(&j, "code", u->roles[i].code);
    jw_kstr(&j, "scope", policy_scope_name(u->roles[i].scope));
    jw_obj_end(&j);
  }
  jw_arr_end(&j);
  jw_obj_end(&j);
  return doc_end(&sb);
}

const char *api_role_doc(struct req *r, const struct acct_role *ro)
{
  struct jw j;
  struct sb sb;
  if (!ro)
    return NULL;
  doc_begin(r, &j, &sb);
  jw_obj(&j);
  jw_ki64(&j, "id", ro->id);
  jw_kstr(&j, "code", ro->code);
  jw_kstr(&j, "name", ro->name);
  jw_key(&j, "permissions");
  jw_arr(&j);
  for (int i = 0; i < ro->n_perms; i++)
    jw_str(&j, ro->perms[i]);
  jw_arr_end(&j);
  jw_obj_end(&j);
  return doc_end(&sb);
}

/* ---- readers ----------------------------------------------------------- */

int api_query_int(struct req *r, const char *name, int64_t min, int64_t max,
                  int64_t *out, int *present)
{
  const char *v = req_query(r, name);
  char *end;
  long long x;
  *present = 0;
  if (!v || !*v)
    return LX_OK;
  x = strtoll(v, &end, 10);
  if (*end || end == v || !(v[0] == '-' || (v[0] >= '0' && v[0] <= '9')) ||
      x < min || x > max || strlen(v) > 19)
    return err_setf(&r->err, LX_EINVAL, "query.invalid", name,
                    "参数 %s 必须是 %lld 到 %lld 之间的整数", name,
                    (long long)min, (long long)max);
  *out = x;
  *present = 1;
  return LX_OK;
}

int api_get_bool(struct req *r, json_t *obj, const char *key, int *out,
                 int *present)
{
  json_t *v = json_object_get(obj, key);
  *present = 0;
  if (!v || json_is_null(v))
    return LX_OK;
  if (json_is_boolean(v))
    *out = json_is_true(v);
  else if (json_is_integer(v) &&
           (json_integer_value(v) == 0 || json_integer_value(v) == 1))
    *out = (int)json_integer_value(v);
  else
    return err_setf(&r->err, LX_EINVAL, "field.type", key,
                    "字段 %s 必须是 true 或 false", key);
  *present = 1;
  return LX_OK;
}

int api_has(json_t *obj, const char *key)
{
  return json_object_get(obj, key) != NULL;
}

const char *api_keep(struct req *r, const char *s)
{
  return s ? arena_strdup(r->arena, s) : NULL;
}

int32_t api_today(void)
{
  int64_t ms = time_now_ms() + (int64_t)time_get_offset_min() * 60000;
  return (int32_t)(ms / 86400000);
}

void api_list_begin(struct jw *j, struct resp *w)
{
  struct sb *body = api_json(w, 200);
  sb_reserve(body, 16384); /* a page of 20 rows: grown once, not 9 times */
  jw_init(j, body);
  jw_obj(j);
  jw_key(j, "items");
  jw_arr(j);
}

void api_list_end(struct jw *j, const char *next_cursor)
{
  jw_arr_end(j);
  jw_kstr(j, "next_cursor", next_cursor);
  jw_obj_end(j);
}
