/*
 * Ledgers (台账): types with their custom fields, items and their
 * lifecycle. /api/v1/ledger-types, /items (routes.def "ledger" group).
 * One function per route; each returns the server's JSON unchanged.
 */
import http, { ApiError, apiUrl } from '@/utils/http'
import { useUserStore } from '@/stores/user'

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

/* POST /items/:id/milestones/:mid/done {done, comment?} → {id, item_id, done} */
export function markMilestone(id, mid, done, comment) {
  const body = { done }
  if (comment) body.comment = comment
  return http.post(`/items/${id}/milestones/${mid}/done`, body)
}

/* ---- Excel in/out (api_import.c) ---- */

/* GET /ledger-types/:id/import-template: download address of the type's
 * .xlsx template (a plain link: the browser saves 民生实事导入模板.xlsx). */
export function importTemplateUrl(typeId) {
  return apiUrl(`/ledger-types/${typeId}/import-template`)
}

/* GET /items/export?<the list's filters>: download address of the filtered
 * list as .xlsx (paging parameters dropped). */
export function exportItemsUrl(query) {
  const p = { ...(query || {}) }
  delete p.cursor
  delete p.limit
  return apiUrl('/items/export', p)
}

/*
 * POST /items/import?type_id=&dry_run=1|0&filename= with the .xlsx file as
 * the body (UPLOAD route, at most 20 MiB) and the CSRF header.
 * dryRun true → {total, valid, error_count, errors:[{row,column,message}],
 *   fields:[{key,label}], preview:[…]}; false → {created, first_code,
 *   last_code}. Rejects with ApiError; for import.invalid the error also
 *   carries .errors and .errorCount (nothing was imported).
 */
export async function importItems(typeId, file, dryRun) {
  const headers = {
    Accept: 'application/json',
    'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  }
  const token = useUserStore().csrfToken
  if (token) headers['X-CSRF-Token'] = token
  const url = apiUrl('/items/import', { type_id: typeId, dry_run: dryRun ? 1 : 0, filename: file.name || '' })
  let res
  try {
    res = await fetch(url, { method: 'POST', headers, body: file, credentials: 'same-origin', cache: 'no-store' })
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试', null)
  }
  let data = null
  try {
    const text = await res.text()
    data = text ? JSON.parse(text) : null
  } catch {
    data = null
  }
  if (res.ok) return data || {}
  const e = (data && data.error) || {}
  const err = new ApiError(
    res.status,
    e.code || 'http_' + res.status,
    e.message || (res.status === 413 ? '文件超过 20 MB 的上传上限' : `导入失败（${res.status}）`),
    e.field,
  )
  err.errors = e.errors || []
  err.errorCount = e.error_count || err.errors.length
  throw err
}

/* ---- type administration, tags, bulk assign, saved views (issue 5 list slice) ---- */

/* POST /ledger-types {code,name,description?,sort?} (ledger.admin) → the type */
export function createLedgerType(data) {
  return http.post('/ledger-types', data)
}

/* PUT /ledger-types/:id {name?,description?,sort?,code?} → the type with fields */
export function updateLedgerType(id, data) {
  return http.put(`/ledger-types/${id}`, data)
}

/* POST /ledger-types/:id/fields {key,label,type,required,private,options,…} → the type */
export function createLedgerField(typeId, data) {
  return http.post(`/ledger-types/${typeId}/fields`, data)
}

/* PUT /ledger-types/:id/fields/:fid {label?,required?,private?,options?,sort?,…} → the type */
export function updateLedgerField(typeId, fieldId, data, opts) {
  return http.put(`/ledger-types/${typeId}/fields/${fieldId}`, data, opts)
}

/* DELETE /ledger-types/:id/fields/:fid → {archived} (values kept when archived) */
export function removeLedgerField(typeId, fieldId) {
  return http.del(`/ledger-types/${typeId}/fields/${fieldId}`)
}

/* GET /item-tags?q= → {items:["乡村振兴",…]} tags in use, for autocomplete */
export function listItemTags(q, opts) {
  return http.get('/item-tags', q ? { q } : undefined, opts)
}

/* POST /items/bulk-assign {ids,lead_unit_id?,owner_account_id?,lead_leader_person_id?} → {updated, ids} */
export function bulkAssignItems(data) {
  return http.post('/items/bulk-assign', data)
}

/* GET /saved-views?page=items → {items:[{id,name,query,sort}]} (the caller's own) */
export function listSavedViews(page, opts) {
  return http.get('/saved-views', { page }, opts)
}

/* POST /saved-views {page,name,query,sort} → the view */
export function createSavedView(data) {
  return http.post('/saved-views', data)
}

/* DELETE /saved-views/:id → 204 */
export function removeSavedView(id) {
  return http.del(`/saved-views/${id}`)
}
