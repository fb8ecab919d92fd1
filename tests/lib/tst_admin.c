/*
 * tst_admin.c — helpers for the administration suites (tst_admin.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tst_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tst_resp tst_last;

int tst_as(int port, const char *username, const char *password,
           struct tst_who *who)
{
  memset(who, 0, sizeof *who);
  return tst_login(port, username, password, NULL, who->cookie,
                   sizeof who->cookie, who->csrf, sizeof who->csrf);
}

json_t *tst_j(int port, const struct tst_who *who, const char *method,
              const char *path, int *status, const char *fmt, ...)
{
  char *body = NULL;
  json_t *j;
  if (fmt) {
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    body = malloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(body, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  tst_resp_free(&tst_last);
  if (tst_call(port, method, path, who ? who->cookie : "", who ? who->csrf : "",
               body, &tst_last) != 0) {
    free(body);
    fail_msg("%s %s: no answer", method, path);
  }
  free(body);
  *status = tst_last.status;
  j = json_loads(tst_last.body ? tst_last.body : "", 0, NULL);
  return j;
}

void tst_expect_err(json_t *j, int status, int want, const char *code,
                    const char *field)
{
  json_t *e = j ? json_object_get(j, "error") : NULL;
  const char *c = e ? json_string_value(json_object_get(e, "code")) : NULL;
  const char *f = e ? json_string_value(json_object_get(e, "field")) : NULL;
  const char *m = e ? json_string_value(json_object_get(e, "message")) : NULL;
  if (status != want || !c || strcmp(c, code) != 0 ||
      (field && (!f || strcmp(f, field) != 0)) || !m || !*m) {
    char got[600];
    snprintf(got, sizeof got, "%.500s", tst_last.body ? tst_last.body : "");
    json_decref(j);
    fail_msg("want %d %s (field %s), got %d %s", want, code,
             field ? field : "-", status, got);
  }
  json_decref(j);
}

int64_t tst_ji(json_t *j, const char *key)
{
  json_t *v = j ? json_object_get(j, key) : NULL;
  return json_is_integer(v) ? json_integer_value(v) : 0;
}

const char *tst_js(json_t *j, const char *key)
{
  json_t *v = j ? json_object_get(j, key) : NULL;
  return json_is_string(v) ? json_string_value(v) : NULL;
}

int64_t tst_make_user(int port, const struct tst_who *admin,
                      const char *username, const char *name, int64_t unit_id,
                      int64_t person_id, const char *roles_json,
                      const char *new_pw, struct tst_who *who)
{
  int st;
  char person[40] = "";
  json_t *j, *u;
  int64_t id;
  char initial[64];
  if (person_id)
    snprintf(person, sizeof person, ",\"person_id\":%lld",
             (long long)person_id);
  j = tst_j(port, admin, "POST", "/api/v1/users", &st,
            "{\"username\":\"%s\",\"name\":\"%s\",\"unit_id\":%lld%s,"
            "\"roles\":%s}",
            username, name, (long long)unit_id, person, roles_json);
  if (st != 201)
    fail_msg("create user %s: %d %s", username, st, tst_last.body);
  u = json_object_get(j, "user");
  id = tst_ji(u, "id");
  {
    const char *pw = tst_js(j, "initial_password");
    snprintf(initial, sizeof initial, "%s", pw ? pw : "");
  }
  json_decref(j);
  assert_true(strlen(initial) >= 12);
  assert_int_equal(tst_as(port, username, initial, who), 200);
  j = tst_j(port, who, "POST", "/api/v1/auth/password", &st,
            "{\"old_password\":\"%s\",\"new_password\":\"%s\"}", initial,
            new_pw);
  if (st != 200)
    fail_msg("password change %s: %d %s", username, st, tst_last.body);
  json_decref(j);
  assert_int_equal(tst_as(port, username, new_pw, who), 200);
  return id;
}

int tst_user_add_scoped(const char *db, const char *username,
                        const char *password, const char *role,
                        const char *scope)
{
  const char *args[] = {"user",    "add", username, "--role", role,
                        "--scope", scope, "--db",   db,       NULL};
  char input[300];
  snprintf(input, sizeof input, "%s\n", password);
  return tst_run_input(args, input, "/dev/null");
}

const char *tst_sql(const char *db, const char *sql)
{
  static char line[4096];
  char cmd[8192];
  FILE *p;
  snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"%s\" 2>&1", db, sql);
  p = popen(cmd, "r");
  if (!p)
    return NULL;
  line[0] = 0;
  if (!fgets(line, sizeof line, p))
    line[0] = 0;
  pclose(p);
  line[strcspn(line, "\n")] = 0;
  return line;
}

const char *tst_url(const char *s)
{
  static char bufs[4][1024];
  static int k;
  char *o = bufs[k++ & 3];
  size_t n = 0;
  for (; *s && n + 4 < sizeof bufs[0]; s++) {
    unsigned char c = (unsigned char)*s;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~')
      o[n++] = (char)c;
    else
      n += (size_t)snprintf(o + n, 4, "%%%02X", c);
  }
  o[n] = 0;
  return o;
}

int tst_admin_teardown(struct tst_server *s)
{
  const char *verify[] = {"audit", "verify", "--db", s->db, NULL};
  int stopped, intact;
  tst_resp_free(&tst_last);
  stopped = tst_server_stop(s);
  intact = tst_run(verify, "/dev/null");
  if (stopped != 0 || intact != 0) {
    fprintf(stderr, "server exit %d, audit verify %d; kept %s\n", stopped,
            intact, s->dir);
    return -1;
  }
  if (s->dir[0] && strncmp(s->dir, "/tmp/luoshi-test-", 17) == 0) {
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
    if (system(cmd) != 0)
      return -1;
  }
  return 0;
}
