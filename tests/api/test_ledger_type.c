/*
 * test_ledger_type.c — administration of ledger types and custom fields
 * (ledger.admin) over real HTTP: 督查室 creates a type and fields (a
 * required select and a number); every validation error answers 400/409
 * naming the field; an item of the new type has its custom fields
 * validated; an option in use cannot be removed; key and type are fixed;
 * the built-in fields of a built-in type cannot be changed or deleted; a
 * used field is archived (values kept, no longer required or accepted),
 * an unused one deleted; the type code is fixed once items exist; a
 * liaison gets 403 everywhere.  Everything is audited.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tst_admin.h"

#include "io/xlsx_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW_ADMIN "Xt#2026-passwd!"
#define PW_USER "LedgerType#2026x!"

static struct tst_server srv;
static struct tst_who sys1, sup, lia;
static int64_t u_a, ms_type, hb_type, f_level, f_amount, item1;

static int64_t mk_unit(const char *name)
{
  int st;
  json_t *j =
      tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"%s\",\"kind\":\"部门\"}", name);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  json_t *j, *items, *it;
  size_t i;
  int st;
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "sys1", PW_ADMIN, "sysadmin", NULL, 0) != 0 ||
      tst_server_start(&srv, extra) != 0 ||
      tst_as(srv.port, "sys1", PW_ADMIN, &sys1) != 200)
    return -1;
  u_a = mk_unit("生态环境局");
  if (!u_a ||
      tst_make_user(srv.port, &sys1, "sup1", "督查员", 1, 0,
                    "[{\"role_id\":4,\"scope\":\"all\"}]", PW_USER,
                    &sup) <= 0 ||
      tst_make_user(srv.port, &sys1, "lia1", "联络员", u_a, 0,
                    "[{\"role_id\":6,\"scope\":\"unit\"}]", PW_USER, &lia) <= 0)
    return -1;
  j = tst_j(srv.port, &sup, "GET", "/api/v1/ledger-types", &st, NULL);
  items = json_object_get(j, "items");
  json_array_foreach(items, i, it) if (!strcmp(tst_js(it, "code"), "MS"))
      ms_type = tst_ji(it, "id");
  json_decref(j);
  return ms_type ? 0 : -1;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

static json_t *post_type(int *st, const char *body)
{
  return tst_j(srv.port, &sup, "POST", "/api/v1/ledger-types", st, "%s", body);
}

static json_t *post_field(int64_t type, int *st, const char *body)
{
  char path[80];
  snprintf(path, sizeof path, "/api/v1/ledger-types/%lld/fields",
           (long long)type);
  return tst_j(srv.port, &sup, "POST", path, st, "%s", body);
}

static json_t *field_req(const char *method, int64_t type, int64_t field,
                         int *st, const char *body)
{
  char path[96];
  snprintf(path, sizeof path, "/api/v1/ledger-types/%lld/fields/%lld",
           (long long)type, (long long)field);
  return body ? tst_j(srv.port, &sup, method, path, st, "%s", body)
              : tst_j(srv.port, &sup, method, path, st, NULL);
}

/* The id of field key in a type JSON. */
static int64_t field_id(json_t *type, const char *key)
{
  json_t *fs = json_object_get(type, "fields"), *f;
  size_t i;
  json_array_foreach(
      fs, i, f) if (!strcmp(tst_js(f, "key"), key)) return tst_ji(f, "id");
  return 0;
}

static void type_create_and_errors(void **state)
{
  int st;
  json_t *j;
  char long_name[128] = "";
  (void)state;
  j = post_type(&st, "{\"code\":\"hb\",\"name\":\"环保督察\"}");
  tst_expect_err(j, st, 400, "ledger.type_code", "code");
  j = post_type(&st, "{\"code\":\"ABCDE\",\"name\":\"环保督察\"}");
  tst_expect_err(j, st, 400, "ledger.type_code", "code");
  j = post_type(&st, "{\"name\":\"环保督察\"}");
  tst_expect_err(j, st, 400, "field.required", "code");
  j = post_type(&st, "{\"code\":\"MS\",\"name\":\"环保督察\"}");
  tst_expect_err(j, st, 409, "ledger.type_code_taken", "code");
  j = post_type(&st, "{\"code\":\"HB\",\"name\":\"民生实事\"}");
  tst_expect_err(j, st, 409, "ledger.type_name_taken", "name");
  for (int i = 0; i < 21; i++)
    strcat(long_name, "环");
  j = tst_j(srv.port, &sup, "POST", "/api/v1/ledger-types", &st,
            "{\"code\":\"HB\",\"name\":\"%s\"}", long_name);
  tst_expect_err(j, st, 400, "ledger.type_name", "name");
  j = post_type(&st, "{\"code\":\"HB\",\"name\":\"环保\\n督察\"}");
  tst_expect_err(j, st, 400, "ledger.type_name", "name");
  j = post_type(&st, "{\"code\":\"HB\",\"name\":\"\"}");
  tst_expect_err(j, st, 400, "field.required", "name");
  /* the liaison may not */
  j = tst_j(srv.port, &lia, "POST", "/api/v1/ledger-types", &st,
            "{\"code\":\"HB\",\"name\":\"环保督察\"}");
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM ledger_type WHERE code = 'HB'"),
      "0");
  j = post_type(&st, "{\"code\":\"HB\",\"name\":\"环保督察整改\","
                     "\"description\":\"中央环保督察反馈问题整改\"}");
  assert_int_equal(st, 201);
  hb_type = tst_ji(j, "id");
  assert_true(hb_type > 0);
  assert_string_equal(tst_js(j, "code"), "HB");
  assert_int_equal(json_array_size(json_object_get(j, "fields")), 0);
  json_decref(j);
}

static void field_create_and_errors(void **state)
{
  int st;
  json_t *j;
  char body[4096];
  size_t n;
  (void)state;
  j = post_field(hb_type, &st,
                 "{\"key\":\"Level\",\"label\":\"级别\",\"type\":\"text\"}");
  tst_expect_err(j, st, 400, "ledger.field_def_key", "key");
  j = post_field(hb_type, &st,
                 "{\"key\":\"level\",\"label\":\"级别\",\"type\":\"colour\"}");
  tst_expect_err(j, st, 400, "ledger.field_def_type", "type");
  j = post_field(hb_type, &st,
                 "{\"key\":\"level\",\"label\":\"\",\"type\":\"text\"}");
  tst_expect_err(j, st, 400, "field.required", "label");
  j = post_field(hb_type, &st,
                 "{\"key\":\"level\",\"label\":\"级别\",\"type\":\"select\"}");
  tst_expect_err(j, st, 400, "ledger.field_def_options", "options");
  j = post_field(hb_type, &st,
                 "{\"key\":\"level\",\"label\":\"级别\",\"type\":\"select\","
                 "\"options\":[\"一级\",\"一级\"]}");
  tst_expect_err(j, st, 400, "ledger.field_def_options", "options");
  j = post_field(hb_type, &st,
                 "{\"key\":\"level\",\"label\":\"级别\",\"type\":\"select\","
                 "\"options\":[\"一级\",\"\"]}");
  tst_expect_err(j, st, 400, "ledger.field_def_options", "options");
  j = post_field(hb_type, &st,
                 "{\"key\":\"level\",\"label\":\"级别\",\"type\":\"text\","
                 "\"options\":[\"一级\"]}");
  tst_expect_err(j, st, 400, "ledger.field_def_options", "options");
  /* an option of 51 characters */
  n = (size_t)snprintf(body, sizeof body,
                       "{\"key\":\"level\",\"label\":\"级别\",\"type\":"
                       "\"select\",\"options\":[\"");
  for (int i = 0; i < 51; i++)
    n += (size_t)snprintf(body + n, sizeof body - n, "级");
  snprintf(body + n, sizeof body - n, "\"]}");
  j = post_field(hb_type, &st, body);
  tst_expect_err(j, st, 400, "ledger.field_def_options", "options");
  /* 101 options */
  n = (size_t)snprintf(body, sizeof body,
                       "{\"key\":\"level\",\"label\":\"级别\",\"type\":"
                       "\"select\",\"options\":[");
  for (int i = 0; i < 101; i++)
    n += (size_t)snprintf(body + n, sizeof body - n, "%s\"o%d\"", i ? "," : "",
                          i);
  snprintf(body + n, sizeof body - n, "]}");
  j = post_field(hb_type, &st, body);
  tst_expect_err(j, st, 400, "ledger.field_def_options", "options");
  j = post_field(hb_type, &st,
                 "{\"key\":\"amount\",\"label\":\"罚款\",\"type\":\"money\","
                 "\"min\":10,\"max\":1}");
  tst_expect_err(j, st, 400, "ledger.field_def_range", "min");
  j = post_field(999999, &st,
                 "{\"key\":\"level\",\"label\":\"级别\",\"type\":\"text\"}");
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = tst_j(srv.port, &lia, "POST", "/api/v1/ledger-types/1/fields", &st,
            "{\"key\":\"level\",\"label\":\"级别\",\"type\":\"text\"}");
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM ledger_field WHERE field_key IN "
                      "('level','amount')"),
      "0");
  /* the good ones */
  j = post_field(
      hb_type, &st,
      "{\"key\":\"level\",\"label\":\"问题级别\",\"type\":\"select\","
      "\"required\":true,\"options\":[\"一级\",\"二级\",\"三级\"]}");
  assert_int_equal(st, 201);
  f_level = field_id(j, "level");
  json_decref(j);
  j = post_field(
      hb_type, &st,
      "{\"key\":\"amount\",\"label\":\"罚款金额\",\"type\":\"money\","
      "\"min\":0}");
  assert_int_equal(st, 201);
  f_amount = field_id(j, "amount");
  assert_int_equal(json_array_size(json_object_get(j, "fields")), 2);
  json_decref(j);
  assert_true(f_level > 0 && f_amount > 0);
  j = post_field(hb_type, &st,
                 "{\"key\":\"level\",\"label\":\"重复\",\"type\":\"text\"}");
  tst_expect_err(j, st, 409, "ledger.field_key_taken", "key");
}

static void items_of_the_new_type(void **state)
{
  int st;
  json_t *j;
  (void)state;
  j = tst_j(
      srv.port, &sup, "POST", "/api/v1/items", &st,
      "{\"type_id\":%lld,\"title\":\"河道排污整改\",\"lead_unit_id\":%lld,"
      "\"due_date\":\"2099-06-30\"}",
      (long long)hb_type, (long long)u_a);
  tst_expect_err(j, st, 400, "ledger.field_required", "fields.level");
  j = tst_j(
      srv.port, &sup, "POST", "/api/v1/items", &st,
      "{\"type_id\":%lld,\"title\":\"河道排污整改\",\"lead_unit_id\":%lld,"
      "\"due_date\":\"2099-06-30\",\"fields\":{\"level\":\"四级\"}}",
      (long long)hb_type, (long long)u_a);
  tst_expect_err(j, st, 400, "ledger.field_bad_option", "fields.level");
  j = tst_j(
      srv.port, &sup, "POST", "/api/v1/items", &st,
      "{\"type_id\":%lld,\"title\":\"河道排污整改\",\"lead_unit_id\":%lld,"
      "\"due_date\":\"2099-06-30\",\"fields\":{\"level\":\"一级\","
      "\"amount\":-5}}",
      (long long)hb_type, (long long)u_a);
  tst_expect_err(j, st, 400, "ledger.field_out_of_range", "fields.amount");
  j = tst_j(
      srv.port, &sup, "POST", "/api/v1/items", &st,
      "{\"type_id\":%lld,\"title\":\"河道排污整改\",\"lead_unit_id\":%lld,"
      "\"due_date\":\"2099-06-30\",\"fields\":{\"level\":\"一级\"}}",
      (long long)hb_type, (long long)u_a);
  assert_int_equal(st, 201);
  item1 = tst_ji(j, "id");
  assert_true(!strncmp(tst_js(j, "code"), "HB-", 3));
  assert_string_equal(tst_js(json_object_get(j, "fields"), "level"), "一级");
  json_decref(j);
}

struct header {
  char text[2048];
};

/* Keeps the first row's cells, joined by '|'. */
static int on_header(void *ctx, long row, const struct xlsx_cell *cells,
                     int n_cells, struct lx_err *err)
{
  struct header *h = ctx;
  (void)err;
  if (row != 1)
    return LX_OK;
  for (int i = 0; i < n_cells; i++) {
    size_t n = strlen(h->text);
    snprintf(h->text + n, sizeof h->text - n, "%s|", cells[i].text);
  }
  return LX_OK;
}

static void field_changes(void **state)
{
  int st;
  json_t *j;
  int64_t cat = 0;
  char path[64];
  (void)state;
  /* 一级 is in use */
  j = field_req("PUT", hb_type, f_level, &st,
                "{\"options\":[\"二级\",\"三级\",\"四级\"]}");
  tst_expect_err(j, st, 409, "ledger.option_in_use", "options");
  j = field_req(
      "PUT", hb_type, f_level, &st,
      "{\"options\":[\"一级\",\"二级\",\"四级\"],\"label\":\"级别\"}");
  assert_int_equal(st, 200);
  json_decref(j);
  assert_string_equal(
      tst_sql(srv.db, "SELECT replace(options, char(10), ',') || '|' || "
                      "label FROM ledger_field WHERE field_key = 'level'"),
      "一级,二级,四级|级别");
  j = field_req("PUT", hb_type, f_level, &st, "{\"key\":\"grade\"}");
  tst_expect_err(j, st, 400, "ledger.field_fixed", "key");
  j = field_req("PUT", hb_type, f_level, &st, "{\"type\":\"text\"}");
  tst_expect_err(j, st, 400, "ledger.field_fixed", "type");
  j = field_req("PUT", hb_type, 999999, &st, "{\"label\":\"x\"}");
  tst_expect_err(j, st, 404, "not_found", NULL);
  /* built-in fields of a built-in type: only the order */
  snprintf(path, sizeof path, "/api/v1/ledger-types/%lld", (long long)ms_type);
  j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
  cat = field_id(j, "category");
  json_decref(j);
  assert_true(cat > 0);
  j = field_req("PUT", ms_type, cat, &st, "{\"label\":\"分类\"}");
  tst_expect_err(j, st, 409, "ledger.field_builtin", NULL);
  j = field_req("DELETE", ms_type, cat, &st, NULL);
  tst_expect_err(j, st, 409, "ledger.field_builtin", NULL);
  j = field_req("PUT", ms_type, cat, &st, "{\"sort\":5}");
  assert_int_equal(st, 200);
  json_decref(j);
  /* an admin-added field of a built-in type may go */
  j = post_field(ms_type, &st,
                 "{\"key\":\"street\",\"label\":\"街道\",\"type\":\"text\"}");
  assert_int_equal(st, 201);
  cat = field_id(j, "street");
  json_decref(j);
  j = field_req("DELETE", ms_type, cat, &st, NULL);
  assert_int_equal(st, 200);
  assert_false(json_is_true(json_object_get(j, "archived")));
  json_decref(j);
  /* unused: deleted; used: archived, value kept */
  j = field_req("DELETE", hb_type, f_amount, &st, NULL);
  assert_int_equal(st, 200);
  assert_false(json_is_true(json_object_get(j, "archived")));
  json_decref(j);
  j = field_req("DELETE", hb_type, f_level, &st, NULL);
  assert_int_equal(st, 200);
  assert_true(json_is_true(json_object_get(j, "archived")));
  json_decref(j);
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM ledger_field WHERE field_key = "
                      "'amount'"),
      "0");
  j = field_req("PUT", hb_type, f_level, &st, "{\"label\":\"x\"}");
  tst_expect_err(j, st, 409, "ledger.field_archived", NULL);
  /* the import template no longer offers it */
  {
    struct tst_resp r;
    struct header h = {""};
    struct lx_err e;
    snprintf(path, sizeof path, "/api/v1/ledger-types/%lld/import-template",
             (long long)hb_type);
    assert_int_equal(
        tst_call(srv.port, "GET", path, sup.cookie, sup.csrf, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(
        xlsx_read_mem(r.body, r.body_len, NULL, NULL, on_header, &h, NULL, &e),
        LX_OK);
    tst_resp_free(&r);
    assert_non_null(strstr(h.text, "标题"));
    assert_null(strstr(h.text, "级别"));
  }
  /* no longer required, no longer accepted; the old value stays */
  j = tst_j(srv.port, &sup, "POST", "/api/v1/items", &st,
            "{\"type_id\":%lld,\"title\":\"第二项\",\"lead_unit_id\":%lld,"
            "\"due_date\":\"2099-06-30\",\"fields\":{\"level\":\"一级\"}}",
            (long long)hb_type, (long long)u_a);
  tst_expect_err(j, st, 400, "ledger.field_unknown", "fields");
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)item1);
  j = tst_j(srv.port, &sup, "PUT", path, &st,
            "{\"title\":\"河道排污整改（修订）\",\"fields\":{}}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(json_object_get(j, "fields"), "level"), "一级");
  json_decref(j);
}

static void type_changes(void **state)
{
  int st;
  json_t *j;
  char path[64];
  (void)state;
  snprintf(path, sizeof path, "/api/v1/ledger-types/%lld", (long long)hb_type);
  j = tst_j(srv.port, &sup, "PUT", path, &st, "{\"code\":\"HJ\"}");
  tst_expect_err(j, st, 409, "ledger.type_code_fixed", "code");
  j = tst_j(srv.port, &sup, "PUT", path, &st, "{\"name\":\"民生实事\"}");
  tst_expect_err(j, st, 409, "ledger.type_name_taken", "name");
  j = tst_j(srv.port, &sup, "PUT", path, &st,
            "{\"name\":\"环保督察问题\",\"sort\":1}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "name"), "环保督察问题");
  assert_int_equal(tst_ji(j, "sort"), 1);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/ledger-types/%lld", (long long)ms_type);
  j = tst_j(srv.port, &sup, "PUT", path, &st, "{\"name\":\"民生\"}");
  tst_expect_err(j, st, 409, "ledger.type_builtin", "name");
  j = tst_j(srv.port, &sup, "PUT", path, &st,
            "{\"description\":\"为民办实事项目\"}");
  assert_int_equal(st, 200);
  json_decref(j);
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/ledger-types/999999", &st,
            "{\"name\":\"无\"}");
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = tst_j(srv.port, &lia, "PUT", path, &st, "{\"sort\":3}");
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE action LIKE "
                      "'ledger_type.%' OR action LIKE 'ledger_field.%'"),
      "11");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(type_create_and_errors),
      cmocka_unit_test(field_create_and_errors),
      cmocka_unit_test(items_of_the_new_type),
      cmocka_unit_test(field_changes),
      cmocka_unit_test(type_changes),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
