/*
 * test_settings.c — domain/ledger/settings.c and extension.c rules that
 * need no database: every settings range at and past its bounds, the
 * in-memory rules before any reload (defaults, built-in calendar), and
 * the extension filing rules (lifecycle rules plus the settings' lead
 * time, in natural and working days).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timeutil.h"
#include "domain/ledger/extension.h"
#include "domain/ledger/settings.h"

#include <string.h>

static void test_settings_check(void **state)
{
  static const struct {
    struct ledger_settings s;
    const char *field; /* NULL = valid */
  } v[] = {
      {{7, 0, 20, 10, 0}, NULL},
      {{0, 1, 1, 0, 0}, NULL},
      {{60, 0, 100, 99, 60}, NULL},
      {{-1, 0, 20, 10, 0}, "warn_days"},
      {{61, 0, 20, 10, 0}, "warn_days"},
      {{7, 2, 20, 10, 0}, "count_mode"},
      {{7, -1, 20, 10, 0}, "count_mode"},
      {{7, 0, 0, 0, 0}, "lag_threshold"},
      {{7, 0, 101, 10, 0}, "lag_threshold"},
      {{7, 0, 20, 20, 0}, "lag_warn_threshold"},
      {{7, 0, 20, -1, 0}, "lag_warn_threshold"},
      {{7, 0, 20, 10, -1}, "extension_min_days"},
      {{7, 0, 20, 10, 61}, "extension_min_days"},
  };
  struct ledger_settings d;
  (void)state;
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    struct lx_err e;
    memset(&e, 0, sizeof e);
    int rc = ledger_settings_check(&v[i].s, &e);
    if (!v[i].field) {
      if (rc != LX_OK)
        fail_msg("case %zu: refused (%s)", i, e.message);
    } else {
      if (rc != LX_EINVAL || strcmp(e.field, v[i].field))
        fail_msg("case %zu: rc %d field %s, want %s", i, rc, e.field,
                 v[i].field);
      assert_string_equal(e.code, "settings.range");
      assert_true(e.message[0] != 0);
    }
  }
  ledger_settings_default(&d);
  assert_int_equal(d.warn_days, 7);
  assert_int_equal(d.count_mode, LEDGER_COUNT_NATURAL);
  assert_int_equal(d.lag_threshold, 20);
  assert_int_equal(d.lag_warn_threshold, 10);
  assert_int_equal(d.extension_min_days, 0);
}

static void test_rules_defaults(void **state)
{
  struct ledger_settings s;
  struct ledger_health_in in;
  struct ledger_health_out out;
  (void)state;
  ledger_rules_settings(&s);
  assert_int_equal(s.warn_days, 7);
  /* natural days before any reload */
  assert_int_equal(ledger_rules_span(time_days_from_civil(2026, 9, 30),
                                     time_days_from_civil(2026, 10, 10)),
                   10);
  in.state = LEDGER_IN_PROGRESS;
  in.start = LEDGER_NO_DATE;
  in.due = time_days_from_civil(2026, 10, 10);
  in.today = time_days_from_civil(2026, 10, 11);
  in.progress = 0;
  ledger_rules_health(&in, &out);
  assert_int_equal(out.health, LEDGER_HEALTH_OVERDUE);
  ledger_rules_shutdown();
  ledger_rules_health(&in, &out); /* still usable after shut-down */
  assert_int_equal(out.health, LEDGER_HEALTH_OVERDUE);
}

static void test_filing(void **state)
{
  const int32_t due = time_days_from_civil(2026, 10, 9);
  struct ledger_due d = {due, due, 0};
  struct ledger_actor lead = {LEDGER_PERM_REPORT, 1};
  struct ledger_actor other = {LEDGER_PERM_REPORT, 0};
  struct lx_err e;
  int32_t today = time_days_from_civil(2026, 9, 28);
  (void)state;
  /* any time up to the due day itself */
  assert_int_equal(ledger_ext_filing_check(LEDGER_IN_PROGRESS, &d, due,
                                           due + 30, "原因", &lead, 0, 0, 0,
                                           &e),
                   LX_OK);
  assert_int_equal(ledger_ext_filing_check(LEDGER_IN_PROGRESS, &d, due + 1,
                                           due + 30, "原因", &lead, 0, -1, 0,
                                           &e),
                   LX_ECONFLICT);
  assert_string_equal(e.code, "ledger.extension_too_late");
  assert_int_equal(ledger_ext_filing_check(LEDGER_SIGNED, &d, today, due,
                                           "原因", &lead, 0, 11, 0, &e),
                   LX_EINVAL);
  assert_string_equal(e.code, "ledger.extension_not_later");
  assert_string_equal(e.field, "new_due_date");
  assert_int_equal(ledger_ext_filing_check(LEDGER_SIGNED, &d, today, due + 1,
                                           "", &lead, 0, 11, 0, &e),
                   LX_EINVAL);
  assert_string_equal(e.code, "ledger.reason_required");
  assert_int_equal(ledger_ext_filing_check(LEDGER_SIGNED, &d, today, due + 1,
                                           "原因", &other, 0, 11, 0, &e),
                   LX_EFORBIDDEN);
  assert_int_equal(ledger_ext_filing_check(LEDGER_DRAFT, &d, today, due + 1,
                                           "原因", &lead, 0, 11, 0, &e),
                   LX_ECONFLICT);
  assert_string_equal(e.code, "ledger.extension_bad_state");
  assert_int_equal(ledger_ext_filing_check(LEDGER_CLOSURE_REQUESTED, &d, today,
                                           due + 1, "原因", &lead, 0, 11, 0,
                                           &e),
                   LX_ECONFLICT);
  /* lead time: 5 days before; 11 natural days left is fine, 4 working
   * days (国庆 in between) is not */
  assert_int_equal(ledger_ext_filing_check(LEDGER_IN_PROGRESS, &d, today,
                                           due + 1, "原因", &lead, 5, 11, 0,
                                           &e),
                   LX_OK);
  assert_int_equal(ledger_ext_filing_check(LEDGER_IN_PROGRESS, &d, today,
                                           due + 1, "原因", &lead, 5, 4, 1, &e),
                   LX_ECONFLICT);
  assert_string_equal(e.code, "ledger.extension_too_late");
  assert_non_null(strstr(e.message, "至少 5 个工作日"));
  assert_int_equal(ledger_ext_filing_check(LEDGER_IN_PROGRESS, &d, today,
                                           due + 1, "原因", &lead, 5, 5, 1, &e),
                   LX_OK);
  assert_string_equal(ledger_ext_state_code(LEDGER_EXT_REJECTED), "rejected");
  assert_string_equal(ledger_ext_state_label(LEDGER_EXT_SUBMITTED), "待审批");
  assert_string_equal(ledger_ext_state_code((enum ledger_ext_state)9), "");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_settings_check),
      cmocka_unit_test(test_rules_defaults),
      cmocka_unit_test(test_filing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
