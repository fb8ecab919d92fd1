/*
 * tags.h — item tags (标签): free words that group items across types
 * and units ("乡村振兴", "2026年重点").  A tag is 1..LEDGER_TAG_MAX
 * characters of text without control characters or commas; an item has
 * at most LEDGER_MAX_TAGS, without duplicates.  Stored as rows of
 * item_tag (0007); the list filters on one tag through its index.
 */
#ifndef LEDGER_TAGS_H
#define LEDGER_TAGS_H

#include "base/lx.h"
#include "domain/policy/policy.h"

#include <stdint.h>

struct arena;
struct store_conn;

/* Checks n tags (count, length, characters, duplicates).
 * rc: LX_OK; LX_EINVAL ("ledger.tag_*", field "tags"). */
LX_MUST_CHECK int ledger_tags_check(const char *const *tags, int n,
                                    struct lx_err *err);

/* 1 if t is one valid tag. */
int ledger_tag_valid(const char *t);

/* Writes the tags of item id (replace: drops the old ones first).  Runs
 * in a write job.  rc: LX_OK, LX_EDB. */
LX_MUST_CHECK int ledger_tags_write(struct store_conn *c, int64_t id,
                                    const char *const *tags, int n, int replace,
                                    struct lx_err *err);

/* Splits "a\nb" (group_concat of item_tag) into an arena array sorted
 * by the text; NULL text gives 0 tags.  Returns the array (never NULL). */
const char **ledger_tags_split(struct arena *a, const char *text, int *out_n);

/* The tags in use (distinct, sorted) that contain q (NULL = any) on
 * items the filter f lets the caller read (lead unit or co-unit, or own
 * items for scope self), at most limit.  Returns in *out an arena
 * array.  rc: LX_OK; LX_EFORBIDDEN (scope none); LX_EDB. */
LX_MUST_CHECK int ledger_tags_suggest(struct store_conn *c, struct arena *a,
                                      const struct policy_filter *f,
                                      const char *q, int limit,
                                      const char ***out, int *out_n,
                                      struct lx_err *err);

#endif
