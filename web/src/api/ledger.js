/*
 * Ledgers (台账): types with their custom fields, items and their
 * lifecycle. /api/v1/ledger-types, /items (routes.def "ledger" group).
 * One function per route; each returns the server's JSON unchanged.
 */
import http from '@/utils/http'

/* GET /ledger-types → {items:[{id,code,name,description,builtin,sort}]} */
export function listLedgerTypes(opts) {
  return http.get('/ledger-types', undefined, opts)
}

/* GET /ledger-types/:id → the type with fields [{key,label,type,type_label,
 * required,private,options,min,max}] */
export function getLedgerType(id, opts) {
  return http.get(`/ledger-types/${id}`, undefined, opts)
}

/* GET /items?type_id=&state=&health=&lead_unit_id=&leader=&due_from=&due_to=&q=&limit=&cursor=
 * → {items:[Item…], next_cursor} */
export function listItems(query, opts) {
  return http.get('/items', query, opts)
}

/* POST /items {type_id,title,due_date,lead_unit_id,…,fields{},milestones[]}
 * → the new draft item */
export function createItem(data) {
  return http.post('/items', data)
}

/* GET /items/:id → the item with co_units, milestones, fields, timeline */
export function getItem(id, opts) {
  return http.get(`/items/${id}`, undefined, opts)
}

/* PUT /items/:id (draft or issued only) */
export function updateItem(id, data) {
  return http.put(`/items/${id}`, data)
}

/* POST /items/:id/transition {action, reason?} → the item.
 * action: issue sign request_close close return cancel */
export function transitionItem(id, action, reason, opts) {
  const body = { action }
  if (reason) body.reason = reason
  return http.post(`/items/${id}/transition`, body, opts)
}
