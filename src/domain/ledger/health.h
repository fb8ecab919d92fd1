/*
 * health.h — the health (健康度) of a ledger item, recomputed on every
 * change and daily: 正常 normal, 预警 warning, 滞后 lagging, 逾期 overdue,
 * 已完成 done (and "none" for drafts and cancelled items, which dashboards
 * leave out).
 *
 * For an open item (issued, signed, in progress), in this order:
 *   逾期 overdue  today is after the due date (the due day itself is not
 *                 overdue);
 *   滞后 lagging  elapsed-time % − progress % > lag_gap_pct;
 *   预警 warning  elapsed-time % − progress % > warn_gap_pct, or the due
 *                 date is at most warn_days away and progress < 100;
 *   正常 normal   otherwise.
 * Elapsed time is (today − start) / (due − start), clamped to 0..100 %,
 * in calendar days or, with working_days set, in working days on the
 * calendar (NULL = Monday–Friday); "days left" counts the same way.  The
 * comparisons are exact integer arithmetic, so boundaries are
 * deterministic.  A closure request or a closed item is done (the unit's
 * part is finished; a returned request recomputes as in progress).
 */
#ifndef LEDGER_HEALTH_H
#define LEDGER_HEALTH_H

#include "base/lx.h"
#include "domain/ledger/calendar.h"
#include "domain/ledger/lifecycle.h"

#include <stdint.h>

enum ledger_health {
  LEDGER_HEALTH_NONE = 0, /* draft or cancelled: not judged */
  LEDGER_HEALTH_NORMAL,
  LEDGER_HEALTH_WARNING,
  LEDGER_HEALTH_LAGGING,
  LEDGER_HEALTH_OVERDUE,
  LEDGER_HEALTH_DONE,
  LEDGER_HEALTH_COUNT
};

struct ledger_health_rules {
  int warn_days;    /* due within this many days → warning (0..365) */
  int warn_gap_pct; /* behind elapsed time by more than this → warning */
  int lag_gap_pct;  /* behind by more than this → lagging (≥ warn_gap) */
  int working_days; /* 1: count days as working days on the calendar */
};

struct ledger_health_in {
  enum ledger_state state;
  int32_t start; /* days since 1970-01-01, or LEDGER_NO_DATE */
  int32_t due;   /* the due date in force, or LEDGER_NO_DATE */
  int32_t today;
  int progress; /* percent; clamped to 0..100 */
};

struct ledger_health_out {
  enum ledger_health health;
  int days_left;   /* to the due date (negative when overdue); 0 if none */
  int elapsed_pct; /* floor of elapsed time %; -1 when not computable */
};

/* The defaults: warn 7 days ahead, warn at 10 points behind, lagging at
 * 20 points behind, calendar days. */
void ledger_health_rules_default(struct ledger_health_rules *r);

/* Checks configured thresholds.  rc: LX_OK; LX_EINVAL
 * ("ledger.health_rules"). */
LX_MUST_CHECK int ledger_health_rules_check(const struct ledger_health_rules *r,
                                            struct lx_err *err);

/* Computes the health of one item.  r NULL = defaults; cal may be NULL. */
void ledger_health_eval(const struct ledger_health_in *in,
                        const struct ledger_health_rules *r,
                        const struct ledger_cal *cal,
                        struct ledger_health_out *out);

/* Stable ASCII code ("overdue") and Chinese label ("逾期"); "" when out of
 * range.  Returns static strings. */
const char *ledger_health_code(enum ledger_health h);
const char *ledger_health_label(enum ledger_health h);

#endif
