/*
 * study_daily.c — the daily study upkeep (see study_daily.h).
 */
#include "cli/study_daily.h"

#include "domain/study/plan.h"
#include "store/store.h"

struct remind_job {
  int32_t today;
  int64_t sent;
};

static int remind_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct remind_job *j = ctx;
  return study_plan_remind(c, j->today, &j->sent, err);
}

int study_daily_remind(struct store *st, int32_t today, int64_t *out_sent,
                       struct lx_err *err)
{
  struct remind_job j = {today, 0};
  int rc = store_write(st, remind_job, &j, err);
  *out_sent = rc ? 0 : j.sent;
  return rc;
}
