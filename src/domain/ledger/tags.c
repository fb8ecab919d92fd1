/*
 * tags.c — item tags over item_tag (see tags.h).
 */
#include "domain/ledger/tags.h"

#include "base/arena.h"
#include "base/utf8.h"
#include "domain/ledger/item.h"
#include "domain/org/org_int.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

int ledger_tag_valid(const char *t)
{
  size_t n = t ? strlen(t) : 0, chars;
  if (!n || !utf8_valid(t, n))
    return 0;
  chars = utf8_len(t);
  if (chars < 1 || chars > LEDGER_TAG_MAX)
    return 0;
  if (t[0] == ' ' || t[n - 1] == ' ')
    return 0;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f || t[i] == ',')
      return 0;
  return 1;
}

int ledger_tags_check(const char *const *tags, int n, struct lx_err *err)
{
  if (n > LEDGER_MAX_TAGS)
    return err_setf(err, LX_EINVAL, "ledger.tag_too_many", "tags",
                    "标签最多 %d 个", LEDGER_MAX_TAGS);
  for (int i = 0; i < n; i++) {
    if (!ledger_tag_valid(tags[i]))
      return err_setf(err, LX_EINVAL, "ledger.tag_invalid", "tags",
                      "第%d个标签无效：标签应为1至%d个字，不含逗号、"
                      "换行，首尾无空格",
                      i + 1, LEDGER_TAG_MAX);
    for (int k = 0; k < i; k++)
      if (!strcmp(tags[k], tags[i]))
        return err_setf(err, LX_EINVAL, "ledger.tag_duplicate", "tags",
                        "标签「%s」重复", tags[i]);
  }
  return LX_OK;
}

int ledger_tags_write(struct store_conn *c, int64_t id, const char *const *tags,
                      int n, int replace, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = LX_OK;
  if (replace) {
    rc = store_prepare(c, "DELETE FROM item_tag WHERE item_id = ?", &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, id);
    rc = store_run(s, err);
  }
  for (int i = 0; !rc && i < n; i++) {
    rc = store_prepare(c, "INSERT INTO item_tag(item_id, tag) VALUES (?, ?)",
                       &s, err);
    if (rc)
      break;
    store_bind_i64(s, 1, id);
    store_bind_text(s, 2, tags[i]);
    rc = store_run(s, err);
  }
  return rc;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **ledger_tags_split(struct arena *a, const char *text, int *out_n)
{
  const char **v;
  char *copy;
  int n = 0, cap = 1;
  *out_n = 0;
  if (!text || !*text)
    return arena_zalloc(a, sizeof *v);
  for (const char *p = text; *p; p++)
    cap += *p == '\n';
  v = arena_zalloc(a, sizeof *v * (size_t)(cap + 1));
  copy = arena_strdup(a, text);
  for (char *p = copy; p && *p;) {
    char *nl = strchr(p, '\n');
    if (nl)
      *nl = 0;
    if (*p && n < cap)
      v[n++] = p;
    p = nl ? nl + 1 : NULL;
  }
  qsort(v, (size_t)n, sizeof *v, cmp_str);
  *out_n = n;
  return v;
}

int ledger_tags_suggest(struct store_conn *c, struct arena *a,
                        const struct policy_filter *f, const char *q, int limit,
                        const char ***out, int *out_n, struct lx_err *err)
{
  struct listq l;
  struct store_stmt *s;
  char *like = NULL;
  int n = 0, rc;
  *out = arena_zalloc(a, sizeof **out * (size_t)(limit + 1));
  *out_n = 0;
  if (f->scope == SCOPE_NONE)
    return LX_EFORBIDDEN;
  if (q && *q) { /* LIKE wildcards taken literally */
    size_t k = 0, len = strlen(q);
    like = arena_alloc(a, len * 2 + 3);
    like[k++] = '%';
    for (size_t i = 0; i < len; i++) {
      if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
        like[k++] = '\\';
      like[k++] = q[i];
    }
    like[k++] = '%';
    like[k] = 0;
  }
  listq_init(&l);
  listq_add(&l, "SELECT DISTINCT g.tag FROM item_tag g");
  if (f->scope != SCOPE_ALL)
    listq_add(&l, " JOIN ledger_item i ON i.id = g.item_id");
  listq_add(&l, " WHERE 1 = 1");
  switch (f->scope) {
  case SCOPE_SUBTREE:
    listq_add(&l, " AND (i.lead_unit_path >= ? AND i.lead_unit_path < ? OR "
                  "EXISTS (SELECT 1 FROM item_co_unit cu WHERE cu.item_id = "
                  "i.id AND cu.unit_path >= ? AND cu.unit_path < ?))");
    listq_text(&l, f->path_lo);
    listq_text(&l, f->path_hi);
    listq_text(&l, f->path_lo);
    listq_text(&l, f->path_hi);
    break;
  case SCOPE_UNIT:
    listq_add(&l, " AND (i.lead_unit_id = ? OR EXISTS (SELECT 1 FROM "
                  "item_co_unit cu WHERE cu.item_id = i.id AND "
                  "cu.unit_id = ?))");
    listq_i64(&l, f->unit_id);
    listq_i64(&l, f->unit_id);
    break;
  case SCOPE_SELF:
    listq_add(&l, " AND (i.owner_account_id = ? OR "
                  "i.lead_leader_person_id = ?)");
    listq_i64(&l, f->account_id);
    listq_i64(&l, f->person_id ? f->person_id : -1);
    break;
  default: break;
  }
  if (like) {
    listq_add(&l, " AND g.tag LIKE ? ESCAPE '\\'");
    listq_text(&l, like);
  }
  listq_add(&l, " ORDER BY g.tag LIMIT ?");
  listq_i64(&l, limit);
  rc = listq_prepare(c, &l, &s, err);
  if (rc)
    return rc;
  while ((rc = store_step(s, err)) == STORE_ROW && n < limit)
    (*out)[n++] = arena_strdup(a, store_col_text(s, 0));
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  *out_n = n;
  return LX_OK;
}
