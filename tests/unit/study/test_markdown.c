/*
 * test_markdown.c — domain/study/markdown.c: bodies are rendered with
 * libcmark's safe mode.  An XSS table: raw <script>, <img onerror>,
 * <iframe>, <svg onload>, javascript:/vbscript:/data: links and images,
 * entity-encoded schemes, HTML in headings and attributes — none may come
 * out as an executable tag, event-handler attribute or dangerous URL,
 * while ordinary Markdown (headings, emphasis, lists, links, code) still
 * renders.  Also the plain-text extraction and character count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "domain/study/markdown.h"
#include "domain/study/material.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* A lower-cased copy of s (static buffer). */
static const char *lower(const char *s)
{
  static char buf[65536];
  size_t i = 0;
  for (; s[i] && i < sizeof buf - 1; i++)
    buf[i] = (char)tolower((unsigned char)s[i]);
  buf[i] = 0;
  return buf;
}

/* Fails when html holds anything that could run script. */
static void assert_inert(const char *input, const char *html)
{
  static const char *const bad[] = {
      "<script",
      "<iframe",
      "<img src=x",
      "onerror",
      "onload",
      "<svg",
      "<object",
      "<embed",
      "<style",
      "href=\"javascript:",
      "href=\"vbscript:",
      "src=\"javascript:",
      "href=\"data:text",
      "<form",
      "<a href=\"java",
      "<meta",
      "<link",
  };
  const char *l = lower(html);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (strstr(l, bad[i]))
      fail_msg("input %s\nrendered %s\ncontains %s", input, html, bad[i]);
}

static void test_xss_table(void **state)
{
  static const char *const v[] = {
      "<script>alert(1)</script>",
      "hello <script>alert(1)</script> world",
      "<img src=x onerror=alert(1)>",
      "text <img src=x onerror=\"alert(1)\"> text",
      "[x](javascript:alert(1))",
      "[x](JAVASCRIPT:alert(1))",
      "[x](  javascript:alert(1) )",
      "[x](<javascript:alert(1)>)",
      "[x](vbscript:msgbox(1))",
      "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "![y](javascript:alert(1))",
      "<iframe src=\"https://evil.example\"></iframe>",
      "<svg onload=alert(1)>",
      "<object data=x></object><embed src=x>",
      "<style>body{display:none}</style>",
      "# <script>alert(1)</script>",
      "<a href=\"javascript:alert(1)\">x</a>",
      "[ref]\n\n[ref]: javascript:alert(1)",
      "<javascript:alert(1)>",
      "[x](&#106;avascript:alert(1))",
      "[x](jav&#x09;ascript:alert(1))",
      "<div onmouseover=\"alert(1)\">x</div>",
      "```html\n<script>alert(1)</script>\n```",
      "`<script>`",
      "<form action=x><input></form>",
      "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
      "<link rel=stylesheet href=x>",
      "> <img src=x onerror=alert(1)>",
      "- <iframe></iframe>\n- item",
      "[x](\"onmouseover=alert(1))",
      "[x](http://a.com \"title\\\" onmouseover=alert(1) x\")",
  };
  struct arena *a = arena_new();
  (void)state;
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    const char *html = study_markdown_render(a, v[i], strlen(v[i]));
    assert_non_null(html);
    assert_inert(v[i], html);
  }
  arena_free(a);
}

static void test_safe_output_shapes(void **state)
{
  struct arena *a = arena_new();
  const char *h;
  (void)state;
  /* raw HTML is dropped, not escaped into visible text or executed */
  h = study_markdown_render(a, "<script>alert(1)</script>", 25);
  assert_non_null(strstr(h, "raw HTML omitted"));
  /* the dangerous link keeps its text and loses its address */
  h = study_markdown_render(a, "[点我](javascript:alert(1))", 29);
  assert_non_null(strstr(h, "<a href=\"\">点我</a>"));
  /* code spans escape their contents */
  h = study_markdown_render(a, "`<b>`", 5);
  assert_non_null(strstr(h, "<code>&lt;b&gt;</code>"));
  arena_free(a);
}

static void test_markdown_still_works(void **state)
{
  static const struct {
    const char *md, *want;
  } v[] = {
      {"# 学习党史", "<h1>学习党史</h1>"},
      {"## 二级标题", "<h2>二级标题</h2>"},
      {"**加粗**", "<strong>加粗</strong>"},
      {"*强调*", "<em>强调</em>"},
      {"- 一\n- 二", "<li>一</li>"},
      {"1. 第一", "<ol>"},
      {"[人民网](https://www.people.com.cn)",
       "<a href=\"https://www.people.com.cn\">人民网</a>"},
      {"> 引文", "<blockquote>"},
      {"a & b", "a &amp; b"},
      {"x < y", "x &lt; y"},
  };
  struct arena *a = arena_new();
  (void)state;
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    const char *h = study_markdown_render(a, v[i].md, strlen(v[i].md));
    if (!strstr(h, v[i].want))
      fail_msg("%s → %s (wanted %s)", v[i].md, h, v[i].want);
  }
  arena_free(a);
}

static void test_text_and_chars(void **state)
{
  struct arena *a = arena_new();
  long n = -1;
  const char *t;
  (void)state;
  t = study_markdown_text(a, "# 标题\n\n正文**加粗**。\n\n- 一\n", 34, &n);
  assert_non_null(strstr(t, "标题"));
  assert_non_null(strstr(t, "正文加粗。"));
  assert_null(strstr(t, "**"));
  assert_null(strstr(t, "#"));
  /* 标题(2) 正文加粗。(5) 一(1) */
  assert_int_equal(n, 8);
  t = study_markdown_text(a, "", 0, &n);
  assert_string_equal(t, "");
  assert_int_equal(n, 0);
  /* raw HTML is not text */
  t = study_markdown_text(a, "<b>x</b>", 8, &n);
  assert_int_equal(n, 1);
  arena_free(a);
}

static void test_default_seconds(void **state)
{
  (void)state;
  assert_int_equal(study_material_default_seconds(0), 30);
  assert_int_equal(study_material_default_seconds(100), 30);
  assert_int_equal(study_material_default_seconds(400), 60);
  assert_int_equal(study_material_default_seconds(4000), 600);
  assert_int_equal(study_material_default_seconds(100000000L), 36000);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_xss_table),
      cmocka_unit_test(test_safe_output_shapes),
      cmocka_unit_test(test_markdown_still_works),
      cmocka_unit_test(test_text_and_chars),
      cmocka_unit_test(test_default_seconds),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
