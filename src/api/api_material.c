/*
 * api_material.c — /api/v1/materials: the study materials library
 * (学习资料).
 *
 *   GET    /materials            study.read.  Members (and everyone
 *          without ?manage=1) see published materials visible to their
 *          unit; ?manage=1 (study.manage) lists the materials the caller
 *          manages (owner unit in its scope) in any status.  Filters:
 *          status (manage only), topic_id (the topic and below), tag, q
 *          (title contains); keyset cursor; ?format=xlsx (manage only) is
 *          the Excel export.
 *   POST   /materials            create a draft (study.manage)
 *   POST   /materials/import     a .txt/.md/.docx file → a draft (201)
 *   POST   /materials/preview    {body} → {html}: the safe rendering
 *   GET    /materials/:id        published+visible for members, any
 *          status for its managers.  body (Markdown) only for managers,
 *          body_html always, tags, topic trail, units, files, related.
 *   PUT    /materials/:id        edit (managers)
 *   POST   /materials/:id/publish, /withdraw    the state machine
 *   DELETE /materials/:id        drafts only
 *   UPLOAD POST /materials/:id/files, GET/DELETE …/files/:file_id
 *          attachments, content-addressed as ledger attachments are.
 *
 * A material outside the caller's reach answers 404 like a missing one.
 * Every change is audited in its write job.
 */
#include "api/api_org.h"

#include "api/api_cursor.h"
#include "api/api_export.h"
#include "base/arena.h"
#include "base/cfg.h"
#include "base/digest.h"
#include "base/utf8.h"
#include "domain/ledger/attachment.h"
#include "domain/study/markdown.h"
#include "domain/study/material.h"
#include "domain/study/topic.h"
#include "http/resp_file.h"
#include "io/docx_read.h"
#include "io/sniff.h"
#include "store/files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const P_MANAGE = "study.manage";

static void mat_who(struct req *r, struct study_who *who)
{
  const struct subject *s = api_subject(r);
  who->account_id = s->account_id;
  who->name = s->name[0] ? s->name : s->username;
  who->unit_id = s->unit_id;
  who->unit_path = s->unit_path;
}

/* 1 if the subject manages m (study.manage over its owner unit). */
static int may_manage(const struct subject *s, const struct study_material *m)
{
  return policy_allows(s, P_MANAGE, m->owner_unit_path, m->created_by, 0);
}

/* ---- JSON ------------------------------------------------------------- */

static void tags_json(struct jw *j, const struct study_material *m)
{
  jw_key(j, "tags");
  jw_arr(j);
  for (int i = 0; i < m->n_tags; i++)
    jw_str(j, m->tags[i]);
  jw_arr_end(j);
}

/* The fields every form of a material has (list rows, related). */
static void summary_fields(struct jw *j, const struct study_material *m)
{
  jw_ki64(j, "id", m->id);
  jw_kstr(j, "title", m->title);
  jw_kstr(j, "source", m->source);
  jw_kstr(j, "author", m->author);
  jw_kstr(j, "publish_date", m->publish_date);
  jw_kstr(j, "summary", m->summary);
  jw_key(j, "topic_id");
  if (m->topic_id)
    jw_i64(j, m->topic_id);
  else
    jw_null(j);
  jw_kstr(j, "topic_name", m->topic_name);
  jw_kstr(j, "status", study_status_code(m->status));
  jw_kstr(j, "status_label", study_status_label(m->status));
  jw_kbool(j, "visible_all", m->visible_all);
  jw_ki64(j, "body_chars", m->body_chars);
  jw_ki64(j, "min_seconds", m->min_seconds);
  jw_ki64(j, "owner_unit_id", m->owner_unit_id);
  jw_kstr(j, "owner_unit_name", m->owner_unit_name);
  jw_ki64(j, "created_by", m->created_by);
  jw_kstr(j, "creator_name", m->creator_name);
  jw_key(j, "published_at");
  jw_time(j, m->published_at, 1);
  jw_ktime(j, "created_at", m->created_at);
  jw_ktime(j, "updated_at", m->updated_at);
}

static void list_json(struct jw *j, const struct study_material *m)
{
  jw_obj(j);
  summary_fields(j, m);
  tags_json(j, m);
  jw_obj_end(j);
}

static void file_json(struct jw *j, const struct study_file *f)
{
  char url[96];
  jw_obj(j);
  jw_ki64(j, "id", f->id);
  jw_ki64(j, "material_id", f->material_id);
  jw_kstr(j, "filename", f->filename);
  jw_kstr(j, "mime", f->mime);
  jw_ki64(j, "size", f->size);
  jw_kstr(j, "sha256", f->sha256);
  jw_kstr(j, "uploader_name", f->uploader_name);
  jw_ktime(j, "created_at", f->created_at);
  snprintf(url, sizeof url, "/api/v1/materials/%lld/files/%lld",
           (long long)f->material_id, (long long)f->id);
  jw_kstr(j, "url", url);
  jw_obj_end(j);
}

/* A compact document for the audit log (no body). */
static const char *mat_doc(struct req *r, const struct study_material *m)
{
  struct sb sb;
  struct jw j;
  sb_init(&sb, r->arena, NULL, 0, 16384);
  jw_init(&j, &sb);
  jw_obj(&j);
  jw_kstr(&j, "title", m->title);
  jw_kstr(&j, "status", study_status_code(m->status));
  jw_ki64(&j, "topic_id", m->topic_id);
  jw_kbool(&j, "visible_all", m->visible_all);
  jw_ki64(&j, "body_chars", m->body_chars);
  jw_ki64(&j, "min_seconds", m->min_seconds);
  tags_json(&j, m);
  jw_obj_end(&j);
  return sb_err(&sb) ? NULL : sb_take(&sb, NULL);
}

/* ---- loading ---------------------------------------------------------- */

/* Loads :id (full) for a reader: its managers see any status, others a
 * published material visible to their unit; anything else is 404.
 * *out_manage says whether the caller manages it. */
static int load_for_read(struct req *r, struct study_material *m,
                         int *out_manage)
{
  const struct subject *s = api_subject(r);
  struct store_conn *c;
  int64_t id;
  int rc = req_param_id(r, "id", &id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_material_get(c, r->arena, id, 1, m, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "学习资料");
  if (rc)
    return rc;
  *out_manage = may_manage(s, m);
  if (!*out_manage && !study_material_visible(m, s->unit_path))
    return api_out_of_scope(r, "学习资料");
  return LX_OK;
}

/* Loads :id for a manager; 404 when the caller does not manage it. */
static int load_for_manage(struct req *r, int full, struct study_material *m)
{
  struct store_conn *c;
  int64_t id;
  int rc = req_param_id(r, "id", &id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_material_get(c, r->arena, id, full, m, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "学习资料");
  if (rc)
    return rc;
  if (!may_manage(api_subject(r), m))
    return api_out_of_scope(r, "学习资料");
  return LX_OK;
}

/* Writes the full answer for material m. */
static int detail_json(struct req *r, struct resp *w, int status,
                       struct study_material *m, int manage)
{
  const struct subject *s = api_subject(r);
  struct store_conn *c;
  struct study_file *fs;
  struct study_material *rel;
  int64_t *tids;
  const char **tnames;
  int n_fs, n_rel, n_t;
  struct jw j;
  int rc = api_db(r, &c);
  if (!rc)
    rc = study_file_list(c, r->arena, m->id, &fs, &n_fs, &r->err);
  if (!rc)
    rc = study_material_related(c, r->arena, m, s->unit_path, &rel, &n_rel,
                                &r->err);
  if (!rc)
    rc = study_topic_trail(c, r->arena, m->topic_path, &tids, &tnames, &n_t,
                           &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, status));
  jw_obj(&j);
  summary_fields(&j, m);
  tags_json(&j, m);
  jw_key(&j, "topic_path");
  jw_arr(&j);
  for (int i = 0; i < n_t; i++) {
    jw_obj(&j);
    jw_ki64(&j, "id", tids[i]);
    jw_kstr(&j, "name", tnames[i]);
    jw_obj_end(&j);
  }
  jw_arr_end(&j);
  jw_key(&j, "units");
  jw_arr(&j);
  for (int i = 0; i < m->n_units; i++) {
    jw_obj(&j);
    jw_ki64(&j, "id", m->units[i].id);
    jw_kstr(&j, "name", m->units[i].name);
    jw_obj_end(&j);
  }
  jw_arr_end(&j);
  jw_key(&j, "unit_ids");
  jw_arr(&j);
  for (int i = 0; i < m->n_units; i++)
    jw_i64(&j, m->units[i].id);
  jw_arr_end(&j);
  jw_kbool(&j, "can_manage", manage);
  jw_kstr(&j, "body", manage ? m->body : NULL);
  jw_kstr(&j, "body_html",
          study_markdown_render(r->arena, m->body, strlen(m->body)));
  jw_key(&j, "files");
  jw_arr(&j);
  for (int i = 0; i < n_fs; i++)
    file_json(&j, &fs[i]);
  jw_arr_end(&j);
  jw_key(&j, "related");
  jw_arr(&j);
  for (int i = 0; i < n_rel; i++) {
    jw_obj(&j);
    summary_fields(&j, &rel[i]);
    jw_ki64(&j, "shared_tags", rel[i].shared_tags);
    jw_obj_end(&j);
  }
  jw_arr_end(&j);
  jw_obj_end(&j);
  return LX_OK;
}

static int render(struct req *r, struct resp *w, int status, int64_t id)
{
  struct store_conn *c;
  struct study_material m;
  int rc = api_db(r, &c);
  if (!rc)
    rc = study_material_get(c, r->arena, id, 1, &m, &r->err);
  if (rc)
    return rc;
  return detail_json(r, w, status, &m, may_manage(api_subject(r), &m));
}

/* GET /api/v1/materials/:id */
int api_material_get(struct req *r, struct resp *w)
{
  struct study_material m;
  int manage = 0;
  int rc = load_for_read(r, &m, &manage);
  if (rc)
    return rc;
  return detail_json(r, w, 200, &m, manage);
}

/* ---- list and export --------------------------------------------------- */

#define EXPORT_PAGE 500

static const struct xlsx_col export_cols[] = {
    {"编号", 8},    {"标题", 40},         {"分类", 14},     {"状态", 8},
    {"来源", 16},   {"作者", 12},         {"原文日期", 12}, {"标签", 24},
    {"字数", 8},    {"最少学习分钟", 12}, {"可见范围", 20}, {"管理单位", 20},
    {"创建人", 10}, {"发布时间", 18},     {"更新时间", 18},
};

static const char *const export_filters[] = {"status", "topic_id", "tag", "q",
                                             NULL};

static const struct api_export_spec export_spec = {
    .sheet = "学习资料",
    .file_utf8 = "学习资料.xlsx",
    .file_ascii = "materials.xlsx",
    .action = "material.export",
    .object_type = "material",
    .cols = export_cols,
    .n_cols = (int)LX_COUNT(export_cols),
    .max_rows = API_EXPORT_MAX_ROWS,
    .filters = export_filters,
};

static void export_row(struct req *r, struct xlsx *x,
                       const struct study_material *m)
{
  struct sb sb;
  char mins[24];
  sb_init(&sb, r->arena, NULL, 0, 4096);
  for (int i = 0; i < m->n_tags; i++) {
    if (i)
      sb_puts(&sb, "、");
    sb_puts(&sb, m->tags[i]);
  }
  xlsx_number(x, 0, (double)m->id);
  xlsx_text(x, 1, m->title);
  xlsx_text(x, 2, m->topic_name);
  xlsx_text(x, 3, study_status_label(m->status));
  xlsx_text(x, 4, m->source);
  xlsx_text(x, 5, m->author);
  xlsx_date(x, 6, m->publish_date);
  xlsx_text(x, 7, sb_err(&sb) ? "" : sb.buf);
  xlsx_number(x, 8, (double)m->body_chars);
  snprintf(mins, sizeof mins, "%.1f", (double)m->min_seconds / 60.0);
  xlsx_number(x, 9, atof(mins));
  xlsx_text(x, 10, m->visible_all ? "全部单位" : "指定单位");
  xlsx_text(x, 11, m->owner_unit_name);
  xlsx_text(x, 12, m->creator_name);
  xlsx_time(x, 13, m->published_at);
  xlsx_time(x, 14, m->updated_at);
}

static int export_xlsx(struct req *r, struct resp *w, struct store_conn *c,
                       struct study_material_query *q)
{
  struct api_export e;
  int more = 1, snap = 0;
  int rc = api_export_begin(&e, r, &export_spec);
  if (!rc)
    rc = store_read_begin(c, &r->err);
  snap = !rc;
  q->limit = EXPORT_PAGE;
  q->after_id = 0;
  while (!rc && more) {
    struct arena *page = arena_new();
    struct study_material *rows;
    int n;
    rc = study_material_list(c, page, q, &rows, &n, &more, &r->err);
    for (int i = 0; !rc && i < n; i++) {
      export_row(r, e.x, &rows[i]);
      rc = api_export_row_end(&e);
    }
    if (!rc && n > 0)
      q->after_id = rows[n - 1].id;
    if (n == 0)
      more = 0;
    arena_free(page);
  }
  if (snap)
    store_read_end(c);
  return api_export_end(&e, rc, w);
}

/* GET /api/v1/materials?manage=&status=&topic_id=&tag=&q=&limit=&cursor=
 *   [&format=xlsx] */
int api_material_list(struct req *r, struct resp *w)
{
  const struct subject *s = api_subject(r);
  struct study_material_query q = {0};
  struct policy_filter f;
  struct store_conn *c;
  struct study_material *rows;
  const char *kind, *next = NULL, *cur[1];
  int64_t manage = 0, topic_id = 0;
  int present, n, more, limit, xlsx = 0, rc;
  enum study_status st;
  struct jw j;
  rc = api_query_int(r, "manage", 0, 1, &manage, &present);
  if (!rc && manage) {
    if (policy_filter(s, P_MANAGE, &f) != LX_OK)
      return err_set(&r->err, LX_EFORBIDDEN, "auth.forbidden", "manage",
                     "没有管理学习资料的权限");
    q.manage = 1;
    q.f = &f;
  }
  q.viewer_path = s->unit_path;
  if (!rc)
    rc = api_limit(r, &limit);
  if (!rc)
    rc = api_export_format(r, &xlsx);
  if (!rc && xlsx && !q.manage)
    return err_set(&r->err, LX_EFORBIDDEN, "export.forbidden", "format",
                   "只有资料管理人员可以导出（请加 manage=1）");
  if (!rc) {
    q.status = req_query(r, "status");
    if (q.status && !*q.status)
      q.status = NULL;
    /* members see published materials only: asking for them is fine */
    if (q.status && !q.manage && !strcmp(q.status, "published"))
      q.status = NULL;
    if (q.status && (!q.manage || !study_status_parse(q.status, &st)))
      rc = err_set(&r->err, LX_EINVAL, "query.invalid", "status",
                   q.manage ? "status 只能是 draft、published 或 withdrawn"
                            : "只有管理视图（manage=1）可以按状态筛选");
  }
  if (!rc)
    rc = api_query_int(r, "topic_id", 1, INT64_MAX, &topic_id, &present);
  if (!rc) {
    q.tag = req_query(r, "tag");
    if (q.tag && !*q.tag)
      q.tag = NULL;
    q.q = req_query(r, "q");
    if (q.q && !*q.q)
      q.q = NULL;
    if ((q.tag && utf8_len(q.tag) > 100) || (q.q && utf8_len(q.q) > 100))
      rc = err_set(&r->err, LX_EINVAL, "query.invalid", q.q ? "q" : "tag",
                   "查询条件过长（最多 100 个字）");
  }
  kind = q.manage ? "materials.manage" : "materials";
  if (!rc && !xlsx) {
    int cp = 0;
    rc = api_cursor_decode(r, kind, cur, 1, &cp);
    if (!rc && cp) {
      char *end;
      q.after_id = strtoll(cur[0], &end, 10);
      if (*end || q.after_id <= 0)
        rc = err_set(&r->err, LX_EINVAL, "page.cursor", "cursor",
                     "分页游标无效，请从第一页重新查询");
    }
  }
  if (!rc)
    rc = api_db(r, &c);
  if (rc)
    return rc;
  if (topic_id) {
    struct study_topic t;
    struct lx_err e;
    q.topic_path = study_topic_get(c, r->arena, topic_id, &t, &e) == LX_OK
                       ? t.path
                       : "/0/";
  }
  if (xlsx)
    return export_xlsx(r, w, c, &q);
  q.limit = limit;
  rc = study_material_list(c, r->arena, &q, &rows, &n, &more, &r->err);
  if (rc)
    return rc;
  if (more && n > 0) {
    const char *f1[1];
    f1[0] = arena_printf(r->arena, "%lld", (long long)rows[n - 1].id);
    next = api_cursor_encode(r, kind, f1, 1);
  }
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    list_json(&j, &rows[i]);
  api_list_end(&j, next);
  return LX_OK;
}

/* ---- create / update --------------------------------------------------- */

static int get_text(struct req *r, json_t *body, const char *key,
                    const char **out)
{
  int rc = api_get_str(r, body, key, 0, (size_t)STUDY_BODY_MAX, out);
  if (!rc)
    *out = api_keep(r, *out);
  return rc;
}

/* Reads the material fields of body into in. */
static int read_material(struct req *r, json_t *body,
                         struct study_material_in *in)
{
  json_t *a, *v;
  size_t i;
  int present = 0, vis = 1;
  int rc = get_text(r, body, "title", &in->title);
  if (!rc)
    rc = get_text(r, body, "source", &in->source);
  if (!rc)
    rc = get_text(r, body, "author", &in->author);
  if (!rc)
    rc = get_text(r, body, "publish_date", &in->publish_date);
  if (!rc)
    rc = get_text(r, body, "summary", &in->summary);
  if (!rc)
    rc = get_text(r, body, "body", &in->body);
  if (!rc)
    rc = api_get_int(r, body, "topic_id", 0, 1, INT64_MAX, &in->topic_id,
                     &present);
  if (!rc)
    rc = api_get_int(r, body, "min_seconds", 0, STUDY_MIN_SECONDS_LO,
                     STUDY_MIN_SECONDS_HI, &in->min_seconds, &present);
  if (!rc)
    rc = api_get_bool(r, body, "visible_all", &vis, &present);
  if (rc)
    return rc;
  in->visible_all = present ? vis : 1;
  a = json_object_get(body, "tags");
  if (a && !json_is_null(a)) {
    if (!json_is_array(a))
      return err_set(&r->err, LX_EINVAL, "field.type", "tags",
                     "tags 应为字符串数组");
    if (json_array_size(a) > STUDY_TAGS_MAX)
      return err_setf(&r->err, LX_EINVAL, "field.too_many", "tags",
                      "标签最多 %d 个", STUDY_TAGS_MAX);
    json_array_foreach(a, i, v)
    {
      if (!json_is_string(v))
        return err_set(&r->err, LX_EINVAL, "field.type",
                       arena_printf(r->arena, "tags[%zu]", i), "标签应为文字");
      in->tags[in->n_tags++] = api_keep(r, json_string_value(v));
    }
  }
  a = json_object_get(body, "unit_ids");
  if (a && !json_is_null(a)) {
    if (!json_is_array(a))
      return err_set(&r->err, LX_EINVAL, "field.type", "unit_ids",
                     "unit_ids 应为单位编号的数组");
    if (json_array_size(a) > STUDY_UNITS_MAX)
      return err_setf(&r->err, LX_EINVAL, "field.too_many", "unit_ids",
                      "可见单位最多 %d 个", STUDY_UNITS_MAX);
    json_array_foreach(a, i, v)
    {
      if (!json_is_integer(v) || json_integer_value(v) < 1)
        return err_set(&r->err, LX_EINVAL, "field.type",
                       arena_printf(r->arena, "unit_ids[%zu]", i),
                       "单位编号无效");
      in->unit_ids[in->n_units++] = json_integer_value(v);
    }
  }
  return study_material_check(in, &r->err);
}

/* The visible units must exist and lie within the caller's study.manage
 * scope. */
static int check_units(struct req *r, const struct study_material_in *in)
{
  struct study_unit_ref *us;
  struct store_conn *c;
  int rc;
  if (in->visible_all || !in->n_units)
    return LX_OK;
  rc = api_db(r, &c);
  if (!rc)
    rc = study_material_units(c, r->arena, in->unit_ids, in->n_units, &us,
                              &r->err);
  for (int i = 0; !rc && i < in->n_units; i++)
    if (!policy_allows(api_subject(r), P_MANAGE, us[i].path, 0, 0))
      rc = err_setf(&r->err, LX_EINVAL, "unit.out_of_scope",
                    arena_printf(r->arena, "unit_ids[%d]", i),
                    "可见单位「%s」不在您的管理范围内", us[i].name);
  return rc;
}

struct mat_job {
  struct req *r;
  int op; /* enum below */
  int64_t id;
  struct study_material_in in;
  struct study_who who;
  const char *before, *detail;
  /* attachments */
  const char *sha256, *mime, *filename;
  int64_t size, file_id;
};

enum {
  OP_CREATE,
  OP_UPDATE,
  OP_PUBLISH,
  OP_WITHDRAW,
  OP_DELETE,
  OP_IMPORT,
  OP_ATTACH,
  OP_DETACH
};

static int mat_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  static const char *const actions[] = {"material.create",  "material.update",
                                        "material.publish", "material.withdraw",
                                        "material.delete",  "material.import",
                                        "material.attach",  "material.detach"};
  struct mat_job *jb = ctx;
  struct req *r = jb->r;
  const char *after = NULL;
  int rc;
  switch (jb->op) {
  case OP_CREATE:
  case OP_IMPORT:
    rc = study_material_create(c, &jb->in, &jb->who, &jb->id, err);
    break;
  case OP_UPDATE: rc = study_material_update(c, jb->id, &jb->in, err); break;
  case OP_PUBLISH:
  case OP_WITHDRAW:
    rc = study_material_set_status(c, jb->id, jb->op == OP_PUBLISH, err);
    break;
  case OP_DELETE: rc = study_material_delete(c, jb->id, err); break;
  case OP_ATTACH:
    rc = study_file_add(c, jb->id, jb->sha256, jb->size, jb->mime, jb->filename,
                        &jb->who, &jb->file_id, err);
    break;
  default: rc = study_file_delete(c, jb->id, jb->file_id, err); break;
  }
  if (rc)
    return rc;
  if (jb->op != OP_DELETE && jb->op != OP_ATTACH && jb->op != OP_DETACH) {
    struct study_material m;
    rc = study_material_get(c, r->arena, jb->id, 0, &m, err);
    if (rc)
      return rc;
    after = mat_doc(r, &m);
  } else if (jb->op != OP_DELETE) {
    struct sb sb;
    struct jw j;
    sb_init(&sb, r->arena, NULL, 0, 4096);
    jw_init(&j, &sb);
    jw_obj(&j);
    jw_ki64(&j, "file_id", jb->file_id);
    jw_kstr(&j, "filename", jb->filename);
    if (jb->op == OP_ATTACH) {
      jw_kstr(&j, "mime", jb->mime);
      jw_ki64(&j, "size", jb->size);
      jw_kstr(&j, "sha256", jb->sha256);
    }
    jw_obj_end(&j);
    after = sb_err(&sb) ? NULL : sb_take(&sb, NULL);
  }
  return api_audit(r, c, actions[jb->op], "material", jb->id, "ok", jb->before,
                   after, jb->detail);
}

static struct mat_job *new_job(struct req *r, int op)
{
  struct mat_job *jb = arena_zalloc(r->arena, sizeof *jb);
  jb->r = r;
  jb->op = op;
  mat_who(r, &jb->who);
  return jb;
}

/* POST /api/v1/materials {title, body, …} → 201 the draft. */
int api_material_create(struct req *r, struct resp *w)
{
  struct mat_job *jb = new_job(r, OP_CREATE);
  json_t *body = NULL;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = read_material(r, body, &jb->in);
  json_decref(body);
  if (!rc)
    rc = check_units(r, &jb->in);
  if (!rc)
    rc = api_write(r, mat_job, jb);
  if (rc)
    return rc;
  return render(r, w, 201, jb->id);
}

/* PUT /api/v1/materials/:id (all fields, as for create) → 200. */
int api_material_update(struct req *r, struct resp *w)
{
  struct mat_job *jb = new_job(r, OP_UPDATE);
  struct study_material m;
  json_t *body = NULL;
  int rc = load_for_manage(r, 0, &m);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = read_material(r, body, &jb->in);
  json_decref(body);
  if (!rc)
    rc = check_units(r, &jb->in);
  if (rc)
    return rc;
  jb->id = m.id;
  jb->before = mat_doc(r, &m);
  rc = api_write(r, mat_job, jb);
  if (rc)
    return rc;
  return render(r, w, 200, jb->id);
}

static int state_change(struct req *r, struct resp *w, int op)
{
  struct mat_job *jb = new_job(r, op);
  struct study_material m;
  int rc = load_for_manage(r, 0, &m);
  if (rc)
    return rc;
  jb->id = m.id;
  jb->before = mat_doc(r, &m);
  rc = api_write(r, mat_job, jb);
  if (rc)
    return rc;
  return render(r, w, 200, jb->id);
}

/* POST /api/v1/materials/:id/publish → 200. */
int api_material_publish(struct req *r, struct resp *w)
{
  return state_change(r, w, OP_PUBLISH);
}

/* POST /api/v1/materials/:id/withdraw → 200. */
int api_material_withdraw(struct req *r, struct resp *w)
{
  return state_change(r, w, OP_WITHDRAW);
}

/* DELETE /api/v1/materials/:id → 204 (drafts only). */
int api_material_delete(struct req *r, struct resp *w)
{
  struct mat_job *jb = new_job(r, OP_DELETE);
  struct study_material m;
  int rc = load_for_manage(r, 0, &m);
  if (rc)
    return rc;
  jb->id = m.id;
  jb->before = mat_doc(r, &m);
  rc = api_write(r, mat_job, jb);
  if (rc)
    return rc;
  w->status = 204;
  return LX_OK;
}

/* POST /api/v1/materials/preview {body} → {html, body_chars,
 * min_seconds}. */
int api_material_preview(struct req *r, struct resp *w)
{
  json_t *body = NULL;
  const char *md = NULL, *html;
  long chars = 0;
  struct jw j;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = get_text(r, body, "body", &md);
  json_decref(body);
  if (rc)
    return rc;
  if (!md)
    md = "";
  if (strlen(md) > STUDY_BODY_MAX)
    return err_setf(&r->err, LX_EINVAL, "field.too_long", "body",
                    "正文不能超过 %d MB", STUDY_BODY_MAX / (1024 * 1024));
  html = study_markdown_render(r->arena, md, strlen(md));
  (void)study_markdown_text(r->arena, md, strlen(md), &chars);
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_kstr(&j, "html", html);
  jw_ki64(&j, "body_chars", chars);
  jw_ki64(&j, "min_seconds", study_material_default_seconds(chars));
  jw_obj_end(&j);
  return LX_OK;
}

/* ---- import ------------------------------------------------------------ */

/* The extension of the percent-encoded X-File-Name (lower case, ASCII),
 * or "". */
static const char *file_ext(struct req *r)
{
  const char *name = req_header(r, "X-File-Name"), *dot;
  char *ext;
  if (!name || !(dot = strrchr(name, '.')) || strlen(dot + 1) > 10)
    return "";
  ext = arena_strdup(r->arena, dot + 1);
  for (char *p = ext; *p; p++)
    *p = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
  return ext;
}

/* UPLOAD POST /api/v1/materials/import?topic_id= (raw .txt/.md/.docx;
 * name in X-File-Name) → 201 the new draft. */
int api_material_import(struct req *r, struct resp *w)
{
  struct mat_job *jb = new_job(r, OP_IMPORT);
  const struct sniff_type *t;
  const char *ext = file_ext(r), *md = NULL, *title = NULL;
  int64_t topic_id = 0;
  int present, rc;
  rc = api_query_int(r, "topic_id", 1, INT64_MAX, &topic_id, &present);
  if (rc)
    return rc;
  if (!r->body || r->body_len == 0)
    return err_set(&r->err, LX_EINVAL, "import.empty", "file",
                   "文件为空，请选择有内容的文件");
  t = sniff_detect(r->body, r->body_len);
  if (t) {
    if (strcmp(t->kind, "docx"))
      return err_setf(&r->err, LX_EUNSUPPORTED, "import.bad_type", "file",
                      "不能导入%s，只能导入 .txt、.md 或 .docx 文件", t->label);
    if (strcmp(ext, "docx"))
      return err_set(&r->err, LX_EUNSUPPORTED, "import.ext_mismatch", "file",
                     "文件内容是 Word（.docx）文档，但扩展名不是 .docx");
    rc = docx_read_markdown(r->arena, r->body, r->body_len, &md, &title,
                            &r->err);
  } else {
    int is_md = !strcmp(ext, "md") || !strcmp(ext, "markdown");
    if (!is_md && strcmp(ext, "txt"))
      return err_set(&r->err, LX_EUNSUPPORTED, "import.bad_type", "file",
                     "只能导入 .txt、.md 或 .docx 文件（按文件内容和扩展名"
                     "识别）");
    rc = docx_text_markdown(r->arena, r->body, r->body_len, is_md, &md, &title,
                            &r->err);
  }
  if (rc)
    return rc;
  jb->in.title = title;
  jb->in.body = md;
  jb->in.topic_id = topic_id;
  jb->in.visible_all = 1;
  jb->detail = api_keep(r, req_header(r, "X-File-Name"));
  if (jb->detail && strlen(jb->detail) > 400)
    jb->detail = NULL;
  rc = study_material_check(&jb->in, &r->err);
  if (rc == LX_EINVAL && !strcmp(r->err.field, "body"))
    rc = err_set(&r->err, LX_EINVAL, "import.empty", "file",
                 strlen(md) > STUDY_BODY_MAX ? "文件正文超过 2 MB，请拆分后导入"
                                             : "文件中没有正文内容");
  if (!rc)
    rc = api_write(r, mat_job, jb);
  if (rc)
    return rc;
  return render(r, w, 201, jb->id);
}

/* ---- attachments ------------------------------------------------------- */

/* UPLOAD POST /api/v1/materials/:id/files (raw body, X-File-Name) → 201
 * the attachment. */
int api_material_file_upload(struct req *r, struct resp *w)
{
  struct mat_job *jb = new_job(r, OP_ATTACH);
  const struct sniff_type *t;
  struct study_material m;
  struct study_file f;
  struct store_conn *c;
  const char *name = NULL;
  struct jw j;
  char *hex;
  int rc = load_for_manage(r, 0, &m);
  if (rc)
    return rc;
  if (!r->body || r->body_len == 0)
    return err_set(&r->err, LX_EINVAL, "attachment.empty", "file",
                   "文件为空，请选择有内容的文件");
  if (r->body_len > (size_t)cfg.upload_max)
    return err_setf(&r->err, LX_ETOOBIG, "attachment.too_large", "file",
                    "文件超过 %d MB 的上传上限",
                    cfg.upload_max / (1024 * 1024));
  t = sniff_detect(r->body, r->body_len);
  if (!t)
    return err_setf(&r->err, LX_EUNSUPPORTED, "attachment.bad_type", "file",
                    "不支持的文件类型（按文件内容识别）。可上传：%s",
                    sniff_allowed_text());
  rc = ledger_attachment_name(r->arena, req_header(r, "X-File-Name"), t, &name,
                              &r->err);
  if (rc)
    return rc;
  hex = arena_alloc(r->arena, DIGEST_HEX256_SIZE);
  digest_sha256_hex(r->body, r->body_len, hex);
  /* the file first: an orphan file is harmless, a row without it is not */
  rc = store_file_put(store_files_dir(), hex, r->body, r->body_len, &r->err);
  if (rc)
    return rc;
  jb->id = m.id;
  jb->sha256 = hex;
  jb->size = (int64_t)r->body_len;
  jb->mime = t->mime;
  jb->filename = name;
  rc = api_write(r, mat_job, jb);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_file_get(c, r->arena, m.id, jb->file_id, &f, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 201));
  file_json(&j, &f);
  return LX_OK;
}

/* GET /api/v1/materials/:id/files/:file_id → the file (for callers who
 * may read the material). */
int api_material_file_download(struct req *r, struct resp *w)
{
  struct study_material m;
  struct study_file f;
  struct store_conn *c;
  char path[STORE_FILE_PATH_MAX], ascii[64];
  const char *dot;
  int64_t file_id;
  int manage = 0;
  int rc = load_for_read(r, &m, &manage);
  if (!rc)
    rc = req_param_id(r, "file_id", &file_id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_file_get(c, r->arena, m.id, file_id, &f, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "附件");
  if (rc)
    return rc;
  if (store_file_path(store_files_dir(), f.sha256, path, sizeof path))
    return err_set(&r->err, LX_EINTERNAL, "file.digest", "", "附件记录无效");
  dot = strrchr(f.filename, '.');
  snprintf(ascii, sizeof ascii, "material-file-%lld%s", (long long)f.id,
           dot && strlen(dot) <= 6 ? dot : "");
  for (char *p = ascii; *p; p++)
    if ((unsigned char)*p > 0x7e || *p == '"')
      *p = '_';
  rc = resp_file_send(r, w, path, f.mime, ascii, f.filename);
  if (rc == LX_EIO)
    return err_set(&r->err, LX_EIO, "attachment.file_missing", "",
                   "附件文件缺失，请联系管理员从备份中恢复");
  return rc;
}

/* DELETE /api/v1/materials/:id/files/:file_id → 204. */
int api_material_file_delete(struct req *r, struct resp *w)
{
  struct mat_job *jb = new_job(r, OP_DETACH);
  struct study_material m;
  struct study_file f;
  struct store_conn *c;
  int rc = load_for_manage(r, 0, &m);
  if (!rc)
    rc = req_param_id(r, "file_id", &jb->file_id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_file_get(c, r->arena, m.id, jb->file_id, &f, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "附件");
  if (rc)
    return rc;
  jb->id = m.id;
  jb->filename = f.filename;
  rc = api_write(r, mat_job, jb);
  if (rc)
    return rc;
  w->status = 204;
  return LX_OK;
}
