/*
 * api_session.c — /api/v1/study-sessions: study sessions (专题学习、
 * 组织生活会、三会一课、主题党日) of a unit, usually a branch.
 *
 * Who sees a session: a holder of study.manage whose scope covers the
 * session's unit (manager), a holder of study.read with a unit scope
 * covering it (read only), or a member whose person is in the session's
 * unit subtree (an expected attendee).  Everyone else gets 404 exactly as
 * for a missing id.  Managers schedule, edit (planned only, 409
 * otherwise), cancel with a reason, open/close check-in and see the code,
 * record attendance, finish (planned → held: the unrecorded are stored
 * absent), write minutes (Markdown, rendered safely) and add photos
 * (JPEG/PNG, content-addressed files).  Members check in with the code
 * while check-in is open and within [start − 30 min, end + 30 min]; five
 * wrong codes per person and session lock the check-in (429); they may ask
 * for leave with a reason before the start.  Every change is audited in
 * its write job; a wrong code is audited too (result "deny").
 *
 * The list (cursor-paginated, newest start first) shows managers and
 * scoped readers the sessions within their scope (filters unit_id, kind,
 * status, from, to); with ?mine=1, or for a member without a unit scope,
 * the sessions of the units on the member's own path (their branch and
 * the higher units that include them) with the member's attendance.
 * ?format=xlsx exports the managers' list; /stats gives per-branch
 * numbers (held by kind, attendance rate), also as xlsx.
 */
#include "api/api_org.h"

#include "api/api_cursor.h"
#include "api/api_export.h"
#include "base/arena.h"
#include "base/cfg.h"
#include "base/digest.h"
#include "base/jw.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "domain/ledger/attachment.h"
#include "domain/policy/policy.h"
#include "domain/study/markdown.h"
#include "domain/study/session.h"
#include "http/resp_file.h"
#include "io/sniff.h"
#include "store/files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const P_READ = "study.read";
static const char *const P_MANAGE = "study.manage";
static const char *const CURSOR_KIND = "study-sessions";

/* ---- helpers ---------------------------------------------------------- */

static void who_of(struct req *r, struct study_session_who *w)
{
  const struct subject *s = api_subject(r);
  w->account_id = s->account_id;
  w->name = s->name[0] ? s->name : s->username;
}

/* Parses "YYYY-MM-DDTHH:MM[:SS][.fff][Z|±HH:MM]" (a space may replace T;
 * no offset = the configured one) into Unix ms.  Returns 1 on success. */
static int parse_time(const char *s, int64_t *out)
{
  int y, mo, d, h, mi, sec = 0, n = 0, sign, oh, om;
  int64_t off = (int64_t)time_get_offset_min();
  const char *p;
  if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
    return 0;
  p = s + 10;
  if (*p != 'T' && *p != ' ')
    return 0;
  p++;
  if (sscanf(p, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
    return 0;
  p += 5;
  if (*p == ':') {
    if (sscanf(p + 1, "%2d%n", &sec, &n) != 1 || n != 2)
      return 0;
    p += 3;
    if (*p == '.') {
      p++;
      while (*p >= '0' && *p <= '9')
        p++;
    }
  }
  if (*p == 'Z') {
    off = 0;
    p++;
  } else if (*p == '+' || *p == '-') {
    sign = *p == '-' ? -1 : 1;
    if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) != 2 || n != 5 || oh > 14 ||
        om > 59)
      return 0;
    off = sign * (oh * 60 + om);
    p += 6;
  }
  if (*p || y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
      h > 23 || mi > 59 || sec > 59)
    return 0;
  {
    char date[16];
    int32_t days;
    snprintf(date, sizeof date, "%04d-%02d-%02d", y, mo, d);
    if (!time_parse_date(date, &days))
      return 0;
    *out =
        ((int64_t)days * 86400 + h * 3600 + mi * 60 + sec) * 1000 - off * 60000;
  }
  return 1;
}

static int get_time(struct req *r, json_t *body, const char *key, int64_t *out)
{
  json_t *v = json_object_get(body, key);
  if (!v || json_is_null(v))
    return err_setf(&r->err, LX_EINVAL, "field.required", key, "请填写%s",
                    !strcmp(key, "starts_at") ? "开始时间" : "结束时间");
  if (!json_is_string(v) || !parse_time(json_string_value(v), out))
    return err_set(&r->err, LX_EINVAL, "field.type", key,
                   "时间格式应为 2026-11-26T09:30:00+08:00");
  return LX_OK;
}

/* The caller's person: unit id and path.  rc: LX_OK; LX_ECONFLICT
 * ("no_person") when the account has none; LX_EDB. */
static int my_person(struct req *r, struct store_conn *c, int64_t *unit_id,
                     const char **path)
{
  const struct subject *s = api_subject(r);
  int rc;
  if (!s->person_id)
    return err_set(&r->err, LX_ECONFLICT, "no_person", "",
                   "账号未关联党员信息");
  rc = study_session_person(c, r->arena, s->person_id, unit_id, path, &r->err);
  if (rc == LX_ENOTFOUND)
    return err_set(&r->err, LX_ECONFLICT, "no_person", "",
                   "账号未关联党员信息");
  return rc;
}

/* 1 if path lies in the subtree of top ("/1/5/23/" under "/1/5/"). */
static int under(const char *path, const char *top)
{
  return path && top && !strncmp(path, top, strlen(top));
}

struct sess_ctx {
  struct study_session ss;
  int manager;  /* study.manage covers the unit */
  int attendee; /* the caller's person is expected */
  int64_t person_unit_id;
};

/* Loads :id and decides what the caller is to it; 404 when invisible. */
static int sess_load(struct req *r, struct sess_ctx *x)
{
  const struct subject *s = api_subject(r);
  struct store_conn *c;
  const char *ppath = NULL;
  int64_t id;
  int rc = req_param_id(r, "id", &id);
  memset(x, 0, sizeof *x);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_session_get(c, r->arena, id, &x->ss, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "会议");
  if (rc)
    return rc;
  x->manager = policy_allows(s, P_MANAGE, x->ss.unit_path, 0, 0);
  if (s->person_id &&
      !study_session_person(c, r->arena, s->person_id, &x->person_unit_id,
                            &ppath, &r->err))
    x->attendee = under(ppath, x->ss.unit_path);
  err_clear(&r->err);
  if (!x->manager && !x->attendee &&
      !policy_allows(s, P_READ, x->ss.unit_path, 0, 0))
    return api_out_of_scope(r, "会议");
  return LX_OK;
}

static int sess_load_manage(struct req *r, struct sess_ctx *x)
{
  int rc = sess_load(r, x);
  if (!rc && !x->manager)
    rc = err_set(&r->err, LX_EFORBIDDEN, "forbidden", "",
                 "只有本组织的书记或管理人员可以管理该会议");
  return rc;
}

static void sess_json(struct jw *j, const struct study_session *x, int manager)
{
  jw_ki64(j, "id", x->id);
  jw_ki64(j, "unit_id", x->unit_id);
  jw_kstr(j, "unit_name", x->unit_name);
  jw_kstr(j, "unit_path", x->unit_path);
  jw_kstr(j, "kind", x->kind);
  jw_kstr(j, "kind_label", study_session_kind_label(x->kind));
  jw_kstr(j, "title", x->title);
  jw_ktime(j, "starts_at", x->starts_at);
  jw_ktime(j, "ends_at", x->ends_at);
  jw_kstr(j, "place", x->place);
  jw_kstr(j, "host_name", x->host_name);
  jw_kstr(j, "status", x->status);
  jw_kstr(j, "status_label", study_session_status_label(x->status));
  jw_kbool(j, "checkin_open", x->checkin_open);
  jw_key(j, "checkin_code");
  jw_str(j, manager ? x->checkin_code : NULL);
  jw_kstr(j, "cancel_reason", x->cancel_reason);
  jw_key(j, "held_at");
  jw_time(j, x->held_at, 1);
  jw_ki64(j, "created_by", x->created_by);
  jw_kstr(j, "creator_name", x->creator_name);
  jw_ktime(j, "created_at", x->created_at);
  jw_ktime(j, "updated_at", x->updated_at);
  jw_kbool(j, "can_manage", manager);
}

static void att_json(struct jw *j, const struct study_session_att *a)
{
  jw_obj(j);
  jw_ki64(j, "person_id", a->person_id);
  jw_kstr(j, "name", a->name);
  jw_ki64(j, "unit_id", a->unit_id);
  jw_kstr(j, "unit_name", a->unit_name);
  jw_key(j, "status");
  jw_str(j, a->status && *a->status ? a->status : NULL);
  jw_kstr(j, "status_label", study_session_att_label(a->status));
  jw_kstr(j, "reason", a->reason ? a->reason : "");
  jw_kstr(j, "method", a->method ? a->method : "");
  jw_key(j, "checked_in_at");
  jw_time(j, a->checked_in_at, 1);
  jw_obj_end(j);
}

static void photo_json(struct jw *j, const struct study_session_photo *p)
{
  char url[96];
  jw_obj(j);
  jw_ki64(j, "id", p->id);
  jw_kstr(j, "filename", p->filename);
  jw_kstr(j, "mime", p->mime);
  jw_ki64(j, "size", p->size);
  jw_kstr(j, "uploader_name", p->uploader_name);
  jw_ktime(j, "created_at", p->created_at);
  snprintf(url, sizeof url, "/api/v1/study-sessions/%lld/photos/%lld",
           (long long)p->session_id, (long long)p->id);
  jw_kstr(j, "url", url);
  jw_obj_end(j);
}

/* The full session document: info, materials, counts, my attendance,
 * minutes (Markdown and safe HTML), photos. */
static int render(struct req *r, struct resp *w, int status, int64_t id)
{
  const struct subject *s = api_subject(r);
  struct sess_ctx x;
  struct store_conn *c;
  struct study_session_material *ms;
  struct study_session_photo *ps;
  struct study_session_counts k;
  struct study_session_att me;
  const char *ppath = NULL;
  struct jw j;
  int n_ms, n_ps, rc = api_db(r, &c);
  memset(&x, 0, sizeof x);
  if (!rc)
    rc = study_session_get(c, r->arena, id, &x.ss, &r->err);
  if (rc)
    return rc;
  x.manager = policy_allows(s, P_MANAGE, x.ss.unit_path, 0, 0);
  if (s->person_id && !study_session_person(c, r->arena, s->person_id,
                                            &x.person_unit_id, &ppath, &r->err))
    x.attendee = under(ppath, x.ss.unit_path);
  err_clear(&r->err);
  rc = study_session_materials(c, r->arena, id, &ms, &n_ms, &r->err);
  if (!rc)
    rc = study_session_photos(c, r->arena, id, &ps, &n_ps, &r->err);
  if (!rc)
    rc = study_session_count(c, &x.ss, &k, &r->err);
  memset(&me, 0, sizeof me);
  if (!rc && s->person_id)
    rc = study_session_att_of(c, r->arena, id, s->person_id, &me, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, status));
  jw_obj(&j);
  sess_json(&j, &x.ss, x.manager);
  jw_kstr(&j, "minutes", x.ss.minutes);
  jw_kstr(&j, "minutes_html",
          study_markdown_render(r->arena, x.ss.minutes, strlen(x.ss.minutes)));
  jw_key(&j, "minutes_updated_at");
  jw_time(&j, x.ss.minutes_updated_at, 1);
  jw_ktime(&j, "checkin_from", x.ss.starts_at - STUDY_SESSION_WINDOW_MS);
  jw_ktime(&j, "checkin_to", x.ss.ends_at + STUDY_SESSION_WINDOW_MS);
  jw_key(&j, "materials");
  jw_arr(&j);
  for (int i = 0; i < n_ms; i++) {
    jw_obj(&j);
    jw_ki64(&j, "id", ms[i].id);
    jw_kstr(&j, "title", ms[i].title);
    jw_kstr(&j, "status", ms[i].status);
    jw_obj_end(&j);
  }
  jw_arr_end(&j);
  jw_key(&j, "counts");
  jw_obj(&j);
  jw_ki64(&j, "expected", k.expected);
  jw_ki64(&j, "present", k.present);
  jw_ki64(&j, "absent", k.absent);
  jw_ki64(&j, "leave", k.leave);
  jw_ki64(&j, "unrecorded", k.unrecorded);
  jw_obj_end(&j);
  jw_kbool(&j, "is_attendee", x.attendee || (me.status && *me.status));
  jw_key(&j, "my_attendance");
  if (x.attendee || (me.status && *me.status))
    att_json(&j, &me);
  else
    jw_null(&j);
  jw_key(&j, "photos");
  jw_arr(&j);
  for (int i = 0; i < n_ps; i++)
    photo_json(&j, &ps[i]);
  jw_arr_end(&j);
  jw_obj_end(&j);
  return LX_OK;
}

/* ---- list and export ------------------------------------------------ */

static const struct xlsx_col list_cols[] = {
    {"会议主题", 36}, {"类型", 14}, {"组织", 28},   {"开始时间", 20},
    {"结束时间", 20}, {"地点", 20}, {"主持人", 12}, {"状态", 10},
    {"应到", 8},      {"出席", 8},  {"请假", 8},    {"缺席", 8},
};
static const char *const list_filters[] = {"unit_id", "kind", "status",
                                           "from",    "to",   NULL};
static const struct api_export_spec list_spec = {
    .sheet = "专题学习",
    .file_utf8 = "专题学习会议.xlsx",
    .file_ascii = "study-sessions.xlsx",
    .action = "session.export",
    .object_type = "study_session",
    .cols = list_cols,
    .n_cols = (int)LX_COUNT(list_cols),
    .max_rows = 20000,
    .filters = list_filters,
};

/* Reads the list filters from the query string into f. */
static int read_filters(struct req *r, struct store_conn *c,
                        struct study_session_filter *f)
{
  const char *kind = req_query(r, "kind"), *status = req_query(r, "status");
  int64_t unit_id = 0, hi;
  int present = 0;
  int rc = api_query_int(r, "unit_id", 1, INT64_MAX, &unit_id, &present);
  if (rc)
    return rc;
  if (present) {
    struct org_unit u;
    rc = org_unit_get(c, r->arena, unit_id, &u, &r->err);
    if (rc == LX_ENOTFOUND)
      return err_set(&r->err, LX_EINVAL, "query.invalid", "unit_id",
                     "组织不存在");
    if (rc)
      return rc;
    f->unit_path = u.path;
  }
  if (kind && *kind) {
    if (!study_session_kind_label(kind))
      return err_set(&r->err, LX_EINVAL, "query.invalid", "kind",
                     "会议类型无效");
    f->kind = kind;
  }
  if (status && *status) {
    if (strcmp(status, "planned") && strcmp(status, "held") &&
        strcmp(status, "cancelled"))
      return err_set(&r->err, LX_EINVAL, "query.invalid", "status",
                     "状态只能是 planned、held 或 cancelled");
    f->status = status;
  }
  rc = study_session_day_range(req_query(r, "from"), req_query(r, "to"),
                               &f->from_ms, &hi, &r->err);
  if (rc)
    return rc;
  f->to_ms = hi == INT64_MAX ? 0 : hi;
  return LX_OK;
}

/* Sets the scope part of f for the caller.  *member_mode says the list is
 * the caller's own sessions (mine=1 or no unit scope). */
static int read_scope(struct req *r, struct store_conn *c,
                      struct study_session_filter *f, int *member_mode)
{
  const struct subject *s = api_subject(r);
  const char *mine = req_query(r, "mine");
  struct policy_filter pf;
  const char *perm = policy_has(s, P_MANAGE) ? P_MANAGE : P_READ;
  int rc;
  *member_mode = mine && !strcmp(mine, "1");
  if (!*member_mode) {
    rc = policy_filter(s, perm, &pf);
    if (rc)
      return err_set(&r->err, LX_EFORBIDDEN, "forbidden", "", "没有权限");
    if (pf.scope == SCOPE_SELF)
      *member_mode = 1;
    else if (pf.scope == SCOPE_SUBTREE) {
      f->path_lo = api_keep(r, pf.path_lo);
      f->path_hi = api_keep(r, pf.path_hi);
    } else if (pf.scope == SCOPE_UNIT)
      f->unit_path_eq = api_keep(r, pf.path_lo);
  }
  if (*member_mode) {
    int64_t uid;
    const char *path;
    rc = my_person(r, c, &uid, &path);
    if (rc)
      return rc;
    f->member_path = path;
  }
  return LX_OK;
}

static int list_export(struct req *r, struct resp *w, struct store_conn *c,
                       struct study_session_filter *f)
{
  struct api_export e;
  struct study_session *rows;
  int n = 0, more = 0;
  int rc = api_export_begin(&e, r, &list_spec);
  f->limit = 0;
  if (!rc)
    rc = study_session_list(c, r->arena, f, &rows, &n, &more, &r->err);
  for (int i = 0; !rc && i < n; i++) {
    struct study_session_counts k;
    rc = study_session_count(c, &rows[i], &k, &r->err);
    if (rc)
      break;
    xlsx_text(e.x, 0, rows[i].title);
    xlsx_text(e.x, 1, study_session_kind_label(rows[i].kind));
    xlsx_text(e.x, 2, rows[i].unit_name);
    xlsx_time(e.x, 3, rows[i].starts_at);
    xlsx_time(e.x, 4, rows[i].ends_at);
    xlsx_text(e.x, 5, rows[i].place);
    xlsx_text(e.x, 6, rows[i].host_name);
    xlsx_text(e.x, 7, study_session_status_label(rows[i].status));
    xlsx_number(e.x, 8, (double)k.expected);
    xlsx_number(e.x, 9, (double)k.present);
    xlsx_number(e.x, 10, (double)k.leave);
    xlsx_number(e.x, 11, (double)k.absent);
    rc = api_export_row_end(&e);
  }
  return api_export_end(&e, rc, w);
}

/* GET /api/v1/study-sessions?unit_id=&kind=&status=&from=&to=&mine=1
 * &cursor=&limit=&format= → {items:[…], next_cursor}. */
int api_session_list(struct req *r, struct resp *w)
{
  const struct subject *s = api_subject(r);
  struct study_session_filter f;
  struct study_session *rows;
  struct store_conn *c;
  const char *cur[2], *next = NULL;
  int n, more, member_mode = 0, present = 0, xlsx = 0;
  struct jw j;
  int rc = api_db(r, &c);
  memset(&f, 0, sizeof f);
  if (!rc)
    rc = api_export_format(r, &xlsx);
  if (!rc)
    rc = read_scope(r, c, &f, &member_mode);
  if (!rc)
    rc = read_filters(r, c, &f);
  if (rc)
    return rc;
  if (xlsx) {
    if (member_mode || !policy_has(s, P_MANAGE))
      return err_set(&r->err, LX_EFORBIDDEN, "forbidden", "format",
                     "只有管理人员可以导出会议列表");
    return list_export(r, w, c, &f);
  }
  rc = api_limit(r, &f.limit);
  if (!rc)
    rc = api_cursor_decode(r, CURSOR_KIND, cur, 2, &present);
  if (rc)
    return rc;
  if (present) {
    char *e1, *e2;
    f.cur_starts_at = strtoll(cur[0], &e1, 10);
    f.cur_id = strtoll(cur[1], &e2, 10);
    if (*e1 || *e2)
      return err_set(&r->err, LX_EINVAL, "page.cursor", "cursor",
                     "分页游标无效");
    f.has_cursor = 1;
  }
  rc = study_session_list(c, r->arena, &f, &rows, &n, &more, &r->err);
  if (rc)
    return rc;
  if (more && n > 0) {
    const char *fs[2];
    fs[0] = arena_printf(r->arena, "%lld", (long long)rows[n - 1].starts_at);
    fs[1] = arena_printf(r->arena, "%lld", (long long)rows[n - 1].id);
    next = api_cursor_encode(r, CURSOR_KIND, fs, 2);
  }
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++) {
    struct study_session_counts k;
    int mgr = policy_allows(s, P_MANAGE, rows[i].unit_path, 0, 0);
    rc = study_session_count(c, &rows[i], &k, &r->err);
    if (rc)
      return rc;
    jw_obj(&j);
    sess_json(&j, &rows[i], mgr);
    jw_key(&j, "counts");
    jw_obj(&j);
    jw_ki64(&j, "expected", k.expected);
    jw_ki64(&j, "present", k.present);
    jw_ki64(&j, "absent", k.absent);
    jw_ki64(&j, "leave", k.leave);
    jw_ki64(&j, "unrecorded", k.unrecorded);
    jw_obj_end(&j);
    if (s->person_id) {
      struct study_session_att me;
      rc = study_session_att_of(c, r->arena, rows[i].id, s->person_id, &me,
                                &r->err);
      if (rc)
        return rc;
      jw_key(&j, "my_status");
      jw_str(&j, me.status && *me.status ? me.status : NULL);
      jw_kstr(&j, "my_status_label", study_session_att_label(me.status));
    }
    jw_obj_end(&j);
  }
  api_list_end(&j, next);
  return LX_OK;
}

/* ---- create / update -------------------------------------------------- */

struct sess_job {
  struct req *r;
  int64_t id, person_id, unit_id, absent_added;
  struct study_session_in in;
  struct study_session_who who;
  const char *text, *status, *before;
  int flag;
  enum study_checkin_result checkin;
  struct study_session_photo photo;
};

/* Reads the session fields of body into jb->in (unit set by caller). */
static int read_in(struct req *r, json_t *body, struct sess_job *jb)
{
  const char *kind = NULL, *title = NULL, *place = NULL, *host = NULL;
  json_t *m, *v;
  size_t i;
  int rc = api_get_str(r, body, "kind", 1, 32, &kind);
  if (!rc)
    rc = api_get_str(r, body, "title", 1, STUDY_SESSION_TITLE_MAX, &title);
  if (!rc)
    rc = api_get_str(r, body, "place", 0, STUDY_SESSION_PLACE_MAX, &place);
  if (!rc)
    rc = api_get_str(r, body, "host_name", 0, STUDY_SESSION_HOST_MAX, &host);
  if (!rc)
    rc = get_time(r, body, "starts_at", &jb->in.starts_at);
  if (!rc)
    rc = get_time(r, body, "ends_at", &jb->in.ends_at);
  if (rc)
    return rc;
  m = json_object_get(body, "material_ids");
  if (m && !json_is_null(m)) {
    if (!json_is_array(m))
      return err_set(&r->err, LX_EINVAL, "field.type", "material_ids",
                     "material_ids 应为学习资料编号的数组");
    if (json_array_size(m) > STUDY_SESSION_MATERIALS_MAX)
      return err_setf(&r->err, LX_EINVAL, "session.too_many_materials",
                      "material_ids", "每次会议最多关联 %d 份学习资料",
                      STUDY_SESSION_MATERIALS_MAX);
    json_array_foreach(m, i, v)
    {
      if (!json_is_integer(v) || json_integer_value(v) < 1)
        return err_setf(&r->err, LX_EINVAL, "field.type",
                        arena_printf(r->arena, "material_ids[%zu]", i),
                        "第 %zu 个学习资料编号无效", i + 1);
      jb->in.materials[jb->in.n_materials++] = json_integer_value(v);
    }
  }
  jb->in.kind = api_keep(r, kind);
  jb->in.title = api_keep(r, title);
  jb->in.place = api_keep(r, place ? place : "");
  jb->in.host_name = api_keep(r, host ? host : "");
  return LX_OK;
}

static const char *in_doc(struct req *r, const struct study_session_in *in)
{
  struct sb sb;
  struct jw j;
  sb_init(&sb, r->arena, NULL, 0, 8192);
  jw_init(&j, &sb);
  jw_obj(&j);
  jw_ki64(&j, "unit_id", in->unit_id);
  jw_kstr(&j, "kind", in->kind);
  jw_kstr(&j, "title", in->title);
  jw_ktime(&j, "starts_at", in->starts_at);
  jw_ktime(&j, "ends_at", in->ends_at);
  jw_kstr(&j, "place", in->place);
  jw_kstr(&j, "host_name", in->host_name);
  jw_key(&j, "material_ids");
  jw_arr(&j);
  for (int i = 0; i < in->n_materials; i++)
    jw_i64(&j, in->materials[i]);
  jw_arr_end(&j);
  jw_obj_end(&j);
  return sb_err(&sb) ? NULL : sb_take(&sb, NULL);
}

static const char *sess_doc(struct req *r, const struct study_session *x)
{
  return arena_printf(r->arena,
                      "{\"status\":\"%s\",\"checkin_open\":%s,\"starts_at\":"
                      "%lld,\"ends_at\":%lld}",
                      x->status, x->checkin_open ? "true" : "false",
                      (long long)x->starts_at, (long long)x->ends_at);
}

static int create_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct sess_job *jb = ctx;
  int rc = study_session_create(c, &jb->in, &jb->who, &jb->id, err);
  if (!rc)
    rc = api_audit(jb->r, c, "session.create", "study_session", jb->id, "ok",
                   NULL, in_doc(jb->r, &jb->in), NULL);
  return rc;
}

/* POST /api/v1/study-sessions {unit_id, kind, title, starts_at, ends_at,
 * place?, host_name?, material_ids?} → 201 the session. */
int api_session_create(struct req *r, struct resp *w)
{
  struct sess_job *jb = arena_zalloc(r->arena, sizeof *jb);
  const struct subject *s = api_subject(r);
  struct store_conn *c;
  struct org_unit u;
  json_t *body = NULL;
  int64_t unit_id = 0;
  int present = 0;
  int rc = api_db(r, &c);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_int(r, body, "unit_id", 0, 1, INT64_MAX, &unit_id, &present);
  if (!rc && !present)
    unit_id = s->unit_id;
  if (!rc) {
    rc = org_unit_get(c, r->arena, unit_id, &u, &r->err);
    if (rc == LX_ENOTFOUND ||
        (!rc && !policy_allows(s, P_MANAGE, u.path, 0, 0)))
      rc = err_set(&r->err, LX_EINVAL, "session.unit_invalid", "unit_id",
                   "组织不存在或不在您的管理范围内");
  }
  if (!rc)
    rc = read_in(r, body, jb);
  json_decref(body);
  if (rc)
    return rc;
  jb->in.unit_id = u.id;
  jb->in.unit_path = u.path;
  rc = study_session_check(c, &jb->in, &r->err);
  if (rc)
    return rc;
  jb->r = r;
  who_of(r, &jb->who);
  rc = api_write(r, create_job, jb);
  if (rc)
    return rc;
  return render(r, w, 201, jb->id);
}

/* GET /api/v1/study-sessions/:id */
int api_session_get(struct req *r, struct resp *w)
{
  struct sess_ctx x;
  int rc = sess_load(r, &x);
  if (rc)
    return rc;
  return render(r, w, 200, x.ss.id);
}

static int update_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct sess_job *jb = ctx;
  int rc = study_session_update(c, jb->id, &jb->in, err);
  if (!rc)
    rc = api_audit(jb->r, c, "session.update", "study_session", jb->id, "ok",
                   jb->before, in_doc(jb->r, &jb->in), NULL);
  return rc;
}

/* PUT /api/v1/study-sessions/:id (same body as create; unit fixed). */
int api_session_update(struct req *r, struct resp *w)
{
  struct sess_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct sess_ctx x;
  struct store_conn *c;
  json_t *body = NULL;
  int rc = sess_load_manage(r, &x);
  if (!rc && strcmp(x.ss.status, "planned"))
    rc =
        err_setf(&r->err, LX_ECONFLICT, "session.not_planned", "status",
                 "会议%s，不能再修改", study_session_status_label(x.ss.status));
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = read_in(r, body, jb);
  json_decref(body);
  if (!rc)
    rc = api_db(r, &c);
  if (rc)
    return rc;
  jb->in.unit_id = x.ss.unit_id;
  jb->in.unit_path = x.ss.unit_path;
  rc = study_session_check(c, &jb->in, &r->err);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = x.ss.id;
  jb->before = sess_doc(r, &x.ss);
  who_of(r, &jb->who);
  rc = api_write(r, update_job, jb);
  if (rc)
    return rc;
  return render(r, w, 200, jb->id);
}

/* ---- state changes ---------------------------------------------------- */

static int cancel_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct sess_job *jb = ctx;
  int rc = study_session_cancel(c, jb->id, jb->text, err);
  if (!rc)
    rc = api_audit(jb->r, c, "session.cancel", "study_session", jb->id, "ok",
                   jb->before, "{\"status\":\"cancelled\"}", jb->text);
  return rc;
}

/* POST /api/v1/study-sessions/:id/cancel {reason} */
int api_session_cancel(struct req *r, struct resp *w)
{
  struct sess_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct sess_ctx x;
  const char *reason = NULL;
  json_t *body = NULL;
  int rc = sess_load_manage(r, &x);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "reason", 1, STUDY_SESSION_REASON_MAX, &reason);
  if (!rc)
    jb->text = api_keep(r, reason);
  json_decref(body);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = x.ss.id;
  jb->before = sess_doc(r, &x.ss);
  rc = api_write(r, cancel_job, jb);
  if (rc)
    return rc;
  return render(r, w, 200, jb->id);
}

static int checkin_open_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct sess_job *jb = ctx;
  int rc = study_session_set_checkin(c, jb->id, jb->flag, err);
  if (!rc)
    rc = api_audit(
        jb->r, c, jb->flag ? "session.checkin_open" : "session.checkin_close",
        "study_session", jb->id, "ok", jb->before,
        jb->flag ? "{\"checkin_open\":true}" : "{\"checkin_open\":false}",
        NULL);
  return rc;
}

/* POST /api/v1/study-sessions/:id/checkin-open {open: true|false} */
int api_session_checkin_open(struct req *r, struct resp *w)
{
  struct sess_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct sess_ctx x;
  json_t *body = NULL;
  int present = 0;
  int rc = sess_load_manage(r, &x);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_bool(r, body, "open", &jb->flag, &present);
  json_decref(body);
  if (!rc && !present)
    rc = err_set(&r->err, LX_EINVAL, "field.required", "open",
                 "请指定 open（true 开启签到，false 关闭签到）");
  if (rc)
    return rc;
  jb->r = r;
  jb->id = x.ss.id;
  jb->before = sess_doc(r, &x.ss);
  rc = api_write(r, checkin_open_job, jb);
  if (rc)
    return rc;
  return render(r, w, 200, jb->id);
}

static int checkin_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct sess_job *jb = ctx;
  int rc = study_session_checkin(c, jb->id, jb->person_id, jb->unit_id,
                                 jb->text, time_now_ms(), &jb->checkin, err);
  if (!rc)
    rc = api_audit(
        jb->r, c, "session.checkin", "study_session", jb->id,
        jb->checkin == STUDY_CHECKIN_OK ? "ok" : "deny", NULL,
        arena_printf(jb->r->arena, "{\"person_id\":%lld,\"result\":\"%s\"}",
                     (long long)jb->person_id,
                     jb->checkin == STUDY_CHECKIN_OK         ? "present"
                     : jb->checkin == STUDY_CHECKIN_BAD_CODE ? "bad_code"
                                                             : "locked"),
        NULL);
  return rc;
}

/* Loads :id for an expected attendee acting for themself. */
static int sess_load_member(struct req *r, struct sess_ctx *x)
{
  int rc = sess_load(r, x);
  if (rc)
    return rc;
  if (!api_subject(r)->person_id)
    return err_set(&r->err, LX_ECONFLICT, "no_person", "",
                   "账号未关联党员信息");
  if (!x->attendee)
    return err_set(&r->err, LX_EFORBIDDEN, "session.not_attendee", "",
                   "您不是本次会议的应到人员");
  return LX_OK;
}

/* POST /api/v1/study-sessions/:id/checkin {code} */
int api_session_checkin(struct req *r, struct resp *w)
{
  struct sess_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct sess_ctx x;
  const char *code = NULL;
  json_t *body = NULL;
  int rc = sess_load_member(r, &x);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "code", 1, 16, &code);
  if (!rc)
    jb->text = api_keep(r, code);
  json_decref(body);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = x.ss.id;
  jb->person_id = api_subject(r)->person_id;
  jb->unit_id = x.person_unit_id;
  rc = api_write(r, checkin_job, jb);
  if (rc)
    return rc;
  if (jb->checkin == STUDY_CHECKIN_BAD_CODE)
    return err_set(&r->err, LX_EINVAL, "bad_code", "code",
                   "签到码不正确，请向主持人核对");
  if (jb->checkin == STUDY_CHECKIN_LOCKED)
    return err_set(&r->err, LX_ETOOMANY, "session.checkin_locked", "code",
                   "签到码错误次数过多，请联系支部书记登记出勤");
  return render(r, w, 200, jb->id);
}

static int leave_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct sess_job *jb = ctx;
  int rc = study_session_leave(c, jb->id, jb->person_id, jb->unit_id, jb->text,
                               time_now_ms(), err);
  if (!rc)
    rc = api_audit(
        jb->r, c, "session.leave", "study_session", jb->id, "ok", NULL,
        arena_printf(jb->r->arena, "{\"person_id\":%lld,\"status\":\"leave\"}",
                     (long long)jb->person_id),
        jb->text);
  return rc;
}

/* POST /api/v1/study-sessions/:id/leave {reason} */
int api_session_leave(struct req *r, struct resp *w)
{
  struct sess_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct sess_ctx x;
  const char *reason = NULL;
  json_t *body = NULL;
  int rc = sess_load_member(r, &x);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "reason", 1, STUDY_SESSION_REASON_MAX, &reason);
  if (!rc)
    jb->text = api_keep(r, reason);
  json_decref(body);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = x.ss.id;
  jb->person_id = api_subject(r)->person_id;
  jb->unit_id = x.person_unit_id;
  rc = api_write(r, leave_job, jb);
  if (rc)
    return rc;
  return render(r, w, 200, jb->id);
}

/* GET /api/v1/study-sessions/:id/attendance → {items:[…], counts} */
int api_session_attendance(struct req *r, struct resp *w)
{
  struct sess_ctx x;
  struct study_session_att *rows;
  struct study_session_counts k;
  struct store_conn *c;
  struct jw j;
  int n, rc = sess_load_manage(r, &x);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_session_attendance(c, r->arena, &x.ss, &rows, &n, &r->err);
  if (!rc)
    rc = study_session_count(c, &x.ss, &k, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_key(&j, "items");
  jw_arr(&j);
  for (int i = 0; i < n; i++)
    att_json(&j, &rows[i]);
  jw_arr_end(&j);
  jw_key(&j, "counts");
  jw_obj(&j);
  jw_ki64(&j, "expected", k.expected);
  jw_ki64(&j, "present", k.present);
  jw_ki64(&j, "absent", k.absent);
  jw_ki64(&j, "leave", k.leave);
  jw_ki64(&j, "unrecorded", k.unrecorded);
  jw_obj_end(&j);
  jw_key(&j, "next_cursor");
  jw_null(&j);
  jw_obj_end(&j);
  return LX_OK;
}

static int mark_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct sess_job *jb = ctx;
  int rc = study_session_mark(c, jb->id, jb->person_id, jb->status, jb->text,
                              &jb->who, err);
  if (!rc)
    rc = api_audit(
        jb->r, c, "session.attendance", "study_session", jb->id, "ok", NULL,
        arena_printf(jb->r->arena, "{\"person_id\":%lld,\"status\":\"%s\"}",
                     (long long)jb->person_id, jb->status),
        jb->text);
  return rc;
}

/* PUT /api/v1/study-sessions/:id/attendance {person_id, status, reason?}
 * → the person's attendance row. */
int api_session_attendance_put(struct req *r, struct resp *w)
{
  struct sess_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct sess_ctx x;
  struct study_session_att a;
  struct store_conn *c;
  const char *status = NULL, *reason = NULL;
  json_t *body = NULL;
  struct jw j;
  int present = 0;
  int rc = sess_load_manage(r, &x);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_int(r, body, "person_id", 1, 1, INT64_MAX, &jb->person_id,
                   &present);
  if (!rc)
    rc = api_get_str(r, body, "status", 1, 16, &status);
  if (!rc)
    rc = api_get_str(r, body, "reason", 0, STUDY_SESSION_REASON_MAX, &reason);
  if (!rc && strcmp(status, "present") && strcmp(status, "absent") &&
      strcmp(status, "leave"))
    rc = err_set(&r->err, LX_EINVAL, "session.att_status_invalid", "status",
                 "出勤状态只能是 present（出席）、absent（缺席）或 "
                 "leave（请假）");
  if (!rc) {
    jb->status = api_keep(r, status);
    jb->text = api_keep(r, reason ? reason : "");
  }
  json_decref(body);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = x.ss.id;
  who_of(r, &jb->who);
  rc = api_write(r, mark_job, jb);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_session_att_of(c, r->arena, x.ss.id, jb->person_id, &a, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  att_json(&j, &a);
  return LX_OK;
}

static int finish_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct sess_job *jb = ctx;
  int rc = study_session_finish(c, jb->id, &jb->absent_added, err);
  if (!rc)
    rc = api_audit(jb->r, c, "session.finish", "study_session", jb->id, "ok",
                   jb->before,
                   arena_printf(jb->r->arena,
                                "{\"status\":\"held\",\"absent_added\":%lld}",
                                (long long)jb->absent_added),
                   NULL);
  return rc;
}

/* POST /api/v1/study-sessions/:id/finish */
int api_session_finish(struct req *r, struct resp *w)
{
  struct sess_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct sess_ctx x;
  int rc = sess_load_manage(r, &x);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = x.ss.id;
  jb->before = sess_doc(r, &x.ss);
  rc = api_write(r, finish_job, jb);
  if (rc)
    return rc;
  return render(r, w, 200, jb->id);
}

static int minutes_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct sess_job *jb = ctx;
  int rc = study_session_set_minutes(c, jb->id, jb->text, err);
  if (!rc)
    rc = api_audit(jb->r, c, "session.minutes", "study_session", jb->id, "ok",
                   NULL,
                   arena_printf(jb->r->arena, "{\"minutes_chars\":%zu}",
                                utf8_len(jb->text)),
                   NULL);
  return rc;
}

/* PUT /api/v1/study-sessions/:id/minutes {minutes} */
int api_session_minutes(struct req *r, struct resp *w)
{
  struct sess_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct sess_ctx x;
  json_t *body = NULL, *v;
  int rc = sess_load_manage(r, &x);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  v = json_object_get(body, "minutes");
  if (!v || !json_is_string(v))
    rc = err_set(&r->err, LX_EINVAL, !v ? "field.required" : "field.type",
                 "minutes", "minutes 应为会议记录文本（可为空）");
  else if (json_string_length(v) > STUDY_SESSION_MINUTES_MAX * 4 ||
           utf8_len(json_string_value(v)) > STUDY_SESSION_MINUTES_MAX)
    rc = err_setf(&r->err, LX_EINVAL, "field.too_long", "minutes",
                  "会议记录不能超过 %d 个字", STUDY_SESSION_MINUTES_MAX);
  else
    jb->text = api_keep(r, json_string_value(v));
  json_decref(body);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = x.ss.id;
  rc = api_write(r, minutes_job, jb);
  if (rc)
    return rc;
  return render(r, w, 200, jb->id);
}

/* ---- photos ----------------------------------------------------------- */

static int photo_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct sess_job *jb = ctx;
  int rc = study_session_photo_add(c, &jb->photo, &jb->who, &jb->photo.id, err);
  if (!rc)
    rc = api_audit(jb->r, c, "session.photo_add", "study_session", jb->id, "ok",
                   NULL,
                   arena_printf(jb->r->arena,
                                "{\"photo_id\":%lld,\"sha256\":\"%s\","
                                "\"size\":%lld,\"mime\":\"%s\"}",
                                (long long)jb->photo.id, jb->photo.sha256,
                                (long long)jb->photo.size, jb->photo.mime),
                   jb->photo.filename);
  return rc;
}

/* POST /api/v1/study-sessions/:id/photos (raw body, X-File-Name) → 201 */
int api_session_photo_upload(struct req *r, struct resp *w)
{
  struct sess_job *jb = arena_zalloc(r->arena, sizeof *jb);
  const struct sniff_type *t;
  struct sess_ctx x;
  const char *name = NULL;
  struct jw j;
  char *hex;
  int rc = sess_load_manage(r, &x);
  if (rc)
    return rc;
  if (!strcmp(x.ss.status, "cancelled"))
    return err_set(&r->err, LX_ECONFLICT, "session.cancelled", "status",
                   "会议已取消，不能上传照片");
  if (!r->body || r->body_len == 0)
    return err_set(&r->err, LX_EINVAL, "attachment.empty", "file",
                   "文件为空，请选择照片");
  if (r->body_len > (size_t)cfg.upload_max)
    return err_setf(&r->err, LX_ETOOBIG, "attachment.too_large", "file",
                    "文件超过 %d MB 的上传上限",
                    cfg.upload_max / (1024 * 1024));
  t = sniff_detect(r->body, r->body_len);
  if (!t || (strcmp(t->kind, "jpeg") && strcmp(t->kind, "png")))
    return err_set(&r->err, LX_EUNSUPPORTED, "session.photo_type", "file",
                   "只能上传 JPEG 或 PNG 照片（按文件内容识别）");
  rc = ledger_attachment_name(r->arena, req_header(r, "X-File-Name"), t, &name,
                              &r->err);
  if (rc)
    return rc;
  hex = arena_alloc(r->arena, DIGEST_HEX256_SIZE);
  digest_sha256_hex(r->body, r->body_len, hex);
  rc = store_file_put(store_files_dir(), hex, r->body, r->body_len, &r->err);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = x.ss.id;
  who_of(r, &jb->who);
  jb->photo.session_id = x.ss.id;
  jb->photo.sha256 = hex;
  jb->photo.size = (int64_t)r->body_len;
  jb->photo.mime = t->mime;
  jb->photo.filename = name;
  jb->photo.uploader_name = jb->who.name;
  jb->photo.created_at = time_now_ms();
  rc = api_write(r, photo_job, jb);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 201));
  photo_json(&j, &jb->photo);
  return LX_OK;
}

/* GET /api/v1/study-sessions/:id/photos/:photo_id → the image. */
int api_session_photo_get(struct req *r, struct resp *w)
{
  struct sess_ctx x;
  struct study_session_photo p;
  struct store_conn *c;
  char path[STORE_FILE_PATH_MAX], ascii[64];
  int64_t pid;
  int rc = sess_load(r, &x);
  if (!rc)
    rc = req_param_id(r, "photo_id", &pid);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_session_photo_get(c, r->arena, x.ss.id, pid, &p, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "照片");
  if (rc)
    return rc;
  if (store_file_path(store_files_dir(), p.sha256, path, sizeof path))
    return err_set(&r->err, LX_EINTERNAL, "file.digest", "", "照片记录无效");
  snprintf(ascii, sizeof ascii, "photo-%lld.%s", (long long)p.id,
           !strcmp(p.mime, "image/png") ? "png" : "jpg");
  rc = resp_file_send(r, w, path, p.mime, ascii, p.filename);
  if (rc == LX_EIO)
    return err_set(&r->err, LX_EIO, "attachment.file_missing", "",
                   "照片文件缺失，请联系管理员从备份中恢复");
  return rc;
}

static int photo_del_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct sess_job *jb = ctx;
  int rc = study_session_photo_delete(c, jb->id, jb->photo.id, err);
  if (!rc)
    rc = api_audit(jb->r, c, "session.photo_delete", "study_session", jb->id,
                   "ok",
                   arena_printf(jb->r->arena, "{\"photo_id\":%lld}",
                                (long long)jb->photo.id),
                   NULL, NULL);
  return rc;
}

/* DELETE /api/v1/study-sessions/:id/photos/:photo_id → 204 */
int api_session_photo_delete(struct req *r, struct resp *w)
{
  struct sess_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct sess_ctx x;
  int rc = sess_load_manage(r, &x);
  if (!rc)
    rc = req_param_id(r, "photo_id", &jb->photo.id);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = x.ss.id;
  rc = api_write(r, photo_del_job, jb);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "照片");
  if (rc)
    return rc;
  w->status = 204;
  return LX_OK;
}

/* ---- statistics --------------------------------------------------------- */

#define STATS_UNITS_MAX 500

struct stat_row {
  struct study_session_unit u;
  int64_t held, expected, present;
  int64_t by_kind[16];
};

static const struct xlsx_col stats_cols[] = {
    {"党组织", 30},       {"召开次数", 10},   {"专题学习", 10},
    {"支部党员大会", 12}, {"支部委员会", 10}, {"党小组会", 10},
    {"党课", 8},          {"组织生活会", 10}, {"主题党日", 10},
    {"应到人次", 10},     {"出席人次", 10},   {"出席率", 10},
};
static const char *const stats_filters[] = {"unit_id", "from", "to", NULL};
static const struct api_export_spec stats_spec = {
    .sheet = "会议统计",
    .file_utf8 = "专题学习统计.xlsx",
    .file_ascii = "study-session-stats.xlsx",
    .action = "session.stats_export",
    .object_type = "study_session",
    .cols = stats_cols,
    .n_cols = (int)LX_COUNT(stats_cols),
    .max_rows = STATS_UNITS_MAX,
    .filters = stats_filters,
};

/* GET /api/v1/study-sessions/stats?unit_id=&from=&to=&format= */
int api_session_stats(struct req *r, struct resp *w)
{
  const struct subject *s = api_subject(r);
  const char *const *kinds = study_session_kinds();
  const char *from = req_query(r, "from"), *to = req_query(r, "to");
  struct study_session_unit *us;
  struct stat_row *rows;
  struct store_conn *c;
  struct org_unit u;
  int64_t unit_id = 0, lo, hi, tot_held = 0, tot_exp = 0, tot_pre = 0;
  int n_us = 0, present = 0, xlsx = 0, n_kinds = 0;
  struct jw j;
  int rc = api_db(r, &c);
  if (!rc)
    rc = api_export_format(r, &xlsx);
  if (!rc)
    rc = api_query_int(r, "unit_id", 1, INT64_MAX, &unit_id, &present);
  if (!rc && !present)
    unit_id = s->unit_id;
  if (!rc)
    rc = study_session_day_range(from, to, &lo, &hi, &r->err);
  if (!rc) {
    rc = org_unit_get(c, r->arena, unit_id, &u, &r->err);
    if (rc == LX_ENOTFOUND ||
        (!rc && !policy_allows(s, P_MANAGE, u.path, 0, 0)))
      return api_not_found(r, "组织");
  }
  if (!rc)
    rc = study_session_branches(c, r->arena, u.path, STATS_UNITS_MAX, &us,
                                &n_us, &r->err);
  if (rc)
    return rc;
  while (kinds[n_kinds])
    n_kinds++;
  rows = arena_zalloc(r->arena, sizeof *rows * (size_t)(n_us + 1));
  for (int i = 0; !rc && i < n_us; i++) {
    rows[i].u = us[i];
    rc = study_session_counts_for_unit(c, us[i].path, from, to, &rows[i].held,
                                       &rows[i].expected, &rows[i].present,
                                       &r->err);
    if (!rc)
      rc = study_session_held_by_kind(c, us[i].path, from, to, rows[i].by_kind,
                                      &r->err);
  }
  if (!rc)
    rc = study_session_counts_for_unit(c, u.path, from, to, &tot_held, &tot_exp,
                                       &tot_pre, &r->err);
  if (rc)
    return rc;
  if (xlsx) {
    struct api_export e;
    rc = api_export_begin(&e, r, &stats_spec);
    for (int i = 0; !rc && i < n_us; i++) {
      xlsx_text(e.x, 0, rows[i].u.name);
      xlsx_number(e.x, 1, (double)rows[i].held);
      for (int k = 0; k < n_kinds && k < 7; k++)
        xlsx_number(e.x, 2 + k, (double)rows[i].by_kind[k]);
      xlsx_number(e.x, 9, (double)rows[i].expected);
      xlsx_number(e.x, 10, (double)rows[i].present);
      if (rows[i].expected)
        xlsx_percent(e.x, 11,
                     (double)rows[i].present / (double)rows[i].expected);
      rc = api_export_row_end(&e);
    }
    return api_export_end(&e, rc, w);
  }
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_ki64(&j, "unit_id", u.id);
  jw_kstr(&j, "unit_name", u.name);
  jw_kstr(&j, "from", from && *from ? from : NULL);
  jw_kstr(&j, "to", to && *to ? to : NULL);
  jw_key(&j, "kinds");
  jw_arr(&j);
  for (int k = 0; k < n_kinds; k++) {
    jw_obj(&j);
    jw_kstr(&j, "code", kinds[k]);
    jw_kstr(&j, "label", study_session_kind_label(kinds[k]));
    jw_obj_end(&j);
  }
  jw_arr_end(&j);
  jw_key(&j, "items");
  jw_arr(&j);
  for (int i = 0; i < n_us; i++) {
    jw_obj(&j);
    jw_ki64(&j, "unit_id", rows[i].u.id);
    jw_kstr(&j, "unit_name", rows[i].u.name);
    jw_ki64(&j, "held", rows[i].held);
    jw_key(&j, "by_kind");
    jw_obj(&j);
    for (int k = 0; k < n_kinds; k++)
      jw_ki64(&j, kinds[k], rows[i].by_kind[k]);
    jw_obj_end(&j);
    jw_ki64(&j, "attend_expected", rows[i].expected);
    jw_ki64(&j, "attend_present", rows[i].present);
    jw_key(&j, "attend_rate");
    if (rows[i].expected)
      jw_double(&j, (double)rows[i].present / (double)rows[i].expected);
    else
      jw_null(&j);
    jw_obj_end(&j);
  }
  jw_arr_end(&j);
  jw_key(&j, "total");
  jw_obj(&j);
  jw_ki64(&j, "held", tot_held);
  jw_ki64(&j, "attend_expected", tot_exp);
  jw_ki64(&j, "attend_present", tot_pre);
  jw_key(&j, "attend_rate");
  if (tot_exp)
    jw_double(&j, (double)tot_pre / (double)tot_exp);
  else
    jw_null(&j);
  jw_obj_end(&j);
  jw_obj_end(&j);
  return LX_OK;
}
