/*
 * Reflections (心得体会), 学史力行 links and proposals, study settings:
 * /api/v1/reflections, /action-links, /action-proposals,
 * /items/:id/study-links, /study-settings (routes.def "study: reflections"
 * group). One function per route; each returns the server's JSON unchanged.
 */
import http from '@/utils/http'

/* GET /reflections?mine=1|unit_id=&status=&limit=&cursor= → {items, next_cursor} */
export function listReflections(query, opts) {
  return http.get('/reflections', query, opts)
}

/* POST /reflections {title, body, material_id?, plan_id?, submit?} → the reflection */
export function createReflection(data) {
  return http.post('/reflections', data)
}

/* GET /reflections/featured?limit=&cursor= → {items, next_cursor} */
export function listFeaturedReflections(query, opts) {
  return http.get('/reflections/featured', query, opts)
}

/* GET /reflections/:id → the reflection with body and can{…} */
export function getReflection(id, opts) {
  return http.get(`/reflections/${id}`, undefined, opts)
}

/* PUT /reflections/:id {title, body, material_id?, plan_id?, submit?} */
export function updateReflection(id, data) {
  return http.put(`/reflections/${id}`, data)
}

/* DELETE /reflections/:id (own draft) */
export function removeReflection(id) {
  return http.del(`/reflections/${id}`)
}

/* POST /reflections/:id/submit */
export function submitReflection(id) {
  return http.post(`/reflections/${id}/submit`, {})
}

/* POST /reflections/:id/review {decision: 'approve'|'return', comment} */
export function reviewReflection(id, data) {
  return http.post(`/reflections/${id}/review`, data)
}

/* POST /reflections/:id/feature {featured} */
export function featureReflection(id, featured) {
  return http.post(`/reflections/${id}/feature`, { featured })
}

/* GET /action-links?source_kind=&source_id= → {links, proposals, can_cite, can_propose} */
export function listActionLinks(sourceKind, sourceId, opts) {
  return http.get('/action-links', { source_kind: sourceKind, source_id: sourceId }, opts)
}

/* POST /action-links {source_kind, source_id, item_id} → the link */
export function createActionLink(data) {
  return http.post('/action-links', data)
}

/* DELETE /action-links/:id */
export function removeActionLink(id) {
  return http.del(`/action-links/${id}`)
}

/* GET /action-proposals?status=&limit=&cursor= → {items, next_cursor} */
export function listActionProposals(query, opts) {
  return http.get('/action-proposals', query, opts)
}

/* POST /action-proposals {source_kind, source_id, type_id, title, description?, lead_unit_id?} */
export function createActionProposal(data) {
  return http.post('/action-proposals', data)
}

/* POST /action-proposals/:id/accept {due_date, lead_unit_id?, start_date?, fields?} */
export function acceptActionProposal(id, data) {
  return http.post(`/action-proposals/${id}/accept`, data)
}

/* POST /action-proposals/:id/reject {comment} */
export function rejectActionProposal(id, comment) {
  return http.post(`/action-proposals/${id}/reject`, { comment })
}

/* GET /items/:id/study-links → {items:[link]} */
export function listItemStudyLinks(id, opts) {
  return http.get(`/items/${id}/study-links`, undefined, opts)
}

/* GET /study-settings → {reflection_min_chars, …} */
export function getStudySettings(opts) {
  return http.get('/study-settings', undefined, opts)
}

/* PUT /study-settings {reflection_min_chars?, …} */
export function updateStudySettings(data) {
  return http.put('/study-settings', data)
}

/* The characters that count towards the minimum: everything but blanks
 * (the server counts the same way). */
export function countChars(text) {
  let n = 0
  for (const ch of text || '') if (!/[ \t\r\n\f\v\u3000]/.test(ch)) n++
  return n
}

export const REFLECTION_STATUS_TAG = {
  draft: 'info',
  submitted: 'warning',
  approved: 'success',
  returned: 'danger',
}
