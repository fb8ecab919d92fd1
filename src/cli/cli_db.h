/*
 * cli_db.h — how commands open the database: writers take the process
 * lock first (so they refuse to run beside a server), readers do not.
 */
#ifndef CLI_DB_H
#define CLI_DB_H

#include "base/lx.h"

struct store;

struct cli_db {
  struct store *st;
  int lock_fd;
};

/* Opens cfg.db.  must_exist: refuse a missing file.  write: take the lock
 * and start the writer.  Refuses a zero-length file (REL-07).  Prints the
 * reason and returns 1 on failure, 0 on success. */
int cli_db_open(struct cli_db *d, int write, int must_exist);

/* Opens for writing and applies pending migrations (creating the file if
 * missing).  Prints and returns 1 on failure. */
int cli_db_open_migrated(struct cli_db *d);

void cli_db_close(struct cli_db *d);

#endif
