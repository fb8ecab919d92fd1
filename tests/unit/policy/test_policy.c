/*
 * test_policy.c — the access decisions: permissions by role, data scopes
 * against unit paths and owners, the list filter, and 三员分立 in the
 * built-in roles (none of the three holds another's permissions).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/policy/policy.h"

#include <stdio.h>
#include <string.h>

/* A subject holding one built-in role with the given scope. */
static void make(struct subject *s, const char *role, enum policy_scope sc,
                 const char *unit_path)
{
  int n;
  const struct policy_builtin *b = policy_builtins(&n);
  memset(s, 0, sizeof *s);
  s->account_id = 7;
  s->person_id = 70;
  s->unit_id = 5;
  snprintf(s->unit_path, sizeof s->unit_path, "%s", unit_path);
  for (int i = 0; i < n; i++)
    if (!strcmp(b[i].code, role)) {
      struct policy_grant *g = &s->grants[s->n_grants++];
      snprintf(g->role_code, sizeof g->role_code, "%s", role);
      g->scope = sc;
      for (const char *const *p = b[i].perms; *p; p++)
        g->perms[g->n_perms++] = policy_perm_intern(*p);
    }
}

static void three_admins_are_separate(void **state)
{
  struct subject sys, sec, aud;
  (void)state;
  make(&sys, "sysadmin", SCOPE_ALL, "/1/");
  make(&sec, "secadmin", SCOPE_ALL, "/1/");
  make(&aud, "auditor", SCOPE_ALL, "/1/");
  assert_true(policy_has(&sys, "user.admin"));
  assert_false(policy_has(&sys, "audit.read"));
  assert_false(policy_has(&sys, "role.admin"));
  assert_true(policy_has(&sec, "role.admin"));
  assert_false(policy_has(&sec, "user.admin"));
  assert_false(policy_has(&sec, "audit.read"));
  assert_true(policy_has(&aud, "audit.read"));
  assert_false(policy_has(&aud, "user.admin"));
  assert_false(policy_has(&aud, "role.admin"));
  assert_false(policy_has(&aud, "org.read"));
}

static void scopes(void **state)
{
  struct subject s;
  struct policy_filter f;
  (void)state;
  make(&s, "secretary", SCOPE_SUBTREE, "/1/5/");
  assert_true(policy_allows(&s, "org.read", "/1/5/", 0, 0));
  assert_true(policy_allows(&s, "org.read", "/1/5/9/", 0, 0));
  assert_false(policy_allows(&s, "org.read", "/1/50/", 0, 0));
  assert_false(policy_allows(&s, "org.read", "/1/6/", 0, 0));
  assert_false(policy_allows(&s, "org.admin", "/1/5/", 0, 0));
  assert_int_equal(policy_filter(&s, "org.read", &f), LX_OK);
  assert_int_equal(f.scope, SCOPE_SUBTREE);
  assert_string_equal(f.path_lo, "/1/5/");
  assert_string_equal(f.path_hi, "/1/50");
  /* "/1/50/" sorts after the range: a sibling with a longer id is out */
  assert_true(strcmp("/1/50/", f.path_hi) >= 0);
  assert_true(strcmp("/1/5/9/", f.path_hi) < 0);
  assert_int_equal(policy_filter(&s, "user.admin", &f), LX_EFORBIDDEN);

  make(&s, "liaison", SCOPE_UNIT, "/1/5/");
  assert_true(policy_allows(&s, "ledger.report", "/1/5/", 0, 0));
  assert_false(policy_allows(&s, "ledger.report", "/1/5/9/", 0, 0));

  make(&s, "member", SCOPE_SELF, "/1/5/");
  assert_true(policy_allows(&s, "org.read", "/1/5/", 0, 70));
  assert_true(policy_allows(&s, "org.read", NULL, 7, 0));
  assert_false(policy_allows(&s, "org.read", "/1/5/", 0, 71));
  assert_int_equal(policy_scope_of(&s, "org.read"), SCOPE_SELF);
}

static void widest_grant_wins(void **state)
{
  struct subject s;
  (void)state;
  make(&s, "member", SCOPE_SELF, "/1/5/");
  {
    struct subject t;
    make(&t, "secretary", SCOPE_SUBTREE, "/1/5/");
    s.grants[s.n_grants++] = t.grants[0];
  }
  assert_int_equal(policy_scope_of(&s, "org.read"), SCOPE_SUBTREE);
  assert_true(policy_allows(&s, "org.read", "/1/5/8/", 0, 0));
  assert_false(policy_has(&s, "ledger.close"));
}

static void catalogue(void **state)
{
  int n, nb;
  const struct policy_perm *p = policy_perms(&n);
  const struct policy_builtin *b = policy_builtins(&nb);
  (void)state;
  assert_true(n >= 15);
  assert_null(policy_perm_intern("org.delete_everything"));
  assert_ptr_equal(policy_perm_intern("org.read"), policy_perm_intern("org.read"));
  for (int i = 0; i < n; i++)
    assert_non_null(strchr(p[i].code, '.'));
  /* every built-in permission is in the catalogue */
  for (int i = 0; i < nb; i++)
    for (const char *const *q = b[i].perms; *q; q++)
      assert_non_null(policy_perm_intern(*q));
  assert_int_equal(policy_scope_parse("subtree"), SCOPE_SUBTREE);
  assert_int_equal(policy_scope_parse("everything"), SCOPE_NONE);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(three_admins_are_separate),
      cmocka_unit_test(scopes),
      cmocka_unit_test(widest_grant_wins),
      cmocka_unit_test(catalogue),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
