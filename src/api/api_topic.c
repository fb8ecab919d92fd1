/*
 * api_topic.c — /api/v1/study-topics: the topic (category) tree of the
 * materials library.  GET (study.read) answers the whole tree nested
 * ({items:[{…, children:[…]}]}); POST/PUT/DELETE (study.manage) create a
 * topic under a parent, rename or re-sort one, and delete an empty one
 * (409 while it has child topics or materials).  Topics are shared by
 * the whole system.  Every change is audited in its write job.
 */
#include "api/api_org.h"

#include "base/arena.h"
#include "domain/study/topic.h"

#include <stdio.h>
#include <string.h>

static void topic_json(struct jw *j, const struct study_topic *ts, int n,
                       int idx, int depth)
{
  const struct study_topic *t = &ts[idx];
  jw_obj(j);
  jw_ki64(j, "id", t->id);
  jw_key(j, "parent_id");
  if (t->parent_id)
    jw_i64(j, t->parent_id);
  else
    jw_null(j);
  jw_kstr(j, "name", t->name);
  jw_ki64(j, "sort", t->sort);
  jw_kstr(j, "path", t->path);
  jw_ki64(j, "n_materials", t->n_materials);
  jw_ktime(j, "created_at", t->created_at);
  jw_ktime(j, "updated_at", t->updated_at);
  jw_key(j, "children");
  jw_arr(j);
  if (depth < STUDY_TOPIC_DEPTH_MAX + 1)
    for (int i = 0; i < n; i++)
      if (ts[i].parent_id == t->id)
        topic_json(j, ts, n, i, depth + 1);
  jw_arr_end(j);
  jw_obj_end(j);
}

/* GET /api/v1/study-topics → {items:[tree], next_cursor:null} */
int api_topic_list(struct req *r, struct resp *w)
{
  struct store_conn *c;
  struct study_topic *ts;
  struct jw j;
  int n, rc = api_db(r, &c);
  if (!rc)
    rc = study_topic_list(c, r->arena, &ts, &n, &r->err);
  if (rc)
    return rc;
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    if (!ts[i].parent_id)
      topic_json(&j, ts, n, i, 0);
  api_list_end(&j, NULL);
  return LX_OK;
}

struct topic_job {
  struct req *r;
  int op; /* 0 create, 1 update, 2 delete */
  int64_t id, parent_id;
  const char *name, *before;
  int sort;
};

static int topic_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  static const char *const actions[] = {"topic.create", "topic.update",
                                        "topic.delete"};
  struct topic_job *jb = ctx;
  struct req *r = jb->r;
  struct sb sb;
  struct jw j;
  int rc;
  if (jb->op == 0)
    rc = study_topic_create(c, jb->parent_id, jb->name, jb->sort, &jb->id, err);
  else if (jb->op == 1)
    rc = study_topic_update(c, jb->id, jb->name, jb->sort, err);
  else
    rc = study_topic_delete(c, jb->id, err);
  if (rc)
    return rc;
  sb_init(&sb, r->arena, NULL, 0, 4096);
  jw_init(&j, &sb);
  jw_obj(&j);
  if (jb->op != 2) {
    jw_kstr(&j, "name", jb->name);
    jw_ki64(&j, "sort", jb->sort);
    if (jb->parent_id)
      jw_ki64(&j, "parent_id", jb->parent_id);
  }
  jw_obj_end(&j);
  return api_audit(
      r, c, actions[jb->op], "study_topic", jb->id, "ok", jb->before,
      jb->op == 2 || sb_err(&sb) ? NULL : sb_take(&sb, NULL), NULL);
}

static int render_topic(struct req *r, struct resp *w, int status, int64_t id)
{
  struct store_conn *c;
  struct study_topic t;
  struct jw j;
  int rc = api_db(r, &c);
  if (!rc)
    rc = study_topic_get(c, r->arena, id, &t, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, status));
  jw_obj(&j);
  jw_ki64(&j, "id", t.id);
  jw_key(&j, "parent_id");
  if (t.parent_id)
    jw_i64(&j, t.parent_id);
  else
    jw_null(&j);
  jw_kstr(&j, "name", t.name);
  jw_ki64(&j, "sort", t.sort);
  jw_kstr(&j, "path", t.path);
  jw_ki64(&j, "n_materials", t.n_materials);
  jw_ktime(&j, "created_at", t.created_at);
  jw_ktime(&j, "updated_at", t.updated_at);
  jw_obj_end(&j);
  return LX_OK;
}

/* Reads {name, sort?} (and parent_id? when create) into jb. */
static int read_topic(struct req *r, struct topic_job *jb, int create)
{
  json_t *body = NULL;
  const char *name = NULL;
  int64_t v = 0;
  int present = 0;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "name", 0, 1000, &name);
  if (!rc && create)
    rc = api_get_int(r, body, "parent_id", 0, 1, INT64_MAX, &jb->parent_id,
                     &present);
  if (!rc)
    rc = api_get_int(r, body, "sort", 0, -100000, 100000, &v, &present);
  if (!rc) {
    jb->sort = (int)v;
    jb->name = api_keep(r, name);
    rc = study_topic_check_name(jb->name, &r->err);
  }
  json_decref(body);
  return rc;
}

/* POST /api/v1/study-topics {name, parent_id?, sort?} → 201 the topic. */
int api_topic_create(struct req *r, struct resp *w)
{
  struct topic_job *jb = arena_zalloc(r->arena, sizeof *jb);
  int rc = read_topic(r, jb, 1);
  if (rc)
    return rc;
  jb->r = r;
  rc = api_write(r, topic_job, jb);
  if (rc)
    return rc;
  return render_topic(r, w, 201, jb->id);
}

static int load_topic(struct req *r, struct topic_job *jb)
{
  struct store_conn *c;
  struct study_topic t;
  int rc = req_param_id(r, "id", &jb->id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_topic_get(c, r->arena, jb->id, &t, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "学习资料分类");
  if (!rc) {
    { /* the audit "before" document, written by the JSON writer */
      struct sb sb;
      struct jw j;
      sb_init(&sb, r->arena, NULL, 0, 4096);
      jw_init(&j, &sb);
      jw_obj(&j);
      jw_kstr(&j, "name", t.name);
      jw_ki64(&j, "sort", t.sort);
      jw_kstr(&j, "path", t.path);
      jw_obj_end(&j);
      jb->before = sb_err(&sb) ? NULL : sb_take(&sb, NULL);
    }
    jb->parent_id = t.parent_id;
  }
  return rc;
}

/* PUT /api/v1/study-topics/:id {name, sort?} → 200 the topic. */
int api_topic_update(struct req *r, struct resp *w)
{
  struct topic_job *jb = arena_zalloc(r->arena, sizeof *jb);
  int64_t parent;
  int rc = load_topic(r, jb);
  if (rc)
    return rc;
  parent = jb->parent_id;
  rc = read_topic(r, jb, 0);
  if (rc)
    return rc;
  jb->parent_id = parent;
  jb->r = r;
  jb->op = 1;
  rc = api_write(r, topic_job, jb);
  if (rc)
    return rc;
  return render_topic(r, w, 200, jb->id);
}

/* DELETE /api/v1/study-topics/:id → 204. */
int api_topic_delete(struct req *r, struct resp *w)
{
  struct topic_job *jb = arena_zalloc(r->arena, sizeof *jb);
  int rc = load_topic(r, jb);
  if (rc)
    return rc;
  jb->r = r;
  jb->op = 2;
  rc = api_write(r, topic_job, jb);
  if (rc)
    return rc;
  w->status = 204;
  return LX_OK;
}
