/*
 * api_ledger_type.c — administration of ledger types and their custom
 * fields (台账类型与字段, ledger.admin; the rules are in
 * domain/ledger/ltype.h): create and change types, add, change, reorder
 * and remove fields (removing a field that items filled archives it).
 * Every change is audited in its write job; answers carry the whole type
 * with its fields, as GET /api/v1/ledger-types/:id does.
 */
#include "api/api_ledger.h"

#include "api/api_org.h"
#include "base/arena.h"
#include "base/jw.h"
#include "domain/ledger/ltype.h"

#include <stdio.h>
#include <string.h>

struct type_job {
  struct req *r;
  int64_t id, field_id;
  struct ledger_type_in tin;
  struct ledger_field_in fin;
  int archived;
};

static int bad(struct req *r, const char *field, const char *msg)
{
  return err_set(&r->err, LX_EINVAL, "field.type", field, msg);
}

static int render_type(struct req *r, struct resp *w, int status, int64_t id)
{
  struct store_conn *c;
  struct ledger_type t;
  struct jw j;
  int rc = api_db(r, &c);
  if (!rc)
    rc = ledger_type_get(c, r->arena, id, &t, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, status));
  api_ledger_type_json(&j, &t);
  return LX_OK;
}

static const char *type_doc(struct req *r, const struct ledger_type_in *in)
{
  return arena_printf(r->arena, "{\"code\":\"%s\",\"name\":\"%s\"}",
                      in->code ? in->code : "", in->name ? in->name : "");
}

static int read_type(struct req *r, json_t *body, struct ledger_type_in *in)
{
  const char *v = NULL;
  int present = 0;
  int rc = api_get_str(r, body, "code", 0, 8, &v);
  if (!rc && v)
    in->code = api_keep(r, v);
  if (!rc)
    rc = api_get_str(r, body, "name", 0, 40, &v);
  if (!rc && api_has(body, "name"))
    in->name = api_keep(r, v ? v : "");
  if (!rc)
    rc = api_get_str(r, body, "description", 0, LEDGER_TYPE_DESC_MAX * 2, &v);
  if (!rc && api_has(body, "description"))
    in->description = api_keep(r, v ? v : "");
  if (!rc)
    rc = api_get_int(r, body, "sort", 0, 0, 1000000, &in->sort, &present);
  in->has_sort = present;
  return rc;
}

static int type_create_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct type_job *jb = ctx;
  int rc = ledger_type_create(c, &jb->tin, &jb->id, err);
  if (!rc)
    rc = api_audit(jb->r, c, "ledger_type.create", "ledger_type", jb->id, "ok",
                   NULL, type_doc(jb->r, &jb->tin), jb->tin.name);
  return rc;
}

/* POST /api/v1/ledger-types {code, name, description?, sort?} → 201 */
int api_ledger_type_create(struct req *r, struct resp *w)
{
  struct type_job *jb = arena_zalloc(r->arena, sizeof *jb);
  json_t *body = NULL;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->r = r;
  rc = read_type(r, body, &jb->tin);
  json_decref(body);
  if (!rc)
    rc = api_write(r, type_create_job, jb);
  if (rc)
    return rc;
  return render_type(r, w, 201, jb->id);
}

static int type_update_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct type_job *jb = ctx;
  int rc = ledger_type_update(c, jb->id, &jb->tin, err);
  if (!rc)
    rc = api_audit(jb->r, c, "ledger_type.update", "ledger_type", jb->id, "ok",
                   NULL, type_doc(jb->r, &jb->tin), NULL);
  return rc;
}

/* PUT /api/v1/ledger-types/:id {code?, name?, description?, sort?} */
int api_ledger_type_update(struct req *r, struct resp *w)
{
  struct type_job *jb = arena_zalloc(r->arena, sizeof *jb);
  json_t *body = NULL;
  int rc = req_param_id(r, "id", &jb->id);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->r = r;
  rc = read_type(r, body, &jb->tin);
  json_decref(body);
  if (!rc)
    rc = api_write(r, type_update_job, jb);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "台账类型");
  if (rc)
    return rc;
  return render_type(r, w, 200, jb->id);
}

/* Reads a number or null member. */
static int opt_num(struct req *r, json_t *body, const char *key, int *given,
                   int *has, double *out)
{
  json_t *v = json_object_get(body, key);
  if (!v)
    return LX_OK;
  *given = 1;
  if (json_is_null(v)) {
    *has = 0;
    return LX_OK;
  }
  if (!json_is_number(v))
    return bad(r, key, "应为数字");
  *has = 1;
  *out = json_number_value(v);
  return LX_OK;
}

static int read_field(struct req *r, json_t *body, int create,
                      struct ledger_field_in *in)
{
  struct ledger_field_def *d = &in->def;
  const char *v = NULL;
  json_t *opts;
  int64_t n = 0;
  int present = 0, b = 0;
  int rc = LX_OK;
  if (create) {
    rc = api_get_str(r, body, "key", 1, LEDGER_FIELD_KEY_MAX, &v);
    if (!rc)
      d->key = api_keep(r, v);
    if (!rc)
      rc = api_get_str(r, body, "type", 1, 20, &v);
    if (!rc && !ledger_field_type_parse(v, &d->type))
      rc = err_set(&r->err, LX_EINVAL, "ledger.field_def_type", "type",
                   "字段类型无效：可用 text、longtext、number、money、"
                   "percent、date、select、multiselect、person、unit");
    d->decimals = -1;
  } else if (api_has(body, "key") || api_has(body, "type")) {
    rc = err_set(&r->err, LX_EINVAL, "ledger.field_fixed",
                 api_has(body, "key") ? "key" : "type",
                 "字段标识和字段类型创建后不能修改");
  }
  if (!rc)
    rc =
        api_get_str(r, body, "label", create, LEDGER_FIELD_LABEL_MAX_CHARS, &v);
  if (!rc && api_has(body, "label")) {
    d->label = api_keep(r, v ? v : "");
    in->has_label = 1;
  }
  if (!rc)
    rc = api_get_bool(r, body, "required", &b, &present);
  if (!rc && present) {
    d->required = b;
    in->has_required = 1;
  }
  if (!rc)
    rc = api_get_bool(r, body, "private", &b, &present);
  if (!rc && present) {
    in->is_private = b;
    in->has_private = 1;
  }
  if (!rc)
    rc = api_get_int(r, body, "max_len", 0, 0, LEDGER_FIELD_MAX_CHARS, &n,
                     &present);
  if (!rc && present) {
    d->max_len = (int)n;
    in->has_max_len = 1;
  }
  if (!rc)
    rc = api_get_int(r, body, "decimals", 0, -1, 6, &n, &present);
  if (!rc && present) {
    d->decimals = (int)n;
    in->has_decimals = 1;
  }
  if (!rc)
    rc = opt_num(r, body, "min", &in->has_min, &d->has_min, &d->min);
  if (!rc)
    rc = opt_num(r, body, "max", &in->has_max, &d->has_max, &d->max);
  if (!rc)
    rc = api_get_int(r, body, "sort", 0, 0, 1000000, &in->sort, &present);
  in->has_sort = present;
  opts = json_object_get(body, "options");
  if (!rc && opts && !json_is_null(opts)) {
    json_t *o;
    size_t i;
    const char **list;
    if (!json_is_array(opts) ||
        json_array_size(opts) > LEDGER_FIELD_MAX_OPTIONS)
      return bad(r, "options", "选项应为文字数组（最多100项）");
    list = arena_zalloc(r->arena, sizeof *list * (json_array_size(opts) + 1));
    json_array_foreach(opts, i, o)
    {
      if (!json_is_string(o))
        return bad(r, "options", "选项应为文字数组（最多100项）");
      list[i] = api_keep(r, json_string_value(o));
    }
    d->options = list;
    d->n_options = (int)json_array_size(opts);
    in->has_options = 1;
  } else if (!rc && opts) {
    in->has_options = 1; /* null: no options */
  }
  return rc;
}

static const char *field_doc(struct req *r, const struct ledger_field_in *in)
{
  return arena_printf(r->arena, "{\"key\":\"%s\",\"label\":\"%s\"}",
                      in->def.key ? in->def.key : "",
                      in->def.label ? in->def.label : "");
}

static int field_create_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct type_job *jb = ctx;
  int rc =
      ledger_field_add(c, jb->r->arena, jb->id, &jb->fin, &jb->field_id, err);
  if (!rc)
    rc =
        api_audit(jb->r, c, "ledger_field.create", "ledger_field", jb->field_id,
                  "ok", NULL, field_doc(jb->r, &jb->fin), jb->fin.def.label);
  return rc;
}

/* POST /api/v1/ledger-types/:id/fields {key, label, type, required?,
 * private?, options?, max_len?, decimals?, min?, max?, sort?} → 201 the
 * type. */
int api_ledger_field_create(struct req *r, struct resp *w)
{
  struct type_job *jb = arena_zalloc(r->arena, sizeof *jb);
  json_t *body = NULL;
  int rc = req_param_id(r, "id", &jb->id);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->r = r;
  rc = read_field(r, body, 1, &jb->fin);
  json_decref(body);
  if (!rc)
    rc = api_write(r, field_create_job, jb);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "台账类型");
  if (rc)
    return rc;
  return render_type(r, w, 201, jb->id);
}

static int field_update_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct type_job *jb = ctx;
  int rc =
      ledger_field_update(c, jb->r->arena, jb->id, jb->field_id, &jb->fin, err);
  if (!rc)
    rc = api_audit(jb->r, c, "ledger_field.update", "ledger_field",
                   jb->field_id, "ok", NULL, field_doc(jb->r, &jb->fin), NULL);
  return rc;
}

/* PUT /api/v1/ledger-types/:id/fields/:field_id {label?, required?,
 * private?, options?, max_len?, decimals?, min?, max?, sort?} */
int api_ledger_field_update(struct req *r, struct resp *w)
{
  struct type_job *jb = arena_zalloc(r->arena, sizeof *jb);
  json_t *body = NULL;
  int rc = req_param_id(r, "id", &jb->id);
  if (!rc)
    rc = req_param_id(r, "field_id", &jb->field_id);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->r = r;
  rc = read_field(r, body, 0, &jb->fin);
  json_decref(body);
  if (!rc)
    rc = api_write(r, field_update_job, jb);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, r->err.field[0] == 'f' ? "字段" : "台账类型");
  if (rc)
    return rc;
  return render_type(r, w, 200, jb->id);
}

static int field_delete_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct type_job *jb = ctx;
  int rc = ledger_field_remove(c, jb->id, jb->field_id, &jb->archived, err);
  if (!rc)
    rc = api_audit(
        jb->r, c, jb->archived ? "ledger_field.archive" : "ledger_field.delete",
        "ledger_field", jb->field_id, "ok", NULL, NULL, NULL);
  return rc;
}

/* DELETE /api/v1/ledger-types/:id/fields/:field_id → 200
 * {"archived": true when items had values (kept), false when deleted} */
int api_ledger_field_delete(struct req *r, struct resp *w)
{
  struct type_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct jw j;
  int rc = req_param_id(r, "id", &jb->id);
  if (!rc)
    rc = req_param_id(r, "field_id", &jb->field_id);
  if (rc)
    return rc;
  jb->r = r;
  rc = api_write(r, field_delete_job, jb);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "字段");
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_kbool(&j, "archived", jb->archived);
  jw_obj_end(&j);
  return LX_OK;
}
