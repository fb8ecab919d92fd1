/*
 * metrics.c — lock-free request counters and latency histograms, rendered
 * in Prometheus text format.
 */
#include "http/metrics.h"

#include "base/lx.h"
#include "base/sb.h"
#include "http/router.h"
#include "store/store.h"

#include <stdatomic.h>

static const int statuses[] = {200, 201, 204, 206, 301, 302, 304, 400, 401,
                               403, 404, 405, 408, 409, 413, 414, 415, 429,
                               431, 500, 503, 0};
#define N_STATUS (sizeof statuses / sizeof statuses[0])
static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                 0.05,   0.1,   0.25,   0.5,   1,    2.5,
                                 5,      10};
#define N_BUCKETS (sizeof buckets / sizeof buckets[0])

struct route_counters {
  _Atomic uint64_t by_status[N_STATUS];
  _Atomic uint64_t hist[N_BUCKETS + 1];
  _Atomic uint64_t sum_us;
};

static struct {
  int n;
  struct route_counters *c;
} M;

void metrics_init(int n_routes)
{
  M.n = n_routes + 1;
  M.c = lx_calloc((size_t)M.n, sizeof *M.c);
}

void metrics_shutdown(void)
{
  lx_free(M.c);
  M.c = NULL;
}

void metrics_observe(int route_idx, int status, int64_t micros)
{
  struct route_counters *c;
  size_t s, b;
  if (!M.c)
    return;
  c = &M.c[route_idx >= 0 && route_idx < M.n - 1 ? route_idx : M.n - 1];
  for (s = 0; s < N_STATUS - 1 && statuses[s] != status; s++)
    ;
  atomic_fetch_add_explicit(&c->by_status[s], 1, memory_order_relaxed);
  for (b = 0; b < N_BUCKETS && (double)micros / 1e6 > buckets[b]; b++)
    ;
  atomic_fetch_add_explicit(&c->hist[b], 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&c->sum_us, (uint64_t)(micros > 0 ? micros : 0),
                            memory_order_relaxed);
}

static void route_label(struct sb *sb, int i)
{
  if (i < M.n - 1) {
    const struct route *rt = router_at(i);
    static const char *const m[] = {"GET", "HEAD", "POST", "PUT", "DELETE",
                                    "PATCH"};
    int k = 0;
    while (k < 5 && !(rt->method & (1 << k)))
      k++;
    sb_appendf(sb, "route=\"%s %s\"", m[k], rt->pattern);
  } else {
    sb_puts(sb, "route=\"other\"");
  }
}

void metrics_render(struct sb *sb, struct store *st)
{
  struct store_stats ss;
  sb_puts(sb, "# HELP luoshi_http_requests_total HTTP requests by route and "
              "status.\n# TYPE luoshi_http_requests_total counter\n");
  for (int i = 0; i < M.n; i++)
    for (size_t s = 0; s < N_STATUS; s++) {
      uint64_t v = atomic_load(&M.c[i].by_status[s]);
      if (!v)
        continue;
      sb_puts(sb, "luoshi_http_requests_total{");
      route_label(sb, i);
      if (statuses[s])
        sb_appendf(sb, ",status=\"%d\"} %llu\n", statuses[s],
                   (unsigned long long)v);
      else
        sb_appendf(sb, ",status=\"other\"} %llu\n", (unsigned long long)v);
    }
  sb_puts(sb, "# HELP luoshi_http_request_duration_seconds Request latency."
              "\n# TYPE luoshi_http_request_duration_seconds histogram\n");
  for (int i = 0; i < M.n; i++) {
    uint64_t cum = 0, total = 0;
    for (size_t b = 0; b <= N_BUCKETS; b++)
      total += atomic_load(&M.c[i].hist[b]);
    if (!total)
      continue;
    for (size_t b = 0; b <= N_BUCKETS; b++) {
      cum += atomic_load(&M.c[i].hist[b]);
      sb_puts(sb, "luoshi_http_request_duration_seconds_bucket{");
      route_label(sb, i);
      if (b < N_BUCKETS)
        sb_appendf(sb, ",le=\"%g\"} %llu\n", buckets[b],
                   (unsigned long long)cum);
      else
        sb_appendf(sb, ",le=\"+Inf\"} %llu\n", (unsigned long long)cum);
    }
    sb_puts(sb, "luoshi_http_request_duration_seconds_sum{");
    route_label(sb, i);
    sb_appendf(sb, "} %.6f\n", (double)atomic_load(&M.c[i].sum_us) / 1e6);
    sb_puts(sb, "luoshi_http_request_duration_seconds_count{");
    route_label(sb, i);
    sb_appendf(sb, "} %llu\n", (unsigned long long)total);
  }
  if (st) {
    static const char *const le[] = {"1", "3", "7", "15", "31", "63", "127"};
    uint64_t cum = 0, total = 0;
    store_get_stats(st, &ss);
    sb_appendf(sb,
               "# HELP luoshi_db_commits_total Write transactions committed."
               "\n# TYPE luoshi_db_commits_total counter\n"
               "luoshi_db_commits_total %llu\n"
               "# HELP luoshi_db_write_jobs_total Write jobs run.\n"
               "# TYPE luoshi_db_write_jobs_total counter\n"
               "luoshi_db_write_jobs_total %llu\n"
               "# HELP luoshi_db_write_jobs_failed_total Write jobs rolled "
               "back.\n# TYPE luoshi_db_write_jobs_failed_total counter\n"
               "luoshi_db_write_jobs_failed_total %llu\n"
               "# HELP luoshi_db_batch_size Jobs per group commit.\n"
               "# TYPE luoshi_db_batch_size histogram\n",
               (unsigned long long)ss.commits, (unsigned long long)ss.jobs,
               (unsigned long long)ss.jobs_failed);
    for (int b = 0; b < 8; b++)
      total += ss.batch_hist[b];
    for (int b = 0; b < 7; b++) {
      cum += ss.batch_hist[b];
      sb_appendf(sb, "luoshi_db_batch_size_bucket{le=\"%s\"} %llu\n", le[b],
                 (unsigned long long)cum);
    }
    sb_appendf(sb,
               "luoshi_db_batch_size_bucket{le=\"+Inf\"} %llu\n"
               "luoshi_db_batch_size_sum %llu\n"
               "luoshi_db_batch_size_count %llu\n",
               (unsigned long long)total, (unsigned long long)ss.jobs,
               (unsigned long long)total);
  }
}
