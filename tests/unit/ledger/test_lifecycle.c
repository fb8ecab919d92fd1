/*
 * test_lifecycle.c — domain/ledger/lifecycle.c: every (state, action) pair
 * allowed or refused with 409 and a message naming both states; who may do
 * each move (permission, lead unit); reasons and evidence; names and
 * parsing; the actor built from a policy subject; extension requests
 * (filing time, later date, state, who, and the original due date kept).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timeutil.h"
#include "domain/ledger/lifecycle.h"
#include "domain/policy/policy.h"

#include <stdio.h>
#include <string.h>

#define ALL_PERMS                                                              \
  (LEDGER_PERM_WRITE | LEDGER_PERM_REPORT | LEDGER_PERM_REVIEW |               \
   LEDGER_PERM_CLOSE)

static const struct ledger_actor god = {ALL_PERMS, 1};
static const struct ledger_actor supervisor = {
    LEDGER_PERM_WRITE | LEDGER_PERM_REVIEW | LEDGER_PERM_CLOSE, 0};
static const struct ledger_actor liaison = {LEDGER_PERM_REPORT, 1};
static const struct ledger_actor co_liaison = {LEDGER_PERM_REPORT, 0};
static const struct ledger_actor leader = {0, 0};

/* The expected machine: target state, or -1 for a 409. */
static int expect_to(enum ledger_state s, enum ledger_action a)
{
  switch (a) {
  case LEDGER_ACT_ISSUE: return s == LEDGER_DRAFT ? LEDGER_ISSUED : -1;
  case LEDGER_ACT_SIGN: return s == LEDGER_ISSUED ? LEDGER_SIGNED : -1;
  case LEDGER_ACT_REPORT:
    return s == LEDGER_SIGNED || s == LEDGER_IN_PROGRESS ? LEDGER_IN_PROGRESS
                                                         : -1;
  case LEDGER_ACT_REQUEST_CLOSE:
    return s == LEDGER_IN_PROGRESS ? LEDGER_CLOSURE_REQUESTED : -1;
  case LEDGER_ACT_CLOSE:
    return s == LEDGER_CLOSURE_REQUESTED ? LEDGER_CLOSED : -1;
  case LEDGER_ACT_RETURN:
    return s == LEDGER_CLOSURE_REQUESTED ? LEDGER_IN_PROGRESS : -1;
  case LEDGER_ACT_CANCEL:
    return s != LEDGER_CLOSED && s != LEDGER_CANCELLED ? LEDGER_CANCELLED : -1;
  default: return -1;
  }
}

static void test_matrix(void **state)
{
  int n_ok = 0;
  (void)state;
  for (int s = 0; s < LEDGER_STATE_COUNT; s++)
    for (int a = 0; a < LEDGER_ACT_COUNT; a++) {
      struct lx_err e;
      enum ledger_state to = LEDGER_STATE_COUNT;
      int want = expect_to(s, a);
      int rc = ledger_transition_check(s, a, &god, "原因", 1, &to, &e);
      if (want < 0) {
        char want_msg[256];
        if (rc != LX_ECONFLICT)
          fail_msg("%s/%s: rc %d, want 409", ledger_state_code(s),
                   ledger_action_code(a), rc);
        assert_string_equal(e.code, "ledger.bad_transition");
        snprintf(want_msg, sizeof want_msg, "事项处于「%s」状态",
                 ledger_state_label(s));
        assert_non_null(strstr(e.message, want_msg));
        assert_non_null(strstr(e.message, ledger_action_label(a)));
        assert_int_equal(to, LEDGER_STATE_COUNT); /* untouched */
      } else {
        if (rc != LX_OK)
          fail_msg("%s/%s: rc %d (%s)", ledger_state_code(s),
                   ledger_action_code(a), rc, e.message);
        assert_int_equal(to, want);
        n_ok++;
      }
    }
  assert_int_equal(n_ok, 12);
}

static void test_messages(void **state)
{
  struct lx_err e;
  enum ledger_state to;
  (void)state;
  assert_int_equal(ledger_transition_check(LEDGER_DRAFT, LEDGER_ACT_CLOSE, &god,
                                           NULL, 1, &to, &e),
                   LX_ECONFLICT);
  assert_string_equal(e.message,
                      "事项处于「草稿」状态，不能销号（变为「已销号」）");
  assert_string_equal(e.field, "state");
  assert_int_equal(ledger_transition_check(LEDGER_CLOSED, LEDGER_ACT_CANCEL,
                                           &god, "x", 1, &to, &e),
                   LX_ECONFLICT);
  assert_string_equal(e.message,
                      "事项处于「已销号」状态，不能撤销（变为「已撤销」）");
  assert_int_equal(ledger_transition_check(LEDGER_ISSUED, LEDGER_ACT_REPORT,
                                           &god, NULL, 0, &to, &e),
                   LX_ECONFLICT);
  assert_string_equal(e.message,
                      "事项处于「已下达」状态，不能报送进展（变为「推进中」）");
  assert_int_equal(ledger_transition_check(LEDGER_STATE_COUNT, LEDGER_ACT_CLOSE,
                                           &god, NULL, 1, &to, &e),
                   LX_EINVAL);
  assert_string_equal(e.code, "ledger.bad_state");
  assert_int_equal(
      ledger_transition_check(LEDGER_DRAFT, -1, &god, NULL, 1, &to, &e),
      LX_EINVAL);
}

struct who_case {
  enum ledger_state from;
  enum ledger_action act;
  const struct ledger_actor *who;
  int rc;
  const char *code;
};

static void test_who(void **state)
{
  static const struct who_case v[] = {
      {LEDGER_DRAFT, LEDGER_ACT_ISSUE, &supervisor, LX_OK, ""},
      {LEDGER_DRAFT, LEDGER_ACT_ISSUE, &liaison, LX_EFORBIDDEN,
       "ledger.forbidden"},
      {LEDGER_DRAFT, LEDGER_ACT_ISSUE, &leader, LX_EFORBIDDEN,
       "ledger.forbidden"},
      {LEDGER_ISSUED, LEDGER_ACT_SIGN, &liaison, LX_OK, ""},
      {LEDGER_ISSUED, LEDGER_ACT_SIGN, &co_liaison, LX_EFORBIDDEN,
       "ledger.not_lead_unit"},
      {LEDGER_ISSUED, LEDGER_ACT_SIGN, &supervisor, LX_EFORBIDDEN,
       "ledger.forbidden"},
      {LEDGER_SIGNED, LEDGER_ACT_REPORT, &liaison, LX_OK, ""},
      {LEDGER_SIGNED, LEDGER_ACT_REPORT, &co_liaison, LX_EFORBIDDEN,
       "ledger.not_lead_unit"},
      {LEDGER_SIGNED, LEDGER_ACT_REPORT, &supervisor, LX_EFORBIDDEN,
       "ledger.forbidden"},
      {LEDGER_IN_PROGRESS, LEDGER_ACT_REPORT, &co_liaison, LX_OK, ""},
      {LEDGER_IN_PROGRESS, LEDGER_ACT_REPORT, &leader, LX_EFORBIDDEN,
       "ledger.forbidden"},
      {LEDGER_IN_PROGRESS, LEDGER_ACT_REQUEST_CLOSE, &liaison, LX_OK, ""},
      {LEDGER_IN_PROGRESS, LEDGER_ACT_REQUEST_CLOSE, &co_liaison, LX_EFORBIDDEN,
       "ledger.not_lead_unit"},
      {LEDGER_IN_PROGRESS, LEDGER_ACT_REQUEST_CLOSE, &supervisor, LX_EFORBIDDEN,
       "ledger.forbidden"},
      {LEDGER_CLOSURE_REQUESTED, LEDGER_ACT_CLOSE, &supervisor, LX_OK, ""},
      {LEDGER_CLOSURE_REQUESTED, LEDGER_ACT_CLOSE, &liaison, LX_EFORBIDDEN,
       "ledger.forbidden"},
      {LEDGER_CLOSURE_REQUESTED, LEDGER_ACT_RETURN, &supervisor, LX_OK, ""},
      {LEDGER_CLOSURE_REQUESTED, LEDGER_ACT_RETURN, &liaison, LX_EFORBIDDEN,
       "ledger.forbidden"},
      {LEDGER_IN_PROGRESS, LEDGER_ACT_CANCEL, &supervisor, LX_OK, ""},
      {LEDGER_IN_PROGRESS, LEDGER_ACT_CANCEL, &liaison, LX_EFORBIDDEN,
       "ledger.forbidden"},
      {LEDGER_DRAFT, LEDGER_ACT_CANCEL, &co_liaison, LX_EFORBIDDEN,
       "ledger.forbidden"},
      {LEDGER_DRAFT, LEDGER_ACT_ISSUE, NULL, LX_EFORBIDDEN, "ledger.forbidden"},
  };
  (void)state;
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    struct lx_err e;
    enum ledger_state to;
    int rc;
    err_clear(&e);
    rc = ledger_transition_check(v[i].from, v[i].act, v[i].who, "原因", 2, &to,
                                 &e);
    if (rc != v[i].rc)
      fail_msg("case %zu %s/%s: rc %d want %d (%s)", i,
               ledger_state_code(v[i].from), ledger_action_code(v[i].act), rc,
               v[i].rc, e.message);
    assert_string_equal(e.code, v[i].code);
  }
  {
    /* the permission needed for a close is ledger.close, not .write */
    struct ledger_actor w = {LEDGER_PERM_WRITE, 0};
    struct ledger_actor c = {LEDGER_PERM_CLOSE, 0};
    struct lx_err e;
    enum ledger_state to;
    assert_int_equal(ledger_transition_check(LEDGER_CLOSURE_REQUESTED,
                                             LEDGER_ACT_CLOSE, &w, NULL, 1, &to,
                                             &e),
                     LX_EFORBIDDEN);
    assert_string_equal(e.message, "没有销号事项的权限");
    assert_int_equal(ledger_transition_check(LEDGER_CLOSURE_REQUESTED,
                                             LEDGER_ACT_CLOSE, &c, NULL, 1, &to,
                                             &e),
                     LX_OK);
    assert_int_equal(ledger_transition_check(LEDGER_ISSUED, LEDGER_ACT_SIGN,
                                             &co_liaison, NULL, 0, &to, &e),
                     LX_EFORBIDDEN);
    assert_string_equal(e.message, "只有牵头单位可以签收");
  }
}

static void test_reason_evidence(void **state)
{
  struct lx_err e;
  enum ledger_state to;
  char long_reason[3 * 1001 + 1];
  (void)state;
  static const char *const blanks[] = {NULL, "", "   ", "\u3000\t\n"};
  for (size_t i = 0; i < LX_COUNT(blanks); i++) {
    assert_int_equal(ledger_transition_check(LEDGER_CLOSURE_REQUESTED,
                                             LEDGER_ACT_RETURN, &supervisor,
                                             blanks[i], 1, &to, &e),
                     LX_EINVAL);
    assert_string_equal(e.code, "ledger.reason_required");
    assert_string_equal(e.message, "退回须填写原因");
    assert_int_equal(ledger_transition_check(LEDGER_SIGNED, LEDGER_ACT_CANCEL,
                                             &supervisor, blanks[i], 0, &to,
                                             &e),
                     LX_EINVAL);
    assert_string_equal(e.message, "撤销须填写原因");
  }
  for (int i = 0; i < 1001; i++)
    memcpy(long_reason + 3 * i, "因", 3);
  long_reason[3 * 1001] = 0;
  assert_int_equal(ledger_transition_check(LEDGER_CLOSURE_REQUESTED,
                                           LEDGER_ACT_RETURN, &supervisor,
                                           long_reason, 1, &to, &e),
                   LX_EINVAL);
  assert_string_equal(e.code, "ledger.reason_too_long");
  long_reason[3 * 1000] = 0;
  assert_int_equal(ledger_transition_check(LEDGER_CLOSURE_REQUESTED,
                                           LEDGER_ACT_RETURN, &supervisor,
                                           long_reason, 1, &to, &e),
                   LX_OK);
  assert_int_equal(ledger_transition_check(LEDGER_CLOSURE_REQUESTED,
                                           LEDGER_ACT_RETURN, &supervisor,
                                           "\xff", 1, &to, &e),
                   LX_EINVAL);
  /* evidence */
  assert_int_equal(ledger_transition_check(LEDGER_IN_PROGRESS,
                                           LEDGER_ACT_REQUEST_CLOSE, &liaison,
                                           NULL, 0, &to, &e),
                   LX_EINVAL);
  assert_string_equal(e.code, "ledger.evidence_required");
  assert_string_equal(e.message, "申请销号须至少有一份佐证材料");
  assert_string_equal(e.field, "evidence");
  assert_int_equal(ledger_transition_check(LEDGER_CLOSURE_REQUESTED,
                                           LEDGER_ACT_CLOSE, &supervisor, NULL,
                                           0, &to, &e),
                   LX_EINVAL);
  assert_string_equal(e.code, "ledger.evidence_required");
  assert_int_equal(ledger_transition_check(LEDGER_IN_PROGRESS,
                                           LEDGER_ACT_REQUEST_CLOSE, &liaison,
                                           NULL, 1, &to, &e),
                   LX_OK);
  assert_int_equal(to, LEDGER_CLOSURE_REQUESTED);
  /* optional reason elsewhere; no evidence needed for a progress report */
  assert_int_equal(ledger_transition_check(LEDGER_SIGNED, LEDGER_ACT_REPORT,
                                           &liaison, NULL, 0, &to, &e),
                   LX_OK);
}

static void test_full_path(void **state)
{
  static const struct {
    enum ledger_action act;
    const struct ledger_actor *who;
    enum ledger_state to;
  } steps[] = {
      {LEDGER_ACT_ISSUE, &supervisor, LEDGER_ISSUED},
      {LEDGER_ACT_SIGN, &liaison, LEDGER_SIGNED},
      {LEDGER_ACT_REPORT, &liaison, LEDGER_IN_PROGRESS},
      {LEDGER_ACT_REPORT, &co_liaison, LEDGER_IN_PROGRESS},
      {LEDGER_ACT_REQUEST_CLOSE, &liaison, LEDGER_CLOSURE_REQUESTED},
      {LEDGER_ACT_RETURN, &supervisor, LEDGER_IN_PROGRESS},
      {LEDGER_ACT_REPORT, &liaison, LEDGER_IN_PROGRESS},
      {LEDGER_ACT_REQUEST_CLOSE, &liaison, LEDGER_CLOSURE_REQUESTED},
      {LEDGER_ACT_CLOSE, &supervisor, LEDGER_CLOSED},
  };
  enum ledger_state s = LEDGER_DRAFT;
  struct lx_err e;
  (void)state;
  for (size_t i = 0; i < LX_COUNT(steps); i++) {
    enum ledger_state to;
    assert_int_equal(ledger_transition_check(s, steps[i].act, steps[i].who,
                                             "证据不足，补充材料", 1, &to, &e),
                     LX_OK);
    assert_int_equal(to, steps[i].to);
    s = to;
  }
  assert_false(ledger_state_is_open(s));
  for (int a = 0; a < LEDGER_ACT_COUNT; a++) {
    enum ledger_state to;
    assert_int_equal(ledger_transition_check(s, a, &god, "原因", 1, &to, &e),
                     LX_ECONFLICT);
  }
}

static void test_names(void **state)
{
  static const char *const sc[] = {
      "draft",  "issued",   "signed", "in_progress", "closure_requested",
      "closed", "cancelled"};
  static const char *const sl[] = {"草稿",     "已下达", "已签收", "推进中",
                                   "申请销号", "已销号", "已撤销"};
  static const char *const ac[] = {"issue", "sign",   "report", "request_close",
                                   "close", "return", "cancel"};
  static const char *const al[] = {"下达", "签收", "报送进展", "申请销号",
                                   "销号", "退回", "撤销"};
  (void)state;
  for (int i = 0; i < LEDGER_STATE_COUNT; i++) {
    enum ledger_state s;
    assert_string_equal(ledger_state_code(i), sc[i]);
    assert_string_equal(ledger_state_label(i), sl[i]);
    assert_true(ledger_state_parse(sc[i], &s));
    assert_int_equal(s, i);
    assert_int_equal(ledger_state_is_open(i), i < LEDGER_CLOSED);
  }
  for (int i = 0; i < LEDGER_ACT_COUNT; i++) {
    enum ledger_action a;
    assert_string_equal(ledger_action_code(i), ac[i]);
    assert_string_equal(ledger_action_label(i), al[i]);
    assert_true(ledger_action_parse(ac[i], &a));
    assert_int_equal(a, i);
    assert_string_equal(ledger_event_label(ac[i]), al[i]);
  }
  /* timeline events beside the lifecycle actions */
  assert_string_equal(ledger_event_label("create"), "创建");
  assert_string_equal(ledger_event_label("progress_return"), "退回进展");
  assert_string_equal(ledger_event_label("milestone_done"), "节点完成");
  assert_string_equal(ledger_event_label("extension_approve"), "批准延期");
  assert_string_equal(ledger_event_label("something_new"), "修改");
  assert_string_equal(ledger_event_label(NULL), "修改");
  {
    enum ledger_state s;
    enum ledger_action a;
    assert_false(ledger_state_parse("Draft", &s));
    assert_false(ledger_state_parse(NULL, &s));
    assert_false(ledger_action_parse("", &a));
  }
  assert_string_equal(ledger_state_code(LEDGER_STATE_COUNT), "");
  assert_string_equal(ledger_state_label(-1), "");
  assert_string_equal(ledger_action_code(LEDGER_ACT_COUNT), "");
  assert_false(ledger_state_is_open(-1));
}

static void grant(struct subject *s, const char *role, enum policy_scope sc)
{
  int n;
  const struct policy_builtin *b = policy_builtins(&n);
  struct policy_grant *g = &s->grants[s->n_grants++];
  for (int i = 0; i < n; i++)
    if (strcmp(b[i].code, role) == 0) {
      g->scope = sc;
      for (int k = 0; b[i].perms[k]; k++)
        g->perms[g->n_perms++] = policy_perm_intern(b[i].perms[k]);
      return;
    }
  fail_msg("no role %s", role);
}

static void test_actor_from_subject(void **state)
{
  struct subject sup, lia, sec;
  struct ledger_actor a;
  (void)state;
  memset(&sup, 0, sizeof sup);
  memset(&lia, 0, sizeof lia);
  memset(&sec, 0, sizeof sec);
  strcpy(sup.unit_path, "/1/");
  grant(&sup, "supervisor", SCOPE_ALL);
  strcpy(lia.unit_path, "/1/5/");
  grant(&lia, "liaison", SCOPE_UNIT);
  strcpy(sec.unit_path, "/1/5/");
  grant(&sec, "secretary", SCOPE_SUBTREE);
  ledger_actor_from_subject(&a, &sup, "/1/5/");
  assert_int_equal(a.perms,
                   LEDGER_PERM_WRITE | LEDGER_PERM_REVIEW | LEDGER_PERM_CLOSE);
  assert_false(a.is_lead_unit);
  ledger_actor_from_subject(&a, &lia, "/1/5/");
  assert_int_equal(a.perms, LEDGER_PERM_REPORT);
  assert_true(a.is_lead_unit);
  ledger_actor_from_subject(&a, &lia, "/1/6/");
  assert_false(a.is_lead_unit);
  ledger_actor_from_subject(&a, &lia, "/1/5/7/"); /* unit scope: not below */
  assert_false(a.is_lead_unit);
  ledger_actor_from_subject(&a, &lia, NULL);
  assert_false(a.is_lead_unit);
  ledger_actor_from_subject(&a, &sec, "/1/5/");
  assert_int_equal(a.perms, 0);
  assert_false(a.is_lead_unit);
}

static void test_extension(void **state)
{
  int32_t due = time_days_from_civil(2026, 6, 30);
  struct ledger_due d = {LEDGER_NO_DATE, due, 0};
  struct lx_err e;
  (void)state;
  /* filing: up to and including the due day */
  assert_int_equal(ledger_extension_check(LEDGER_IN_PROGRESS, &d, due - 10,
                                          due + 30, "受汛期影响", &liaison, &e),
                   LX_OK);
  assert_int_equal(ledger_extension_check(LEDGER_SIGNED, &d, due, due + 1,
                                          "原因", &liaison, &e),
                   LX_OK);
  assert_int_equal(ledger_extension_check(LEDGER_IN_PROGRESS, &d, due + 1,
                                          due + 30, "原因", &liaison, &e),
                   LX_ECONFLICT);
  assert_string_equal(e.code, "ledger.extension_too_late");
  assert_non_null(strstr(e.message, "2026-06-30"));
  assert_int_equal(ledger_extension_check(LEDGER_IN_PROGRESS, &d, due - 1, due,
                                          "原因", &liaison, &e),
                   LX_EINVAL);
  assert_string_equal(e.code, "ledger.extension_not_later");
  assert_int_equal(ledger_extension_check(LEDGER_IN_PROGRESS, &d, due - 1,
                                          due - 5, "原因", &liaison, &e),
                   LX_EINVAL);
  assert_int_equal(ledger_extension_check(LEDGER_IN_PROGRESS, &d, due - 1,
                                          LEDGER_NO_DATE, "原因", &liaison, &e),
                   LX_EINVAL);
  assert_int_equal(ledger_extension_check(LEDGER_IN_PROGRESS, &d, due - 1,
                                          due + 5, " ", &liaison, &e),
                   LX_EINVAL);
  assert_string_equal(e.code, "ledger.reason_required");
  assert_string_equal(e.message, "申请延期须填写原因");
  assert_int_equal(ledger_extension_check(LEDGER_IN_PROGRESS, &d, due - 1,
                                          due + 5, "原因", &co_liaison, &e),
                   LX_EFORBIDDEN);
  assert_int_equal(ledger_extension_check(LEDGER_IN_PROGRESS, &d, due - 1,
                                          due + 5, "原因", &supervisor, &e),
                   LX_EFORBIDDEN);
  {
    static const enum ledger_state no[] = {LEDGER_DRAFT, LEDGER_CLOSED,
                                           LEDGER_CANCELLED,
                                           LEDGER_CLOSURE_REQUESTED};
    for (size_t i = 0; i < LX_COUNT(no); i++) {
      assert_int_equal(ledger_extension_check(no[i], &d, due - 1, due + 5,
                                              "原因", &liaison, &e),
                       LX_ECONFLICT);
      assert_string_equal(e.code, "ledger.extension_bad_state");
    }
  }
  {
    struct ledger_due nd = {LEDGER_NO_DATE, LEDGER_NO_DATE, 0};
    assert_int_equal(ledger_extension_check(LEDGER_IN_PROGRESS, &nd, 0, 5,
                                            "原因", &liaison, &e),
                     LX_EINVAL);
    assert_string_equal(e.code, "ledger.extension_no_due");
  }
  /* approval: by 督查室, later date, original kept through two rounds */
  assert_int_equal(
      ledger_extension_approve(LEDGER_IN_PROGRESS, &d, due + 30, &liaison, &e),
      LX_EFORBIDDEN);
  assert_int_equal(d.due, due);
  assert_int_equal(ledger_extension_approve(LEDGER_IN_PROGRESS, &d, due + 30,
                                            &supervisor, &e),
                   LX_OK);
  assert_int_equal(d.original_due, due);
  assert_int_equal(d.due, due + 30);
  assert_int_equal(d.n_extensions, 1);
  assert_int_equal(ledger_extension_approve(LEDGER_IN_PROGRESS, &d, due + 20,
                                            &supervisor, &e),
                   LX_EINVAL);
  assert_int_equal(
      ledger_extension_approve(LEDGER_SIGNED, &d, due + 60, &supervisor, &e),
      LX_OK);
  assert_int_equal(d.original_due, due);
  assert_int_equal(d.due, due + 60);
  assert_int_equal(d.n_extensions, 2);
  assert_int_equal(
      ledger_extension_approve(LEDGER_CLOSED, &d, due + 90, &supervisor, &e),
      LX_ECONFLICT);
  assert_int_equal(d.due, due + 60);
}

static void test_edit(void **state)
{
  struct lx_err e;
  (void)state;
  assert_int_equal(ledger_edit_check(LEDGER_DRAFT, &supervisor, &e), LX_OK);
  assert_int_equal(ledger_edit_check(LEDGER_ISSUED, &supervisor, &e), LX_OK);
  for (int st = LEDGER_SIGNED; st < LEDGER_STATE_COUNT; st++) {
    assert_int_equal(ledger_edit_check((enum ledger_state)st, &supervisor, &e),
                     LX_ECONFLICT);
    assert_string_equal(e.code, "ledger.not_editable");
  }
  assert_int_equal(ledger_edit_check(LEDGER_DRAFT, &liaison, &e),
                   LX_EFORBIDDEN);
  assert_int_equal(ledger_edit_check(LEDGER_SIGNED, &liaison, &e),
                   LX_ECONFLICT);
  assert_int_equal(ledger_edit_check(LEDGER_STATE_COUNT, &god, &e), LX_EINVAL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_matrix),
      cmocka_unit_test(test_messages),
      cmocka_unit_test(test_who),
      cmocka_unit_test(test_reason_evidence),
      cmocka_unit_test(test_full_path),
      cmocka_unit_test(test_names),
      cmocka_unit_test(test_actor_from_subject),
      cmocka_unit_test(test_extension),
      cmocka_unit_test(test_edit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
