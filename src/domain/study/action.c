/*
 * action.c — 学史力行 links and proposals over the store (see action.h).
 */
#include "domain/study/action.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "domain/policy/policy.h"
#include "domain/study/reflection.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static const char *const kinds[] = {"reflection", "session"};

const char *study_source_kind_code(enum study_source_kind k)
{
  return (unsigned)k < LX_COUNT(kinds) ? kinds[k] : "";
}

int study_source_kind_parse(const char *code, enum study_source_kind *out)
{
  for (size_t i = 0; code && i < LX_COUNT(kinds); i++)
    if (!strcmp(code, kinds[i])) {
      *out = (enum study_source_kind)i;
      return 1;
    }
  return 0;
}

static const struct {
  const char *code, *label;
} pstatuses[] = {
    {"proposed", "待处理"},
    {"accepted", "已采纳"},
    {"rejected", "未采纳"},
};

const char *study_proposal_status_code(enum study_proposal_status s)
{
  return (unsigned)s < LX_COUNT(pstatuses) ? pstatuses[s].code : "";
}

const char *study_proposal_status_label(enum study_proposal_status s)
{
  return (unsigned)s < LX_COUNT(pstatuses) ? pstatuses[s].label : "";
}

int study_proposal_status_parse(const char *code,
                                enum study_proposal_status *out)
{
  for (size_t i = 0; code && i < LX_COUNT(pstatuses); i++)
    if (!strcmp(code, pstatuses[i].code)) {
      *out = (enum study_proposal_status)i;
      return 1;
    }
  return 0;
}

static const char *col_dup(struct store_stmt *s, struct arena *a, int col)
{
  const char *t = store_col_text(s, col);
  return t ? arena_strdup(a, t) : NULL;
}

static int blank(const char *s)
{
  for (; s && *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
      return 0;
  return 1;
}

int study_source_get(struct store_conn *c, struct arena *a,
                     enum study_source_kind kind, int64_t id,
                     struct study_source *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc;
  memset(out, 0, sizeof *out);
  out->kind = kind;
  out->id = id;
  if (kind == STUDY_SOURCE_REFLECTION)
    rc = store_prepare(c,
                       "SELECT unit_path, title, person_id, account_id, "
                       "author_name, status, featured FROM reflection "
                       "WHERE id = ?",
                       &s, err);
  else
    rc = store_prepare(c,
                       "SELECT unit_path, title, 0, created_by, "
                       "creator_name, '', 0 FROM study_session WHERE id = ?",
                       &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    enum study_reflection_status st = STUDY_REFLECTION_DRAFT;
    out->unit_path = col_dup(s, a, 0);
    out->title = col_dup(s, a, 1);
    out->owner_person_id = store_col_i64(s, 2);
    out->owner_account_id = store_col_i64(s, 3);
    out->owner_name = col_dup(s, a, 4);
    if (kind == STUDY_SOURCE_REFLECTION &&
        study_reflection_status_parse(store_col_text(s, 5), &st))
      out->status = (int)st;
    out->featured = (int)store_col_i64(s, 6);
  }
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "source_id",
                   kind == STUDY_SOURCE_REFLECTION ? "心得不存在"
                                                   : "专题学习不存在");
  return rc == STORE_ROW ? LX_OK : rc;
}

/* Inserts a link; an existing one is 409 unless quiet (then it is kept
 * and *out_id is 0). */
static int link_insert(struct store_conn *c, enum study_source_kind kind,
                       int64_t source_id, const char *unit_path,
                       int64_t item_id, const struct ledger_who *who, int quiet,
                       int64_t *out_id, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t n = 0;
  int rc = store_query_i64(c, "SELECT count(*) FROM ledger_item WHERE id = ?",
                           1, item_id, &n, err);
  if (rc)
    return rc;
  if (!n)
    return err_set(err, LX_EINVAL, "action.item_missing", "item_id",
                   "所选事项不存在");
  rc = store_prepare(c,
                     "INSERT INTO action_link(source_kind, source_id, "
                     "item_id, unit_path, created_by, creator_name, "
                     "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                     "ON CONFLICT(source_kind, source_id, item_id) "
                     "DO NOTHING RETURNING id",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, study_source_kind_code(kind));
  store_bind_i64(s, 2, source_id);
  store_bind_i64(s, 3, item_id);
  store_bind_text(s, 4, unit_path);
  store_bind_i64(s, 5, who->account_id);
  store_bind_text(s, 6, who->name ? who->name : "");
  store_bind_i64(s, 7, time_now_ms());
  *out_id = 0;
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *out_id = store_col_i64(s, 0);
    rc = store_step(s, err);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  if (!*out_id && !quiet)
    return err_set(err, LX_ECONFLICT, "action.link_exists", "item_id",
                   "已关联该事项");
  return LX_OK;
}

int study_action_link_add(struct store_conn *c, enum study_source_kind kind,
                          int64_t source_id, const char *unit_path,
                          int64_t item_id, const struct ledger_who *who,
                          int64_t *out_id, struct lx_err *err)
{
  return link_insert(c, kind, source_id, unit_path, item_id, who, 0, out_id,
                     err);
}

#define LINK_COLS                                                              \
  "l.id, l.source_kind, l.source_id, l.item_id, i.code, i.title, i.state, "    \
  "coalesce(r.title, ss.title), coalesce(r.author_name, ss.creator_name), "    \
  "l.unit_path, l.created_by, l.creator_name, l.created_at"
#define LINK_FROM                                                              \
  " FROM action_link l JOIN ledger_item i ON i.id = l.item_id"                 \
  " LEFT JOIN reflection r ON l.source_kind = 'reflection' AND"                \
  " r.id = l.source_id"                                                        \
  " LEFT JOIN study_session ss ON l.source_kind = 'session' AND"               \
  " ss.id = l.source_id"

static void link_from_row(struct store_stmt *s, struct arena *a,
                          struct study_action_link *l)
{
  memset(l, 0, sizeof *l);
  l->id = store_col_i64(s, 0);
  if (!study_source_kind_parse(store_col_text(s, 1), &l->kind))
    l->kind = STUDY_SOURCE_REFLECTION;
  l->source_id = store_col_i64(s, 2);
  l->item_id = store_col_i64(s, 3);
  l->item_code = col_dup(s, a, 4);
  l->item_title = col_dup(s, a, 5);
  l->item_state = col_dup(s, a, 6);
  l->source_title = col_dup(s, a, 7);
  l->source_author = col_dup(s, a, 8);
  l->unit_path = col_dup(s, a, 9);
  l->created_by = store_col_i64(s, 10);
  l->creator_name = col_dup(s, a, 11);
  l->created_at = store_col_i64(s, 12);
}

int study_action_link_get(struct store_conn *c, struct arena *a, int64_t id,
                          struct study_action_link *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, "SELECT " LINK_COLS LINK_FROM " WHERE l.id = ?", &s,
                         err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    link_from_row(s, a, out);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "关联不存在");
  return rc == STORE_ROW ? LX_OK : rc;
}

int study_action_link_remove(struct store_conn *c, int64_t id,
                             struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, "DELETE FROM action_link WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_run(s, err);
  if (!rc && store_changes(c) == 0)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "关联不存在");
  return rc;
}

#define LINKS_MAX 500

int study_action_links(struct store_conn *c, struct arena *a,
                       enum study_source_kind kind, int64_t source_id,
                       int64_t item_id, struct study_action_link **out,
                       int *out_n, struct lx_err *err)
{
  struct store_stmt *s;
  int n = 0, rc;
  if (item_id)
    rc = store_prepare(c,
                       "SELECT " LINK_COLS LINK_FROM
                       " WHERE l.item_id = ? ORDER BY l.id LIMIT 500",
                       &s, err);
  else
    rc = store_prepare(c,
                       "SELECT " LINK_COLS LINK_FROM
                       " WHERE l.source_kind = ? AND l.source_id = ?"
                       " ORDER BY l.id LIMIT 500",
                       &s, err);
  *out = NULL;
  *out_n = 0;
  if (rc)
    return rc;
  if (item_id)
    store_bind_i64(s, 1, item_id);
  else {
    store_bind_text(s, 1, study_source_kind_code(kind));
    store_bind_i64(s, 2, source_id);
  }
  *out = arena_zalloc(a, sizeof **out * LINKS_MAX);
  while ((rc = store_step(s, err)) == STORE_ROW && n < LINKS_MAX)
    link_from_row(s, a, &(*out)[n++]);
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  *out_n = n;
  return LX_OK;
}

/* ---- proposals ------------------------------------------------------ */

static int text_ok(const char *v, size_t max, int required, const char *field,
                   const char *what, struct lx_err *err)
{
  if (required && blank(v))
    return err_setf(err, LX_EINVAL, "field.required", field, "请填写%s", what);
  if (v && !utf8_valid(v, strlen(v)))
    return err_setf(err, LX_EINVAL, "field.type", field, "%s不是有效文本",
                    what);
  if (v && utf8_len(v) > max)
    return err_setf(err, LX_EINVAL, "field.too_long", field,
                    "%s不能超过 %zu 个字", what, max);
  return LX_OK;
}

int study_proposal_check(const struct study_proposal_in *in, struct lx_err *err)
{
  int rc = text_ok(in->title, STUDY_PROPOSAL_TITLE_MAX, 1, "title",
                   "建议事项名称", err);
  if (!rc)
    rc = text_ok(in->description, STUDY_PROPOSAL_DESC_MAX, 0, "description",
                 "建议内容", err);
  if (!rc && in->type_id <= 0)
    rc = err_set(err, LX_EINVAL, "field.required", "type_id", "请选择事项类型");
  return rc;
}

int study_proposal_create(struct store_conn *c, const struct study_source *src,
                          const struct study_proposal_in *in,
                          const struct ledger_who *who, int64_t *out_id,
                          struct lx_err *err)
{
  struct store_stmt *s;
  int64_t n = 0;
  int rc = study_proposal_check(in, err);
  if (!rc)
    rc = store_query_i64(c, "SELECT count(*) FROM ledger_type WHERE id = ?", 1,
                         in->type_id, &n, err);
  if (rc)
    return rc;
  if (!n)
    return err_set(err, LX_EINVAL, "action.type_missing", "type_id",
                   "所选事项类型不存在");
  if (in->lead_unit_id) {
    rc = store_query_i64(c, "SELECT count(*) FROM unit WHERE id = ?", 1,
                         in->lead_unit_id, &n, err);
    if (rc)
      return rc;
    if (!n)
      return err_set(err, LX_EINVAL, "action.unit_missing", "lead_unit_id",
                     "建议的牵头单位不存在");
  }
  rc = store_prepare(c,
                     "INSERT INTO action_proposal(source_kind, source_id, "
                     "unit_path, type_id, title, description, lead_unit_id, "
                     "status, proposed_by, proposer_name, created_at) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, 'proposed', ?, ?, ?) RETURNING id",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, study_source_kind_code(src->kind));
  store_bind_i64(s, 2, src->id);
  store_bind_text(s, 3, src->unit_path);
  store_bind_i64(s, 4, in->type_id);
  store_bind_text(s, 5, in->title);
  store_bind_text(s, 6, in->description ? in->description : "");
  if (in->lead_unit_id)
    store_bind_i64(s, 7, in->lead_unit_id);
  else
    store_bind_null(s, 7);
  store_bind_i64(s, 8, who->account_id);
  store_bind_text(s, 9, who->name ? who->name : "");
  store_bind_i64(s, 10, time_now_ms());
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *out_id = store_col_i64(s, 0);
    rc = store_step(s, err);
  }
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

#define PROP_COLS                                                              \
  "p.id, p.source_kind, p.source_id, coalesce(r.title, ss.title), "            \
  "p.unit_path, p.type_id, t.name, p.title, p.description, p.lead_unit_id, "   \
  "u.name, p.status, p.item_id, i.code, p.proposed_by, p.proposer_name, "      \
  "p.decided_by, p.decided_at, p.decider_name, p.decision_comment, "           \
  "p.created_at"
#define PROP_FROM                                                              \
  " FROM action_proposal p JOIN ledger_type t ON t.id = p.type_id"             \
  " LEFT JOIN unit u ON u.id = p.lead_unit_id"                                 \
  " LEFT JOIN ledger_item i ON i.id = p.item_id"                               \
  " LEFT JOIN reflection r ON p.source_kind = 'reflection' AND"                \
  " r.id = p.source_id"                                                        \
  " LEFT JOIN study_session ss ON p.source_kind = 'session' AND"               \
  " ss.id = p.source_id"

static void prop_from_row(struct store_stmt *s, struct arena *a,
                          struct study_proposal *p)
{
  memset(p, 0, sizeof *p);
  p->id = store_col_i64(s, 0);
  if (!study_source_kind_parse(store_col_text(s, 1), &p->kind))
    p->kind = STUDY_SOURCE_REFLECTION;
  p->source_id = store_col_i64(s, 2);
  p->source_title = col_dup(s, a, 3);
  p->unit_path = col_dup(s, a, 4);
  p->type_id = store_col_i64(s, 5);
  p->type_name = col_dup(s, a, 6);
  p->title = col_dup(s, a, 7);
  p->description = col_dup(s, a, 8);
  p->lead_unit_id = store_col_i64(s, 9);
  p->lead_unit_name = col_dup(s, a, 10);
  if (!study_proposal_status_parse(store_col_text(s, 11), &p->status))
    p->status = STUDY_PROPOSAL_PROPOSED;
  p->item_id = store_col_i64(s, 12);
  p->item_code = col_dup(s, a, 13);
  p->proposed_by = store_col_i64(s, 14);
  p->proposer_name = col_dup(s, a, 15);
  p->decided_by = store_col_i64(s, 16);
  p->decided_at = store_col_i64(s, 17);
  p->decider_name = col_dup(s, a, 18);
  p->decision_comment = col_dup(s, a, 19);
  p->created_at = store_col_i64(s, 20);
}

int study_proposal_get(struct store_conn *c, struct arena *a, int64_t id,
                       struct study_proposal *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, "SELECT " PROP_COLS PROP_FROM " WHERE p.id = ?", &s,
                         err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    prop_from_row(s, a, out);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "建议不存在");
  return rc == STORE_ROW ? LX_OK : rc;
}

static const char *const sql_props =
    "SELECT " PROP_COLS PROP_FROM
    " WHERE (? IS NULL OR p.status = ?) AND p.unit_path >= ? AND"
    " p.unit_path < ? AND (? = 0 OR p.proposed_by = ?) AND p.id < ?"
    " ORDER BY p.id DESC LIMIT ?";
static const char *const sql_props_source =
    "SELECT " PROP_COLS PROP_FROM
    " WHERE p.source_kind = ? AND p.source_id = ? ORDER BY p.id DESC LIMIT ?";

int study_proposal_list(struct store_conn *c, struct arena *a,
                        const struct study_proposal_query *q,
                        struct study_proposal **out, int *out_n, int *out_more,
                        struct lx_err *err)
{
  struct store_stmt *s;
  const char *st = q->has_status ? study_proposal_status_code(q->status) : NULL;
  int n = 0, limit = q->limit < 1 ? 20 : q->limit > 500 ? 500 : q->limit;
  int rc =
      store_prepare(c, q->has_source ? sql_props_source : sql_props, &s, err);
  *out = NULL;
  *out_n = 0;
  *out_more = 0;
  if (rc)
    return rc;
  if (q->has_source) {
    store_bind_text(s, 1, study_source_kind_code(q->kind));
    store_bind_i64(s, 2, q->source_id);
    store_bind_i64(s, 3, limit + 1);
  } else {
    store_bind_text(s, 1, st);
    store_bind_text(s, 2, st);
    store_bind_text(s, 3, q->unit_lo ? q->unit_lo : "");
    store_bind_text(s, 4, q->unit_hi ? q->unit_hi : "\x7f");
    store_bind_i64(s, 5, q->proposed_by);
    store_bind_i64(s, 6, q->proposed_by);
    store_bind_i64(s, 7, q->before_id > 0 ? q->before_id : INT64_MAX);
    store_bind_i64(s, 8, limit + 1);
  }
  *out = arena_zalloc(a, sizeof **out * (size_t)(limit + 1));
  while ((rc = store_step(s, err)) == STORE_ROW) {
    if (n == limit) {
      *out_more = 1;
      continue;
    }
    prop_from_row(s, a, &(*out)[n++]);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  *out_n = n;
  return LX_OK;
}

static int decide(struct store_conn *c, int64_t id, const char *status,
                  int64_t item_id, const char *comment,
                  const struct ledger_who *who, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "UPDATE action_proposal SET status = ?, item_id = ?, "
                         "decided_by = ?, decider_name = ?, decided_at = ?, "
                         "decision_comment = ? WHERE id = ? AND "
                         "status = 'proposed'",
                         &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, status);
  if (item_id)
    store_bind_i64(s, 2, item_id);
  else
    store_bind_null(s, 2);
  store_bind_i64(s, 3, who->account_id);
  store_bind_text(s, 4, who->name ? who->name : "");
  store_bind_i64(s, 5, time_now_ms());
  store_bind_text(s, 6, comment ? comment : "");
  store_bind_i64(s, 7, id);
  rc = store_run(s, err);
  if (!rc && store_changes(c) != 1)
    return err_set(err, LX_ECONFLICT, "action.already_decided", "status",
                   "该建议已处理");
  return rc;
}

static int undecided(const struct study_proposal *p, struct lx_err *err)
{
  if (p->status == STUDY_PROPOSAL_PROPOSED)
    return LX_OK;
  return err_setf(err, LX_ECONFLICT, "action.already_decided", "status",
                  "该建议已处理（%s），不能重复处理",
                  study_proposal_status_label(p->status));
}

int study_proposal_accept(struct store_conn *c, struct arena *a, int64_t id,
                          struct ledger_item_in *in,
                          const struct ledger_who *who, int32_t today,
                          int64_t *out_item_id, struct lx_err *err)
{
  struct study_proposal p;
  int64_t link_id = 0;
  int rc = study_proposal_get(c, a, id, &p, err);
  if (!rc)
    rc = undecided(&p, err);
  if (rc)
    return rc;
  in->type_id = p.type_id;
  in->title = p.title;
  in->description = p.description;
  if (!in->priority)
    in->priority = "normal";
  in->event_action = "create";
  in->event_comment =
      arena_printf(a, "由学史力行建议转入（%s「%s」，%s提出）",
                   p.kind == STUDY_SOURCE_REFLECTION ? "心得" : "专题学习",
                   p.source_title ? p.source_title : "", p.proposer_name);
  rc = ledger_item_create(c, a, in, who, today, out_item_id, err);
  if (!rc)
    rc = decide(c, id, "accepted", *out_item_id, NULL, who, err);
  if (!rc)
    rc = link_insert(c, p.kind, p.source_id, p.unit_path, *out_item_id, who, 1,
                     &link_id, err);
  return rc;
}

int study_proposal_reject(struct store_conn *c, int64_t id, const char *comment,
                          const struct ledger_who *who, struct lx_err *err)
{
  struct study_proposal p;
  struct arena *a = NULL;
  size_t n = comment ? utf8_len(comment) : 0;
  int rc;
  if (comment && !utf8_valid(comment, strlen(comment)))
    return err_set(err, LX_EINVAL, "field.type", "comment", "意见不是有效文本");
  if (blank(comment) || n < STUDY_PROPOSAL_COMMENT_MIN)
    return err_setf(err, LX_EINVAL, "action.comment_required", "comment",
                    "不采纳时请说明理由（至少 %d 个字）",
                    STUDY_PROPOSAL_COMMENT_MIN);
  if (n > STUDY_PROPOSAL_COMMENT_MAX)
    return err_setf(err, LX_EINVAL, "field.too_long", "comment",
                    "意见不能超过 %d 个字", STUDY_PROPOSAL_COMMENT_MAX);
  a = arena_new();
  rc = study_proposal_get(c, a, id, &p, err);
  if (!rc)
    rc = undecided(&p, err);
  if (!rc)
    rc = decide(c, id, "rejected", 0, comment, who, err);
  arena_free(a);
  return rc;
}

int study_action_count_for_unit(struct store_conn *c, const char *unit_path,
                                const char *from, const char *to,
                                int64_t *links, int64_t *accepted_proposals,
                                struct lx_err *err)
{
  struct store_stmt *s;
  char phi[300];
  int64_t lo, hi;
  int rc = study_period_ms(from, to, &lo, &hi, err);
  *links = *accepted_proposals = 0;
  if (rc)
    return rc;
  policy_path_hi(unit_path, phi, sizeof phi);
  for (int k = 0; k < 2 && !rc; k++) {
    rc = store_prepare(
        c,
        k == 0 ? "SELECT count(*) FROM action_link WHERE unit_path >= ? AND "
                 "unit_path < ? AND created_at >= ? AND created_at < ?"
               : "SELECT count(*) FROM action_proposal WHERE unit_path >= ? "
                 "AND unit_path < ? AND status = 'accepted' AND "
                 "decided_at >= ? AND decided_at < ?",
        &s, err);
    if (rc)
      return rc;
    store_bind_text(s, 1, unit_path);
    store_bind_text(s, 2, phi);
    store_bind_i64(s, 3, lo);
    store_bind_i64(s, 4, hi);
    rc = store_step(s, err);
    if (rc == STORE_ROW)
      *(k == 0 ? links : accepted_proposals) = store_col_i64(s, 0);
    store_stmt_done(s);
    rc = rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
  }
  return rc;
}
