/*
 * query.c — sort orders and the extra filters of the item list (see
 * item.h "List orders" and query.h).  Each sort is a column with an
 * index on (column, id), so a page is an index range scan: the keyset
 * condition is the row value (column, id) after the cursor's.
 */
#include "domain/ledger/query.h"

#include "base/timeutil.h"
#include "domain/org/org_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *code, *order, *after;
  int is_int; /* the key is an integer column */
} sorts[LEDGER_SORT_COUNT] = {
    [LEDGER_SORT_NEWEST] = {"", " ORDER BY i.id DESC", NULL, 0},
    [LEDGER_SORT_DUE] = {"due_date", " ORDER BY i.due_date, i.id",
                         " AND (i.due_date, i.id) > (?, ?)", 0},
    [LEDGER_SORT_DUE_DESC] = {"-due_date",
                              " ORDER BY i.due_date DESC, i.id DESC",
                              " AND (i.due_date, i.id) < (?, ?)", 0},
    [LEDGER_SORT_UPDATED] = {"updated_at", " ORDER BY i.updated_at, i.id",
                             " AND (i.updated_at, i.id) > (?, ?)", 1},
    [LEDGER_SORT_UPDATED_DESC] = {"-updated_at",
                                  " ORDER BY i.updated_at DESC, i.id DESC",
                                  " AND (i.updated_at, i.id) < (?, ?)", 1},
    [LEDGER_SORT_CODE] = {"code", " ORDER BY i.code, i.id",
                          " AND (i.code, i.id) > (?, ?)", 0},
    [LEDGER_SORT_PROGRESS] = {"progress", " ORDER BY i.progress, i.id",
                              " AND (i.progress, i.id) > (?, ?)", 1},
    [LEDGER_SORT_PROGRESS_DESC] = {"-progress",
                                   " ORDER BY i.progress DESC, i.id DESC",
                                   " AND (i.progress, i.id) < (?, ?)", 1},
};

int ledger_sort_parse(const char *code, enum ledger_sort *out)
{
  if (!code || !*code) {
    *out = LEDGER_SORT_NEWEST;
    return 1;
  }
  for (int i = 1; i < LEDGER_SORT_COUNT; i++)
    if (!strcmp(code, sorts[i].code)) {
      *out = (enum ledger_sort)i;
      return 1;
    }
  return 0;
}

const char *ledger_sort_code(enum ledger_sort s)
{
  return (unsigned)s < LEDGER_SORT_COUNT ? sorts[s].code : "";
}

void ledger_sort_key(enum ledger_sort s, const struct ledger_item *it,
                     char *buf, size_t len)
{
  switch (s) {
  case LEDGER_SORT_DUE:
  case LEDGER_SORT_DUE_DESC:
    snprintf(buf, len, "%s", it->due_date ? it->due_date : "");
    break;
  case LEDGER_SORT_UPDATED:
  case LEDGER_SORT_UPDATED_DESC:
    snprintf(buf, len, "%lld", (long long)it->updated_at);
    break;
  case LEDGER_SORT_CODE:
    snprintf(buf, len, "%s", it->code ? it->code : "");
    break;
  case LEDGER_SORT_PROGRESS:
  case LEDGER_SORT_PROGRESS_DESC: snprintf(buf, len, "%d", it->progress); break;
  default: snprintf(buf, len, "%lld", (long long)it->id); break;
  }
}

int ledger_sort_key_valid(enum ledger_sort s, const char *key)
{
  char *end;
  int32_t d;
  if (!key || (unsigned)s >= LEDGER_SORT_COUNT)
    return 0;
  if (s == LEDGER_SORT_DUE || s == LEDGER_SORT_DUE_DESC)
    return time_parse_date(key, &d);
  if (s == LEDGER_SORT_CODE)
    return *key && strlen(key) < 40;
  if (!*key)
    return 0;
  (void)strtoll(key, &end, 10);
  return *end == 0;
}

void ledger_query_filters(struct listq *l, const struct ledger_query *q)
{
  if (q->unit_lo && q->unit_hi) {
    listq_add(l, " AND i.lead_unit_path >= ? AND i.lead_unit_path < ?");
    listq_text(l, q->unit_lo);
    listq_text(l, q->unit_hi);
  }
  if (q->tag) {
    listq_add(l, " AND i.id IN (SELECT g.item_id FROM item_tag g "
                 "WHERE g.tag = ?)");
    listq_text(l, q->tag);
  }
  if (q->parent_id) {
    listq_add(l, " AND i.parent_id = ?");
    listq_i64(l, q->parent_id);
  }
}

void ledger_query_order(struct listq *l, const struct ledger_query *q)
{
  enum ledger_sort s =
      (unsigned)q->sort < LEDGER_SORT_COUNT ? q->sort : LEDGER_SORT_NEWEST;
  if (s != LEDGER_SORT_NEWEST && q->after_id && q->after_key) {
    listq_add(l, sorts[s].after);
    if (sorts[s].is_int)
      listq_i64(l, strtoll(q->after_key, NULL, 10));
    else
      listq_text(l, q->after_key);
    listq_i64(l, q->after_id);
  }
  listq_add(l, sorts[s].order);
  listq_add(l, " LIMIT ?");
  listq_i64(l, q->limit + 1);
}
