/*
 * attachment.c — attachment rows over the store (see attachment.h).
 */
#include "domain/ledger/attachment.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "io/sniff.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static const struct {
  const char *code, *label;
} purposes[] = {
    {"item", "事项材料"},
    {"progress", "进展附件"},
    {"evidence", "佐证材料"},
};

int ledger_attachment_purpose_ok(const char *purpose)
{
  return *ledger_attachment_purpose_label(purpose) != 0;
}

const char *ledger_attachment_purpose_label(const char *purpose)
{
  for (size_t i = 0; purpose && i < LX_COUNT(purposes); i++)
    if (!strcmp(purpose, purposes[i].code))
      return purposes[i].label;
  return "";
}

static int hexval(int ch)
{
  if (ch >= '0' && ch <= '9')
    return ch - '0';
  if (ch >= 'a' && ch <= 'f')
    return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F')
    return ch - 'A' + 10;
  return -1;
}

static int bad_name(struct lx_err *err)
{
  return err_set(err, LX_EINVAL, "attachment.bad_name", "X-File-Name",
                 "文件名编码无效（应为 UTF-8 百分号编码）");
}

int ledger_attachment_name(struct arena *a, const char *raw,
                           const struct sniff_type *t, const char **out,
                           struct lx_err *err)
{
  size_t n = raw ? strlen(raw) : 0, k = 0, start = 0, end, chars = 0, cut;
  char *dec = arena_alloc(a, n + 1), *clean, *dot;
  const char *ext;
  *out = NULL;
  for (size_t i = 0; i < n; i++) {
    if (raw[i] == '%') {
      int h1 = i + 1 < n ? hexval(raw[i + 1]) : -1;
      int h2 = i + 2 < n ? hexval(raw[i + 2]) : -1;
      if (h1 < 0 || h2 < 0 || (h1 == 0 && h2 == 0))
        return bad_name(err);
      dec[k++] = (char)(h1 << 4 | h2);
      i += 2;
    } else {
      dec[k++] = raw[i];
    }
  }
  dec[k] = 0;
  if (!utf8_valid(dec, k))
    return bad_name(err);
  /* the last path segment only */
  for (size_t i = 0; i < k; i++)
    if (dec[i] == '/' || dec[i] == '\\')
      start = i + 1;
  clean = arena_alloc(a, k - start + 1);
  end = 0;
  for (size_t i = start; i < k; i++) {
    unsigned char ch = (unsigned char)dec[i];
    if (ch < 0x20 || ch == 0x7f || strchr("<>:\"|?*;", ch))
      continue;
    clean[end++] = (char)ch;
  }
  clean[end] = 0;
  /* trim spaces and dots at the ends (a trailing dot hides the ext) */
  while (end && (clean[end - 1] == ' ' || clean[end - 1] == '.'))
    clean[--end] = 0;
  while (*clean == ' ')
    clean++, end--;
  /* at most LEDGER_ATTACH_NAME_MAX - 6 characters before the extension
   * is checked, cut on a character boundary */
  cut = end;
  for (size_t i = 0; i < end; i++) {
    if (((unsigned char)clean[i] & 0xc0) != 0x80) {
      if (chars == LEDGER_ATTACH_NAME_MAX - 6) {
        cut = i;
        break;
      }
      chars++;
    }
  }
  clean[cut] = 0;
  if (!*clean || *clean == '.')
    clean = arena_printf(a, "附件%s", clean); /* ".pdf" → "附件.pdf" */
  dot = strrchr(clean, '.');
  ext = dot ? dot + 1 : NULL;
  if (ext && sniff_ext_ok(t, ext))
    *out = clean;
  else
    *out = arena_printf(a, "%s.%s", clean, t->ext);
  return LX_OK;
}

int ledger_attachment_add(struct store_conn *c,
                          const struct ledger_attachment_in *in,
                          const struct ledger_who *who, int64_t *out_id,
                          struct lx_err *err)
{
  struct store_stmt *s;
  char state[24] = "";
  int64_t now = time_now_ms();
  int rc;
  if (!ledger_attachment_purpose_ok(in->purpose))
    return err_set(err, LX_EINVAL, "attachment.purpose_invalid", "purpose",
                   "附件用途只能是 item（事项材料）、progress（进展附件）或 "
                   "evidence（佐证材料）");
  rc = store_prepare(c, "SELECT state FROM ledger_item WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, in->item_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    snprintf(state, sizeof state, "%s", store_col_text(s, 0));
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "事项不存在");
  if (rc != STORE_ROW)
    return rc;
  rc = store_prepare(c,
                     "INSERT INTO attachment(item_id, purpose, sha256, size, "
                     "mime, filename, uploaded_by, uploader_name, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, in->item_id);
  store_bind_text(s, 2, in->purpose);
  store_bind_text(s, 3, in->sha256);
  store_bind_i64(s, 4, in->size);
  store_bind_text(s, 5, in->mime);
  store_bind_text(s, 6, in->filename);
  store_bind_i64(s, 7, who->account_id);
  store_bind_text(s, 8, who->name ? who->name : "");
  store_bind_i64(s, 9, now);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *out_id = store_col_i64(s, 0);
    rc = store_step(s, err);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  rc = store_prepare(c,
                     "INSERT INTO item_event(item_id, at, account_id, "
                     "actor_name, action, from_state, to_state, comment) "
                     "VALUES (?, ?, ?, ?, 'attach', ?, ?, ?)",
                     &s, err);
  if (rc)
    return rc;
  {
    char note[LEDGER_ATTACH_NAME_MAX * 4 + 64];
    snprintf(note, sizeof note, "上传%s《%s》",
             ledger_attachment_purpose_label(in->purpose), in->filename);
    store_bind_i64(s, 1, in->item_id);
    store_bind_i64(s, 2, now);
    store_bind_i64(s, 3, who->account_id);
    store_bind_text(s, 4, who->name ? who->name : "");
    store_bind_text(s, 5, state);
    store_bind_text(s, 6, state);
    store_bind_text(s, 7, note);
    return store_run(s, err);
  }
}

#define ATT_COLS                                                               \
  "id, item_id, progress_id, purpose, sha256, size, mime, filename, "          \
  "uploaded_by, uploader_name, created_at"

static const char *col_dup(struct store_stmt *s, struct arena *a, int col)
{
  const char *t = store_col_text(s, col);
  return arena_strdup(a, t ? t : "");
}

static void att_from_row(struct store_stmt *s, struct arena *a,
                         struct ledger_attachment *x)
{
  memset(x, 0, sizeof *x);
  x->id = store_col_i64(s, 0);
  x->item_id = store_col_i64(s, 1);
  x->progress_id = store_col_i64(s, 2);
  x->purpose = col_dup(s, a, 3);
  x->sha256 = col_dup(s, a, 4);
  x->size = store_col_i64(s, 5);
  x->mime = col_dup(s, a, 6);
  x->filename = col_dup(s, a, 7);
  x->uploaded_by = store_col_i64(s, 8);
  x->uploader_name = col_dup(s, a, 9);
  x->created_at = store_col_i64(s, 10);
}

int ledger_attachment_get(struct store_conn *c, struct arena *a, int64_t id,
                          struct ledger_attachment *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, "SELECT " ATT_COLS " FROM attachment WHERE id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    att_from_row(s, a, out);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "附件不存在");
  return rc == STORE_ROW ? LX_OK : rc;
}

int ledger_attachment_list(struct store_conn *c, struct arena *a,
                           int64_t item_id, struct ledger_attachment **out,
                           int *out_n, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t total = 0;
  int n = 0, rc = store_query_i64(
                 c, "SELECT count(*) FROM attachment WHERE item_id = ?", 1,
                 item_id, &total, err);
  *out = NULL;
  *out_n = 0;
  if (!rc)
    rc = store_prepare(c,
                       "SELECT " ATT_COLS " FROM attachment WHERE item_id = ? "
                       "ORDER BY id",
                       &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, item_id);
  *out = arena_zalloc(a, sizeof **out * (size_t)(total + 1));
  while ((rc = store_step(s, err)) == STORE_ROW && n < total)
    att_from_row(s, a, &(*out)[n++]);
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  *out_n = n;
  return LX_OK;
}

int ledger_attachment_count_evidence(struct store_conn *c, int64_t item_id,
                                     int *out_n, struct lx_err *err)
{
  int64_t n = 0;
  int rc = store_query_i64(c,
                           "SELECT count(*) FROM attachment WHERE item_id = ? "
                           "AND purpose = 'evidence'",
                           1, item_id, &n, err);
  *out_n = rc ? 0 : (int)n;
  return rc;
}

static int link_bad(struct lx_err *err, int i, const char *why)
{
  char field[40];
  snprintf(field, sizeof field, "attachment_ids[%d]", i);
  return err_setf(err, LX_EINVAL, "attachment.link_invalid", field,
                  "第 %d 个附件%s", i + 1, why);
}

int ledger_attachment_link(struct store_conn *c, int64_t item_id,
                           int64_t progress_id, const int64_t *ids, int n,
                           int64_t account_id, struct lx_err *err)
{
  struct store_stmt *s;
  int rc;
  if (n > LEDGER_ATTACH_LINK_MAX)
    return err_setf(err, LX_EINVAL, "attachment.too_many", "attachment_ids",
                    "每份进展报告最多附 %d 个附件", LEDGER_ATTACH_LINK_MAX);
  for (int i = 0; i < n; i++) {
    int found = 0;
    int64_t item = 0, prog = 0, by = 0;
    char purpose[16] = "";
    for (int k = 0; k < i; k++)
      if (ids[k] == ids[i])
        return link_bad(err, i, "重复");
    rc = store_prepare(c,
                       "SELECT item_id, progress_id, purpose, uploaded_by "
                       "FROM attachment WHERE id = ?",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, ids[i]);
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
      found = 1;
      item = store_col_i64(s, 0);
      prog = store_col_i64(s, 1);
      snprintf(purpose, sizeof purpose, "%s", store_col_text(s, 2));
      by = store_col_i64(s, 3);
    }
    store_stmt_done(s);
    if (rc != STORE_ROW && rc != STORE_DONE)
      return rc;
    if (!found || item != item_id)
      return link_bad(err, i, "不存在或不属于本事项");
    if (by != account_id)
      return link_bad(err, i, "不是您本人上传的");
    if (strcmp(purpose, "progress"))
      return link_bad(err, i, "不是进展附件");
    if (prog)
      return link_bad(err, i, "已附在其他进展报告中");
    rc = store_prepare(c,
                       "UPDATE attachment SET progress_id = ? WHERE id = ? "
                       "AND progress_id IS NULL",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, progress_id);
    store_bind_i64(s, 2, ids[i]);
    rc = store_run(s, err);
    if (rc)
      return rc;
  }
  return LX_OK;
}
