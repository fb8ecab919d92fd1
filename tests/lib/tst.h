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
  char dir[256]; /* temporary folder holding the database */
  char db[300];
  char log[300];
  char clock[300]; /* clock offset file (tst_server_start creates it) */
};

struct tst_resp {
  int status;
  char *head; /* status line and headers (heap) */
  char *body; /* body (heap, NUL-terminated) */
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

/* Like tst_run, with input written to the command's standard input. */
int tst_run_input(const char *const *args, const char *input,
                  const char *out_file);

/* Creates an account with `luoshi user add` on db (0 on success).  role is
 * a role code; temporary forces a password change at first login. */
int tst_user_add(const char *db, const char *username, const char *password,
                 const char *role, const char *unit, int temporary);

/* Logs in; on success fills cookie ("luoshi_session=...") and csrf and
 * returns the HTTP status (200).  When the server asks for a CAPTCHA
 * (after 3 failures), solves it with the test-mode answer and retries
 * once, so failures keep counting towards lockout and throttling. */
int tst_login(int port, const char *username, const char *password,
              const char *totp, char *cookie, size_t cookie_len, char *csrf,
              size_t csrf_len);

/* Sends a request as a logged-in user (cookie + CSRF header added). */
int tst_call(int port, const char *method, const char *path, const char *cookie,
             const char *csrf, const char *json_body, struct tst_resp *r);

/* Moves the server's wall clock (the --clock-offset-file of s) to
 * offset_ms from real time, and waits for the server to see it. */
void tst_clock_set(struct tst_server *s, long long offset_ms);

/* Sends raw bytes to 127.0.0.1:port, reads the answer until the server
 * closes or timeout_ms passes.  0 on success (r filled; free with
 * tst_resp_free). */
int tst_raw(int port, const char *data, size_t len, int timeout_ms,
            struct tst_resp *r);

/* Builds and sends a request with Connection: close.  body may be NULL;
 * headers is extra header lines each ending in \r\n (or NULL). */
int tst_req(int port, const char *method, const char *path, const char *headers,
            const char *body, struct tst_resp *r);

/* Value of header name in r (copied into buf), or NULL. */
const char *tst_header(const struct tst_resp *r, const char *name, char *buf,
                       size_t buf_len);

void tst_resp_free(struct tst_resp *r);

#endif
