/*
 * response.c — the one place an rc becomes an HTTP status, and the error
 * envelope {"error":{"code","message","field"}} is written.
 */
#include "http/http.h"

#include "base/jw.h"

int http_status_of(int rc)
{
  switch (rc) {
  case LX_OK: return 200;
  case LX_EINVAL: return 400;
  case LX_EUNAUTH: return 401;
  case LX_EFORBIDDEN: return 403;
  case LX_ENOTFOUND: return 404;
  case LX_EMETHOD: return 405;
  case LX_ETIMEOUT: return 408;
  case LX_ECONFLICT: return 409;
  case LX_ETOOBIG: return 413;
  case LX_EUNSUPPORTED: return 415;
  case LX_ETOOMANY: return 429;
  case LX_EBUSY: return 503;
  default: return 500;
  }
}

static const char *default_message(int rc)
{
  switch (rc) {
  case LX_EINVAL: return "请求参数有误";
  case LX_EUNAUTH: return "请先登录";
  case LX_EFORBIDDEN: return "没有权限执行此操作";
  case LX_ENOTFOUND: return "请求的资源不存在";
  case LX_EMETHOD: return "不支持该请求方法";
  case LX_ETIMEOUT: return "请求超时";
  case LX_ECONFLICT: return "当前状态不允许此操作";
  case LX_ETOOBIG: return "请求内容过大";
  case LX_EUNSUPPORTED: return "不支持的内容类型";
  case LX_ETOOMANY: return "操作过于频繁，请稍后再试";
  case LX_EBUSY: return "服务繁忙，请稍后重试";
  default: return "服务器内部错误";
  }
}

static const char *default_code(int rc)
{
  switch (rc) {
  case LX_EINVAL: return "invalid";
  case LX_EUNAUTH: return "unauthenticated";
  case LX_EFORBIDDEN: return "forbidden";
  case LX_ENOTFOUND: return "not_found";
  case LX_EMETHOD: return "method_not_allowed";
  case LX_ETIMEOUT: return "timeout";
  case LX_ECONFLICT: return "conflict";
  case LX_ETOOBIG: return "too_large";
  case LX_EUNSUPPORTED: return "unsupported_media_type";
  case LX_ETOOMANY: return "too_many_requests";
  case LX_EBUSY: return "unavailable";
  default: return "internal";
  }
}

void resp_error(struct resp *w, int rc, const struct lx_err *err)
{
  struct jw j;
  int internal = http_status_of(rc) >= 500 && rc != LX_EBUSY;
  w->status = http_status_of(rc);
  w->content_type = "application/json; charset=utf-8";
  w->static_data = NULL;
  sb_clear(&w->body);
  jw_init(&j, &w->body);
  jw_obj(&j);
  jw_key(&j, "error");
  jw_obj(&j);
  /* never leak internal detail to the client */
  jw_kstr(&j, "code",
          !internal && err && err->code[0] ? err->code : default_code(rc));
  jw_kstr(&j, "message", !internal && err && err->message[0]
                             ? err->message
                             : default_message(rc));
  jw_kstr(&j, "field", !internal && err ? err->field : "");
  jw_obj_end(&j);
  jw_obj_end(&j);
}

void resp_header(struct resp *w, const char *name, const char *value)
{
  if (w->n_hdrs < RESP_MAX_HEADERS) {
    w->hdr_names[w->n_hdrs] = name;
    w->hdr_values[w->n_hdrs] = value;
    w->n_hdrs++;
  }
}
