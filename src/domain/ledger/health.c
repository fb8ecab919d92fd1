/*
 * health.c — item health from dates, progress and state (see health.h).
 * Integer arithmetic only: "more than g points behind" is
 * 100·elapsed − progress·total > g·total.
 */
#include "domain/ledger/health.h"

static const struct {
  const char *code, *label;
} names[LEDGER_HEALTH_COUNT] = {
    {"none", "无"},      {"normal", "正常"},  {"warning", "预警"},
    {"lagging", "滞后"}, {"overdue", "逾期"}, {"done", "已完成"},
};

void ledger_health_rules_default(struct ledger_health_rules *r)
{
  r->warn_days = 7;
  r->warn_gap_pct = 10;
  r->lag_gap_pct = 20;
  r->working_days = 0;
}

int ledger_health_rules_check(const struct ledger_health_rules *r,
                              struct lx_err *err)
{
  if (r->warn_days < 0 || r->warn_days > 365)
    return err_set(err, LX_EINVAL, "ledger.health_rules", "warn_days",
                   "预警天数应在0至365之间");
  if (r->warn_gap_pct < 0 || r->lag_gap_pct > 100 ||
      r->warn_gap_pct > r->lag_gap_pct)
    return err_set(err, LX_EINVAL, "ledger.health_rules", "lag_gap_pct",
                   "进度差阈值应满足 0 ≤ 预警阈值 ≤ 滞后阈值 ≤ 100");
  return LX_OK;
}

/* Days from a to b (b − a), in working days when asked. */
static int64_t span(const struct ledger_health_rules *r,
                    const struct ledger_cal *cal, int32_t a, int32_t b)
{
  if (r->working_days)
    return ledger_cal_workdays_between(cal, a, b);
  return (int64_t)b - a;
}

void ledger_health_eval(const struct ledger_health_in *in,
                        const struct ledger_health_rules *r,
                        const struct ledger_cal *cal,
                        struct ledger_health_out *out)
{
  struct ledger_health_rules def;
  int64_t total, elapsed, behind_x = 0; /* behind_x = behind % × total */
  int p = in->progress < 0 ? 0 : in->progress > 100 ? 100 : in->progress;
  if (!r) {
    ledger_health_rules_default(&def);
    r = &def;
  }
  out->health = LEDGER_HEALTH_NORMAL;
  out->days_left = 0;
  out->elapsed_pct = -1;
  switch (in->state) {
  case LEDGER_DRAFT:
  case LEDGER_CANCELLED: out->health = LEDGER_HEALTH_NONE; return;
  case LEDGER_CLOSURE_REQUESTED:
  case LEDGER_CLOSED: out->health = LEDGER_HEALTH_DONE; return;
  case LEDGER_ISSUED:
  case LEDGER_SIGNED:
  case LEDGER_IN_PROGRESS: break;
  default: out->health = LEDGER_HEALTH_NONE; return;
  }
  if (in->due == LEDGER_NO_DATE)
    return;
  out->days_left = (int)span(r, cal, in->today, in->due);
  if (in->today > in->due) {
    out->health = LEDGER_HEALTH_OVERDUE;
    return;
  }
  if (in->start != LEDGER_NO_DATE && in->start < in->due) {
    total = span(r, cal, in->start, in->due);
    if (total > 0) {
      elapsed = in->today <= in->start ? 0 : span(r, cal, in->start, in->today);
      if (elapsed > total)
        elapsed = total;
      out->elapsed_pct = (int)(elapsed * 100 / total);
      behind_x = elapsed * 100 - (int64_t)p * total;
      if (behind_x > (int64_t)r->lag_gap_pct * total) {
        out->health = LEDGER_HEALTH_LAGGING;
        return;
      }
    }
    if (total > 0 && behind_x > (int64_t)r->warn_gap_pct * total) {
      out->health = LEDGER_HEALTH_WARNING;
      return;
    }
  }
  if (p < 100 && out->days_left <= r->warn_days)
    out->health = LEDGER_HEALTH_WARNING;
}

const char *ledger_health_code(enum ledger_health h)
{
  return (unsigned)h < LEDGER_HEALTH_COUNT ? names[h].code : "";
}

const char *ledger_health_label(enum ledger_health h)
{
  return (unsigned)h < LEDGER_HEALTH_COUNT ? names[h].label : "";
}
