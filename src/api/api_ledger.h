/*
 * api_ledger.h — shared by the ledger item handlers (api_ledger.c,
 * api_import.c, api_progress.c, api_attachment.c, …): loading an item in
 * scope, the caller's name for the timeline, and the item list's filter
 * parameters, read the same way by the JSON list and its Excel export.
 */
#ifndef API_LEDGER_H
#define API_LEDGER_H

#include "api/api.h"
#include "domain/ledger/item.h"

/* The item of :id in the caller's scope for perm ("ledger.read", …),
 * with milestones, fields and timeline when full.  Missing and out of
 * scope answer the same 404 (the latter audited).
 * rc: LX_OK; LX_ENOTFOUND; LX_EINVAL (bad :id); LX_EDB. */
LX_MUST_CHECK int api_item_load(struct req *r, const char *perm, int full,
                                struct ledger_item *it);

/* The caller as the ledger's timeline and audit name it. */
void api_ledger_who(struct req *r, struct ledger_who *who);

/* Reads ?type_id=&state=&health=&lead_unit_id=&leader=&due_from=&due_to=
 * &q= into q (limit, cursor and paging stay the caller's).
 * rc: LX_OK; LX_EINVAL ("query.invalid", field = the parameter). */
LX_MUST_CHECK int api_item_query(struct req *r, struct ledger_query *q);

/* ---- the issue 5 list slice (api_item_filter.c) ---- */
struct jw;
/* The rest of the list parameters, called by api_item_query:
 * &subtree=1 (with lead_unit_id: the unit and its sub-units), &tag=,
 * &parent_id=, &sort= (ledger_sort_parse).
 * rc: LX_OK; LX_EINVAL ("query.invalid", field = the parameter). */
LX_MUST_CHECK int api_item_query_more(struct req *r, struct ledger_query *q);
/* Reads ?cursor= for q->sort into q (a cursor of another sort → 400
 * "page.cursor").  rc: LX_OK; LX_EINVAL. */
LX_MUST_CHECK int api_item_cursor_decode(struct req *r, struct ledger_query *q);
/* The cursor after row last for q->sort.  Returns: arena-owned text. */
const char *api_item_cursor_next(struct req *r, const struct ledger_query *q,
                                 const struct ledger_item *last);
/* Checks that qs ("type_id=3&tag=x") holds only list filter parameters
 * that api_item_query accepts.  rc: LX_OK; LX_EINVAL (field "query"). */
LX_MUST_CHECK int api_item_query_check(struct req *r, const char *qs);
/* "tags":[…] of it. */
void api_item_tags_json(struct jw *j, const struct ledger_item *it);
/* "children":[…] of it, when loaded. */
void api_item_children_json(struct jw *j, const struct ledger_item *it);
/* Reads "tags" of an item body into in.  rc: LX_OK; LX_EINVAL. */
LX_MUST_CHECK int api_item_read_tags(struct req *r, json_t *body,
                                     struct ledger_item_in *in);
/* Reads "parent_id" of an update body (0/null = top) into in after
 * checking the caller may read the parent.  rc: LX_OK; LX_EINVAL. */
LX_MUST_CHECK int api_item_read_parent(struct req *r, json_t *body,
                                       struct ledger_item_in *in);
/* The type with its fields, as GET /api/v1/ledger-types/:id writes it. */
void api_ledger_type_json(struct jw *j, const struct ledger_type *t);

#endif
