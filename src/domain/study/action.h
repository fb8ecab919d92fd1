/*
 * action.h — 学史力行, study turned into action: the links from a source
 * of study (a reflection or a study session) to the ledger items it led
 * to, and proposals of new items (为民办实事 or another ledger type) that
 * a supervisor accepts into the ledger or rejects.
 *
 *   action_link      (source, item): cited by someone who may read the
 *                    item, or made when a proposal is accepted;
 *   action_proposal  proposed ──accept──▶ accepted (item_id set: the
 *                    draft item created in the same write job, and a
 *                    link) │──reject (comment)──▶ rejected.
 *
 * The source's unit path is copied onto links and proposals, so that the
 * statistics count them for the unit where the study happened
 * (study_action_count_for_unit).  Sessions belong to another part
 * (table study_session, migration 0015); this module only reads their
 * unit_path, title and creator.
 *
 * Who may cite, propose or decide is the caller's decision
 * (api_action.c); these functions check input and state and write rows.
 * Write functions run inside a write job on the job's connection.
 */
#ifndef STUDY_ACTION_H
#define STUDY_ACTION_H

#include "base/lx.h"
#include "domain/ledger/item.h"

#include <stdint.h>

struct arena;
struct store_conn;

#define STUDY_PROPOSAL_TITLE_MAX 200 /* = LEDGER_TITLE_MAX */
#define STUDY_PROPOSAL_DESC_MAX 2000
#define STUDY_PROPOSAL_COMMENT_MIN 2
#define STUDY_PROPOSAL_COMMENT_MAX 500

enum study_source_kind { STUDY_SOURCE_REFLECTION = 0, STUDY_SOURCE_SESSION };

/* "reflection" / "session" ↔ the enum.  Parse: 1 when known. */
const char *study_source_kind_code(enum study_source_kind k);
int study_source_kind_parse(const char *code, enum study_source_kind *out);

/* A source of study as access checks need it. */
struct study_source {
  enum study_source_kind kind;
  int64_t id;
  const char *unit_path, *title;
  int64_t owner_person_id;  /* reflection: the author; session: 0 */
  int64_t owner_account_id; /* reflection: the author's account;
                               session: its creator */
  const char *owner_name;
  int status; /* reflection: enum study_reflection_status; session: 0 */
  int featured;
};

/* Loads source (kind, id).  rc: LX_OK; LX_ENOTFOUND; LX_EDB.
 * Strings arena-owned. */
LX_MUST_CHECK int study_source_get(struct store_conn *c, struct arena *a,
                                   enum study_source_kind kind, int64_t id,
                                   struct study_source *out,
                                   struct lx_err *err);

struct study_action_link {
  int64_t id;
  enum study_source_kind kind;
  int64_t source_id, item_id;
  const char *item_code, *item_title, *item_state; /* state code */
  const char *source_title, *source_author;        /* author or creator */
  const char *unit_path;
  int64_t created_by;
  const char *creator_name;
  int64_t created_at;
};

/* Links source (kind, source_id) whose unit is unit_path to item_id (it
 * must exist: 400 "action.item_missing", field item_id; twice: 409
 * "action.link_exists").  rc: LX_OK; LX_EINVAL; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int study_action_link_add(struct store_conn *c,
                                        enum study_source_kind kind,
                                        int64_t source_id,
                                        const char *unit_path, int64_t item_id,
                                        const struct ledger_who *who,
                                        int64_t *out_id, struct lx_err *err);

/* One link.  rc: LX_OK; LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int study_action_link_get(struct store_conn *c, struct arena *a,
                                        int64_t id,
                                        struct study_action_link *out,
                                        struct lx_err *err);

/* Removes link id.  rc: LX_OK; LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int study_action_link_remove(struct store_conn *c, int64_t id,
                                           struct lx_err *err);

/* The links of a source (item_id 0) or of an item (source_id 0), oldest
 * first.  Returns in *out an arena array of *out_n (at most 500).
 * rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int study_action_links(struct store_conn *c, struct arena *a,
                                     enum study_source_kind kind,
                                     int64_t source_id, int64_t item_id,
                                     struct study_action_link **out, int *out_n,
                                     struct lx_err *err);

enum study_proposal_status {
  STUDY_PROPOSAL_PROPOSED = 0,
  STUDY_PROPOSAL_ACCEPTED,
  STUDY_PROPOSAL_REJECTED
};
const char *study_proposal_status_code(enum study_proposal_status s);
const char *study_proposal_status_label(enum study_proposal_status s);
int study_proposal_status_parse(const char *code,
                                enum study_proposal_status *out);

struct study_proposal {
  int64_t id;
  enum study_source_kind kind;
  int64_t source_id;
  const char *source_title, *unit_path;
  int64_t type_id;
  const char *type_name, *title, *description;
  int64_t lead_unit_id; /* 0 = none suggested */
  const char *lead_unit_name;
  enum study_proposal_status status;
  int64_t item_id; /* 0 until accepted */
  const char *item_code;
  int64_t proposed_by;
  const char *proposer_name;
  int64_t decided_by, decided_at;
  const char *decider_name, *decision_comment;
  int64_t created_at;
};

struct study_proposal_in {
  int64_t type_id;
  const char *title, *description;
  int64_t lead_unit_id; /* 0 = none */
};

/* Checks title (required, ≤ STUDY_PROPOSAL_TITLE_MAX) and description
 * (≤ STUDY_PROPOSAL_DESC_MAX).  rc: LX_OK; LX_EINVAL. */
LX_MUST_CHECK int study_proposal_check(const struct study_proposal_in *in,
                                       struct lx_err *err);

/* Records a proposal from source src: checks in, the type (400
 * "action.type_missing", field type_id) and the suggested unit (400
 * "action.unit_missing", field lead_unit_id).
 * rc: LX_OK; LX_EINVAL; LX_EDB. */
LX_MUST_CHECK int study_proposal_create(struct store_conn *c,
                                        const struct study_source *src,
                                        const struct study_proposal_in *in,
                                        const struct ledger_who *who,
                                        int64_t *out_id, struct lx_err *err);

/* One proposal.  rc: LX_OK; LX_ENOTFOUND; LX_EDB. */
LX_MUST_CHECK int study_proposal_get(struct store_conn *c, struct arena *a,
                                     int64_t id, struct study_proposal *out,
                                     struct lx_err *err);

struct study_proposal_query {
  int has_status;
  enum study_proposal_status status;
  const char *unit_lo, *unit_hi; /* source unit in [lo, hi); NULL = all */
  int64_t proposed_by;           /* 0 = anyone */
  int has_source;                /* only the proposals of this source */
  enum study_source_kind kind;
  int64_t source_id;
  int64_t before_id; /* keyset: id < before_id; 0 = first page */
  int limit;         /* 1..500 */
};

/* The proposals q selects, newest first.  Returns in *out an arena array
 * of *out_n; *out_more = 1 when more follow.  rc: LX_OK; LX_EDB. */
LX_MUST_CHECK int study_proposal_list(struct store_conn *c, struct arena *a,
                                      const struct study_proposal_query *q,
                                      struct study_proposal **out, int *out_n,
                                      int *out_more, struct lx_err *err);

/* Accepts proposal id: creates the ledger item as a draft with
 * ledger_item_create from in (the caller sets lead unit, due date,
 * custom fields; type, title and description come from the proposal, the
 * timeline event says where it came from), sets the proposal's item_id,
 * links the source to the item.  Only a proposed proposal can be decided
 * (409 "action.already_decided").  *out_item_id gets the item.
 * rc: LX_OK; LX_EINVAL (the ledger's own checks); LX_ENOTFOUND;
 * LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int study_proposal_accept(struct store_conn *c, struct arena *a,
                                        int64_t id, struct ledger_item_in *in,
                                        const struct ledger_who *who,
                                        int32_t today, int64_t *out_item_id,
                                        struct lx_err *err);

/* Rejects proposal id with a comment of STUDY_PROPOSAL_COMMENT_MIN..MAX
 * characters (400 "action.comment_required", field comment).
 * rc: LX_OK; LX_EINVAL; LX_ENOTFOUND; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int study_proposal_reject(struct store_conn *c, int64_t id,
                                        const char *comment,
                                        const struct ledger_who *who,
                                        struct lx_err *err);

/* Counts for the statistics of the unit subtree at unit_path over the
 * local dates from..to (YYYY-MM-DD, inclusive; NULL = open): *links =
 * links made in the period from its reflections and sessions (citations
 * and accepted proposals alike), *accepted_proposals = proposals accepted
 * in the period.  rc: LX_OK; LX_EINVAL (bad date, field "from"/"to");
 * LX_EDB. */
LX_MUST_CHECK int
study_action_count_for_unit(struct store_conn *c, const char *unit_path,
                            const char *from, const char *to, int64_t *links,
                            int64_t *accepted_proposals, struct lx_err *err);

#endif
