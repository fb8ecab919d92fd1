/*
 * cli.h — the command-line front end: the command table (commands.def),
 * option parsing shared by every command, and the usage texts.
 */
#ifndef CLI_H
#define CLI_H

#include "base/lx.h"

#define CLI_MAX_POS 8

struct cli_args {
  const char *pos[CLI_MAX_POS]; /* positional arguments after the command */
  int n_pos;
  const char *config;           /* --config FILE */
};

/* Runs argv[1] as a command.  Returns the process exit code: 0 success,
 * 1 failure, 2 usage error. */
int cli_dispatch(int argc, char **argv);

/* Parses the command's arguments (argv[0] is the command name): settings
 * flags (--db PATH, --listen A:P, any key of cfg.c, "--key value" or
 * "--key=value"), --config FILE, and positionals.  extra_flags lists
 * command-specific flags taking a value ("role,unit"); their values go to
 * extra_values in the same order.  Then loads the configuration in the
 * order defaults < file < environment < flags.  Returns 0, or 2 after
 * printing what is wrong. */
int cli_parse(int argc, char **argv, struct cli_args *a,
              const char *extra_flags, const char **extra_values);

/* Prints the usage of the whole program (zh and en). */
void cli_usage(void);

/* Prints err's message to stderr ("luoshi: ..."). */
void cli_error(const struct lx_err *err);

/* The commands (commands.def). */
#define COMMAND(name, fn, flags, zh, en) int fn(int argc, char **argv);
#include "cli/commands.def"
#undef COMMAND

#endif
