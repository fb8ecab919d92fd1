/*
 * cmd_serve.c — luoshi serve: open (creating and migrating if needed) the
 * database, hold the process lock, serve HTTP until SIGTERM/SIGINT, then
 * stop gracefully: stop accepting, finish requests in flight, drain the
 * writer, checkpoint and close the database.
 *
 * usage: luoshi serve [--db PATH] [--listen ADDR:PORT] [--config FILE]
 *                     [--KEY VALUE]...      (luoshi help serve)
 */
#include "api/api.h"
#include "base/cfg.h"
#include "base/cidr.h"
#include "base/log.h"
#include "base/ratelimit.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "cli/cli_db.h"
#include "domain/auth/auth.h"
#include "domain/auth/password.h"
#include "domain/org/pinyin.h"
#include "domain/ledger/item.h"
#include "domain/ledger/settings.h"
#include "cli/ledger_daily.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "store/migrate.h"
#include "store/store.h"
#include "version.h"

#include <signal.h>
#include <stdio.h>
#include <pthread.h>
#include <string.h>
#include <sys/resource.h>

static int roles_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  int rc = auth_roles_install(c, err);
  (void)ctx;
  if (!rc)
    rc = ledger_presets_install(c, err);
  if (!rc)
    rc = ledger_calendar_install(c, err); /* built-in years, if absent */
  return rc ? rc : ledger_rules_reload(c, err);
}

/* The parsed address lists (the server and auth keep pointers). */
static struct cidr_list admin_allow, trusted;

int cmd_serve(int argc, char **argv)
{
  struct cli_args a;
  struct cli_db d;
  struct http_opts o = {0};
  struct http_server *srv = NULL;
  struct app app = {0};
  struct lx_err err;
  const struct route *routes;
  sigset_t set;
  int n_routes, sig = 0, rc = cli_parse(argc, argv, &a, NULL, NULL);
  struct rlimit nocore = {0, 0};
  if (rc)
    return rc;
  if (a.n_pos) {
    fprintf(stderr, "用法 usage: luoshi serve [--db PATH] [--listen "
                    "ADDR:PORT] [--config FILE]\n");
    return 2;
  }
  setrlimit(RLIMIT_CORE, &nocore);
  if (cidr_list_parse(cfg.admin_allow, &admin_allow, &err) != LX_OK) {
    fprintf(stderr, "luoshi: admin_allow 设置无效 invalid setting: %s\n",
            err.message);
    return 2;
  }
  if (cidr_list_parse(cfg.trusted_proxies, &trusted, &err) != LX_OK) {
    fprintf(stderr, "luoshi: trusted_proxies 设置无效 invalid setting: %s\n",
            err.message);
    return 2;
  }
  if (admin_allow.n == 0)
    log_warn("admin_allow is empty: the three administrators may log in "
             "from any address (三员登录地址未限制)");
  time_set_offset_min(cfg.tz_offset_min);
  time_set_offset_file(cfg.clock_offset_file);
  if (cfg.clock_offset_file[0])
    log_warn("test clock enabled (clock_offset_file): not for production");
  /* signals are taken by sigwait below; every thread inherits the mask */
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);

  if (cli_db_open_migrated(&d))
    return 1;
  if (migrate_check(d.st, &err) != LX_OK) {
    cli_error(&err);
    cli_db_close(&d);
    return 1;
  }
  {
    struct auth_settings as = {
        cfg.session_idle_min,     cfg.session_admin_idle_min,
        cfg.session_abs_hours,    cfg.lockout_threshold,
        cfg.lockout_minutes,      cfg.ip_throttle_per_min,
        cfg.pw_min_len,           cfg.pw_admin_min_len,
        cfg.pw_history,           cfg.pw_expiry_days,
        cfg.pw_admin_expiry_days, cfg.max_sessions,
        cfg.totp_required_admins, &admin_allow};
    auth_init(&as);
    if (auth_password_init(0) != LX_OK || org_pinyin_init() != LX_OK ||
        store_write(d.st, roles_job, NULL, &err) != LX_OK) {
      fprintf(stderr, "luoshi: 初始化失败 start-up failed: %s\n", err.message);
      cli_db_close(&d);
      return 1;
    }
  }
  app.store = d.st;
  if (cfg.rate_api > 0)
    app.rl_api = rl_new(cfg.rate_api, cfg.rate_api_burst);
  if (cfg.rate_export > 0) /* a burst of an hour's worth */
    app.rl_export = rl_new(cfg.rate_export / 3600.0, cfg.rate_export);
  if (cfg.rate_login > 0) /* a burst of a minute's worth */
    app.rl_login = rl_new(cfg.rate_login / 60.0, cfg.rate_login);
  app.json_max_depth = cfg.json_max_depth;
  app.version = LUOSHI_VERSION;
  routes = api_routes(&n_routes);
  router_init(routes, n_routes, api_guard);
  metrics_init(n_routes);

  o.listen = cfg.listen;
  o.threads = cfg.threads;
  o.conn_limit = cfg.conn_limit;
  o.per_ip_limit = cfg.per_ip_limit;
  o.timeout_s = cfg.conn_timeout;
  o.deadline_s = cfg.request_deadline;
  o.upload_deadline_s = cfg.upload_deadline;
  o.trusted_proxies = &trusted;
  o.max_body = (size_t)cfg.max_body;
  o.max_upload = (size_t)cfg.upload_max;
  o.max_url = (size_t)cfg.max_url;
  o.web_dir = cfg.web_dir;
  o.access_log = cfg.access_log[1] == 'n'; /* "on" */
  o.app = &app;
  o.on_request_end = api_request_end;
  if (http_start(&o, &srv, &err) != LX_OK) {
    cli_error(&err);
    metrics_shutdown();
    cli_db_close(&d);
    return 1;
  }
  log_info("luoshi %s serving %s", LUOSHI_VERSION, cfg.db);
  if (ledger_daily_start(d.st, &err) != LX_OK)
    log_warn("%s", err.message);
  {
    /* the line scripts and tests read to find the port */
    char host[128];
    const char *colon = strrchr(cfg.listen, ':');
    size_t hl = colon ? (size_t)(colon - cfg.listen) : 0;
    if (hl >= sizeof host)
      hl = sizeof host - 1;
    snprintf(host, sizeof host, "%.*s", (int)hl, cfg.listen);
    if (!host[0] || !strcmp(host, "0.0.0.0"))
      snprintf(host, sizeof host, "127.0.0.1");
    printf("listening on http://%s:%d/\n", host, http_port(srv));
    fflush(stdout);
  }
  if (sigwait(&set, &sig) != 0)
    sig = SIGTERM;
  log_info("signal %d: stopping (finishing requests in flight)", sig);
  http_stop(srv, 30);
  ledger_daily_stop();
  metrics_shutdown();
  cli_db_close(&d);
  auth_shutdown();
  org_pinyin_shutdown();
  auth_password_shutdown();
  ledger_rules_shutdown();
  rl_free(app.rl_api);
  rl_free(app.rl_login);
  rl_free(app.rl_export);
  log_info("stopped cleanly");
  return 0;
}
