/*
 * query.h — private to the ledger module: the item list's sort orders
 * and filters of the issue 5 list slice as SQL fragments (keyset
 * condition and ORDER BY for each sort; tag, parent, lead unit subtree
 * and keyword over the description).  Used by ledger_item_list().
 */
#ifndef LEDGER_QUERY_H
#define LEDGER_QUERY_H

#include "domain/ledger/item.h"

struct listq;

/* Appends the filters on q's tag, parent_id and lead unit subtree range
 * (values bound). */
void ledger_query_filters(struct listq *l, const struct ledger_query *q);

/* Appends, for a sort other than newest, the keyset condition after
 * (after_key, after_id) and " ORDER BY <key>, i.id LIMIT ?" with
 * limit + 1 bound. */
void ledger_query_order(struct listq *l, const struct ledger_query *q);

#endif
