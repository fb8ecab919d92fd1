/*
 * api_reflection.c — /api/v1/reflections: reflections (心得体会).  A member
 * (an account with a person; else 409 no_person) writes one on a
 * material, a plan or a free topic, saves drafts and submits (the body
 * needs study.reflection_min_chars counting characters); the secretary
 * (study.review with a scope covering the reflection's unit) approves it
 * or returns it with a comment, and features approved ones (精选) to the
 * unit.  Others' drafts, and reflections outside the caller's reach,
 * answer 404 like missing ones; wrong states answer 409.  Every change is
 * audited in its write job.
 */
#include "api/api_reflection.h"

#include "api/api_cursor.h"
#include "api/api_export.h"
#include "api/api_org.h"

#include "base/arena.h"
#include "base/jw.h"
#include "domain/notify/notify.h"
#include "domain/org/org.h"
#include "domain/policy/policy.h"
#include "domain/study/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const P_REVIEW = "study.review";
static const char *const P_MANAGE = "study.manage";
static const char *const P_READ = "study.read";

static int prefix_of(const char *pre, const char *s)
{
  return pre && s && *pre && !strncmp(pre, s, strlen(pre));
}

int api_no_person(struct req *r)
{
  return err_set(&r->err, LX_ECONFLICT, "no_person", "",
                 "账号未关联党员信息，不能进行此项学习操作");
}

int api_reflection_readable(const struct subject *s,
                            const struct study_reflection *r)
{
  if (s->person_id && s->person_id == r->person_id)
    return 1;
  if (r->status != STUDY_REFLECTION_DRAFT &&
      policy_allows(s, P_REVIEW, r->unit_path, 0, 0))
    return 1;
  return r->featured && (prefix_of(r->unit_path, s->unit_path) ||
                         prefix_of(s->unit_path, r->unit_path));
}

int api_source_readable(const struct subject *s, const struct study_source *src)
{
  if (src->kind == STUDY_SOURCE_REFLECTION) {
    struct study_reflection r;
    memset(&r, 0, sizeof r);
    r.person_id = src->owner_person_id;
    r.unit_path = src->unit_path;
    r.status = (enum study_reflection_status)src->status;
    r.featured = src->featured;
    return api_reflection_readable(s, &r);
  }
  return policy_allows(s, P_READ, src->unit_path, 0, 0) ||
         policy_allows(s, P_MANAGE, src->unit_path, 0, 0) ||
         prefix_of(src->unit_path, s->unit_path) ||
         src->owner_account_id == s->account_id;
}

int api_source_actionable(const struct subject *s,
                          const struct study_source *src)
{
  if (src->kind == STUDY_SOURCE_REFLECTION)
    return (s->person_id && s->person_id == src->owner_person_id) ||
           (src->status != STUDY_REFLECTION_DRAFT &&
            policy_allows(s, P_REVIEW, src->unit_path, 0, 0));
  return src->owner_account_id == s->account_id ||
         policy_allows(s, P_MANAGE, src->unit_path, 0, 0);
}

static void reflection_json(struct jw *j, const struct subject *s,
                            const struct study_reflection *r, int with_body)
{
  int own = s->person_id && s->person_id == r->person_id;
  int review = policy_allows(s, P_REVIEW, r->unit_path, 0, 0) &&
               r->status != STUDY_REFLECTION_DRAFT;
  int editable = r->status == STUDY_REFLECTION_DRAFT ||
                 r->status == STUDY_REFLECTION_RETURNED;
  jw_obj(j);
  jw_ki64(j, "id", r->id);
  jw_ki64(j, "person_id", r->person_id);
  jw_kstr(j, "author_name", r->author_name);
  jw_ki64(j, "unit_id", r->unit_id);
  jw_kstr(j, "unit_name", r->unit_name);
  jw_key(j, "material_id");
  if (r->material_id)
    jw_i64(j, r->material_id);
  else
    jw_null(j);
  jw_kstr(j, "material_title", r->material_title);
  jw_key(j, "plan_id");
  if (r->plan_id)
    jw_i64(j, r->plan_id);
  else
    jw_null(j);
  jw_kstr(j, "title", r->title);
  if (with_body)
    jw_kstr(j, "body", r->body ? r->body : "");
  jw_ki64(j, "chars", r->chars);
  jw_kstr(j, "status", study_reflection_status_code(r->status));
  jw_kstr(j, "status_label", study_reflection_status_label(r->status));
  jw_key(j, "submitted_at");
  jw_time(j, r->submitted_at, 1);
  jw_kstr(j, "review_comment", r->review_comment);
  jw_kstr(j, "reviewer_name", r->reviewer_name);
  jw_key(j, "reviewed_at");
  jw_time(j, r->reviewed_at, 1);
  jw_kbool(j, "featured", r->featured);
  jw_key(j, "featured_at");
  jw_time(j, r->featured_at, 1);
  jw_ktime(j, "created_at", r->created_at);
  jw_ktime(j, "updated_at", r->updated_at);
  jw_key(j, "can");
  jw_obj(j);
  jw_kbool(j, "edit", own && editable);
  jw_kbool(j, "submit", own && editable);
  jw_kbool(j, "delete", own && r->status == STUDY_REFLECTION_DRAFT);
  jw_kbool(j, "review", review && r->status == STUDY_REFLECTION_SUBMITTED);
  jw_kbool(j, "feature", review && r->status == STUDY_REFLECTION_APPROVED);
  jw_kbool(j, "propose", own || review);
  jw_kbool(j, "cite", (own || review) && policy_has(s, "ledger.read"));
  jw_obj_end(j);
  jw_obj_end(j);
}

/* Loads :id for the caller: readable, else 404 (audited when it exists). */
static int load(struct req *r, struct study_reflection *out)
{
  struct store_conn *c;
  int64_t id;
  int rc = req_param_id(r, "id", &id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_reflection_get(c, r->arena, id, out, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "心得");
  if (!rc && !api_reflection_readable(api_subject(r), out))
    return api_out_of_scope(r, "心得");
  return rc;
}

/* Loads :id for its author only (others: 404, or 403 for a reviewer who
 * can read it). */
static int load_own(struct req *r, struct study_reflection *out)
{
  const struct subject *s = api_subject(r);
  int rc = load(r, out);
  if (rc)
    return rc;
  if (!s->person_id || s->person_id != out->person_id)
    return err_set(&r->err, LX_EFORBIDDEN, "reflection.not_author", "",
                   "只能修改自己的心得");
  return LX_OK;
}

/* Loads :id for a reviewer whose study.review scope covers it. */
static int load_review(struct req *r, struct study_reflection *out)
{
  int rc = load(r, out);
  if (rc)
    return rc;
  if (out->status == STUDY_REFLECTION_DRAFT ||
      !policy_allows(api_subject(r), P_REVIEW, out->unit_path, 0, 0))
    return api_out_of_scope(r, "心得");
  return LX_OK;
}

static int render(struct req *r, struct resp *w, int status, int64_t id)
{
  struct store_conn *c;
  struct study_reflection x;
  struct jw j;
  int rc = api_db(r, &c);
  if (!rc)
    rc = study_reflection_get(c, r->arena, id, &x, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, status));
  reflection_json(&j, api_subject(r), &x, 1);
  return LX_OK;
}

static const char *doc(struct req *r, const struct study_reflection *x)
{
  return arena_printf(r->arena,
                      "{\"status\":\"%s\",\"chars\":%lld,\"featured\":%s}",
                      study_reflection_status_code(x->status),
                      (long long)x->chars, x->featured ? "true" : "false");
}

/* ---- jobs --------------------------------------------------------------- */

enum op { OP_CREATE, OP_UPDATE, OP_SUBMIT, OP_REVIEW, OP_FEATURE, OP_DELETE };

struct refl_job {
  struct req *r;
  enum op op;
  int64_t id;
  struct study_reflection_in in;
  struct study_author author;
  int submit; /* create/update: submit in the same job */
  int approve, featured;
  const char *comment;
  const struct study_reflection *before;
};

static int min_chars(struct store_conn *c, int64_t *out, struct lx_err *err)
{
  return study_setting_get(c, "reflection_min_chars", out, err);
}

/* Tells the author about a review or a feature (消息中心), in the job. */
static int notify_author(struct req *r, struct store_conn *c,
                         const struct refl_job *jb,
                         const struct study_reflection *x, struct lx_err *err)
{
  struct notify_in n = {0};
  n.kind = jb->op == OP_FEATURE ? "reflection.featured"
           : jb->approve        ? "reflection.approved"
                                : "reflection.returned";
  n.title = arena_printf(r->arena, "您的心得《%s》%s", x->title,
                         jb->op == OP_FEATURE ? "被评为精选"
                         : jb->approve        ? "已审核通过"
                                       : "被退回，请修改后重新提交");
  n.body = jb->op == OP_REVIEW && jb->comment ? jb->comment : "";
  n.link =
      arena_printf(r->arena, "/study/reflections/%lld/edit", (long long)x->id);
  n.object_type = "reflection";
  n.object_id = x->id;
  return notify_add(c, x->account_id, &n, err);
}

static int refl_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct refl_job *jb = ctx;
  struct req *r = jb->r;
  struct study_actor who = {api_subject(r)->account_id,
                            api_subject(r)->name[0] ? api_subject(r)->name
                                                    : api_subject(r)->username};
  struct study_reflection after;
  const char *action = "";
  int64_t minc = 0;
  int rc = LX_OK;
  switch (jb->op) {
  case OP_CREATE:
    rc = study_reflection_create(c, &jb->in, &jb->author, &jb->id, err);
    action = "reflection.create";
    break;
  case OP_UPDATE:
    rc = study_reflection_update(c, jb->id, &jb->in, err);
    action = "reflection.update";
    break;
  case OP_SUBMIT: action = "reflection.submit"; break;
  case OP_REVIEW:
    rc =
        study_reflection_review(c, jb->id, jb->approve, jb->comment, &who, err);
    action = jb->approve ? "reflection.approve" : "reflection.return";
    break;
  case OP_FEATURE:
    rc = study_reflection_feature(c, jb->id, jb->featured, err);
    action = jb->featured ? "reflection.feature" : "reflection.unfeature";
    break;
  case OP_DELETE:
    rc = study_reflection_delete(c, jb->id, err);
    action = "reflection.delete";
    break;
  }
  if (!rc && (jb->submit || jb->op == OP_SUBMIT)) {
    rc = min_chars(c, &minc, err);
    if (!rc)
      rc = study_reflection_submit(c, jb->id, minc, err);
    if (!rc && jb->op != OP_SUBMIT)
      action = jb->op == OP_CREATE ? "reflection.create_submit"
                                   : "reflection.update_submit";
  }
  if (rc)
    return rc;
  if (jb->op == OP_DELETE)
    return api_audit(r, c, action, "reflection", jb->id, "ok",
                     doc(r, jb->before), NULL, jb->before->title);
  rc = study_reflection_get(c, r->arena, jb->id, &after, err);
  if (!rc && (jb->op == OP_REVIEW || (jb->op == OP_FEATURE && jb->featured)))
    rc = notify_author(r, c, jb, &after, err);
  if (!rc)
    rc = api_audit(r, c, action, "reflection", jb->id, "ok",
                   jb->before ? doc(r, jb->before) : NULL, doc(r, &after),
                   jb->op == OP_REVIEW && jb->comment ? jb->comment
                                                      : after.title);
  return rc;
}

/* Reads {title, body, material_id?, plan_id?, submit?} into jb. */
static int read_body(struct req *r, struct refl_job *jb)
{
  json_t *body = NULL;
  const char *title = NULL, *text = NULL;
  int present = 0, rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "title", 1, STUDY_REFLECTION_TITLE_MAX, &title);
  if (!rc)
    rc = api_get_str(r, body, "body", 0, STUDY_REFLECTION_BODY_MAX, &text);
  if (!rc)
    rc = api_get_int(r, body, "material_id", 0, 1, INT64_MAX,
                     &jb->in.material_id, &present);
  if (!rc)
    rc = api_get_int(r, body, "plan_id", 0, 1, INT64_MAX, &jb->in.plan_id,
                     &present);
  if (!rc)
    rc = api_get_bool(r, body, "submit", &jb->submit, &present);
  if (!rc) {
    jb->in.title = api_keep(r, title);
    jb->in.body = api_keep(r, text ? text : "");
    rc = study_reflection_check(&jb->in, &r->err);
  }
  json_decref(body);
  return rc;
}

/* POST /api/v1/reflections {title, body, material_id?, plan_id?, submit?}
 * → 201 the reflection (a draft, or submitted with submit: true). */
int api_reflection_create(struct req *r, struct resp *w)
{
  struct refl_job *jb = arena_zalloc(r->arena, sizeof *jb);
  const struct subject *s = api_subject(r);
  struct store_conn *c;
  struct org_person p;
  int rc;
  if (!s->person_id)
    return api_no_person(r);
  rc = read_body(r, jb);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = org_person_get(c, r->arena, s->person_id, &p, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_no_person(r);
  if (rc)
    return rc;
  jb->r = r;
  jb->op = OP_CREATE;
  jb->author.person_id = s->person_id;
  jb->author.account_id = s->account_id;
  jb->author.unit_id = p.unit_id;
  jb->author.unit_path = p.unit_path;
  jb->author.name = p.name;
  rc = api_write(r, refl_job, jb);
  if (rc)
    return rc;
  return render(r, w, 201, jb->id);
}

/* GET /api/v1/reflections/:id — with the body and what the caller may
 * do ("can"). */
int api_reflection_get(struct req *r, struct resp *w)
{
  struct study_reflection x;
  struct jw j;
  int rc = load(r, &x);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  reflection_json(&j, api_subject(r), &x, 1);
  return LX_OK;
}

/* PUT /api/v1/reflections/:id {title, body, material_id?, plan_id?,
 * submit?} — the author, while a draft or returned. */
int api_reflection_update(struct req *r, struct resp *w)
{
  struct refl_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct study_reflection *x = arena_zalloc(r->arena, sizeof *x);
  int rc = load_own(r, x);
  if (!rc)
    rc = read_body(r, jb);
  if (rc)
    return rc;
  if (x->status != STUDY_REFLECTION_DRAFT &&
      x->status != STUDY_REFLECTION_RETURNED)
    return err_setf(&r->err, LX_ECONFLICT, "reflection.bad_state", "status",
                    "心得处于「%s」状态，不能修改",
                    study_reflection_status_label(x->status));
  jb->r = r;
  jb->op = OP_UPDATE;
  jb->id = x->id;
  jb->before = x;
  rc = api_write(r, refl_job, jb);
  if (rc)
    return rc;
  return render(r, w, 200, jb->id);
}

/* POST /api/v1/reflections/:id/submit — the author. */
int api_reflection_submit(struct req *r, struct resp *w)
{
  struct refl_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct study_reflection *x = arena_zalloc(r->arena, sizeof *x);
  int rc = load_own(r, x);
  if (rc)
    return rc;
  jb->r = r;
  jb->op = OP_SUBMIT;
  jb->id = x->id;
  jb->before = x;
  rc = api_write(r, refl_job, jb);
  if (rc)
    return rc;
  return render(r, w, 200, jb->id);
}

/* POST /api/v1/reflections/:id/review {decision: approve|return,
 * comment} — study.review in scope; return needs a comment (2–500). */
int api_reflection_review(struct req *r, struct resp *w)
{
  struct refl_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct study_reflection *x = arena_zalloc(r->arena, sizeof *x);
  const char *decision = NULL, *comment = NULL;
  json_t *body = NULL;
  int rc = load_review(r, x);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "decision", 1, 16, &decision);
  if (!rc)
    rc = api_get_str(r, body, "comment", 0, STUDY_REFLECTION_COMMENT_MAX,
                     &comment);
  if (!rc && strcmp(decision, "approve") && strcmp(decision, "return"))
    rc = err_set(&r->err, LX_EINVAL, "reflection.decision_invalid", "decision",
                 "审核结论只能是 approve（通过）或 return（退回）");
  if (!rc) {
    jb->approve = !strcmp(decision, "approve");
    jb->comment = comment && *comment ? api_keep(r, comment) : NULL;
  }
  json_decref(body);
  if (rc)
    return rc;
  jb->r = r;
  jb->op = OP_REVIEW;
  jb->id = x->id;
  jb->before = x;
  rc = api_write(r, refl_job, jb);
  if (rc)
    return rc;
  return render(r, w, 200, jb->id);
}

/* POST /api/v1/reflections/:id/feature {featured: true|false} —
 * study.review in scope, approved reflections only. */
int api_reflection_feature(struct req *r, struct resp *w)
{
  struct refl_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct study_reflection *x = arena_zalloc(r->arena, sizeof *x);
  json_t *body = NULL;
  int present = 0;
  int rc = load_review(r, x);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_bool(r, body, "featured", &jb->featured, &present);
  if (!rc && !present)
    rc = err_set(&r->err, LX_EINVAL, "field.required", "featured",
                 "缺少必填字段 featured");
  json_decref(body);
  if (rc)
    return rc;
  jb->r = r;
  jb->op = OP_FEATURE;
  jb->id = x->id;
  jb->before = x;
  rc = api_write(r, refl_job, jb);
  if (rc)
    return rc;
  return render(r, w, 200, jb->id);
}

/* DELETE /api/v1/reflections/:id — the author's own draft → 204. */
int api_reflection_delete(struct req *r, struct resp *w)
{
  struct refl_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct study_reflection *x = arena_zalloc(r->arena, sizeof *x);
  int rc = load_own(r, x);
  if (rc)
    return rc;
  jb->r = r;
  jb->op = OP_DELETE;
  jb->id = x->id;
  jb->before = x;
  rc = api_write(r, refl_job, jb);
  if (rc)
    return rc;
  w->status = 204;
  return LX_OK;
}

/* ---- lists -------------------------------------------------------------- */

static const struct xlsx_col export_cols[] = {
    {"标题", 30},     {"作者", 10}, {"党组织/单位", 24}, {"学习资料", 24},
    {"字数", 8},      {"状态", 8},  {"提交时间", 18},    {"审核人", 10},
    {"审核意见", 30}, {"精选", 6},
};
static const char *const export_filters[] = {"unit_id", "status", NULL};
static const struct api_export_spec export_spec = {
    .sheet = "心得体会",
    .file_utf8 = "心得体会.xlsx",
    .file_ascii = "reflections.xlsx",
    .action = "reflection.export",
    .object_type = "reflection",
    .cols = export_cols,
    .n_cols = (int)LX_COUNT(export_cols),
    .max_rows = API_EXPORT_MAX_ROWS,
    .filters = export_filters,
};

static int export_xlsx(struct req *r, struct resp *w, struct store_conn *c,
                       struct study_reflection_query *q)
{
  struct api_export e;
  struct study_reflection *rows;
  int n = 0, more = 1;
  int rc = api_export_begin(&e, r, &export_spec);
  q->limit = 1000;
  q->before_id = 0;
  while (!rc && more) {
    rc = study_reflection_list(c, r->arena, q, &rows, &n, &more, &r->err);
    for (int i = 0; !rc && i < n; i++) {
      const struct study_reflection *x = &rows[i];
      xlsx_text(e.x, 0, x->title);
      xlsx_text(e.x, 1, x->author_name);
      xlsx_text(e.x, 2, x->unit_name);
      xlsx_text(e.x, 3, x->material_title);
      xlsx_number(e.x, 4, (double)x->chars);
      xlsx_text(e.x, 5, study_reflection_status_label(x->status));
      xlsx_time(e.x, 6, x->submitted_at);
      xlsx_text(e.x, 7, x->reviewer_name);
      xlsx_text(e.x, 8, x->review_comment);
      xlsx_text(e.x, 9, x->featured ? "是" : "");
      rc = api_export_row_end(&e);
    }
    if (n > 0)
      q->before_id = rows[n - 1].id;
  }
  return api_export_end(&e, rc, w);
}

static int read_cursor(struct req *r, const char *kind, int64_t *before)
{
  const char *f[1];
  int present = 0;
  long long v = 0;
  char *end;
  int rc = api_cursor_decode(r, kind, f, 1, &present);
  *before = 0;
  if (rc || !present)
    return rc;
  v = strtoll(f[0], &end, 10);
  if (*end || v <= 0)
    return err_set(&r->err, LX_EINVAL, "page.cursor", "cursor", "分页游标无效");
  *before = v;
  return LX_OK;
}

static const char *next_cursor(struct req *r, const char *kind, int64_t id)
{
  char buf[24];
  const char *f[1] = {buf};
  snprintf(buf, sizeof buf, "%lld", (long long)id);
  return api_cursor_encode(r, kind, f, 1);
}

static int write_list(struct req *r, struct resp *w, struct store_conn *c,
                      const char *kind, struct study_reflection_query *q)
{
  struct study_reflection *rows;
  const char *next = NULL;
  int n, more;
  struct jw j;
  int rc = study_reflection_list(c, r->arena, q, &rows, &n, &more, &r->err);
  if (rc)
    return rc;
  if (more && n > 0)
    next = next_cursor(r, kind, rows[n - 1].id);
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    reflection_json(&j, api_subject(r), &rows[i], 0);
  api_list_end(&j, next);
  return LX_OK;
}

/* GET /api/v1/reflections?mine=1&status=&unit_id=&limit=&cursor=
 *   [&format=xlsx]
 * mine=1, or a caller without study.review: the caller's own (drafts
 * too).  Reviewers: the reflections (not drafts) of their scope, or of
 * unit_id's subtree within it; the Excel export is theirs. */
int api_reflection_list(struct req *r, struct resp *w)
{
  const struct subject *s = api_subject(r);
  struct study_reflection_query q = {0};
  struct policy_filter f;
  struct store_conn *c;
  const char *st = req_query(r, "status");
  char lo[300], hi[300];
  int64_t mine = 0, unit_id = 0;
  int present = 0, xlsx = 0, limit = 20;
  int rc = api_query_int(r, "mine", 0, 1, &mine, &present);
  if (!rc)
    rc = api_query_int(r, "unit_id", 1, INT64_MAX, &unit_id, &present);
  if (!rc && st && *st) {
    if (!study_reflection_status_parse(st, &q.status))
      rc = err_set(&r->err, LX_EINVAL, "query.invalid", "status", "状态无效");
    q.has_status = 1;
  }
  if (!rc)
    rc = api_limit(r, &limit);
  if (!rc)
    rc = api_export_format(r, &xlsx);
  if (!rc)
    rc = api_db(r, &c);
  if (rc)
    return rc;
  q.limit = limit;
  if (mine || !policy_has(s, P_REVIEW) ||
      policy_filter(s, P_REVIEW, &f) != LX_OK || f.scope == SCOPE_SELF) {
    if (xlsx)
      return err_set(&r->err, LX_EFORBIDDEN, "auth.forbidden", "format",
                     "只有审核人可以导出心得");
    if (!s->person_id)
      return api_no_person(r);
    q.person_id = s->person_id;
    rc = read_cursor(r, "reflections.mine", &q.before_id);
    if (rc)
      return rc;
    return write_list(r, w, c, "reflections.mine", &q);
  }
  if (f.scope == SCOPE_SUBTREE) {
    q.unit_lo = f.path_lo;
    q.unit_hi = f.path_hi;
  } else if (f.scope == SCOPE_UNIT) {
    policy_path_hi(s->unit_path, hi, sizeof hi);
    q.unit_lo = s->unit_path;
    q.unit_hi = hi;
    q.unit_id = f.unit_id;
  }
  if (unit_id) {
    struct org_unit u;
    struct lx_err e;
    if (org_unit_get(c, r->arena, unit_id, &u, &e) != LX_OK)
      return err_set(&r->err, LX_EINVAL, "query.invalid", "unit_id",
                     "单位不存在");
    if (!policy_allows(s, P_REVIEW, u.path, 0, 0))
      return err_set(&r->err, LX_EINVAL, "query.invalid", "unit_id",
                     "单位不存在或不在您的管理范围内");
    snprintf(lo, sizeof lo, "%s", u.path);
    if (f.scope != SCOPE_UNIT) {
      policy_path_hi(lo, hi, sizeof hi);
      q.unit_lo = lo;
      q.unit_hi = hi;
    }
  }
  if (xlsx)
    return export_xlsx(r, w, c, &q);
  rc = read_cursor(r, "reflections", &q.before_id);
  if (rc)
    return rc;
  return write_list(r, w, c, "reflections", &q);
}

/* GET /api/v1/reflections/featured?limit=&cursor= — the featured
 * reflections of the caller's unit, its subtree and the units above. */
int api_reflection_featured(struct req *r, struct resp *w)
{
  struct study_reflection_query q = {0};
  struct store_conn *c;
  int limit = 20;
  int rc = api_limit(r, &limit);
  if (!rc)
    rc = read_cursor(r, "reflections.featured", &q.before_id);
  if (!rc)
    rc = api_db(r, &c);
  if (rc)
    return rc;
  q.limit = limit;
  q.featured_only = 1;
  q.ancestors_of = api_subject(r)->unit_path;
  return write_list(r, w, c, "reflections.featured", &q);
}
