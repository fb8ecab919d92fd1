/*
 * api_attachment.c — attachments (附件) and comments (评论) of ledger
 * items:
 *   POST /api/v1/items/:id/attachments?purpose=item|progress|evidence
 *        raw file body (an UPLOAD route: limited by upload_max), the
 *        original name percent-encoded in X-File-Name.  The type comes
 *        from the bytes (io/sniff.h; 415 attachment.bad_type otherwise),
 *        the file goes to the content-addressed store before its row.
 *        Who: 督查室 (ledger.write covering the lead unit) or a unit that
 *        may report on the item (ledger.report covering the lead unit or a
 *        co-unit); anyone else who can read the item gets 403.
 *   GET  /api/v1/items/:id/attachments      the item's attachments
 *   GET  /api/v1/attachments/:id            download (only if the caller
 *        may read the item; 404 otherwise, like a missing id)
 *   GET/POST /api/v1/items/:id/comments     comments, by anyone who may
 *        read the item
 * Every write is audited in the same job as its timeline event; items
 * outside the caller's scope answer 404 like missing ones.
 */
#include "api/api_attachment.h"
#include "api/api_ledger.h"

#include "api/api_org.h"
#include "base/arena.h"
#include "base/cfg.h"
#include "base/digest.h"
#include "domain/ledger/comment.h"
#include "http/resp_file.h"
#include "io/sniff.h"
#include "store/files.h"

#include <stdio.h>
#include <string.h>

static const char *const P_READ = "ledger.read";

void api_attachment_json(struct jw *j, const struct ledger_attachment *x)
{
  char url[64];
  jw_obj(j);
  jw_ki64(j, "id", x->id);
  jw_ki64(j, "item_id", x->item_id);
  jw_key(j, "progress_id");
  if (x->progress_id)
    jw_i64(j, x->progress_id);
  else
    jw_null(j);
  jw_kstr(j, "purpose", x->purpose);
  jw_kstr(j, "purpose_label", ledger_attachment_purpose_label(x->purpose));
  jw_kstr(j, "filename", x->filename);
  jw_kstr(j, "mime", x->mime);
  jw_ki64(j, "size", x->size);
  jw_kstr(j, "sha256", x->sha256);
  jw_ki64(j, "uploaded_by", x->uploaded_by);
  jw_kstr(j, "uploader_name", x->uploader_name);
  jw_ktime(j, "created_at", x->created_at);
  snprintf(url, sizeof url, "/api/v1/attachments/%lld", (long long)x->id);
  jw_kstr(j, "url", url);
  jw_obj_end(j);
}

void api_attachments_of_progress(struct jw *j,
                                 const struct ledger_attachment *xs, int n,
                                 int64_t progress_id)
{
  jw_arr(j);
  for (int i = 0; i < n; i++)
    if (xs[i].progress_id == progress_id)
      api_attachment_json(j, &xs[i]);
  jw_arr_end(j);
}

/* ---- upload --------------------------------------------------------- */

struct attach_job {
  struct req *r;
  struct ledger_attachment_in in;
  struct ledger_who who;
  int64_t id;
};

static int attach_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct attach_job *jb = ctx;
  struct req *r = jb->r;
  int rc = ledger_attachment_add(c, &jb->in, &jb->who, &jb->id, err);
  if (!rc) {
    struct sb sb;
    struct jw j;
    sb_init(&sb, r->arena, NULL, 0, 4096);
    jw_init(&j, &sb);
    jw_obj(&j);
    jw_ki64(&j, "attachment_id", jb->id);
    jw_kstr(&j, "purpose", jb->in.purpose);
    jw_kstr(&j, "filename", jb->in.filename);
    jw_kstr(&j, "mime", jb->in.mime);
    jw_ki64(&j, "size", jb->in.size);
    jw_kstr(&j, "sha256", jb->in.sha256);
    jw_obj_end(&j);
    rc = api_audit(r, c, "item.attach", "item", jb->in.item_id, "ok", NULL,
                   sb_err(&sb) ? NULL : sb_take(&sb, NULL), NULL);
  }
  return rc;
}

/* 1 if the subject may upload to item it: 督查室 over the lead unit, or a
 * unit that reports on it (lead unit or co-unit). */
static int may_upload(const struct subject *s, const struct ledger_item *it)
{
  return policy_allows(s, "ledger.write", it->lead_unit_path, 0, 0) ||
         ledger_item_visible(s, "ledger.report", it);
}

static int render_attachment(struct req *r, struct resp *w, int status,
                             int64_t id)
{
  struct store_conn *c;
  struct ledger_attachment x;
  struct jw j;
  int rc = api_db(r, &c);
  if (!rc)
    rc = ledger_attachment_get(c, r->arena, id, &x, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, status));
  api_attachment_json(&j, &x);
  return LX_OK;
}

/* POST /api/v1/items/:id/attachments?purpose= (raw body) → 201. */
int api_attachment_upload(struct req *r, struct resp *w)
{
  struct attach_job *jb = arena_zalloc(r->arena, sizeof *jb);
  const struct subject *s = api_subject(r);
  const struct sniff_type *t;
  struct ledger_item it;
  const char *purpose = req_query(r, "purpose"), *name = NULL;
  char *hex;
  int rc = api_item_load(r, P_READ, 0, &it);
  if (rc)
    return rc;
  if (!may_upload(s, &it))
    return err_set(&r->err, LX_EFORBIDDEN, "attachment.forbidden", "",
                   "只有督查室和承办单位可以上传该事项的附件");
  if (!ledger_state_is_open(it.state))
    return err_setf(&r->err, LX_ECONFLICT, "attachment.item_closed", "state",
                    "事项处于「%s」状态，不能再上传附件",
                    ledger_state_label(it.state));
  if (!purpose || !ledger_attachment_purpose_ok(purpose))
    return err_set(
        &r->err, LX_EINVAL, "attachment.purpose_invalid", "purpose",
        "附件用途 purpose 只能是 item（事项材料）、progress（进展附件）"
        "或 evidence（佐证材料）");
  if (!r->body || r->body_len == 0)
    return err_set(&r->err, LX_EINVAL, "attachment.empty", "file",
                   "文件为空，请选择有内容的文件");
  if (r->body_len > (size_t)cfg.upload_max)
    return err_setf(&r->err, LX_ETOOBIG, "attachment.too_large", "file",
                    "文件超过 %d MB 的上传上限",
                    cfg.upload_max / (1024 * 1024));
  t = sniff_detect(r->body, r->body_len);
  if (!t)
    return err_setf(&r->err, LX_EUNSUPPORTED, "attachment.bad_type", "file",
                    "不支持的文件类型（按文件内容识别）。可上传：%s",
                    sniff_allowed_text());
  rc = ledger_attachment_name(r->arena, req_header(r, "X-File-Name"), t, &name,
                              &r->err);
  if (rc)
    return rc;
  hex = arena_alloc(r->arena, DIGEST_HEX256_SIZE);
  digest_sha256_hex(r->body, r->body_len, hex);
  /* the file first: an orphan file is harmless, a row without it is not */
  rc = store_file_put(store_files_dir(), hex, r->body, r->body_len, &r->err);
  if (rc)
    return rc;
  jb->r = r;
  api_ledger_who(r, &jb->who);
  jb->in.item_id = it.id;
  jb->in.purpose = api_keep(r, purpose);
  jb->in.sha256 = hex;
  jb->in.size = (int64_t)r->body_len;
  jb->in.mime = t->mime;
  jb->in.filename = name;
  rc = api_write(r, attach_job, jb);
  if (rc)
    return rc;
  return render_attachment(r, w, 201, jb->id);
}

/* GET /api/v1/items/:id/attachments → {items:[…], next_cursor:null} */
int api_attachment_list(struct req *r, struct resp *w)
{
  struct ledger_item it;
  struct ledger_attachment *xs;
  struct store_conn *c;
  struct jw j;
  int n, rc = api_item_load(r, P_READ, 0, &it);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = ledger_attachment_list(c, r->arena, it.id, &xs, &n, &r->err);
  if (rc)
    return rc;
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    api_attachment_json(&j, &xs[i]);
  api_list_end(&j, NULL);
  return LX_OK;
}

/* GET /api/v1/attachments/:id → the file. */
int api_attachment_download(struct req *r, struct resp *w)
{
  struct ledger_attachment x;
  struct ledger_item it;
  struct store_conn *c;
  char path[STORE_FILE_PATH_MAX], ascii[64];
  const char *dot;
  int64_t id;
  int rc = req_param_id(r, "id", &id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = ledger_attachment_get(c, r->arena, id, &x, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "附件");
  if (!rc)
    rc = ledger_item_get(c, r->arena, x.item_id, 0, &it, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "附件");
  if (rc)
    return rc;
  if (!ledger_item_visible(api_subject(r), P_READ, &it))
    return api_out_of_scope(r, "附件");
  if (store_file_path(store_files_dir(), x.sha256, path, sizeof path))
    return err_set(&r->err, LX_EINTERNAL, "file.digest", "", "附件记录无效");
  /* ASCII fallback name: attachment-<id>.<ext> (the ext is the sniffed
   * type's, so plain ASCII letters) */
  dot = strrchr(x.filename, '.');
  snprintf(ascii, sizeof ascii, "attachment-%lld%s", (long long)x.id,
           dot && strlen(dot) <= 6 ? dot : "");
  for (char *p = ascii; *p; p++)
    if ((unsigned char)*p > 0x7e)
      *p = '_';
  rc = resp_file_send(r, w, path, x.mime, ascii, x.filename);
  if (rc == LX_EIO)
    return err_set(&r->err, LX_EIO, "attachment.file_missing", "",
                   "附件文件缺失，请联系管理员从备份中恢复");
  return rc;
}

/* ---- comments ------------------------------------------------------- */

static void comment_json(struct jw *j, const struct ledger_comment *x)
{
  jw_obj(j);
  jw_ki64(j, "id", x->id);
  jw_ki64(j, "item_id", x->item_id);
  jw_ki64(j, "account_id", x->account_id);
  jw_kstr(j, "author_name", x->author_name);
  jw_kstr(j, "text", x->text);
  jw_ktime(j, "created_at", x->created_at);
  jw_obj_end(j);
}

/* GET /api/v1/items/:id/comments → {items:[…], next_cursor:null} */
int api_comment_list(struct req *r, struct resp *w)
{
  struct ledger_item it;
  struct ledger_comment *xs;
  struct store_conn *c;
  struct jw j;
  int n, rc = api_item_load(r, P_READ, 0, &it);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = ledger_comment_list(c, r->arena, it.id, &xs, &n, &r->err);
  if (rc)
    return rc;
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    comment_json(&j, &xs[i]);
  api_list_end(&j, NULL);
  return LX_OK;
}

struct comment_job {
  struct req *r;
  int64_t item_id, id;
  const char *text;
  struct ledger_who who;
};

static int comment_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct comment_job *jb = ctx;
  struct req *r = jb->r;
  int rc = ledger_comment_add(c, jb->item_id, jb->text, &jb->who, &jb->id, err);
  if (!rc)
    rc = api_audit(
        r, c, "item.comment", "item", jb->item_id, "ok", NULL,
        arena_printf(r->arena, "{\"comment_id\":%lld}", (long long)jb->id),
        jb->text);
  return rc;
}

/* POST /api/v1/items/:id/comments {text} → 201 the comment. */
int api_comment_create(struct req *r, struct resp *w)
{
  struct comment_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct ledger_item it;
  struct ledger_comment x;
  struct store_conn *c;
  const char *text = NULL;
  json_t *body = NULL;
  struct jw j;
  int rc = api_item_load(r, P_READ, 0, &it);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "text", 1, LEDGER_COMMENT_MAX, &text);
  if (rc == LX_EINVAL && !strcmp(r->err.code, "field.required"))
    rc =
        err_set(&r->err, LX_EINVAL, "field.required", "text", "请填写评论内容");
  if (!rc) {
    jb->text = api_keep(r, text);
    rc = ledger_comment_check(jb->text, &r->err);
  }
  json_decref(body);
  if (rc)
    return rc;
  jb->r = r;
  jb->item_id = it.id;
  api_ledger_who(r, &jb->who);
  rc = api_write(r, comment_job, jb);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = ledger_comment_get(c, r->arena, it.id, jb->id, &x, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 201));
  comment_json(&j, &x);
  return LX_OK;
}
