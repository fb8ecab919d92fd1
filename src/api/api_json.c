/*
 * api_json.c — the boundary between request bodies and the domain: jansson
 * parses (after our own UTF-8 and depth checks), these helpers validate
 * member types and lengths and name the offending field in Chinese.
 */
#include "api/api.h"

#include "base/sb.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int api_body(struct req *r, json_t **out)
{
  struct app *app = r->app;
  const char *ct = req_header(r, "Content-Type");
  json_error_t je;
  json_t *j;
  *out = NULL;
  if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
      (ct[16] && ct[16] != ';' && ct[16] != ' '))
    return err_set(&r->err, LX_EUNSUPPORTED, "json.content_type", "",
                   "请求内容类型必须是 application/json");
  if (!r->body || r->body_len == 0)
    return err_set(&r->err, LX_EINVAL, "json.empty", "", "请求体为空");
  if (!utf8_valid(r->body, r->body_len))
    return err_set(&r->err, LX_EINVAL, "json.bad_utf8", "",
                   "请求体不是有效的 UTF-8 文本");
  if (!utf8_json_depth_ok(r->body, r->body_len, app->json_max_depth))
    return err_setf(&r->err, LX_EINVAL, "json.too_deep", "",
                    "JSON 嵌套层数超过 %d 层", app->json_max_depth);
  j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
  if (!j) {
    if (strstr(je.text, "duplicate"))
      return err_set(&r->err, LX_EINVAL, "json.duplicate_key", "",
                     "JSON 中有重复的键");
    return err_setf(&r->err, LX_EINVAL, "json.malformed", "",
                    "JSON 格式错误（第 %d 行第 %d 列）", je.line, je.column);
  }
  if (!json_is_object(j)) {
    json_decref(j);
    return err_set(&r->err, LX_EINVAL, "json.not_object", "",
                   "请求体必须是 JSON 对象");
  }
  *out = j;
  return LX_OK;
}

int api_get_str(struct req *r, json_t *obj, const char *key, int required,
                size_t max_chars, const char **out)
{
  json_t *v = json_object_get(obj, key);
  const char *s;
  *out = NULL;
  if (!v || json_is_null(v)) {
    if (required)
      return err_setf(&r->err, LX_EINVAL, "field.required", key,
                      "缺少必填字段 %s", key);
    return LX_OK;
  }
  if (!json_is_string(v))
    return err_setf(&r->err, LX_EINVAL, "field.type", key,
                    "字段 %s 必须是字符串", key);
  s = json_string_value(v);
  if (strlen(s) != json_string_length(v))
    return err_setf(&r->err, LX_EINVAL, "field.nul", key,
                    "字段 %s 含有非法字符", key);
  if (required && !*s)
    return err_setf(&r->err, LX_EINVAL, "field.required", key,
                    "字段 %s 不能为空", key);
  if (utf8_len(s) > max_chars)
    return err_setf(&r->err, LX_EINVAL, "field.too_long", key,
                    "字段 %s 不能超过 %zu 个字符", key, max_chars);
  *out = s;
  return LX_OK;
}

int api_get_int(struct req *r, json_t *obj, const char *key, int required,
                int64_t min, int64_t max, int64_t *out, int *present)
{
  json_t *v = json_object_get(obj, key);
  if (present)
    *present = 0;
  if (!v || json_is_null(v)) {
    if (required)
      return err_setf(&r->err, LX_EINVAL, "field.required", key,
                      "缺少必填字段 %s", key);
    return LX_OK;
  }
  if (!json_is_integer(v))
    return err_setf(&r->err, LX_EINVAL, "field.type", key, "字段 %s 必须是整数",
                    key);
  if (json_integer_value(v) < min || json_integer_value(v) > max)
    return err_setf(&r->err, LX_EINVAL, "field.range", key,
                    "字段 %s 超出允许范围（%lld 到 %lld）", key, (long long)min,
                    (long long)max);
  *out = json_integer_value(v);
  if (present)
    *present = 1;
  return LX_OK;
}

struct sb *api_json(struct resp *w, int status)
{
  w->status = status;
  w->content_type = "application/json; charset=utf-8";
  return &w->body;
}

int api_page(struct req *r, int *out_limit, int64_t *out_cursor)
{
  const char *l = req_query(r, "limit"), *c = req_query(r, "cursor");
  char *end;
  *out_limit = 20;
  *out_cursor = 0;
  if (l) {
    long v = strtol(l, &end, 10);
    if (*end || end == l || v < 1 || v > 200)
      return err_set(&r->err, LX_EINVAL, "page.limit", "limit",
                     "limit 必须是 1 到 200 之间的整数");
    *out_limit = (int)v;
  }
  if (c && *c) {
    long long v = strtoll(c, &end, 10);
    if (*end || end == c || v < 0 || v > 9007199254740991LL)
      return err_set(&r->err, LX_EINVAL, "page.cursor", "cursor",
                     "分页游标无效");
    *out_cursor = v;
  }
  return LX_OK;
}
