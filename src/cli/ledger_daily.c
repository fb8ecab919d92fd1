/*
 * ledger_daily.c — the daily health recompute thread (see ledger_daily.h).
 * It wakes every few seconds and compares the local day with the last one
 * it recomputed, so a midnight (or a test clock jump) is noticed within
 * one poll.
 */
#include "cli/ledger_daily.h"

#include "base/log.h"
#include "base/timeutil.h"
#include "cli/study_daily.h"
#include "domain/ledger/settings.h"
#include "store/store.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

#define POLL_S 5

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static pthread_t thread;
static int running, stopping;
static struct store *daily_store;

int32_t ledger_daily_today(void)
{
  int64_t ms = time_now_ms() + (int64_t)time_get_offset_min() * 60000;
  return (int32_t)(ms / 86400000);
}

static int reload_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  (void)ctx;
  return ledger_rules_reload(c, err);
}

int ledger_daily_run(struct store *st, int *out_seen, int *out_changed,
                     struct lx_err *err)
{
  int rc = store_write(st, reload_job, NULL, err);
  *out_seen = *out_changed = 0;
  if (!rc)
    rc = ledger_recompute_all(st, ledger_daily_today(), out_seen, out_changed,
                              err);
  return rc;
}

static void *daily_main(void *arg)
{
  int32_t last = 0;
  (void)arg;
  pthread_mutex_lock(&mu);
  while (!stopping) {
    int32_t today = ledger_daily_today();
    if (today != last) {
      struct lx_err err;
      int seen = 0, changed = 0, rc;
      pthread_mutex_unlock(&mu);
      rc = ledger_daily_run(daily_store, &seen, &changed, &err);
      if (rc)
        log_warn("health recompute failed: %s", err.message);
      else
        log_info("health recompute: %d of %d open items changed", changed,
                 seen);
      if (!rc) { /* study plan deadline reminders (study_daily.h) */
        int64_t sent = 0;
        if (study_daily_remind(daily_store, today, &sent, &err))
          log_warn("study reminders failed: %s", err.message);
        else if (sent)
          log_info("study reminders: %lld sent", (long long)sent);
      }
      pthread_mutex_lock(&mu);
      if (!rc)
        last = today;
    }
    if (!stopping) {
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_sec += POLL_S;
      while (!stopping && pthread_cond_timedwait(&cv, &mu, &ts) != ETIMEDOUT)
        ;
    }
  }
  pthread_mutex_unlock(&mu);
  return NULL;
}

int ledger_daily_start(struct store *st, struct lx_err *err)
{
  daily_store = st;
  stopping = 0;
  if (pthread_create(&thread, NULL, daily_main, NULL) != 0)
    return err_set(err, LX_EINTERNAL, "ledger.daily_thread", "",
                   "无法启动每日健康度重算");
  running = 1;
  return LX_OK;
}

void ledger_daily_stop(void)
{
  if (!running)
    return;
  pthread_mutex_lock(&mu);
  stopping = 1;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&mu);
  pthread_join(thread, NULL);
  running = 0;
}
