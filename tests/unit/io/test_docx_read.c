/*
 * test_docx_read.c — io/docx_read.c: Word documents built here with
 * libzip (never committed) read into paragraphs with heading levels
 * (Heading1, 标题 2, the numeric ids Chinese Word uses, outline levels,
 * Title), text runs joined, tabs and breaks, tables; Markdown out with the
 * title taken from the first heading and syntax characters escaped.
 * Refusals: not a zip, a zip without word/document.xml, a zip bomb (an
 * entry inflating far beyond the ratio limit), too many entries, a
 * DOCTYPE/entity (billion laughs), broken XML.  Text files: UTF-8 with a
 * BOM, GB18030 converted, binary refused, Markdown title from the first
 * heading.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "io/docx_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#define W_NS                                                                   \
  "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

/* Builds a zip of n (name, content) pairs in memory.  Returns malloc'd. */
static unsigned char *mkzip(const char *const *parts, int n, size_t *out_len)
{
  char path[] = "/tmp/luoshi-docx-XXXXXX";
  int fd = mkstemp(path), err = 0;
  zip_t *z;
  FILE *f;
  unsigned char *buf;
  long len;
  assert_true(fd >= 0);
  close(fd);
  z = zip_open(path, ZIP_TRUNCATE, &err);
  assert_non_null(z);
  for (int i = 0; i < n; i++) {
    zip_source_t *s =
        zip_source_buffer(z, parts[2 * i + 1], strlen(parts[2 * i + 1]), 0);
    assert_true(zip_file_add(z, parts[2 * i], s, ZIP_FL_ENC_UTF_8) >= 0);
  }
  assert_int_equal(zip_close(z), 0);
  f = fopen(path, "rb");
  fseek(f, 0, SEEK_END);
  len = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = malloc((size_t)len);
  assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
  fclose(f);
  unlink(path);
  *out_len = (size_t)len;
  return buf;
}

static unsigned char *mkdocx(const char *body_xml, size_t *out_len)
{
  static char doc[1 << 20];
  const char *parts[4];
  snprintf(doc, sizeof doc,
           "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
           "<w:document " W_NS "><w:body>%s</w:body></w:document>",
           body_xml);
  parts[0] = "[Content_Types].xml";
  parts[1] = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas."
             "openxmlformats.org/package/2006/content-types\"/>";
  parts[2] = "word/document.xml";
  parts[3] = doc;
  return mkzip(parts, 2, out_len);
}

#define P(style, text)                                                         \
  "<w:p><w:pPr><w:pStyle w:val=\"" style "\"/></w:pPr><w:r><w:t>" text         \
  "</w:t></w:r></w:p>"
#define PLAIN(text) "<w:p><w:r><w:t>" text "</w:t></w:r></w:p>"

static void test_paragraphs(void **state)
{
  struct arena *a = arena_new();
  struct docx_para *ps;
  int n;
  size_t len;
  unsigned char *d = mkdocx(
      P("Heading1", "学习党史") P("2", "第一章") PLAIN(
          "正文一") "<w:p><w:r><w:t>分</w:t></w:r><w:r><w:t "
                    "xml:space=\"preserve\">开 "
                    "</w:t></w:r><w:r><w:tab/><w:t>运行</w:t></w:r></w:p>"
                    "<w:p><w:pPr><w:outlineLvl "
                    "w:val=\"2\"/></w:pPr><w:r><w:t>大纲三级"
                    "</w:t></w:r></w:p>" P("标题 4", "四级") P("Title", "题目")
                        P("Normal", "普通") "<w:tbl><w:tr><w:tc>" PLAIN(
                            "单元格") "</w:tc></w:tr></w:tbl>"
                                      "<w:p><w:r><w:t>前</w:t><w:br/><w:t>后</"
                                      "w:t></w:r></w:p>"
                                      "<w:p><w:r><w:delText>删除的</"
                                      "w:delText><w:instrText>PAGE"
                                      "</w:instrText></w:r></w:p>",
      &len);
  (void)state;
  assert_int_equal(docx_read_paras(a, d, len, &ps, &n, NULL), LX_OK);
  assert_int_equal(n, 11);
  assert_int_equal(ps[0].level, 1);
  assert_string_equal(ps[0].text, "学习党史");
  assert_int_equal(ps[1].level, 2);
  assert_string_equal(ps[1].text, "第一章");
  assert_int_equal(ps[2].level, 0);
  assert_string_equal(ps[3].text, "分开  运行");
  assert_int_equal(ps[4].level, 3);
  assert_int_equal(ps[5].level, 4);
  assert_int_equal(ps[6].level, 1);
  assert_int_equal(ps[7].level, 0);
  assert_string_equal(ps[8].text, "单元格");
  assert_string_equal(ps[9].text, "前\n后");
  assert_string_equal(ps[10].text, ""); /* deleted text, field codes */
  free(d);
  arena_free(a);
}

static void test_markdown(void **state)
{
  struct arena *a = arena_new();
  const char *md, *title;
  size_t len;
  unsigned char *d =
      mkdocx(PLAIN("　　") P("Heading1", "学史明理")
                 PLAIN("　　正文*不是*强调 &lt;b&gt;") P("Heading2", "一、小节")
                     PLAIN("1. 不是列表") PLAIN("# 不是标题"),
             &len);
  (void)state;
  assert_int_equal(docx_read_markdown(a, d, len, &md, &title, NULL), LX_OK);
  assert_string_equal(title, "学史明理");
  assert_null(strstr(md, "# 学史明理")); /* the title is not repeated */
  assert_non_null(strstr(md, "正文\\*不是\\*强调 \\<b\\>"));
  assert_non_null(strstr(md, "## 一、小节"));
  assert_non_null(strstr(md, "1\\. 不是列表"));
  assert_non_null(strstr(md, "\\# 不是标题"));
  free(d);
  /* no heading: the first paragraph is the title */
  d = mkdocx(PLAIN("关于学习的通知") PLAIN("内容"), &len);
  assert_int_equal(docx_read_markdown(a, d, len, &md, &title, NULL), LX_OK);
  assert_string_equal(title, "关于学习的通知");
  assert_string_equal(md, "内容");
  free(d);
  /* nothing but empty paragraphs */
  d = mkdocx(PLAIN("") PLAIN("  "), &len);
  {
    struct lx_err e;
    assert_int_equal(docx_read_markdown(a, d, len, &md, &title, &e), LX_EINVAL);
    assert_string_equal(e.code, "import.empty");
  }
  free(d);
  arena_free(a);
}

static void expect_refused(const unsigned char *d, size_t len, int rc,
                           const char *code)
{
  struct arena *a = arena_new();
  struct docx_para *ps;
  struct lx_err e;
  int n;
  memset(&e, 0, sizeof e);
  assert_int_equal(docx_read_paras(a, d, len, &ps, &n, &e), rc);
  if (strcmp(e.code, code))
    fail_msg("code %s, wanted %s (%s)", e.code, code, e.message);
  assert_true(e.message[0] != 0);
  arena_free(a);
}

static void test_refusals(void **state)
{
  size_t len;
  unsigned char *d;
  char *big;
  const char *parts[4];
  (void)state;
  expect_refused((const unsigned char *)"hello world, not a zip at all", 29,
                 LX_EUNSUPPORTED, "docx.not_docx");
  parts[0] = "xl/workbook.xml";
  parts[1] = "<x/>";
  d = mkzip(parts, 1, &len);
  expect_refused(d, len, LX_EUNSUPPORTED, "docx.not_docx");
  free(d);
  /* a bomb: 50 MB of spaces compress ~1000:1 */
  big = malloc(50u << 20);
  memset(big, ' ', 50u << 20);
  memcpy(big, "<w:document " W_NS ">", strlen("<w:document " W_NS ">"));
  big[(50u << 20) - 1] = 0;
  parts[0] = "word/document.xml";
  parts[1] = big;
  d = mkzip(parts, 1, &len);
  free(big);
  expect_refused(d, len, LX_ETOOBIG, "docx.ratio");
  free(d);
  /* DOCTYPE with entities (billion laughs) */
  parts[1] = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
             "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><w:document " W_NS
             "><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body>"
             "</w:document>";
  d = mkzip(parts, 1, &len);
  expect_refused(d, len, LX_EINVAL, "docx.doctype");
  free(d);
  /* broken XML */
  parts[1] = "<w:document " W_NS "><w:body><w:p></w:body>";
  d = mkzip(parts, 1, &len);
  expect_refused(d, len, LX_EINVAL, "docx.bad_xml");
  free(d);
  /* too many entries */
  {
    static char names[1100][24];
    static const char *many[2200];
    for (int i = 0; i < 1100; i++) {
      snprintf(names[i], sizeof names[i], "word/p%d.xml", i);
      many[2 * i] = names[i];
      many[2 * i + 1] = "<x/>";
    }
    d = mkzip(many, 1100, &len);
    expect_refused(d, len, LX_ETOOBIG, "docx.too_many_entries");
    free(d);
  }
  /* truncated archive */
  d = mkdocx(PLAIN("x"), &len);
  expect_refused(d, len / 2, LX_EUNSUPPORTED, "docx.not_docx");
  free(d);
}

static void test_text_files(void **state)
{
  struct arena *a = arena_new();
  const char *md, *title;
  struct lx_err e;
  /* 学习党史 / 正文 in GB18030 */
  static const char gbk[] = "\xd1\xa7\xcf\xb0\xb5\xb3\xca\xb7\r\n\xd5\xfd"
                            "\xce\xc4\r\n";
  (void)state;
  assert_int_equal(docx_text_markdown(a,
                                      "\xEF\xBB\xBF标题一\n\n第一段*星*\n"
                                      "- 第二段\n",
                                      strlen("\xEF\xBB\xBF标题一\n\n第一段*星*"
                                             "\n- 第二段\n"),
                                      0, &md, &title, NULL),
                   LX_OK);
  assert_string_equal(title, "标题一");
  assert_string_equal(md, "第一段\\*星\\*\n\n\\- 第二段");
  assert_int_equal(
      docx_text_markdown(a, gbk, sizeof gbk - 1, 0, &md, &title, NULL), LX_OK);
  assert_string_equal(title, "学习党史");
  assert_string_equal(md, "正文");
  assert_int_equal(docx_text_markdown(a, "a\0b", 3, 0, &md, &title, &e),
                   LX_EINVAL);
  assert_string_equal(e.code, "import.not_text");
  assert_int_equal(docx_text_markdown(a, " \n\n ", 4, 0, &md, &title, &e),
                   LX_EINVAL);
  assert_string_equal(e.code, "import.empty");
  /* Markdown: the first heading is the title and leaves the body */
  {
    static const char m1[] = "\n# 初心使命 #\n\n正文 **粗**\n";
    assert_int_equal(
        docx_text_markdown(a, m1, sizeof m1 - 1, 1, &md, &title, NULL), LX_OK);
  }
  assert_string_equal(title, "初心使命");
  assert_null(strstr(md, "# 初心"));
  assert_non_null(strstr(md, "正文 **粗**"));
  /* Markdown without a heading: the first line */
  assert_int_equal(docx_text_markdown(a, "第一行\n第二行",
                                      strlen("第一行\n第二行"), 1, &md, &title,
                                      NULL),
                   LX_OK);
  assert_string_equal(title, "第一行");
  assert_string_equal(md, "第一行\n第二行");
  arena_free(a);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_paragraphs),
      cmocka_unit_test(test_markdown),
      cmocka_unit_test(test_refusals),
      cmocka_unit_test(test_text_files),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
