/*
 * search.c — validation of study search queries; the search itself is the
 * store's (store_fts_search).
 */
#include "domain/study/search.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"

#include <string.h>

/* 1 for the white space a query is trimmed of: ASCII space and controls,
 * and the ideographic space U+3000. */
static size_t space_len(const char *s)
{
  unsigned char c = (unsigned char)s[0];
  if (c && (c <= ' ' || c == 0x7f))
    return 1;
  if (c == 0xe3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
    return 3;
  return 0;
}

/* Trims s into the arena.  Returns: arena-owned. */
static char *trim(struct arena *a, const char *s)
{
  const char *e;
  size_t k;
  while ((k = space_len(s)) > 0)
    s += k;
  e = s + strlen(s);
  while (e > s) {
    if ((unsigned char)e[-1] <= ' ' || e[-1] == 0x7f)
      e--;
    else if (e - s >= 3 && space_len(e - 3) == 3)
      e -= 3;
    else
      break;
  }
  return arena_strndup(a, s, (size_t)(e - s));
}

static int bad(struct lx_err *err, const char *field, const char *msg)
{
  return err_set(err, LX_EINVAL, "search.invalid", field, msg);
}

int study_search_run(struct store_conn *c, struct arena *a,
                     const struct study_search_query *in,
                     struct store_fts_hit **out, int *n, int *total,
                     struct lx_err *err)
{
  struct store_fts_query q = {0};
  int32_t d_from = 0, d_to = 0;
  char *text;
  size_t len;
  *out = NULL;
  *n = *total = 0;
  if (!in->q)
    return bad(err, "q", "请输入要搜索的内容");
  if (!utf8_valid(in->q, strlen(in->q)))
    return bad(err, "q", "搜索内容不是有效的文字");
  text = trim(a, in->q);
  len = utf8_len(text);
  if (len == 0)
    return bad(err, "q", "请输入要搜索的内容");
  if (len > STUDY_SEARCH_Q_MAX)
    return bad(err, "q", "搜索内容最多 100 个字");
  if (in->tag && in->tag[0] &&
      (!utf8_valid(in->tag, strlen(in->tag)) ||
       utf8_len(in->tag) > STUDY_SEARCH_TAG_MAX))
    return bad(err, "tag", "标签最多 20 个字");
  if (in->from && in->from[0] && !time_parse_date(in->from, &d_from))
    return bad(err, "from", "起始日期应为 YYYY-MM-DD 格式的有效日期");
  if (in->to && in->to[0] && !time_parse_date(in->to, &d_to))
    return bad(err, "to", "截止日期应为 YYYY-MM-DD 格式的有效日期");
  if (in->from && in->from[0] && in->to && in->to[0] && d_from > d_to)
    return bad(err, "to", "截止日期不能早于起始日期");
  if (in->offset < 0 || in->offset > STUDY_SEARCH_OFFSET_MAX)
    return bad(err, "offset", "offset 必须在 0 到 999 之间");
  if (in->limit < 0 || in->limit > STORE_FTS_LIMIT_MAX)
    return bad(err, "limit", "limit 必须在 1 到 50 之间");
  q.text = text;
  q.unit_path = in->unit_path;
  q.topic_id = in->topic_id;
  q.tag = in->tag && in->tag[0] ? in->tag : NULL;
  q.from = in->from && in->from[0] ? in->from : NULL;
  q.to = in->to && in->to[0] ? in->to : NULL;
  q.offset = in->offset;
  q.limit = in->limit ? in->limit : STUDY_SEARCH_LIMIT_DEFAULT;
  return store_fts_search(c, &q, a, out, n, total, err);
}
