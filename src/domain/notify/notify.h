/*
 * notify.h — the in-app notification inbox (消息中心).  A notification
 * belongs to one account; it has a kind ("plan.published",
 * "plan.due_soon", later "supervision.*"), a title and body shown in the
 * inbox, a link (a web route such as "/study/my-plans") the inbox opens,
 * and the object it is about.  Lists are newest first, keyset-paginated
 * on id.  Senders add notifications inside their own write job, so a
 * change and its notifications commit together.
 */
#ifndef NOTIFY_H
#define NOTIFY_H

#include "base/lx.h"

#include <stdint.h>

struct arena;
struct store_conn;

#define NOTIFY_TITLE_MAX 200 /* characters */
#define NOTIFY_BODY_MAX 2000 /* characters */
#define NOTIFY_LINK_MAX 300  /* bytes */

struct notify_in {
  const char *kind;        /* "plan.published" */
  const char *title;       /* required */
  const char *body;        /* NULL = "" */
  const char *link;        /* NULL = "" */
  const char *object_type; /* NULL = "" */
  int64_t object_id;
};

struct notify_msg {
  int64_t id, account_id, object_id, created_at;
  int64_t read_at; /* 0 = unread */
  const char *kind, *title, *body, *link, *object_type;
};

/* Adds one notification for account_id (write job).  Title and body are
 * cut to their maxima.  rc: LX_OK; LX_EINVAL (no kind/title); LX_EDB. */
LX_MUST_CHECK int notify_add(struct store_conn *c, int64_t account_id,
                             const struct notify_in *in, struct lx_err *err);

/* Adds the same notification for each of accounts[0..n) (write job), one
 * prepared statement reused.  rc: as notify_add. */
LX_MUST_CHECK int notify_add_many(struct store_conn *c, const int64_t *accounts,
                                  int n, const struct notify_in *in,
                                  struct lx_err *err);

/* The notifications of account_id with id < before_id (0 = from the
 * newest), newest first, at most limit; unread_only keeps unread ones.
 * *out_more says whether more follow.  Returns: *out arena-owned.
 * rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int notify_list(struct store_conn *c, struct arena *a,
                              int64_t account_id, int unread_only,
                              int64_t before_id, int limit,
                              struct notify_msg **out, int *out_n,
                              int *out_more, struct lx_err *err);

/* Unread notifications of account_id.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int notify_unread_count(struct store_conn *c, int64_t account_id,
                                      int64_t *out, struct lx_err *err);

/* Marks notification id of account_id read (write job; reading it again
 * is no error).  rc: LX_OK; LX_ENOTFOUND (none, or another account's);
 * LX_EDB. */
LX_MUST_CHECK int notify_mark_read(struct store_conn *c, int64_t account_id,
                                   int64_t id, struct lx_err *err);

/* Marks every unread notification of account_id read (write job);
 * *out_changed = how many.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int notify_mark_all_read(struct store_conn *c, int64_t account_id,
                                       int64_t *out_changed,
                                       struct lx_err *err);

#endif
