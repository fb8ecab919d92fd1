/*
 * docx_read.c — Word (.docx) text for the study import, and imported text
 * as Markdown (see docx_read.h).  The zip layer is the xlsx reader's
 * (xlsx_read_int.h), with its limits; its error codes are renamed
 * "docx.*" and the Excel wording replaced.
 */
#include "io/docx_read.h"

#include "base/arena.h"
#include "base/sb.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "io/xlsx_read_int.h"

#include <expat.h>
#include <stdio.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#define TITLE_MAX 200          /* characters */
#define TEXT_IN_MAX (8u << 20) /* bytes of a text file taken at all */

/* ---- the document part ------------------------------------------------ */

struct drd {
  struct arena *a;
  struct lx_err *err;
  XML_Parser p;
  int rc, depth, max_depth;
  size_t run, max_token, total;
  int in_p, in_t, level;
  struct sb text;
  struct docx_para *paras;
  int n, cap;
};

static void stop(struct drd *d, int rc)
{
  if (!d->rc)
    d->rc = rc ? rc : LX_EINTERNAL;
  XML_StopParser(d->p, XML_FALSE);
}

static const char *local(const char *name)
{
  const char *bar = strrchr(name, '|');
  return bar ? bar + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
  for (int i = 0; atts && atts[i]; i += 2)
    if (!strcmp(local(atts[i]), name))
      return atts[i + 1];
  return NULL;
}

/* The heading level a paragraph style id names, or 0. */
static int style_level(const char *v)
{
  size_t n;
  if (!v)
    return 0;
  if (!strcmp(v, "Title"))
    return 1;
  if (!strcmp(v, "Subtitle"))
    return 2;
  n = strlen(v);
  if (n == 0 || v[n - 1] < '1' || v[n - 1] > '6')
    return 0;
  if (n == 1 || !strncasecmp(v, "heading", 7) || !strncmp(v, "标题", 6)) {
    /* "1" (Chinese Word's id for 标题 1), "Heading1", "heading 1", "标题 1" */
    size_t k = n == 1 ? 0 : (!strncmp(v, "标题", 6) ? 6 : 7);
    while (k < n - 1 && v[k] == ' ')
      k++;
    if (k == n - 1)
      return v[n - 1] - '0';
  }
  return 0;
}

static void push_para(struct drd *d)
{
  const char *t;
  if (d->rc)
    return;
  if (sb_err(&d->text)) {
    stop(d, err_set(d->err, LX_ETOOBIG, "docx.too_long", "file",
                    "文档文字过多，请拆分后再导入"));
    return;
  }
  if (d->n >= DOCX_MAX_PARAS) {
    stop(d, err_setf(d->err, LX_ETOOBIG, "docx.too_many_paragraphs", "file",
                     "文档段落过多（超过 %d 段），请拆分后再导入",
                     DOCX_MAX_PARAS));
    return;
  }
  if (d->n == d->cap) {
    int cap = d->cap ? d->cap * 2 : 64;
    struct docx_para *np = arena_alloc(d->a, sizeof *np * (size_t)cap);
    if (d->n)
      memcpy(np, d->paras, sizeof *np * (size_t)d->n);
    d->paras = np;
    d->cap = cap;
  }
  t = arena_strndup(d->a, d->text.buf, d->text.len);
  d->paras[d->n].level = d->level;
  d->paras[d->n].text = t;
  d->n++;
  d->total += d->text.len;
  sb_clear(&d->text);
}

static void on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
  struct drd *d = ud;
  const char *el = local(name);
  if (d->rc)
    return;
  if (++d->depth > d->max_depth) {
    stop(d, err_setf(d->err, LX_EINVAL, "docx.xml_depth", "file",
                     "文档结构嵌套过深（超过 %d 层）", d->max_depth));
    return;
  }
  if (!strcmp(el, "p")) {
    if (d->in_p && d->text.len)
      push_para(d); /* a paragraph inside one (text box): its own */
    d->in_p = 1;
    d->level = 0;
  } else if (!strcmp(el, "pStyle")) {
    int lv = style_level(attr(atts, "val"));
    if (lv)
      d->level = lv;
  } else if (!strcmp(el, "outlineLvl")) {
    const char *v = attr(atts, "val");
    if (v && v[0] >= '0' && v[0] <= '5' && !v[1] && !d->level)
      d->level = v[0] - '0' + 1;
  } else if (!strcmp(el, "t")) {
    d->in_t = 1;
  } else if (!strcmp(el, "tab")) {
    if (d->in_p)
      sb_putc(&d->text, ' ');
  } else if (!strcmp(el, "br") || !strcmp(el, "cr")) {
    if (d->in_p)
      sb_putc(&d->text, '\n');
  }
}

static void on_end(void *ud, const XML_Char *name)
{
  struct drd *d = ud;
  const char *el = local(name);
  if (d->rc)
    return;
  d->depth--;
  if (!strcmp(el, "t"))
    d->in_t = 0;
  else if (!strcmp(el, "p")) {
    push_para(d);
    d->in_p = 0;
    d->level = 0;
  }
}

static void on_chars(void *ud, const XML_Char *s, int n)
{
  struct drd *d = ud;
  if (d->rc || !d->in_t || n <= 0)
    return;
  if (d->total + d->text.len + (size_t)n > DOCX_MAX_TEXT) {
    stop(d, err_set(d->err, LX_ETOOBIG, "docx.too_long", "file",
                    "文档文字过多，请拆分后再导入"));
    return;
  }
  sb_append(&d->text, s, (size_t)n);
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sys,
                       const XML_Char *pub, int has_internal)
{
  struct drd *d = ud;
  (void)name, (void)sys, (void)pub, (void)has_internal;
  stop(d, err_set(d->err, LX_EINVAL, "docx.doctype", "file",
                  "文件包含不允许的 XML 文档类型声明（DOCTYPE），已拒绝"));
}

static void on_entity(void *ud, const XML_Char *name, int is_param,
                      const XML_Char *value, int value_len,
                      const XML_Char *base, const XML_Char *sys,
                      const XML_Char *pub, const XML_Char *notation)
{
  struct drd *d = ud;
  (void)name, (void)is_param, (void)value, (void)value_len, (void)base;
  (void)sys, (void)pub, (void)notation;
  stop(d, err_set(d->err, LX_EINVAL, "docx.doctype", "file",
                  "文件包含不允许的 XML 实体声明"));
}

static int on_ext_entity(XML_Parser p, const XML_Char *ctx,
                         const XML_Char *base, const XML_Char *sys,
                         const XML_Char *pub)
{
  (void)p, (void)ctx, (void)base, (void)sys, (void)pub;
  return XML_STATUS_ERROR; /* never fetch anything */
}

static int sink(void *ctx, const char *buf, size_t n, int final,
                struct lx_err *err)
{
  struct drd *d = ctx;
  (void)err;
  for (size_t i = 0; i < n; i++) { /* no token longer than max_token */
    if (buf[i] == '>')
      d->run = 0;
    else if (++d->run > d->max_token)
      return err_set(d->err, LX_ETOOBIG, "docx.xml_token", "file",
                     "文件中有过长的单个 XML 内容，已拒绝");
  }
  if (XML_Parse(d->p, buf, (int)n, final) == XML_STATUS_ERROR) {
    if (d->rc)
      return d->rc;
    return err_setf(d->err, LX_EINVAL, "docx.bad_xml", "file",
                    "文档内容损坏（XML 错误：%s，第%lu行）",
                    XML_ErrorString(XML_GetErrorCode(d->p)),
                    (unsigned long)XML_GetCurrentLineNumber(d->p));
  }
  return d->rc;
}

/* Renames the zip layer's "xlsx.*" errors for a Word document. */
static int docx_err(struct lx_err *err, int rc)
{
  if (!err || strncmp(err->code, "xlsx.", 5))
    return rc;
  if (!strcmp(err->code, "xlsx.not_xlsx"))
    return err_set(err, LX_EUNSUPPORTED, "docx.not_docx", "file",
                   "文件不是有效的 Word（.docx）文档");
  if (!strcmp(err->code, "xlsx.xls_or_encrypted"))
    return err_set(err, LX_EUNSUPPORTED, "docx.doc_or_encrypted", "file",
                   "文件是旧版 Word（.doc）格式或设置了打开密码，请另存为"
                   "不加密的 .docx 后再导入");
  if (!strcmp(err->code, "xlsx.corrupt"))
    return err_set(err, rc, "docx.corrupt", "file",
                   "文件已损坏，无法读取，请用 Word 或 WPS 另存后再导入");
  memcpy(err->code, "docx", 4);
  return rc;
}

int docx_read_paras(struct arena *a, const void *data, size_t len,
                    struct docx_para **out, int *out_n, struct lx_err *err)
{
  struct xlsx_read_limits lim;
  struct xlsx_zip *z = NULL;
  struct drd d;
  int idx, rc;
  *out = NULL;
  *out_n = 0;
  xlsx_read_limits_default(&lim);
  if (len > lim.max_file)
    return err_setf(err, LX_ETOOBIG, "docx.too_big", "file",
                    "文件超过 %zu MB 上限", lim.max_file >> 20);
  rc = xlsx_zip_open(data, len, &lim,
                     time_mono_us() + (int64_t)lim.max_ms * 1000, &z, err);
  if (rc)
    return docx_err(err, rc);
  idx = xlsx_zip_find(z, "word/document.xml");
  if (idx < 0) {
    xlsx_zip_close(z);
    return err_set(err, LX_EUNSUPPORTED, "docx.not_docx", "file",
                   "文件不是有效的 Word（.docx）文档");
  }
  memset(&d, 0, sizeof d);
  d.a = a;
  d.err = err;
  d.max_depth = 128;
  d.max_token = lim.max_token;
  sb_init(&d.text, a, NULL, 0, DOCX_MAX_TEXT);
  d.p = XML_ParserCreateNS(NULL, '|');
  if (!d.p) {
    xlsx_zip_close(z);
    return err_set(err, LX_ENOMEM, "docx.nomem", "", "内存不足");
  }
  XML_SetUserData(d.p, &d);
  XML_SetParamEntityParsing(d.p, XML_PARAM_ENTITY_PARSING_NEVER);
  XML_SetStartDoctypeDeclHandler(d.p, on_doctype);
  XML_SetEntityDeclHandler(d.p, on_entity);
  XML_SetExternalEntityRefHandler(d.p, on_ext_entity);
  XML_SetElementHandler(d.p, on_start, on_end);
  XML_SetCharacterDataHandler(d.p, on_chars);
  rc = xlsx_zip_read(z, idx, sink, &d, err);
  XML_ParserFree(d.p);
  xlsx_zip_close(z);
  if (!rc && d.rc)
    rc = d.rc;
  if (rc)
    return docx_err(err, rc);
  *out = d.paras;
  *out_n = d.n;
  return LX_OK;
}

/* ---- Markdown out ------------------------------------------------------ */

/* Skips leading white space, including U+3000 (ideographic space). */
static const char *skip_ws(const char *s)
{
  for (;;) {
    if (*s == ' ' || *s == '\t' || *s == '\f' || *s == '\v')
      s++;
    else if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 &&
             (unsigned char)s[2] == 0x80)
      s += 3;
    else
      return s;
  }
}

/* Appends one line of plain text to sb with Markdown syntax escaped. */
static void md_escape_line(struct sb *sb, const char *s, size_t n)
{
  size_t i = 0, k;
  /* a list marker or ordered-list number at the start */
  if (n && (s[0] == '-' || s[0] == '+' || s[0] == '=')) {
    sb_putc(sb, '\\');
  }
  for (k = 0; k < n && s[k] >= '0' && s[k] <= '9'; k++)
    ;
  for (; i < n; i++) {
    char ch = s[i];
    if (ch == '\r' || ch == '\n')
      continue;
    if (strchr("\\`*_[]<>#|&!~", ch) ||
        (i == k && k > 0 && (ch == '.' || ch == ')')))
      sb_putc(sb, '\\');
    sb_putc(sb, ch);
  }
}

/* Trimmed copy of s[0..n) without trailing white space (arena). */
static const char *trimmed(struct arena *a, const char *s, size_t n)
{
  const char *b = skip_ws(s);
  n -= (size_t)(b - s);
  while (n && (b[n - 1] == ' ' || b[n - 1] == '\t' || b[n - 1] == '\r' ||
               b[n - 1] == '\n'))
    n--;
  return arena_strndup(a, b, n);
}

/* At most TITLE_MAX characters of t, control characters as spaces. */
static const char *title_of(struct arena *a, const char *t)
{
  size_t n = 0, chars = 0;
  char *out;
  while (t[n] && chars < TITLE_MAX) {
    n++;
    while ((t[n] & 0xC0) == 0x80)
      n++;
    chars++;
  }
  out = arena_strndup(a, t, n);
  for (char *p = out; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f)
      *p = ' ';
  return out;
}

int docx_read_markdown(struct arena *a, const void *data, size_t len,
                       const char **out_md, const char **out_title,
                       struct lx_err *err)
{
  struct docx_para *ps;
  struct sb sb;
  int n, title_at = -1, others = 0;

  int rc = docx_read_paras(a, data, len, &ps, &n, err);
  *out_md = NULL;
  *out_title = NULL;
  if (rc)
    return rc;
  /* the title: the first heading with text, else the first non-empty
   * paragraph */
  for (int i = 0; i < n; i++) {
    ps[i].text = trimmed(a, ps[i].text, strlen(ps[i].text));
    if (*ps[i].text && ps[i].level && (title_at < 0 || !ps[title_at].level))
      title_at = i;
    else if (*ps[i].text && title_at < 0)
      title_at = i;
  }
  if (title_at < 0)
    return err_set(err, LX_EINVAL, "import.empty", "file",
                   "文档中没有文字内容");
  for (int i = 0; i < n; i++)
    if (*ps[i].text && i != title_at)
      others = 1;
  *out_title = title_of(a, ps[title_at].text);
  sb_init(&sb, a, NULL, 0, DOCX_MAX_TEXT * 2);
  for (int i = 0; i < n; i++) {
    const char *t = ps[i].text, *nl;
    if (!*t || (i == title_at && others))
      continue;
    if (sb.len)
      sb_puts(&sb, "\n\n");
    if (ps[i].level) {
      for (int k = 0; k < ps[i].level; k++)
        sb_putc(&sb, '#');
      sb_putc(&sb, ' ');
    }
    /* line breaks inside a paragraph: separate paragraphs (headings: one
     * line) */
    while ((nl = strchr(t, '\n')) != NULL) {
      const char *line = trimmed(a, t, (size_t)(nl - t));
      md_escape_line(&sb, line, strlen(line));
      if (*line)
        sb_puts(&sb, ps[i].level ? " " : "\n\n");
      t = nl + 1;
    }
    t = trimmed(a, t, strlen(t));
    md_escape_line(&sb, t, strlen(t));
  }
  if (sb_err(&sb))
    return err_set(err, LX_ETOOBIG, "docx.too_long", "file",
                   "文档文字过多，请拆分后再导入");
  *out_md = sb_take(&sb, NULL);
  if (!*out_md || !**out_md)
    *out_md = arena_strdup(a, *out_title);
  return LX_OK;
}

/* ---- text files --------------------------------------------------------- */

/* 1 if sb holds only white space. */
static int blank_md(const struct sb *sb)
{
  for (size_t i = 0; i < sb->len; i++)
    if (sb->buf[i] != ' ' && sb->buf[i] != '\n' && sb->buf[i] != '\t')
      return 0;
  return 1;
}

/* GB18030 → UTF-8 with ICU, stopping at the first invalid sequence.
 * Returns arena-owned UTF-8 or NULL. */
static char *from_gb18030(struct arena *a, const char *s, size_t n)
{
  UErrorCode st = U_ZERO_ERROR;
  UConverter *cv = ucnv_open("GB18030", &st);
  UChar *u;
  char *out;
  int32_t ulen, olen = 0;
  if (U_FAILURE(st) || !cv)
    return NULL;
  ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
  u = arena_alloc(a, sizeof *u * (n + 1));
  ulen = ucnv_toUChars(cv, u, (int32_t)(n + 1), s, (int32_t)n, &st);
  ucnv_close(cv);
  if (U_FAILURE(st))
    return NULL;
  out = arena_alloc(a, (size_t)ulen * 3 + 1);
  u_strToUTF8(out, ulen * 3 + 1, &olen, u, ulen, &st);
  if (U_FAILURE(st))
    return NULL;
  out[olen] = 0;
  return out;
}

int docx_text_markdown(struct arena *a, const void *data, size_t len, int is_md,
                       const char **out_md, const char **out_title,
                       struct lx_err *err)
{
  const char *s = data, *p, *title = NULL;
  char *txt, *o;
  struct sb sb;
  size_t nctl = 0;
  *out_md = NULL;
  *out_title = NULL;
  if (len > TEXT_IN_MAX)
    return err_setf(err, LX_ETOOBIG, "import.too_big", "file",
                    "文本文件超过 %u MB，请拆分后再导入", TEXT_IN_MAX >> 20);
  if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
    s += 3;
    len -= 3;
  }
  for (size_t i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == 0)
      return err_set(err, LX_EINVAL, "import.not_text", "file",
                     "文件不是文本文件（含有二进制内容）");
    if (ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t' && ch != '\f')
      nctl++;
  }
  if (nctl > len / 100 + 1)
    return err_set(err, LX_EINVAL, "import.not_text", "file",
                   "文件不是文本文件（含有二进制内容）");
  if (utf8_valid(s, len))
    txt = arena_strndup(a, s, len);
  else if (!(txt = from_gb18030(a, s, len)))
    return err_set(err, LX_EINVAL, "import.encoding", "file",
                   "文件编码无法识别，请另存为 UTF-8 编码的文本后再导入");
  /* newlines: CRLF and CR → LF; other control characters → spaces */
  for (p = txt, o = txt; *p; p++) {
    if (*p == '\r') {
      *o++ = '\n';
      if (p[1] == '\n')
        p++;
    } else if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
      *o++ = ' ';
    else
      *o++ = *p;
  }
  *o = 0;
  sb_init(&sb, a, NULL, 0, TEXT_IN_MAX * 2);
  if (is_md) {
    /* the first ATX heading (or else the first line) is the title; the
     * heading line leaves the body when more follows */
    const char *first = NULL, *heading = NULL, *hl_end = NULL;
    for (p = txt; *p;) {
      const char *e = strchr(p, '\n'), *b = skip_ws(p);
      if (!e)
        e = p + strlen(p);
      if (!first && b < e)
        first = b;
      if (!heading && *b == '#') {
        const char *h = b;
        while (*h == '#' && h - b < 7)
          h++;
        if (h - b <= 6 && (*h == ' ' || *h == '\t')) {
          const char *t = trimmed(a, h, (size_t)(e - h));
          size_t tn = strlen(t);
          while (tn && (t[tn - 1] == '#' || t[tn - 1] == ' '))
            tn--;
          if (tn) {
            heading = arena_strndup(a, t, tn);
            hl_end = *e ? e + 1 : e;
            sb_append(&sb, txt, (size_t)(p - txt));
            p = hl_end;
            title = heading;
            continue;
          }
        }
      }
      p = *e ? e + 1 : e;
    }
    if (!first)
      return err_set(err, LX_EINVAL, "import.empty", "file",
                     "文件中没有文字内容");
    if (heading) {
      sb_puts(&sb, hl_end);
      if (blank_md(&sb)) {
        sb_clear(&sb);
        sb_puts(&sb, txt);
      }
    } else {
      const char *e = strchr(first, '\n');
      title = trimmed(a, first, e ? (size_t)(e - first) : strlen(first));
      while (*title == '#' || *title == '>' || *title == '*' || *title == '-')
        title = skip_ws(title + 1);
      sb_puts(&sb, txt);
    }
  } else {
    int seen = 0;
    for (p = txt; *p;) {
      const char *e = strchr(p, '\n');
      const char *line;
      if (!e)
        e = p + strlen(p);
      line = trimmed(a, p, (size_t)(e - p));
      p = *e ? e + 1 : e;
      if (!*line)
        continue;
      if (!seen++) {
        title = line;
        continue;
      }
      if (sb.len)
        sb_puts(&sb, "\n\n");
      md_escape_line(&sb, line, strlen(line));
    }
    if (!title)
      return err_set(err, LX_EINVAL, "import.empty", "file",
                     "文件中没有文字内容");
    if (!sb.len)
      md_escape_line(&sb, title, strlen(title));
  }
  if (sb_err(&sb))
    return err_set(err, LX_ETOOBIG, "import.too_big", "file",
                   "文件内容过多，请拆分后再导入");
  *out_md = sb_take(&sb, NULL);
  *out_title = title_of(a, title && *title ? title : "未命名资料");
  return LX_OK;
}
