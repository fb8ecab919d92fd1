/*
 * cfg.h — every setting of luoshi in one table (Redis's static_configs):
 * name, environment variable, type, default, range and help.  Values are
 * applied in the order defaults < ini file < LUOSHI_* environment <
 * command-line flags; an invalid value is refused naming its key.
 *
 * The loaded values live in the global `cfg` and are read-only once the
 * server starts.
 */
#ifndef CFG_H
#define CFG_H

#include "base/lx.h"

struct lx_config {
  char db[1024];          /* database path */
  char files_dir[1024];   /* attachment files ("" = db + ".files") */
  char listen[128];       /* ADDR:PORT */
  char admin_allow[1024]; /* 三员 source addresses (CIDR list; "" = any) */
  char trusted_proxies[1024]; /* peers whose X-Forwarded-For is used */
  char web_dir[1024];         /* dev mode: serve the UI from this folder */
  char log_level[16];
  char access_log[16];  /* on | off */
  int threads;          /* HTTP worker threads, 0 = number of cores */
  int conn_limit;       /* total connections */
  int per_ip_limit;     /* connections per client address */
  int conn_timeout;     /* inactivity timeout, seconds */
  int request_deadline; /* absolute per-request deadline, seconds */
  int upload_deadline;  /* the same for file uploads, seconds */
  int rate_api;         /* API requests per second per account (0 = off) */
  int rate_api_burst;   /* … and the burst allowed */
  int rate_login;       /* login attempts per minute per address (0 = off) */
  int rate_export;      /* exports per hour per account (0 = off) */
  int max_body;         /* JSON body bytes */
  int upload_max;       /* file upload bytes (UPLOAD routes) */
  int max_url;          /* URL bytes */
  int json_max_depth;
  int busy_timeout_ms;
  int writer_batch_max; /* jobs per group commit */
  int tz_offset_min;    /* offset used in JSON times */
  int session_idle_min;
  int session_admin_idle_min;
  int session_abs_hours;
  int lockout_threshold;
  int lockout_minutes;
  int ip_throttle_per_min;
  int pw_min_len;
  int pw_admin_min_len;
  int pw_expiry_days;
  int pw_admin_expiry_days;
  int pw_history;
  int max_sessions;
  int totp_required_admins;
  int cookie_secure;           /* mark the session cookie Secure (behind TLS) */
  char clock_offset_file[512]; /* tests: shift the wall clock */
  char friso_ini[1024];        /* friso (Chinese segmenter) config file */
};

extern struct lx_config cfg;

/* Sets every key to its default. */
void cfg_defaults(void);

/* Sets one key from text.  rc: LX_OK, LX_ENOTFOUND (unknown key),
 * LX_EINVAL (bad value); err names the key. */
LX_MUST_CHECK int cfg_set(const char *key, const char *value,
                          struct lx_err *err);

/* Reads an ini file (key = value, # or ; comments, [section] headers are
 * allowed and ignored).  rc: LX_OK, LX_EIO, LX_EINVAL, LX_ENOTFOUND. */
LX_MUST_CHECK int cfg_load_file(const char *path, struct lx_err *err);

/* Applies every LUOSHI_<KEY> variable present in the environment. */
LX_MUST_CHECK int cfg_load_env(struct lx_err *err);

/* 1 if key names a setting (accepts '-' for '_'). */
int cfg_known(const char *key);

/* Writes the table (key, env, default, help) to stdout for `luoshi help
 * serve`; zh selects Chinese help text. */
void cfg_print_help(int zh);

#endif
