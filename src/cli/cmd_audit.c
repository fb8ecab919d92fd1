/*
 * cmd_audit.c — luoshi audit verify [--db PATH]: walks the audit chain.
 * Exit 0 when intact, 1 when a row was edited or deleted (naming it).
 * Reads only, so it runs beside a live server.
 */
#include "cli/cli.h"
#include "cli/cli_db.h"
#include "domain/audit/audit.h"

#include <stdio.h>
#include <string.h>

int cmd_audit(int argc, char **argv)
{
  struct cli_args a;
  struct cli_db d;
  struct lx_err err;
  int64_t n = 0, bad = 0;
  int rc = cli_parse(argc, argv, &a, NULL, NULL);
  if (rc)
    return rc;
  if (a.n_pos != 1 || strcmp(a.pos[0], "verify") != 0) {
    fprintf(stderr, "用法 usage: luoshi audit verify [--db PATH]\n");
    return 2;
  }
  if (cli_db_open(&d, 0, 1))
    return 1;
  rc = audit_verify(d.st, &n, &bad, &err);
  cli_db_close(&d);
  if (rc == LX_OK) {
    printf("审计链完整 audit chain intact: %lld 条记录 records\n",
           (long long)n);
    return 0;
  }
  cli_error(&err);
  if (bad)
    printf("审计链断裂 audit chain BROKEN at record %lld (%lld checked)\n",
           (long long)bad, (long long)n);
  return 1;
}
