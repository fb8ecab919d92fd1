/*
 * test_attachment_name.c — domain/ledger/attachment.c's stored file names
 * (ledger_attachment_name), table-driven: percent-decoding, path parts
 * dropped (/ and \), control and shell/header characters removed, dots and
 * spaces trimmed, the extension kept only when it names the sniffed type
 * (else the canonical one appended), the length cap on a character
 * boundary, empty names; and the refusals (bad escape, %00, invalid
 * UTF-8).  Also the purpose vocabulary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/utf8.h"
#include "domain/ledger/attachment.h"
#include "io/sniff.h"
#include "tst_files.h"

struct name_case {
  const char *raw;
  int word;         /* 0: the file is a PDF, 1: a legacy Word file */
  const char *want; /* NULL = refused with attachment.bad_name */
};

static const struct name_case cases[] = {
    {"report.pdf", 0, "report.pdf"},
    {NULL, 0, "附件.pdf"},
    {"", 0, "附件.pdf"},
    {".pdf", 0, "附件.pdf"},
    {"%E6%8A%A5%E5%91%8A.pdf", 0, "报告.pdf"},
    {"..%2F..%2Fetc%2Fpasswd", 0, "passwd.pdf"},
    {"C%3A%5Cdocs%5Cplan.PDF", 0, "plan.PDF"},
    {"x.exe", 0, "x.exe.pdf"},
    {"page.html", 0, "page.html.pdf"},
    {"trailing.pdf.%20.%20", 0, "trailing.pdf"},
    {"%20%20lead.pdf", 0, "lead.pdf"},
    {"a%3Cb%3Ec%3Ad%7Ce%3Ff*g%22%3Bh.pdf", 0, "abcdefgh.pdf"},
    {"a%0D%0AContent-Type%3A%20x.pdf", 0, "aContent-Type x.pdf"},
    {"%E9%80%9A%E7%9F%A5.wps", 1, "通知.wps"},
    {"%E9%80%9A%E7%9F%A5.doc", 1, "通知.doc"},
    {"notice.docx", 1, "notice.docx.doc"},
    {"a%ZZ.pdf", 0, NULL},
    {"a%2", 0, NULL},
    {"a%00b.pdf", 0, NULL},
    {"%FF%FE.pdf", 0, NULL},
    {"%C3%28.pdf", 0, NULL},
};

static void test_names(void **state)
{
  size_t n;
  unsigned char *b = tf_pdf(&n);
  const struct sniff_type *pdf = sniff_detect(b, n), *doc;
  (void)state;
  free(b);
  b = tf_ole2("WordDocument", &n);
  doc = sniff_detect(b, n);
  free(b);
  assert_non_null(pdf);
  assert_non_null(doc);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct arena *a = arena_new();
    struct lx_err err = {0};
    const char *out = NULL;
    int rc = ledger_attachment_name(a, cases[i].raw, cases[i].word ? doc : pdf,
                                    &out, &err);
    if (!cases[i].want) {
      if (rc != LX_EINVAL || strcmp(err.code, "attachment.bad_name"))
        fail_msg("「%s」: want bad_name, got rc %d「%s」", cases[i].raw, rc,
                 out ? out : "");
    } else if (rc != LX_OK || strcmp(out, cases[i].want)) {
      fail_msg("「%s」: got rc %d「%s」, want「%s」",
               cases[i].raw ? cases[i].raw : "(null)", rc, out ? out : "",
               cases[i].want);
    }
    arena_free(a);
  }
}

/* 300 characters: cut on a character boundary, the extension appended,
 * at most LEDGER_ATTACH_NAME_MAX characters in all. */
static void test_long(void **state)
{
  struct arena *a = arena_new();
  struct lx_err err = {0};
  char raw[300 * 9 + 16] = "";
  const char *out = NULL;
  size_t n;
  unsigned char *b = tf_pdf(&n);
  const struct sniff_type *pdf = sniff_detect(b, n);
  (void)state;
  free(b);
  for (int i = 0; i < 300; i++)
    strcat(raw, "%E5%AD%97"); /* 字 */
  strcat(raw, ".pdf");
  assert_int_equal(ledger_attachment_name(a, raw, pdf, &out, &err), LX_OK);
  assert_true(utf8_valid(out, strlen(out)));
  assert_true(utf8_len(out) <= LEDGER_ATTACH_NAME_MAX);
  assert_int_equal(utf8_len(out), LEDGER_ATTACH_NAME_MAX - 6 + 4);
  assert_string_equal(out + strlen(out) - 4, ".pdf");
  arena_free(a);
}

static void test_purposes(void **state)
{
  (void)state;
  assert_true(ledger_attachment_purpose_ok("item"));
  assert_true(ledger_attachment_purpose_ok("progress"));
  assert_true(ledger_attachment_purpose_ok("evidence"));
  assert_false(ledger_attachment_purpose_ok("Evidence"));
  assert_false(ledger_attachment_purpose_ok(""));
  assert_false(ledger_attachment_purpose_ok(NULL));
  assert_string_equal(ledger_attachment_purpose_label("evidence"), "佐证材料");
  assert_string_equal(ledger_attachment_purpose_label("x"), "");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_names),
      cmocka_unit_test(test_long),
      cmocka_unit_test(test_purposes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
