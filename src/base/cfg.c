/*
 * cfg.c — the settings table.  One row per key; flags, LUOSHI_* variables,
 * the ini file, defaults, range checks, help and error messages all come
 * from it.
 */
#include "base/cfg.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lx_config cfg;

enum ktype { K_STR, K_INT, K_ENUM };

struct key {
  const char *name;
  enum ktype type;
  size_t off;
  size_t size; /* for strings: buffer size */
  const char *def;
  long min, max;       /* ints */
  const char *choices; /* enums: "a|b|c" */
  const char *help_zh;
  const char *help_en;
};

#define S(f) offsetof(struct lx_config, f), sizeof(((struct lx_config *)0)->f)
#define I(f) offsetof(struct lx_config, f), sizeof(int)

static const struct key keys[] = {
    {"db", K_STR, S(db), "luoshi.db", 0, 0, NULL, "数据库文件路径",
     "database file path"},
    {"files_dir", K_STR, S(files_dir), "", 0, 0, NULL,
     "附件文件目录（按内容摘要存放；默认：数据库路径加 "
     ".files；备份时须一并复制）",
     "attachment files folder (content-addressed; default: the database "
     "path + \".files\"; back it up with the database)"},
    {"listen", K_STR, S(listen), "127.0.0.1:8080", 0, 0, NULL,
     "监听地址 地址:端口（端口 0 为随机）",
     "listen address ADDR:PORT (0 = any port)"},
    {"admin_allow", K_STR, S(admin_allow), "", 0, 0, NULL,
     "三员（系统/安全/审计管理员）允许的来源地址，逗号分隔的 IP 或网段（空 = "
     "不限，启动时警告）",
     "source addresses allowed for the three administrators: IPs or CIDR "
     "networks, comma-separated (empty = any, with a warning)"},
    {"trusted_proxies", K_STR, S(trusted_proxies), "", 0, 0, NULL,
     "可信反向代理地址（逗号分隔的 IP 或网段）：来自它们的请求按 "
     "X-Forwarded-For 取客户端地址",
     "trusted reverse proxies (IPs or CIDR networks): for requests from "
     "them the client address comes from X-Forwarded-For"},
    {"web_dir", K_STR, S(web_dir), "", 0, 0, NULL,
     "开发模式：从该目录提供前端文件（默认使用内置文件）",
     "dev mode: serve the UI from this folder instead of the built-in copy"},
    {"log_level", K_ENUM, S(log_level), "info", 0, 0, "debug|info|warn|error",
     "日志级别", "log level"},
    {"access_log", K_ENUM, S(access_log), "on", 0, 0, "on|off",
     "每个请求写一行访问日志", "one access-log line per request"},
    {"threads", K_INT, I(threads), "0", 0, 256, NULL,
     "HTTP 工作线程数（0 = 每核 32 个：写请求在等待组提交落盘时占用线程）",
     "HTTP worker threads (0 = 32 per core: a write holds its thread until "
     "its group commit is durable)"},
    {"conn_limit", K_INT, I(conn_limit), "16384", 16, 1000000, NULL,
     "最大连接总数", "total connection limit"},
    {"per_ip_limit", K_INT, I(per_ip_limit), "256", 1, 1000000, NULL,
     "单个 IP 最大连接数", "connections per client address"},
    {"conn_timeout", K_INT, I(conn_timeout), "30", 1, 3600, NULL,
     "连接空闲超时（秒）", "connection inactivity timeout (s)"},
    {"request_deadline", K_INT, I(request_deadline), "30", 1, 3600, NULL,
     "单个请求的绝对时限（秒）", "absolute per-request deadline (s)"},
    {"rate_api", K_INT, I(rate_api), "20", 0, 100000, NULL,
     "每个账号每秒 API 请求上限（0 = 不限）",
     "API requests per second per account (0 = no limit)"},
    {"rate_api_burst", K_INT, I(rate_api_burst), "50", 1, 1000000, NULL,
     "每个账号允许的瞬时突发请求数", "burst of API requests per account"},
    {"rate_login", K_INT, I(rate_login), "60", 0, 100000, NULL,
     "每个来源地址每分钟登录请求上限（0 = 不限）",
     "login requests per minute per client address (0 = no limit)"},
    {"rate_export", K_INT, I(rate_export), "10", 0, 100000, NULL,
     "每个账号每小时导出次数上限（0 = 不限）",
     "exports per hour per account (0 = no limit)"},
    {"upload_deadline", K_INT, I(upload_deadline), "300", 1, 3600, NULL,
     "上传文件请求的绝对时限（秒）", "absolute deadline of file uploads (s)"},
    {"max_body", K_INT, I(max_body), "1048576", 1024, 64 * 1024 * 1024, NULL,
     "JSON 请求体上限（字节）", "JSON body limit (bytes)"},
    {"upload_max", K_INT, I(upload_max), "20971520", 1024, 512 * 1024 * 1024,
     NULL, "上传文件大小上限（字节，附件和导入）",
     "file upload limit (bytes: attachments and imports)"},
    {"max_url", K_INT, I(max_url), "8192", 256, 32768, NULL,
     "URL 长度上限（字节）", "URL length limit (bytes)"},
    {"json_max_depth", K_INT, I(json_max_depth), "32", 2, 512, NULL,
     "JSON 嵌套层数上限", "JSON nesting limit"},
    {"busy_timeout_ms", K_INT, I(busy_timeout_ms), "5000", 0, 600000, NULL,
     "数据库忙等待（毫秒）", "database busy timeout (ms)"},
    {"writer_batch_max", K_INT, I(writer_batch_max), "512", 1, 100000, NULL,
     "每次组提交的最大写操作数", "writes per group commit (max)"},
    {"tz_offset_min", K_INT, I(tz_offset_min), "480", -720, 840, NULL,
     "时间显示的时区偏移（分钟，北京时间 480）",
     "time zone offset for displayed times (minutes)"},
    {"session_idle_min", K_INT, I(session_idle_min), "30", 1, 1440, NULL,
     "会话空闲超时（分钟）", "session idle timeout (min)"},
    {"session_admin_idle_min", K_INT, I(session_admin_idle_min), "15", 1, 1440,
     NULL, "三员会话空闲超时（分钟）", "admin session idle timeout (min)"},
    {"session_abs_hours", K_INT, I(session_abs_hours), "12", 1, 168, NULL,
     "会话绝对时限（小时）", "session absolute lifetime (h)"},
    {"lockout_threshold", K_INT, I(lockout_threshold), "5", 3, 100, NULL,
     "连续登录失败锁定次数", "failed logins before lockout"},
    {"lockout_minutes", K_INT, I(lockout_minutes), "30", 1, 1440, NULL,
     "锁定时长（分钟）", "lockout duration (min)"},
    {"ip_throttle_per_min", K_INT, I(ip_throttle_per_min), "10", 1, 10000, NULL,
     "单个 IP 每分钟登录失败上限（超过即限流）",
     "failed logins per IP per minute before throttling"},
    {"pw_min_len", K_INT, I(pw_min_len), "8", 8, 128, NULL, "密码最小长度",
     "minimum password length"},
    {"pw_admin_min_len", K_INT, I(pw_admin_min_len), "12", 8, 128, NULL,
     "三员密码最小长度", "minimum password length for admins"},
    {"pw_expiry_days", K_INT, I(pw_expiry_days), "180", 0, 3650, NULL,
     "密码有效期（天，0 为不过期）", "password expiry (days, 0 = never)"},
    {"pw_admin_expiry_days", K_INT, I(pw_admin_expiry_days), "90", 30, 3650,
     NULL, "三员密码有效期（天）", "password expiry for admins (days)"},
    {"pw_history", K_INT, I(pw_history), "5", 0, 24, NULL,
     "不得重复使用的历史密码个数", "passwords remembered to prevent reuse"},
    {"max_sessions", K_INT, I(max_sessions), "5", 1, 100, NULL,
     "每个账号的并发会话数", "concurrent sessions per account"},
    {"totp_required_admins", K_ENUM, I(totp_required_admins), "on", 0, 0,
     "off|on", "三员必须使用两步验证", "admins must use two-factor login"},
    {"cookie_secure", K_ENUM, I(cookie_secure), "off", 0, 0, "off|on",
     "会话 Cookie 加 Secure 标记（经 HTTPS 网关访问时打开）",
     "mark the session cookie Secure (turn on behind an HTTPS gateway)"},
    {"clock_offset_file", K_STR, S(clock_offset_file), "", 0, 0, NULL,
     "测试用：从该文件读取时钟偏移（毫秒），生产环境勿设",
     "tests only: read a wall-clock offset (ms) from this file"},
    {"friso_ini", K_STR, S(friso_ini), "/etc/friso/friso.ini", 0, 0, NULL,
     "中文分词 friso 的配置文件（学习资料全文检索；缺少词典时退回二元切分）",
     "friso (Chinese word segmenter) config file for study full-text "
     "search (without its dictionary search falls back to bigrams)"},
};

static const struct key *find(const char *name)
{
  char norm[64];
  size_t i;
  for (i = 0; name[i] && i < sizeof norm - 1; i++)
    norm[i] = name[i] == '-' ? '_' : name[i];
  norm[i] = 0;
  for (i = 0; i < LX_COUNT(keys); i++)
    if (strcmp(keys[i].name, norm) == 0)
      return &keys[i];
  return NULL;
}

int cfg_known(const char *key)
{
  return find(key) != NULL;
}

static int choice_index(const char *choices, const char *v)
{
  size_t vl = strlen(v);
  int idx = 0;
  const char *p = choices;
  while (*p) {
    const char *bar = strchr(p, '|');
    size_t n = bar ? (size_t)(bar - p) : strlen(p);
    if (n == vl && strncmp(p, v, n) == 0)
      return idx;
    idx++;
    if (!bar)
      break;
    p = bar + 1;
  }
  return -1;
}

static int set_key(const struct key *k, const char *value, struct lx_err *err)
{
  char *base = (char *)&cfg + k->off;
  if (k->type == K_STR || (k->type == K_ENUM && k->size != sizeof(int))) {
    if (k->type == K_ENUM && choice_index(k->choices, value) < 0)
      return err_setf(err, LX_EINVAL, "config.invalid", k->name,
                      "配置项 %s 的值“%s”无效，可选：%s", k->name, value,
                      k->choices);
    if (strlen(value) >= k->size)
      return err_setf(err, LX_EINVAL, "config.invalid", k->name,
                      "配置项 %s 的值太长", k->name);
    strcpy(base, value);
    return LX_OK;
  }
  if (k->type == K_ENUM) {
    int idx = choice_index(k->choices, value);
    if (idx < 0)
      return err_setf(err, LX_EINVAL, "config.invalid", k->name,
                      "配置项 %s 的值“%s”无效，可选：%s", k->name, value,
                      k->choices);
    *(int *)base = idx;
    return LX_OK;
  }
  {
    char *end;
    long v;
    errno = 0;
    v = strtol(value, &end, 10);
    if (errno || end == value || *end || v < k->min || v > k->max)
      return err_setf(err, LX_EINVAL, "config.invalid", k->name,
                      "配置项 %s 的值“%s”无效，应为 %ld 到 %ld 之间的整数",
                      k->name, value, k->min, k->max);
    *(int *)base = (int)v;
  }
  return LX_OK;
}

void cfg_defaults(void)
{
  memset(&cfg, 0, sizeof cfg);
  for (size_t i = 0; i < LX_COUNT(keys); i++) {
    int rc = set_key(&keys[i], keys[i].def, NULL);
    LX_ASSERT(rc == LX_OK);
  }
}

int cfg_set(const char *key, const char *value, struct lx_err *err)
{
  const struct key *k = find(key);
  if (!k)
    return err_setf(err, LX_ENOTFOUND, "config.unknown", key, "未知的配置项 %s",
                    key);
  return set_key(k, value, err);
}

static char *trim(char *s)
{
  char *e;
  while (*s == ' ' || *s == '\t')
    s++;
  e = s + strlen(s);
  while (e > s &&
         (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
    *--e = 0;
  return s;
}

int cfg_load_file(const char *path, struct lx_err *err)
{
  FILE *f = fopen(path, "r");
  char line[2048];
  int lineno = 0, rc = LX_OK;
  if (!f)
    return err_setf(err, LX_EIO, "config.unreadable", "config",
                    "无法读取配置文件 %s", path);
  while (fgets(line, sizeof line, f)) {
    char *s = trim(line), *eq, *key, *val;
    lineno++;
    if (!*s || *s == '#' || *s == ';' || *s == '[')
      continue;
    eq = strchr(s, '=');
    if (!eq) {
      rc = err_setf(err, LX_EINVAL, "config.syntax", "config",
                    "配置文件 %s 第 %d 行缺少“=”", path, lineno);
      break;
    }
    *eq = 0;
    key = trim(s);
    val = trim(eq + 1);
    if (strlen(val) >= 2 && val[0] == '"' && val[strlen(val) - 1] == '"') {
      val[strlen(val) - 1] = 0;
      val++;
    }
    rc = cfg_set(key, val, err);
    if (rc)
      break;
  }
  fclose(f);
  return rc;
}

int cfg_load_env(struct lx_err *err)
{
  for (size_t i = 0; i < LX_COUNT(keys); i++) {
    char env[80];
    const char *v;
    size_t j;
    memcpy(env, "LUOSHI_", 7);
    for (j = 0; keys[i].name[j]; j++) {
      char c = keys[i].name[j];
      env[7 + j] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    env[7 + j] = 0;
    v = getenv(env);
    if (v) {
      int rc = set_key(&keys[i], v, err);
      if (rc)
        return rc;
    }
  }
  return LX_OK;
}

void cfg_print_help(int zh)
{
  for (size_t i = 0; i < LX_COUNT(keys); i++) {
    char flag[64], env[80];
    size_t j;
    for (j = 0; keys[i].name[j]; j++)
      flag[j] = keys[i].name[j] == '_' ? '-' : keys[i].name[j];
    flag[j] = 0;
    memcpy(env, "LUOSHI_", 7);
    for (j = 0; keys[i].name[j]; j++) {
      char c = keys[i].name[j];
      env[7 + j] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    env[7 + j] = 0;
    printf("  --%-24s %-30s %s%s%s%s\n", flag, env,
           zh ? keys[i].help_zh : keys[i].help_en,
           zh ? "（默认 " : " (default ", keys[i].def[0] ? keys[i].def : "\"\"",
           zh ? "）" : ")");
  }
}
