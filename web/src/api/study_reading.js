/*
 * Timed reading (学习记录): heartbeats, the member's own records, a unit's
 * records. /api/v1/reading… One function per route; each returns the
 * server's JSON unchanged. Also the few reads of other study parts the
 * member pages need (a material, the latest materials, my plans), kept
 * here so these pages depend only on the documented routes.
 */
import http from '@/utils/http'

/* POST /reading/heartbeat {material_id, progress 0–100}
 * → {credited, seconds, progress, completed, completed_at, min_seconds}.
 * Silent: a lost heartbeat is not worth a message. */
export function sendHeartbeat(materialId, progress) {
  return http.post('/reading/heartbeat', { material_id: materialId, progress }, { silent: true })
}

/* GET /reading/mine?limit=&cursor= → {items:[{material_id,title,seconds,
 * minutes,progress,min_seconds,completed,completed_at,first_at,last_at}],
 * next_cursor} (newest first) */
export function listMyReading(query, opts) {
  return http.get('/reading/mine', query, opts)
}

/* GET /reading/mine/summary → {today,today_seconds,today_minutes,
 * week_seconds,week_minutes,total_seconds,total_minutes,materials,
 * completed,streak_days} */
export function getMySummary(opts) {
  return http.get('/reading/mine/summary', undefined, opts)
}

/* GET /reading/materials/:id → my record on one material (zeros if none) */
export function getMyMaterialRecord(id, opts) {
  return http.get(`/reading/materials/${id}`, undefined, opts)
}

/* GET /reading?unit_id=&person_id=&from=&to=&limit=&cursor= → a unit's
 * records (study.manage / study.review); the same with format=xlsx is the
 * export (ExportButton path '/reading'). */
export function listUnitReading(query, opts) {
  return http.get('/reading', query, opts)
}

/* GET /materials/:id (the materials library) → {id,title,source,author,
 * publish_date,topic,tags,body_html,files,related,min_seconds,…} */
export function getMaterialForReading(id, opts) {
  return http.get(`/materials/${id}`, undefined, opts)
}

/* GET /materials?limit= → the latest published materials visible to me */
export function latestMaterials(limit = 5, opts) {
  return http.get('/materials', { limit }, opts)
}

