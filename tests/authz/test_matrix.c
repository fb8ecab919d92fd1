/*
 * test_matrix.c — the authorization matrix (issue 3, SECURITY.md AC-01):
 * every route of src/api/routes.def × every built-in role, over real
 * HTTP, compared with the expectations written below by hand.  A route
 * without a row here fails the test (deny by default), and so does a row
 * for a route that no longer exists.
 *
 * "A" = allowed: the guard lets the request through (any status but 401
 * and 403; bodies are deliberately empty, so allowed writes mostly answer
 * 400).  "D" = denied: 403.
 * A second table checks data scope on :id routes: the same request for a
 * resource inside and outside the caller's scope ("V" visible, "4" = 404,
 * indistinguishable from a missing id).
 *
 * Roles, in this order: sysadmin secadmin auditor supervisor leader
 * liaison secretary member.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tst.h"
#include "tst_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ROLES 8
static const char *const roles[N_ROLES] = {"sysadmin",   "secadmin", "auditor",
                                           "supervisor", "leader",   "liaison",
                                           "secretary",  "member"};

struct expect {
  const char *method, *pattern, *who;
};

/* THE expected matrix.  Keep in routes.def order. */
static const struct expect matrix[] = {
    /*                                                 syscadsulslm */
    {"GET", "/healthz", "AAAAAAAA"},
    {"GET", "/metrics", "AAAAAAAA"},
    {"POST", "/api/v1/client-errors", "AAAAAAAA"},
    {"GET", "/api/v1/version", "AAAAAAAA"},
    {"GET", "/api/v1/client-errors", "ADDDDDDD"},
    {"GET", "/api/v1/client-errors/:id", "ADDDDDDD"},
    {"GET", "/api/v1/auth/captcha", "AAAAAAAA"},
    {"POST", "/api/v1/auth/login", "AAAAAAAA"},
    {"POST", "/api/v1/auth/logout", "AAAAAAAA"},
    {"GET", "/api/v1/auth/me", "AAAAAAAA"},
    {"POST", "/api/v1/auth/password", "AAAAAAAA"},
    {"GET", "/api/v1/auth/sessions", "AAAAAAAA"},
    {"DELETE", "/api/v1/auth/sessions/:id", "AAAAAAAA"},
    {"POST", "/api/v1/auth/totp/enable", "AAAAAAAA"},
    {"POST", "/api/v1/auth/totp/setup", "AAAAAAAA"},
    {"GET", "/api/v1/people", "ADDAAAAA"},
    {"POST", "/api/v1/people", "ADDDDDDD"},
    {"GET", "/api/v1/people/:id", "ADDAAAAA"},
    {"PUT", "/api/v1/people/:id", "ADDDDDDD"},
    {"DELETE", "/api/v1/people/:id", "ADDDDDDD"},
    {"GET", "/api/v1/units", "ADDAAAAA"},
    {"POST", "/api/v1/units", "ADDDDDDD"},
    {"GET", "/api/v1/units/:id", "ADDAAAAA"},
    {"PUT", "/api/v1/units/:id", "ADDDDDDD"},
    {"DELETE", "/api/v1/units/:id", "ADDDDDDD"},
    {"POST", "/api/v1/units/:id/move", "ADDDDDDD"},
    {"GET", "/api/v1/users", "AADDDDDD"},
    {"POST", "/api/v1/users", "ADDDDDDD"},
    {"GET", "/api/v1/users/:id", "AADDDDDD"},
    {"PUT", "/api/v1/users/:id", "ADDDDDDD"},
    {"POST", "/api/v1/users/:id/disable", "ADDDDDDD"},
    {"POST", "/api/v1/users/:id/enable", "ADDDDDDD"},
    {"POST", "/api/v1/users/:id/reset-password", "ADDDDDDD"},
    {"POST", "/api/v1/users/:id/reset-totp", "ADDDDDDD"},
    {"PUT", "/api/v1/users/:id/roles", "DADDDDDD"},
    {"POST", "/api/v1/users/:id/unlock", "ADDDDDDD"},
    {"GET", "/api/v1/permissions", "AADDDDDD"},
    {"GET", "/api/v1/roles", "AADDDDDD"},
    {"POST", "/api/v1/roles", "DADDDDDD"},
    {"GET", "/api/v1/roles/:id", "AADDDDDD"},
    {"PUT", "/api/v1/roles/:id", "DADDDDDD"},
    {"DELETE", "/api/v1/roles/:id", "DADDDDDD"},
    {"GET", "/api/v1/audit", "DDADDDDD"},
    {"GET", "/api/v1/audit/:id", "DDADDDDD"},
    {"GET", "/api/v1/attachments/:id", "DDDAAADD"},
    {"GET", "/api/v1/calendar", "DDDAAADD"},
    {"POST", "/api/v1/calendar/import", "DDDADDDD"},
    {"PUT", "/api/v1/calendar/:year", "DDDADDDD"},
    {"GET", "/api/v1/item-tags", "DDDAAADD"},
    {"GET", "/api/v1/items", "DDDAAADD"},
    {"POST", "/api/v1/items", "DDDADDDD"},
    {"GET", "/api/v1/items/export", "DDDAAADD"},
    {"POST", "/api/v1/items/import", "DDDADDDD"},
    {"POST", "/api/v1/items/bulk-assign", "DDDADDDD"},
    {"GET", "/api/v1/items/:id", "DDDAAADD"},
    {"PUT", "/api/v1/items/:id", "DDDADDDD"},
    /* upload: 督查室 or a reporting unit; the leader reads only (403) */
    {"GET", "/api/v1/items/:id/attachments", "DDDAAADD"},
    {"POST", "/api/v1/items/:id/attachments", "DDDADADD"},
    {"GET", "/api/v1/items/:id/comments", "DDDAAADD"},
    {"POST", "/api/v1/items/:id/comments", "DDDAAADD"},
    {"GET", "/api/v1/items/:id/extensions", "DDDAAADD"},
    {"POST", "/api/v1/items/:id/extensions", "DDDDDADD"},
    {"POST", "/api/v1/items/:id/extensions/:ext_id/review", "DDDADDDD"},
    {"GET", "/api/v1/items/:id/progress", "DDDAAADD"},
    {"POST", "/api/v1/items/:id/progress", "DDDDDADD"},
    {"POST", "/api/v1/items/:id/progress/:progress_id/review", "DDDADDDD"},
    {"POST", "/api/v1/items/:id/milestones/:milestone_id/done", "DDDAAADD"},
    {"POST", "/api/v1/items/:id/transition", "DDDAAADD"},
    {"GET", "/api/v1/ledger-settings", "DDDAAADD"},
    {"PUT", "/api/v1/ledger-settings", "DDDADDDD"},
    {"POST", "/api/v1/ledger-settings/recompute", "DDDADDDD"},
    {"GET", "/api/v1/ledger-types", "DDDAAADD"},
    {"GET", "/api/v1/ledger-types/:id", "DDDAAADD"},
    {"POST", "/api/v1/ledger-types", "DDDADDDD"},
    {"PUT", "/api/v1/ledger-types/:id", "DDDADDDD"},
    {"POST", "/api/v1/ledger-types/:id/fields", "DDDADDDD"},
    {"PUT", "/api/v1/ledger-types/:id/fields/:field_id", "DDDADDDD"},
    {"DELETE", "/api/v1/ledger-types/:id/fields/:field_id", "DDDADDDD"},
    {"GET", "/api/v1/ledger-types/:id/import-template", "DDDADDDD"},
    {"GET", "/api/v1/saved-views", "AAAAAAAA"},
    {"POST", "/api/v1/saved-views", "AAAAAAAA"},
    {"DELETE", "/api/v1/saved-views/:id", "AAAAAAAA"},
    /* study: statistics (study.manage) */
    {"GET", "/api/v1/study-stats/trend", "DDDDDDAD"},
    {"GET", "/api/v1/study-stats", "DDDDDDAD"},
    /* study: sessions (api_session.c) */
    {"GET", "/api/v1/study-sessions", "DDDAAAAA"},
    {"POST", "/api/v1/study-sessions", "DDDDDDAD"},
    {"GET", "/api/v1/study-sessions/stats", "DDDDDDAD"},
    {"GET", "/api/v1/study-sessions/:id", "DDDAAAAA"},
    {"PUT", "/api/v1/study-sessions/:id", "DDDDDDAD"},
    {"POST", "/api/v1/study-sessions/:id/cancel", "DDDDDDAD"},
    {"POST", "/api/v1/study-sessions/:id/checkin-open", "DDDDDDAD"},
    {"POST", "/api/v1/study-sessions/:id/checkin", "DDDAAAAA"},
    {"POST", "/api/v1/study-sessions/:id/leave", "DDDAAAAA"},
    {"GET", "/api/v1/study-sessions/:id/attendance", "DDDDDDAD"},
    {"PUT", "/api/v1/study-sessions/:id/attendance", "DDDDDDAD"},
    {"POST", "/api/v1/study-sessions/:id/finish", "DDDDDDAD"},
    {"PUT", "/api/v1/study-sessions/:id/minutes", "DDDDDDAD"},
    {"POST", "/api/v1/study-sessions/:id/photos", "DDDDDDAD"},
    {"GET", "/api/v1/study-sessions/:id/photos/:photo_id", "DDDAAAAA"},
    {"DELETE", "/api/v1/study-sessions/:id/photos/:photo_id", "DDDDDDAD"},
    /* study: materials library and topics (api_material.c, api_topic.c) */
    {"GET", "/api/v1/materials", "DDDAAAAA"},
    {"POST", "/api/v1/materials", "DDDDDDAD"},
    {"POST", "/api/v1/materials/import", "DDDDDDAD"},
    {"POST", "/api/v1/materials/preview", "DDDDDDAD"},
    {"GET", "/api/v1/materials/:id", "DDDAAAAA"},
    {"PUT", "/api/v1/materials/:id", "DDDDDDAD"},
    {"DELETE", "/api/v1/materials/:id", "DDDDDDAD"},
    {"POST", "/api/v1/materials/:id/files", "DDDDDDAD"},
    {"GET", "/api/v1/materials/:id/files/:file_id", "DDDAAAAA"},
    {"DELETE", "/api/v1/materials/:id/files/:file_id", "DDDDDDAD"},
    {"POST", "/api/v1/materials/:id/publish", "DDDDDDAD"},
    {"POST", "/api/v1/materials/:id/withdraw", "DDDDDDAD"},
    {"GET", "/api/v1/study-topics", "DDDAAAAA"},
    {"POST", "/api/v1/study-topics", "DDDDDDAD"},
    {"PUT", "/api/v1/study-topics/:id", "DDDDDDAD"},
    {"DELETE", "/api/v1/study-topics/:id", "DDDDDDAD"},
    /* study: reflections, 学史力行, study settings (api_reflection.c,
     * api_action.c, api_study_settings.c); PUT study-settings also needs
     * study.manage with scope all, which no built-in role has */
    {"GET", "/api/v1/reflections", "DDDAAAAA"},
    {"POST", "/api/v1/reflections", "DDDAAAAA"},
    {"GET", "/api/v1/reflections/featured", "DDDAAAAA"},
    {"GET", "/api/v1/reflections/:id", "DDDAAAAA"},
    {"PUT", "/api/v1/reflections/:id", "DDDAAAAA"},
    {"DELETE", "/api/v1/reflections/:id", "DDDAAAAA"},
    {"POST", "/api/v1/reflections/:id/feature", "DDDDDDAD"},
    {"POST", "/api/v1/reflections/:id/review", "DDDDDDAD"},
    {"POST", "/api/v1/reflections/:id/submit", "DDDAAAAA"},
    {"GET", "/api/v1/action-links", "DDDAAAAA"},
    {"POST", "/api/v1/action-links", "DDDAAADD"},
    {"DELETE", "/api/v1/action-links/:id", "DDDAAADD"},
    {"GET", "/api/v1/action-proposals", "DDDADDDD"},
    {"POST", "/api/v1/action-proposals", "DDDAAAAA"},
    {"POST", "/api/v1/action-proposals/:id/accept", "DDDADDDD"},
    {"POST", "/api/v1/action-proposals/:id/reject", "DDDADDDD"},
    {"GET", "/api/v1/items/:id/study-links", "DDDAAADD"},
    {"GET", "/api/v1/study-settings", "DDDAAAAA"},
    {"PUT", "/api/v1/study-settings", "DDDDDDDD"},
    /* study: timed reading (api_reading.c); the unit records need
     * study.manage or study.review (403 from the handler otherwise) */
    {"GET", "/api/v1/reading", "DDDDDDAD"},
    {"POST", "/api/v1/reading/heartbeat", "DDDAAAAA"},
    {"GET", "/api/v1/reading/materials/:id", "DDDAAAAA"},
    {"GET", "/api/v1/reading/mine", "DDDAAAAA"},
    {"GET", "/api/v1/reading/mine/summary", "DDDAAAAA"},
    /* study: plans (api_plan.c), notification inbox (api_notify.c) */
    {"GET", "/api/v1/my/plans", "DDDAAAAA"},
    {"GET", "/api/v1/notifications", "AAAAAAAA"},
    {"POST", "/api/v1/notifications/read-all", "AAAAAAAA"},
    {"GET", "/api/v1/notifications/unread-count", "AAAAAAAA"},
    {"POST", "/api/v1/notifications/:id/read", "AAAAAAAA"},
    {"GET", "/api/v1/plans", "DDDDDDAD"},
    {"POST", "/api/v1/plans", "DDDDDDAD"},
    {"GET", "/api/v1/plans/:id", "DDDDDDAD"},
    {"PUT", "/api/v1/plans/:id", "DDDDDDAD"},
    {"DELETE", "/api/v1/plans/:id", "DDDDDDAD"},
    {"POST", "/api/v1/plans/:id/close", "DDDDDDAD"},
    {"GET", "/api/v1/plans/:id/progress", "DDDDDDAD"},
    {"POST", "/api/v1/plans/:id/publish", "DDDDDDAD"},
    /* study: full-text search of materials (api_search.c) */
    {"GET", "/api/v1/search/materials", "DDDAAAAA"},
};

/* Scope: the resource in unit A (the caller's unit; for the member, its
 * own person) and the same kind of resource in unit B. */
struct scope_expect {
  const char *pattern; /* GET route with :id */
  const char *who;     /* per role: V both visible, 4 = B is 404, - n/a */
};
static const struct scope_expect scopes[] = {
    /*                                        syscadsulslm */
    {"/api/v1/people/:id", "V--VV444"},
    {"/api/v1/units/:id", "V--VV444"},
    {"/api/v1/items/:id", "---VV4--"},
    {"/api/v1/items/:id/attachments", "---VV4--"},
    {"/api/v1/items/:id/comments", "---VV4--"},
    {"/api/v1/items/:id/extensions", "---VV4--"},
};

/* routes.def, as the server knows it */
struct row {
  const char *method, *pattern;
};
#define GET "GET"
#define POST "POST"
#define PUT "PUT"
#define DELETE "DELETE"
static const struct row routes[] = {
#define ROUTE(m, p, perm, fn) {m, p},
#define UPLOAD ROUTE
#include "api/routes.def"
#undef UPLOAD
#undef ROUTE
};

static struct tst_server srv;
static struct tst_who who[N_ROLES];
static int64_t unit_a, unit_b, person_a, person_b, victim, role_member;
static int64_t item_a, item_b; /* 民生实事 drafts led by unit A and B */

#define PW "Matrix#2026-ok"

static int64_t make_unit(const struct tst_who *admin, const char *name)
{
  int st;
  json_t *j =
      tst_j(srv.port, admin, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"%s\",\"kind\":\"党支部\"}", name);
  int64_t id = st == 201 || st == 200 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static int64_t make_person(const struct tst_who *admin, const char *name,
                           int64_t unit)
{
  int st;
  json_t *j = tst_j(srv.port, admin, "POST", "/api/v1/people", &st,
                    "{\"name\":\"%s\",\"unit_id\":%lld,\"gender\":\"女\"}",
                    name, (long long)unit);
  int64_t id = st == 201 || st == 200 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static int64_t role_id(const struct tst_who *admin, const char *code)
{
  int st;
  json_t *j = tst_j(srv.port, admin, "GET", "/api/v1/roles", &st, NULL);
  json_t *items = json_object_get(j, "items"), *it;
  size_t i;
  int64_t id = 0;
  json_array_foreach(items, i, it) if (!strcmp(tst_js(it, "code"), code)) id =
      tst_ji(it, "id");
  json_decref(j);
  return id;
}

static int64_t make_item(const struct tst_who *sup, const char *title,
                         int64_t unit)
{
  int st;
  json_t *j = tst_j(srv.port, sup, "GET", "/api/v1/ledger-types", &st, NULL);
  json_t *items = json_object_get(j, "items"), *it;
  size_t i;
  int64_t type = 0, id = 0;
  json_array_foreach(items, i, it) if (!strcmp(tst_js(it, "code"), "MS")) type =
      tst_ji(it, "id");
  json_decref(j);
  j = tst_j(srv.port, sup, "POST", "/api/v1/items", &st,
            "{\"type_id\":%lld,\"title\":\"%s\",\"lead_unit_id\":%lld,"
            "\"due_date\":\"2026-12-31\",\"fields\":{\"category\":\"就业\"}}",
            (long long)type, title, (long long)unit);
  if (st == 201)
    id = tst_ji(j, "id");
  json_decref(j);
  return id;
}

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off",
                                      "--ip-throttle-per-min", "1000", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  static const char *scope_of[N_ROLES] = {"all", "all",  "all",     "all",
                                          "all", "unit", "subtree", "self"};
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add_scoped(srv.db, "m_sysadmin", PW, "sysadmin", "all") ||
      tst_user_add_scoped(srv.db, "m_secadmin", PW, "secadmin", "all") ||
      tst_user_add_scoped(srv.db, "m_auditor", PW, "auditor", "all") ||
      tst_server_start(&srv, extra) != 0)
    return -1;
  if (tst_as(srv.port, "m_sysadmin", PW, &who[0]) != 200 ||
      tst_as(srv.port, "m_secadmin", PW, &who[1]) != 200 ||
      tst_as(srv.port, "m_auditor", PW, &who[2]) != 200)
    return -1;
  unit_a = make_unit(&who[0], "矩阵甲支部");
  unit_b = make_unit(&who[0], "矩阵乙支部");
  person_a = make_person(&who[0], "甲某", unit_a);
  person_b = make_person(&who[0], "乙某", unit_b);
  if (!unit_a || !unit_b || !person_a || !person_b)
    return -1;
  for (int r = 3; r < N_ROLES; r++) {
    char name[32], rj[96];
    int64_t rid = role_id(&who[0], roles[r]);
    if (r == N_ROLES - 1)
      role_member = rid;
    snprintf(name, sizeof name, "m_%s", roles[r]);
    snprintf(rj, sizeof rj, "[{\"role_id\":%lld,\"scope\":\"%s\"}]",
             (long long)rid, scope_of[r]);
    if (tst_make_user(srv.port, &who[0], name, name, unit_a,
                      r == N_ROLES - 1 ? person_a : 0, rj, PW, &who[r]) <= 0)
      return -1;
  }
  {
    char rj[96];
    struct tst_who v;
    snprintf(rj, sizeof rj, "[{\"role_id\":%lld,\"scope\":\"self\"}]",
             (long long)role_member);
    victim = tst_make_user(srv.port, &who[0], "m_victim", "受测账号", unit_a, 0,
                           rj, PW, &v);
  }
  item_a = make_item(&who[3], "矩阵甲事项", unit_a);
  item_b = make_item(&who[3], "矩阵乙事项", unit_b);
  return victim > 0 && item_a > 0 && item_b > 0 ? 0 : -1;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

/* The concrete path for a pattern: :id by resource kind. */
static void concrete(const char *pattern, int out_of_scope, char *out,
                     size_t len)
{
  int64_t id = 1;
  char *pid;
  const char *colon = strstr(pattern, ":id");
  if (!colon) {
    snprintf(out, len, "%s", pattern);
    return;
  }
  if (!strncmp(pattern, "/api/v1/people/", 15))
    id = out_of_scope ? person_b : person_a;
  else if (!strncmp(pattern, "/api/v1/units/", 14))
    id = out_of_scope ? unit_b : unit_a;
  else if (!strncmp(pattern, "/api/v1/users/", 14))
    id = victim;
  else if (!strncmp(pattern, "/api/v1/roles/", 14))
    id = role_member; /* built in: writes answer 409, never change it */
  else if (!strncmp(pattern, "/api/v1/items/", 14))
    id = out_of_scope ? item_b : item_a;
  else if (!strncmp(pattern, "/api/v1/ledger-types/", 21))
    id = 1; /* a built-in type */
  else if (!strncmp(pattern, "/api/v1/auth/sessions/", 22))
    id = 999999;
  snprintf(out, len, "%.*s%lld%s", (int)(colon - pattern), pattern,
           (long long)id, colon + 3);
  /* any other :name_id (a report, a milestone …): no such row, so
   * allowed roles get 404 and the rest 403 */
  while ((pid = strchr(out, ':')) != NULL) {
    char rest[160];
    const char *end = strchr(pid, '/');
    snprintf(rest, sizeof rest, "%s", end ? end : "");
    snprintf(pid, len - (size_t)(pid - out), "999999%s", rest);
  }
}

static void every_route_has_a_row(void **state)
{
  (void)state;
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
    int found = 0;
    for (size_t k = 0; k < sizeof matrix / sizeof matrix[0]; k++)
      if (!strcmp(matrix[k].method, routes[i].method) &&
          !strcmp(matrix[k].pattern, routes[i].pattern))
        found = 1;
    if (!found)
      fail_msg("route %s %s has no row in the authorization matrix",
               routes[i].method, routes[i].pattern);
  }
  for (size_t k = 0; k < sizeof matrix / sizeof matrix[0]; k++) {
    int found = 0;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
      if (!strcmp(matrix[k].method, routes[i].method) &&
          !strcmp(matrix[k].pattern, routes[i].pattern))
        found = 1;
    if (!found)
      fail_msg("matrix row %s %s is not a route", matrix[k].method,
               matrix[k].pattern);
    assert_int_equal(strlen(matrix[k].who), N_ROLES);
  }
}

static void matrix_holds(void **state)
{
  int mismatches = 0, checked = 0;
  (void)state;
  for (size_t k = 0; k < sizeof matrix / sizeof matrix[0]; k++) {
    const struct expect *e = &matrix[k];
    char path[160];
    if (!strcmp(e->pattern, "/api/v1/auth/logout"))
      continue; /* checked last: it ends the session */
    concrete(e->pattern, 0, path, sizeof path);
    for (int r = 0; r < N_ROLES; r++) {
      int st;
      const char *body =
          strcmp(e->method, "GET") && strcmp(e->method, "DELETE") ? "{}" : NULL;
      json_t *j = tst_j(srv.port, &who[r], e->method, path, &st, body);
      int allowed = st != 401 && st != 403;
      json_decref(j);
      checked++;
      if (allowed != (e->who[r] == 'A')) {
        mismatches++;
        print_message("MISMATCH %s %s as %s: status %d, expected %s\n",
                      e->method, path, roles[r], st,
                      e->who[r] == 'A' ? "allowed" : "403");
      }
      if (e->who[r] == 'D' && st != 403) {
        mismatches++;
        print_message("DENY must be 403: %s %s as %s got %d\n", e->method, path,
                      roles[r], st);
      }
    }
  }
  print_message("matrix: %d checks, %d mismatches\n", checked, mismatches);
  assert_int_equal(mismatches, 0);
}

static void data_scope_holds(void **state)
{
  int mismatches = 0;
  (void)state;
  for (size_t k = 0; k < sizeof scopes / sizeof scopes[0]; k++)
    for (int r = 0; r < N_ROLES; r++) {
      char in[160], out[160];
      int st_in, st_out;
      json_t *j;
      if (scopes[k].who[r] == '-')
        continue;
      concrete(scopes[k].pattern, 0, in, sizeof in);
      concrete(scopes[k].pattern, 1, out, sizeof out);
      j = tst_j(srv.port, &who[r], "GET", in, &st_in, NULL);
      json_decref(j);
      j = tst_j(srv.port, &who[r], "GET", out, &st_out, NULL);
      json_decref(j);
      if (st_in != 200 || st_out != (scopes[k].who[r] == 'V' ? 200 : 404)) {
        mismatches++;
        print_message("SCOPE %s as %s: in %d, out %d (want %s)\n",
                      scopes[k].pattern, roles[r], st_in, st_out,
                      scopes[k].who[r] == 'V' ? "200/200" : "200/404");
      }
    }
  /* lists are filtered in SQL: nobody scoped to A sees B's person */
  for (int r = 5; r < N_ROLES; r++) {
    int st;
    char path[96];
    json_t *j;
    snprintf(path, sizeof path, "/api/v1/people?unit_id=%lld",
             (long long)unit_b);
    j = tst_j(srv.port, &who[r], "GET", path, &st, NULL);
    if (st == 200 && json_array_size(json_object_get(j, "items")) != 0) {
      mismatches++;
      print_message("LIST LEAK: %s sees unit B's people\n", roles[r]);
    }
    json_decref(j);
  }
  /* items too: the liaison of unit A never sees unit B's item */
  {
    int st;
    char path[96];
    json_t *j;
    snprintf(path, sizeof path, "/api/v1/items?lead_unit_id=%lld",
             (long long)unit_b);
    j = tst_j(srv.port, &who[5], "GET", path, &st, NULL);
    if (st != 200 || json_array_size(json_object_get(j, "items")) != 0) {
      mismatches++;
      print_message("LIST LEAK: liaison sees unit B's items (%d)\n", st);
    }
    json_decref(j);
  }
  assert_int_equal(mismatches, 0);
  /* every out-of-scope lookup was audited as an access-control failure */
  {
    const char *n = tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE "
                                    "action = 'access.out_of_scope' AND "
                                    "result = 'deny'");
    assert_non_null(n);
    assert_true(atoi(n) >= 6);
  }
}

static void logout_last(void **state)
{
  (void)state;
  for (int r = 0; r < N_ROLES; r++) {
    int st;
    json_t *j =
        tst_j(srv.port, &who[r], "POST", "/api/v1/auth/logout", &st, NULL);
    json_decref(j);
    assert_int_equal(st, 200);
    j = tst_j(srv.port, &who[r], "GET", "/api/v1/auth/me", &st, NULL);
    json_decref(j);
    assert_int_equal(st, 401);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_route_has_a_row),
      cmocka_unit_test(matrix_holds),
      cmocka_unit_test(data_scope_holds),
      cmocka_unit_test(logout_last),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
