/*
 * comment.h — comments (评论) on ledger items: anyone who may read the
 * item writes a short text; each comment is also a "comment" event on the
 * item's timeline.  Who may comment is the caller's decision (the item's
 * read scope).  Write functions run inside a write job.
 */
#ifndef LEDGER_COMMENT_H
#define LEDGER_COMMENT_H

#include "base/lx.h"
#include "domain/ledger/item.h"

#include <stdint.h>

struct arena;
struct store_conn;

#define LEDGER_COMMENT_MAX 2000 /* characters */

struct ledger_comment {
  int64_t id, item_id, account_id;
  const char *author_name, *text;
  int64_t created_at;
};

/* Checks text: not blank, valid UTF-8, ≤ LEDGER_COMMENT_MAX characters.
 * rc: LX_OK; LX_EINVAL ("field.required", "field.too_long", field
 * "text"). */
LX_MUST_CHECK int ledger_comment_check(const char *text, struct lx_err *err);

/* Adds a comment by who on item item_id and its timeline event.
 * rc: LX_OK; LX_EINVAL; LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int ledger_comment_add(struct store_conn *c, int64_t item_id,
                                     const char *text,
                                     const struct ledger_who *who,
                                     int64_t *out_id, struct lx_err *err);

/* One comment of item item_id.  rc: LX_OK; LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int ledger_comment_get(struct store_conn *c, struct arena *a,
                                     int64_t item_id, int64_t id,
                                     struct ledger_comment *out,
                                     struct lx_err *err);

/* The comments of item item_id, oldest first.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int ledger_comment_list(struct store_conn *c, struct arena *a,
                                      int64_t item_id,
                                      struct ledger_comment **out, int *out_n,
                                      struct lx_err *err);

#endif
