/*
 * 学习计划 (study plans): /api/v1/plans for managers (study.manage) and
 * /api/v1/my/plans for members (study.read). routes.def "study: plans".
 * One function per route; each returns the server's JSON unchanged.
 */
import http, { exportUrl } from '@/utils/http'

export const PLAN_STATUSES = [
  { value: 'draft', label: '草稿', type: 'info' },
  { value: 'published', label: '已发布', type: 'success' },
  { value: 'closed', label: '已结束', type: 'warning' },
]
export const statusType = (s) => (PLAN_STATUSES.find((x) => x.value === s) || {}).type || 'info'

/* GET /plans?status=&limit=&cursor= → {items:[plan], next_cursor} */
export function listPlans(query, opts) {
  return http.get('/plans', query, opts)
}

/* POST /plans {title,description,start_date,due_date,min_minutes,
 * units:[{unit_id,subtree}],materials:[id]} → the draft */
export function createPlan(data, opts) {
  return http.post('/plans', data, opts)
}

/* GET /plans/:id → the plan with units and materials */
export function getPlan(id, opts) {
  return http.get(`/plans/${id}`, undefined, opts)
}

/* PUT /plans/:id (draft only) */
export function updatePlan(id, data, opts) {
  return http.put(`/plans/${id}`, data, opts)
}

/* DELETE /plans/:id (draft only) → 204 */
export function deletePlan(id, opts) {
  return http.del(`/plans/${id}`, opts)
}

/* POST /plans/:id/publish → the plan with notified */
export function publishPlan(id, opts) {
  return http.post(`/plans/${id}/publish`, undefined, opts)
}

/* POST /plans/:id/close */
export function closePlan(id, opts) {
  return http.post(`/plans/${id}/close`, undefined, opts)
}

/* GET /plans/:id/progress?level=unit|member&unit_id=&limit=&cursor=
 * unit → {unit, total, items:[{unit_id,name,kind,is_self,has_children,
 * members,completed,rate,minutes}]}; member → {items:[{person_id,name,
 * unit_name,materials_done,materials_total,minutes,done}], next_cursor} */
export function planProgress(id, query, opts) {
  return http.get(`/plans/${id}/progress`, query, opts)
}

/* The Excel export of the same progress query. */
export function planProgressExportUrl(id, query) {
  return exportUrl(`/plans/${id}/progress`, query)
}

/* GET /my/plans?all=1 → {items:[{id,title,due_date,days_left,min_minutes,
 * minutes,materials_done,materials_total,done,materials:[{id,title,done,
 * minutes}]}]} */
export function myPlans(query, opts) {
  return http.get('/my/plans', query, opts)
}

/* GET /materials?status=published&q=&limit= → the picker's options */
export function searchPublishedMaterials(q, opts) {
  return http.get('/materials', { status: 'published', q: q || undefined, limit: 30 }, opts)
}
