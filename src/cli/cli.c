/*
 * cli.c — command dispatch and the option parsing every command shares.
 */
#include "cli/cli.h"

#include "base/cfg.h"
#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { CMD_NORMAL = 0, CMD_HIDDEN = 1 };

static const struct command {
  const char *name;
  int (*fn)(int, char **);
  int flags;
  const char *zh, *en;
} commands[] = {
#define COMMAND(name, fn, flags, zh, en) {name, fn, flags, zh, en},
#include "cli/commands.def"
#undef COMMAND
};

void cli_usage(void)
{
  printf("落实 luoshi — 党史学习教育与工作落实平台 / Party-history study and "
         "work-delivery platform\n\n"
         "用法 Usage: luoshi <命令 command> [选项 options]\n\n"
         "命令 Commands:\n");
  for (size_t i = 0; i < LX_COUNT(commands); i++)
    if (!(commands[i].flags & CMD_HIDDEN))
      printf("  %-9s %s / %s\n", commands[i].name, commands[i].zh,
             commands[i].en);
  printf("\n常用选项 Common options:\n"
         "  --db PATH            数据库文件 database file (默认 default "
         "luoshi.db)\n"
         "  --config FILE        配置文件 ini config file\n"
         "  --listen ADDR:PORT   监听地址 listen address (serve)\n\n"
         "luoshi help serve 列出全部配置项 lists every setting.\n"
         "优先级 Precedence: 命令行 flags > 环境变量 LUOSHI_* > 配置文件 "
         "file > 默认值 defaults.\n");
}

void cli_error(const struct lx_err *err)
{
  fprintf(stderr, "luoshi: %s%s%s%s\n", err->message[0] ? err->message : "错误",
          err->field[0] ? "（" : "", err->field, err->field[0] ? "）" : "");
}

int cmd_help(int argc, char **argv)
{
  if (argc > 1 && strcmp(argv[1], "serve") == 0) {
    printf("luoshi serve [--db PATH] [--listen ADDR:PORT] [--config FILE] "
           "[--KEY VALUE]...\n\n配置项 Settings (flag, environment, help):\n");
    cfg_defaults();
    cfg_print_help(1);
    printf("\n");
    cfg_print_help(0);
    return 0;
  }
  cli_usage();
  return 0;
}

static int in_list(const char *list, const char *name, int *idx)
{
  size_t nl = strlen(name);
  int i = 0;
  const char *p = list;
  while (p && *p) {
    const char *c = strchr(p, ',');
    size_t l = c ? (size_t)(c - p) : strlen(p);
    if (l == nl && strncmp(p, name, l) == 0) {
      *idx = i;
      return 1;
    }
    i++;
    p = c ? c + 1 : NULL;
  }
  return 0;
}

int cli_parse(int argc, char **argv, struct cli_args *a,
              const char *extra_flags, const char **extra_values)
{
  const char *keys[64], *vals[64];
  int n_kv = 0;
  struct lx_err err;
  memset(a, 0, sizeof *a);
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (strncmp(arg, "--", 2) == 0) {
      char name[64];
      const char *val, *eq = strchr(arg + 2, '=');
      size_t nl = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
      int idx;
      if (nl >= sizeof name || nl == 0)
        goto bad_flag;
      memcpy(name, arg + 2, nl);
      name[nl] = 0;
      if (eq)
        val = eq + 1;
      else if (i + 1 < argc)
        val = argv[++i];
      else {
        fprintf(stderr, "luoshi: 选项 --%s 缺少取值 / option --%s needs a "
                        "value\n",
                name, name);
        return 2;
      }
      if (strcmp(name, "config") == 0)
        a->config = val;
      else if (extra_flags && in_list(extra_flags, name, &idx))
        extra_values[idx] = val;
      else if (cfg_known(name) && n_kv < 64) {
        keys[n_kv] = argv[i - (eq ? 0 : 1)] + 2;
        vals[n_kv] = val;
        n_kv++;
      } else {
      bad_flag:
        fprintf(stderr, "luoshi %s: 未知选项 unknown option %s\n\n", argv[0],
                arg);
        cli_usage();
        return 2;
      }
    } else if (a->n_pos < CLI_MAX_POS) {
      a->pos[a->n_pos++] = arg;
    } else {
      fprintf(stderr, "luoshi: 参数过多 / too many arguments\n");
      return 2;
    }
  }
  cfg_defaults();
  if (!a->config)
    a->config = getenv("LUOSHI_CONFIG");
  if (a->config && cfg_load_file(a->config, &err) != LX_OK) {
    cli_error(&err);
    return 2;
  }
  if (cfg_load_env(&err) != LX_OK) {
    cli_error(&err);
    return 2;
  }
  for (int i = 0; i < n_kv; i++) {
    char key[64];
    const char *eq = strchr(keys[i], '=');
    size_t l = eq ? (size_t)(eq - keys[i]) : strlen(keys[i]);
    memcpy(key, keys[i], l);
    key[l] = 0;
    if (cfg_set(key, vals[i], &err) != LX_OK) {
      cli_error(&err);
      return 2;
    }
  }
  {
    enum log_level lvl;
    if (log_level_parse(cfg.log_level, &lvl))
      log_set_level(lvl);
  }
  umask(077);
  return 0;
}

int cli_dispatch(int argc, char **argv)
{
  if (argc < 2) {
    cli_usage();
    return 2;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
    return cmd_help(argc - 1, argv + 1);
  if (!strcmp(argv[1], "--version"))
    return cmd_version(argc - 1, argv + 1);
  for (size_t i = 0; i < LX_COUNT(commands); i++)
    if (strcmp(argv[1], commands[i].name) == 0)
      return commands[i].fn(argc - 1, argv + 1);
  fprintf(stderr, "luoshi: 未知命令 unknown command \"%s\"\n\n", argv[1]);
  cli_usage();
  return 2;
}
