/*
 * tst.h — helpers shared by the test suites: a luoshi server spawned on
 * 127.0.0.1:0 with a temporary database, and a raw HTTP/1.1 client that
 * can send malformed requests on purpose.
 */
#ifndef TST_H
#define TST_H

#include <stddef.h>
#include <sys/types.h>

struct tst_server {
  pid_t pid;
  int port;
  char dir[256];  /* temporary folder holding the database */
  char db[300];
  char log[300];
};

struct tst_resp {
  int status;
  char *head;    /* status line and headers (heap) */
  char *body;    /* body (heap, NUL-terminated) */
  size_t body_len;
};

/* The luoshi binary under test: $LUOSHI_BIN or ./luoshi. */
const char *tst_bin(void);

/* Makes a fresh temporary folder; fills s->dir, s->db, s->log. */
void tst_tmpdir(struct tst_server *s);

/* Starts `luoshi serve` on a new database in a new folder (extra args are
 * appended, NULL-terminated list) and waits until it listens. 0 on
 * success. */
int tst_server_start(struct tst_server *s, const char *const *extra);

/* Sends SIGTERM and waits; returns the exit status (or -1). */
int tst_server_stop(struct tst_server *s);

/* Runs the luoshi binary with args (NULL-terminated) and returns its exit
 * code; output goes to out_file when not NULL. */
int tst_run(const char *const *args, const char *out_file);

/* Sends raw bytes to 127.0.0.1:port, reads the answer until the server
 * closes or timeout_ms passes.  0 on success (r filled; free with
 * tst_resp_free). */
int tst_raw(int port, const char *data, size_t len, int timeout_ms,
            struct tst_resp *r);

/* Builds and sends a request with Connection: close.  body may be NULL;
 * headers is extra header lines each ending in \r\n (or NULL). */
int tst_req(int port, const char *method, const char *path,
            const char *headers, const char *body, struct tst_resp *r);

/* Value of header name in r (copied into buf), or NULL. */
const char *tst_header(const struct tst_resp *r, const char *name, char *buf,
                       size_t buf_len);

void tst_resp_free(struct tst_resp *r);

#endif
