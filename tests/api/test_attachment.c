/*
 * test_attachment.c — attachments (附件), closure evidence and comments
 * over real HTTP.  Uploads of every accepted type (PDF, PNG, JPEG, GIF,
 * WebP, docx, xlsx, pptx, doc/wps, xls, ppt) keep the sniffed mime; HTML
 * named .pdf, an executable named .docx, SVG, a plain zip and text are
 * refused (415 attachment.bad_type) and nothing is stored; empty bodies,
 * bad purposes and badly encoded names are 400; names are sanitised and
 * get the right extension.  Downloads carry the sniffed type, an
 * attachment disposition with the UTF-8 name and nosniff; the same bytes
 * uploaded twice are one file on disk.  Scope: another unit's liaison gets
 * 404 for list, upload and download, a member (no ledger.read) 403, the
 * leader reads but may not upload.  Progress reports link attachments
 * (another item's, someone else's, an item document, already linked,
 * duplicated → 400 and nothing saved).  Closure needs evidence
 * (ledger.evidence_required); a closed item takes no more files.  Comments
 * (happy path, blank, too long, out of scope).  An upload over upload_max
 * is answered 413 with a JSON error.  Teardown runs `luoshi audit verify`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tst_admin.h"
#include "tst_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PW_ADMIN "Xt#2026-passwd!"
#define PW_USER "Attach#2026x!"
#define UPLOAD_MAX 65536

static struct tst_server srv;
static struct tst_who sys1, sup, lia_a, lia_b, lead, mem;
static int64_t u_a, u_b, ms_type, item, item2, item_b, att_pdf;

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

static int64_t mk_item(const char *title, int64_t unit)
{
  int st;
  json_t *j = tst_j(srv.port, &sup, "POST", "/api/v1/items", &st,
                    "{\"type_id\":%lld,\"title\":\"%s\",\"lead_unit_id\":%lld,"
                    "\"start_date\":\"2000-01-01\",\"due_date\":\"2099-12-31\","
                    "\"fields\":{\"category\":\"养老\"}}",
                    (long long)ms_type, title, (long long)unit);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static int move(struct tst_who *w, int64_t id, const char *action)
{
  int st;
  char path[80];
  json_t *j;
  snprintf(path, sizeof path, "/api/v1/items/%lld/transition", (long long)id);
  j = tst_j(srv.port, w, "POST", path, &st, "{\"action\":\"%s\"}", action);
  json_decref(j);
  return st;
}

/* POST the raw bytes as an attachment; name is sent as given (already
 * percent-encoded) unless NULL.  Returns the parsed answer. */
static json_t *upload(const struct tst_who *w, int64_t id, const char *purpose,
                      const char *name, const void *data, size_t len, int *st)
{
  char head[1024];
  size_t hl;
  char *req;
  json_t *j;
  hl = (size_t)snprintf(
      head, sizeof head,
      "POST /api/v1/items/%lld/attachments%s%s HTTP/1.1\r\n"
      "Host: 127.0.0.1\r\nConnection: close\r\nCookie: %s\r\n"
      "X-CSRF-Token: %s\r\nContent-Type: application/octet-stream\r\n"
      "%s%s%sContent-Length: %zu\r\n\r\n",
      (long long)id, purpose ? "?purpose=" : "", purpose ? purpose : "",
      w->cookie, w->csrf, name ? "X-File-Name: " : "", name ? name : "",
      name ? "\r\n" : "", len);
  req = malloc(hl + len);
  memcpy(req, head, hl);
  if (len)
    memcpy(req + hl, data, len);
  tst_resp_free(&tst_last);
  if (tst_raw(srv.port, req, hl + len, 10000, &tst_last) != 0)
    fail_msg("upload: no answer");
  free(req);
  *st = tst_last.status;
  j = json_loads(tst_last.body ? tst_last.body : "", 0, NULL);
  return j;
}

static int64_t upload_ok(const struct tst_who *w, int64_t id,
                         const char *purpose, const char *name,
                         unsigned char *(*make)(size_t *))
{
  size_t n;
  int st;
  unsigned char *b = make(&n);
  json_t *j = upload(w, id, purpose, name, b, n, &st);
  int64_t aid = tst_ji(j, "id");
  free(b);
  if (st != 201)
    fail_msg("upload %s: %d %s", name, st, tst_last.body);
  json_decref(j);
  return aid;
}

static const char *count(const char *sql)
{
  static char buf[64];
  const char *v = tst_sql(srv.db, sql);
  snprintf(buf, sizeof buf, "%s", v ? v : "");
  return buf;
}

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off",
                                      "--upload-max", "65536", NULL};
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
  u_a = mk_unit("民政局");
  u_b = mk_unit("教育局");
  if (!u_a || !u_b)
    return -1;
  /* built-in role ids: supervisor 4, leader 5, liaison 6, member 8 */
  if (tst_make_user(srv.port, &sys1, "sup1", "督查员", 1, 0,
                    "[{\"role_id\":4,\"scope\":\"all\"}]", PW_USER,
                    &sup) <= 0 ||
      tst_make_user(srv.port, &sys1, "lia_a", "民政联络员", u_a, 0,
                    "[{\"role_id\":6,\"scope\":\"unit\"}]", PW_USER,
                    &lia_a) <= 0 ||
      tst_make_user(srv.port, &sys1, "lia_b", "教育联络员", u_b, 0,
                    "[{\"role_id\":6,\"scope\":\"unit\"}]", PW_USER,
                    &lia_b) <= 0 ||
      tst_make_user(srv.port, &sys1, "lead1", "区领导", 1, 0,
                    "[{\"role_id\":5,\"scope\":\"all\"}]", PW_USER,
                    &lead) <= 0 ||
      tst_make_user(srv.port, &sys1, "mem1", "党员甲", u_a, 0,
                    "[{\"role_id\":8,\"scope\":\"self\"}]", PW_USER, &mem) <= 0)
    return -1;
  j = tst_j(srv.port, &sup, "GET", "/api/v1/ledger-types", &st, NULL);
  items = json_object_get(j, "items");
  json_array_foreach(items, i, it) if (!strcmp(tst_js(it, "code"), "MS"))
      ms_type = tst_ji(it, "id");
  json_decref(j);
  item = mk_item("社区养老服务中心", u_a);
  item2 = mk_item("老年食堂", u_a);
  item_b = mk_item("学校改造", u_b);
  if (!ms_type || !item || !item2 || !item_b ||
      move(&sup, item, "issue") != 200 || move(&lia_a, item, "sign") != 200 ||
      move(&sup, item2, "issue") != 200 || move(&lia_a, item2, "sign") != 200 ||
      move(&sup, item_b, "issue") != 200)
    return -1;
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

static unsigned char *mk_docx(size_t *n)
{
  return tf_ooxml("word", n);
}
static unsigned char *mk_xlsx(size_t *n)
{
  return tf_ooxml("xl", n);
}
static unsigned char *mk_pptx(size_t *n)
{
  return tf_ooxml("ppt", n);
}
static unsigned char *mk_doc(size_t *n)
{
  return tf_ole2("WordDocument", n);
}
static unsigned char *mk_xls(size_t *n)
{
  return tf_ole2("Workbook", n);
}
static unsigned char *mk_ppt(size_t *n)
{
  return tf_ole2("PowerPoint Document", n);
}

/* %E7%8E%B0%E5%9C%BA = 现场, %E9%80%9A%E7%9F%A5 = 通知 */
static void each_allowed_type(void **state)
{
  static const struct {
    unsigned char *(*make)(size_t *);
    const char *name, *mime, *stored;
  } cases[] = {
      {tf_pdf, "%E9%80%9A%E7%9F%A5.pdf", "application/pdf", "通知.pdf"},
      {tf_png, "%E7%8E%B0%E5%9C%BA.png", "image/png", "现场.png"},
      {tf_jpeg, "%E7%8E%B0%E5%9C%BA.JPEG", "image/jpeg", "现场.JPEG"},
      {tf_gif, "a.gif", "image/gif", "a.gif"},
      {tf_webp, "photo", "image/webp", "photo.webp"},
      {mk_docx, "plan.docx",
       "application/"
       "vnd.openxmlformats-officedocument.wordprocessingml.document",
       "plan.docx"},
      {mk_xlsx, "sheet.xlsx",
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
       "sheet.xlsx"},
      {mk_pptx, "slides.pptx",
       "application/"
       "vnd.openxmlformats-officedocument.presentationml.presentation",
       "slides.pptx"},
      {mk_doc, "%E9%80%9A%E7%9F%A5.wps", "application/msword", "通知.wps"},
      {mk_xls, "old.xls", "application/vnd.ms-excel", "old.xls"},
      {mk_ppt, "old.ppt", "application/vnd.ms-powerpoint", "old.ppt"},
      /* sanitised: path dropped, wrong extension followed by the right one */
      {tf_pdf, "..%2F..%2Fetc%2Fpasswd", "application/pdf", "passwd.pdf"},
      {tf_pdf, "C%3A%5Cdocs%5C%E6%8A%A5%E5%91%8A.exe", "application/pdf",
       "报告.exe.pdf"},
      {tf_pdf, "a%0D%0Ab%22c.pdf", "application/pdf", "abc.pdf"},
      {tf_pdf, NULL, "application/pdf", "附件.pdf"},
  };
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t n;
    int st;
    unsigned char *b = cases[i].make(&n);
    json_t *j = upload(&lia_a, item, "item", cases[i].name, b, n, &st);
    free(b);
    if (st != 201)
      fail_msg("%s: %d %s", cases[i].name, st, tst_last.body);
    assert_string_equal(tst_js(j, "mime"), cases[i].mime);
    assert_string_equal(tst_js(j, "filename"), cases[i].stored);
    assert_string_equal(tst_js(j, "purpose"), "item");
    assert_int_equal(tst_ji(j, "size"), (int64_t)n);
    assert_string_equal(tst_js(j, "uploader_name"), "民政联络员");
    assert_true(json_is_null(json_object_get(j, "progress_id")));
    if (i == 0)
      att_pdf = tst_ji(j, "id");
    json_decref(j);
  }
  assert_string_equal(count("SELECT count(*) FROM attachment"), "15");
  assert_string_equal(
      count("SELECT count(*) FROM audit_log WHERE action = 'item.attach'"),
      "15");
  assert_string_equal(
      count("SELECT count(*) FROM item_event WHERE action = 'attach'"), "15");
}

static unsigned char *mk_html(size_t *n)
{
  return tf_text("<!DOCTYPE html><html><script>alert(1)</script></html>", n);
}
static unsigned char *mk_svg(size_t *n)
{
  return tf_text("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x()\"/>",
                 n);
}
static unsigned char *mk_zip(size_t *n)
{
  static const char *const names[] = {"readme.txt"};
  return tf_zip(names, 1, n);
}
static unsigned char *mk_txt(size_t *n)
{
  return tf_text("纯文本内容\n", n);
}

static void refused(void **state)
{
  static const struct {
    unsigned char *(*make)(size_t *);
    const char *name;
  } cases[] = {
      {mk_html, "report.pdf"}, {tf_exe, "plan.docx"}, {mk_svg, "logo.png"},
      {mk_zip, "data.xlsx"},   {mk_txt, "note.doc"},
  };
  const char *before = NULL;
  char keep[64];
  size_t n;
  int st;
  unsigned char *b;
  json_t *j;
  (void)state;
  before = count("SELECT count(*) FROM attachment");
  snprintf(keep, sizeof keep, "%s", before);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    b = cases[i].make(&n);
    j = upload(&lia_a, item, "item", cases[i].name, b, n, &st);
    free(b);
    if (!j || !strstr(tst_last.body, "PDF"))
      fail_msg("%s: the message must name the allowed types: %s", cases[i].name,
               tst_last.body);
    tst_expect_err(j, st, 415, "attachment.bad_type", "file");
  }
  /* empty, purpose missing or wrong, bad name encoding */
  j = upload(&lia_a, item, "item", "a.pdf", "", 0, &st);
  tst_expect_err(j, st, 400, "attachment.empty", "file");
  b = tf_pdf(&n);
  j = upload(&lia_a, item, NULL, "a.pdf", b, n, &st);
  tst_expect_err(j, st, 400, "attachment.purpose_invalid", "purpose");
  j = upload(&lia_a, item, "photo", "a.pdf", b, n, &st);
  tst_expect_err(j, st, 400, "attachment.purpose_invalid", "purpose");
  j = upload(&lia_a, item, "item", "a%ZZ.pdf", b, n, &st);
  tst_expect_err(j, st, 400, "attachment.bad_name", "X-File-Name");
  j = upload(&lia_a, item, "item", "%FF%FE.pdf", b, n, &st);
  tst_expect_err(j, st, 400, "attachment.bad_name", "X-File-Name");
  j = upload(&lia_a, item, "item", "a%00.pdf", b, n, &st);
  tst_expect_err(j, st, 400, "attachment.bad_name", "X-File-Name");
  free(b);
  assert_string_equal(count("SELECT count(*) FROM attachment"), keep);
}

static void download_and_dedup(void **state)
{
  char path[80], h[600], file[1400];
  size_t n;
  int st;
  unsigned char *b = tf_pdf(&n);
  json_t *j;
  struct stat sb;
  const char *sha;
  (void)state;
  snprintf(path, sizeof path, "/api/v1/attachments/%lld", (long long)att_pdf);
  j = tst_j(srv.port, &lia_a, "GET", path, &st, NULL);
  json_decref(j);
  assert_int_equal(st, 200);
  assert_int_equal(tst_last.body_len, n);
  assert_memory_equal(tst_last.body, b, n);
  assert_string_equal(tst_header(&tst_last, "Content-Type", h, sizeof h),
                      "application/pdf");
  assert_string_equal(
      tst_header(&tst_last, "X-Content-Type-Options", h, sizeof h), "nosniff");
  tst_header(&tst_last, "Content-Disposition", h, sizeof h);
  assert_non_null(strstr(h, "attachment;"));
  assert_non_null(strstr(h, "filename*=UTF-8''%E9%80%9A%E7%9F%A5.pdf"));
  /* the leader (scope all) reads it too */
  j = tst_j(srv.port, &lead, "GET", path, &st, NULL);
  json_decref(j);
  assert_int_equal(st, 200);
  /* the same bytes again (evidence this time): a second row, one file */
  j = upload(&lia_a, item, "evidence", "again.pdf", b, n, &st);
  assert_int_equal(st, 201);
  sha = tst_js(j, "sha256");
  assert_non_null(sha);
  /* 通知.pdf, passwd.pdf, 报告.exe.pdf, abc.pdf, 附件.pdf, again.pdf */
  assert_string_equal(count("SELECT count(*) FROM attachment WHERE sha256 = "
                            "(SELECT sha256 FROM attachment WHERE id = 1)"),
                      "6");
  snprintf(file, sizeof file, "%s.files/%.2s/%.2s/%s", srv.db, sha, sha + 2,
           sha);
  assert_int_equal(stat(file, &sb), 0);
  assert_int_equal((size_t)sb.st_size, n);
  json_decref(j);
  /* one file per distinct digest, nothing else (no temporary files) */
  snprintf(file, sizeof file,
           "test $(find '%s.files' -type f | wc -l) -eq "
           "$(sqlite3 '%s' 'SELECT count(DISTINCT sha256) FROM attachment')",
           srv.db, srv.db);
  assert_int_equal(system(file), 0);
  free(b);
}

static void scope(void **state)
{
  char path[80];
  size_t n;
  int st;
  unsigned char *b = tf_pdf(&n);
  json_t *j;
  (void)state;
  snprintf(path, sizeof path, "/api/v1/items/%lld/attachments",
           (long long)item);
  j = tst_j(srv.port, &lia_a, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 16);
  json_decref(j);
  j = tst_j(srv.port, &lia_b, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = tst_j(srv.port, &mem, "GET", path, &st, NULL);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  snprintf(path, sizeof path, "/api/v1/attachments/%lld", (long long)att_pdf);
  j = tst_j(srv.port, &lia_b, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = tst_j(srv.port, &mem, "GET", path, &st, NULL);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = tst_j(srv.port, &lia_a, "GET", "/api/v1/attachments/999999", &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  /* uploads: another unit 404, the leader 403, a member 403 */
  j = upload(&lia_b, item, "item", "x.pdf", b, n, &st);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = upload(&lead, item, "item", "x.pdf", b, n, &st);
  tst_expect_err(j, st, 403, "attachment.forbidden", NULL);
  j = upload(&mem, item, "item", "x.pdf", b, n, &st);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  /* 督查室 may upload anywhere; unit B's liaison to its own item */
  j = upload(&sup, item_b, "item", "x.pdf", b, n, &st);
  assert_int_equal(st, 201);
  json_decref(j);
  j = upload(&lia_b, item_b, "item", "x.pdf", b, n, &st);
  assert_int_equal(st, 201);
  json_decref(j);
  free(b);
}

static json_t *report(struct tst_who *w, int64_t id, int *st, const char *body)
{
  char path[80];
  snprintf(path, sizeof path, "/api/v1/items/%lld/progress", (long long)id);
  return tst_j(srv.port, w, "POST", path, st, "%s", body);
}

static void progress_links(void **state)
{
  int64_t p1, p2, other_item, by_sup, doc, rep;
  char body[256];
  int st;
  json_t *j, *atts, *items;
  (void)state;
  p1 = upload_ok(&lia_a, item, "progress", "p1.pdf", tf_pdf);
  p2 = upload_ok(&lia_a, item, "progress", "p2.png", tf_png);
  other_item = upload_ok(&lia_a, item2, "progress", "o.pdf", tf_pdf);
  by_sup = upload_ok(&sup, item, "progress", "s.pdf", tf_pdf);
  doc = upload_ok(&lia_a, item, "item", "d.pdf", tf_pdf);
  {
    const int64_t bad[] = {other_item, by_sup, doc, 999999};
    const char *codes[] = {"attachment.link_invalid", "attachment.link_invalid",
                           "attachment.link_invalid",
                           "attachment.link_invalid"};
    for (size_t i = 0; i < 4; i++) {
      snprintf(body, sizeof body,
               "{\"text\":\"进展\",\"percent\":20,\"attachment_ids\":[%lld]}",
               (long long)bad[i]);
      j = report(&lia_a, item, &st, body);
      tst_expect_err(j, st, 400, codes[i], "attachment_ids[0]");
    }
  }
  snprintf(body, sizeof body,
           "{\"text\":\"进展\",\"percent\":20,\"attachment_ids\":[%lld,%lld]}",
           (long long)p1, (long long)p1);
  j = report(&lia_a, item, &st, body);
  tst_expect_err(j, st, 400, "attachment.link_invalid", "attachment_ids[1]");
  /* a good id followed by a bad one: nothing linked, no report */
  snprintf(body, sizeof body,
           "{\"text\":\"进展\",\"percent\":20,\"attachment_ids\":[%lld,%lld]}",
           (long long)p1, (long long)by_sup);
  j = report(&lia_a, item, &st, body);
  tst_expect_err(j, st, 400, "attachment.link_invalid", "attachment_ids[1]");
  j = report(&lia_a, item, &st,
             "{\"text\":\"进展\",\"percent\":20,\"attachment_ids\":\"1\"}");
  tst_expect_err(j, st, 400, "field.type", "attachment_ids");
  j = report(&lia_a, item, &st,
             "{\"text\":\"进展\",\"percent\":20,\"attachment_ids\":[0]}");
  tst_expect_err(j, st, 400, "field.type", "attachment_ids[0]");
  assert_string_equal(count("SELECT count(*) FROM item_progress"), "0");
  assert_string_equal(
      count("SELECT count(*) FROM attachment WHERE progress_id IS NOT NULL"),
      "0");
  assert_string_equal(count("SELECT state FROM ledger_item WHERE id = 1"),
                      "signed");
  /* the good report */
  snprintf(
      body, sizeof body,
      "{\"text\":\"选址完成\",\"percent\":20,\"attachment_ids\":[%lld,%lld]}",
      (long long)p1, (long long)p2);
  j = report(&lia_a, item, &st, body);
  assert_int_equal(st, 201);
  rep = tst_ji(j, "id");
  atts = json_object_get(j, "attachments");
  assert_int_equal(json_array_size(atts), 2);
  assert_int_equal(tst_ji(json_array_get(atts, 0), "id"), p1);
  assert_int_equal(tst_ji(json_array_get(atts, 0), "progress_id"), rep);
  assert_string_equal(tst_js(json_array_get(atts, 1), "filename"), "p2.png");
  json_decref(j);
  /* already linked */
  snprintf(body, sizeof body,
           "{\"text\":\"再报\",\"percent\":30,\"attachment_ids\":[%lld]}",
           (long long)p1);
  j = report(&lia_a, item, &st, body);
  tst_expect_err(j, st, 400, "attachment.link_invalid", "attachment_ids[0]");
  /* the list shows each report's attachments */
  snprintf(body, sizeof body, "/api/v1/items/%lld/progress", (long long)item);
  j = tst_j(srv.port, &sup, "GET", body, &st, NULL);
  assert_int_equal(st, 200);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 1);
  assert_int_equal(
      json_array_size(json_object_get(json_array_get(items, 0), "attachments")),
      2);
  json_decref(j);
  snprintf(body, sizeof body, "/api/v1/items/%lld/progress/%lld/review",
           (long long)item, (long long)rep);
  j = tst_j(srv.port, &sup, "POST", body, &st, "{\"decision\":\"approve\"}");
  assert_int_equal(st, 200);
  json_decref(j);
}

static void closure_needs_evidence(void **state)
{
  char path[80];
  int st;
  size_t n;
  unsigned char *b;
  json_t *j;
  (void)state;
  /* item2 is in progress after a report, and has no evidence */
  j = report(&lia_a, item2, &st, "{\"text\":\"完成\",\"percent\":100}");
  assert_int_equal(st, 201);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/items/%lld/transition",
           (long long)item2);
  j = tst_j(srv.port, &lia_a, "POST", path, &st,
            "{\"action\":\"request_close\"}");
  tst_expect_err(j, st, 400, "ledger.evidence_required", NULL);
  /* a progress attachment is not evidence */
  upload_ok(&lia_a, item2, "progress", "p.pdf", tf_pdf);
  j = tst_j(srv.port, &lia_a, "POST", path, &st,
            "{\"action\":\"request_close\"}");
  tst_expect_err(j, st, 400, "ledger.evidence_required", NULL);
  upload_ok(&lia_a, item2, "evidence", "%E4%BD%90%E8%AF%81.pdf", tf_pdf);
  assert_int_equal(move(&lia_a, item2, "request_close"), 200);
  assert_int_equal(move(&sup, item2, "close"), 200);
  b = tf_pdf(&n);
  j = upload(&lia_a, item2, "evidence", "late.pdf", b, n, &st);
  tst_expect_err(j, st, 409, "attachment.item_closed", "state");
  free(b);
}

static void comments(void **state)
{
  char path[80], *longtext;
  int st;
  json_t *j, *items;
  (void)state;
  snprintf(path, sizeof path, "/api/v1/items/%lld/comments", (long long)item);
  j = tst_j(srv.port, &lia_a, "POST", path, &st,
            "{\"text\":\"已与街道对接场地\"}");
  assert_int_equal(st, 201);
  assert_string_equal(tst_js(j, "text"), "已与街道对接场地");
  assert_string_equal(tst_js(j, "author_name"), "民政联络员");
  json_decref(j);
  j = tst_j(srv.port, &lead, "POST", path, &st, "{\"text\":\"请加快进度\"}");
  assert_int_equal(st, 201);
  json_decref(j);
  j = tst_j(srv.port, &lia_a, "POST", path, &st, "{\"text\":\"  \"}");
  tst_expect_err(j, st, 400, "field.required", "text");
  j = tst_j(srv.port, &lia_a, "POST", path, &st, "{}");
  tst_expect_err(j, st, 400, "field.required", "text");
  j = tst_j(srv.port, &lia_a, "POST", path, &st, "{\"text\":5}");
  tst_expect_err(j, st, 400, "field.type", "text");
  longtext = malloc(2001 * 3 + 1);
  for (int i = 0; i < 2001; i++)
    memcpy(longtext + 3 * i, "字", 3);
  longtext[2001 * 3] = 0;
  j = tst_j(srv.port, &lia_a, "POST", path, &st, "{\"text\":\"%s\"}", longtext);
  tst_expect_err(j, st, 400, "field.too_long", "text");
  longtext[2000 * 3] = 0; /* exactly 2000: fine */
  j = tst_j(srv.port, &lia_a, "POST", path, &st, "{\"text\":\"%s\"}", longtext);
  assert_int_equal(st, 201);
  json_decref(j);
  free(longtext);
  j = tst_j(srv.port, &lia_b, "POST", path, &st, "{\"text\":\"越权\"}");
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = tst_j(srv.port, &lia_b, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = tst_j(srv.port, &mem, "POST", path, &st, "{\"text\":\"党员\"}");
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 3);
  assert_string_equal(tst_js(json_array_get(items, 0), "text"),
                      "已与街道对接场地");
  assert_string_equal(tst_js(json_array_get(items, 1), "author_name"),
                      "区领导");
  json_decref(j);
  assert_string_equal(
      count("SELECT count(*) FROM item_event WHERE action = 'comment'"), "3");
  assert_string_equal(
      count("SELECT count(*) FROM audit_log WHERE action = 'item.comment'"),
      "3");
  /* the item's timeline shows them with a label */
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)item);
  j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
  assert_non_null(strstr(tst_last.body, "\"action_label\":\"评论\""));
  assert_non_null(strstr(tst_last.body, "\"action_label\":\"上传附件\""));
  json_decref(j);
}

static void over_limit(void **state)
{
  size_t n = UPLOAD_MAX + 4096;
  unsigned char *b = calloc(1, n);
  int st;
  json_t *j;
  char keep[64];
  (void)state;
  snprintf(keep, sizeof keep, "%s", count("SELECT count(*) FROM attachment"));
  memcpy(b, "%PDF-1.4\n", 9);
  j = upload(&lia_a, item, "item", "big.pdf", b, n, &st);
  free(b);
  assert_int_equal(st, 413);
  assert_non_null(j);
  assert_non_null(json_object_get(j, "error"));
  assert_non_null(tst_js(json_object_get(j, "error"), "message"));
  json_decref(j);
  assert_string_equal(count("SELECT count(*) FROM attachment"), keep);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(each_allowed_type),
      cmocka_unit_test(refused),
      cmocka_unit_test(download_and_dedup),
      cmocka_unit_test(scope),
      cmocka_unit_test(progress_links),
      cmocka_unit_test(closure_needs_evidence),
      cmocka_unit_test(comments),
      cmocka_unit_test(over_limit),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
