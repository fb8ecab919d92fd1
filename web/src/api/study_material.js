/*
 * The materials library (学习资料) and its topics: /api/v1/materials,
 * /api/v1/study-topics (routes.def "study: materials library" group).
 * One function per route; each returns the server's JSON unchanged.
 * Files (import, attachments) go up as the raw request body with the
 * original name percent-encoded in X-File-Name.
 */
import http, { ApiError, apiUrl, exportUrl } from '@/utils/http'
import { ElMessage } from 'element-plus'
import { useUserStore } from '@/stores/user'

export const MATERIAL_STATUSES = [
  { value: 'draft', label: '草稿', type: 'info' },
  { value: 'published', label: '已发布', type: 'success' },
  { value: 'withdrawn', label: '已下架', type: 'warning' },
]

/* the Element Plus tag type of a status */
export function statusType(s) {
  const x = MATERIAL_STATUSES.find((m) => m.value === s)
  return x ? x.type : 'info'
}

/* ---- topics ---- */

/* GET /study-topics → {items:[{id,parent_id,name,sort,path,n_materials,children:[…]}]} */
export function listTopics(opts) {
  return http.get('/study-topics', undefined, opts)
}

/* POST /study-topics {name, parent_id?, sort?} → the topic */
export function createTopic(data, opts) {
  return http.post('/study-topics', data, opts)
}

/* PUT /study-topics/:id {name, sort?} → the topic */
export function updateTopic(id, data, opts) {
  return http.put(`/study-topics/${id}`, data, opts)
}

/* DELETE /study-topics/:id (only when empty: 409 otherwise) */
export function deleteTopic(id, opts) {
  return http.del(`/study-topics/${id}`, opts)
}

/* ---- materials ---- */

/* GET /materials?manage=&status=&topic_id=&tag=&q=&limit=&cursor=
 * → {items:[{id,title,source,author,publish_date,summary,topic_id,topic_name,
 *    status,status_label,visible_all,body_chars,min_seconds,owner_unit_name,
 *    creator_name,published_at,created_at,updated_at,tags}], next_cursor} */
export function listMaterials(query, opts) {
  return http.get('/materials', query, opts)
}

/* Address of the Excel export of the manage list with the same filters. */
export function exportMaterialsUrl(query) {
  return exportUrl('/materials', { ...(query || {}), manage: 1 })
}

/* GET /materials/:id → the material with body (managers only), body_html,
 * tags, topic_path, units, unit_ids, files, related, can_manage.
 * (The member reading page uses this too.) */
export function getMaterial(id, opts) {
  return http.get(`/materials/${id}`, undefined, opts)
}

/* POST /materials {title, body, source?, author?, publish_date?, summary?,
 * topic_id?, tags?, min_seconds?, visible_all?, unit_ids?} → the draft */
export function createMaterial(data, opts) {
  return http.post('/materials', data, opts)
}

/* PUT /materials/:id (all fields) → the material */
export function updateMaterial(id, data, opts) {
  return http.put(`/materials/${id}`, data, opts)
}

/* POST /materials/:id/publish → the material */
export function publishMaterial(id, opts) {
  return http.post(`/materials/${id}/publish`, {}, opts)
}

/* POST /materials/:id/withdraw → the material */
export function withdrawMaterial(id, opts) {
  return http.post(`/materials/${id}/withdraw`, {}, opts)
}

/* DELETE /materials/:id (drafts only) */
export function deleteMaterial(id, opts) {
  return http.del(`/materials/${id}`, opts)
}

/* POST /materials/preview {body} → {html, body_chars, min_seconds} */
export function previewMarkdown(body, opts) {
  return http.post('/materials/preview', { body }, opts)
}

/* Address to download an attachment. */
export function materialFileUrl(id, fileId) {
  return apiUrl(`/materials/${id}/files/${fileId}`)
}

/* DELETE /materials/:id/files/:file_id */
export function deleteMaterialFile(id, fileId, opts) {
  return http.del(`/materials/${id}/files/${fileId}`, opts)
}

/* Sends file as the raw body of POST path; resolves with the JSON answer,
 * rejects with ApiError (shown unless silent). */
function sendFile(path, query, file, { silent } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', apiUrl(path, query))
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name || ''))
    const token = useUserStore().csrfToken
    if (token) xhr.setRequestHeader('X-CSRF-Token', token)
    const fail = (status, e) => {
      const err = new ApiError(
        status,
        (e && e.code) || (status ? 'http_' + status : 'network'),
        (e && e.message) ||
          (status === 413 ? '文件超过上传上限' : status ? `上传失败（${status}）` : '无法连接服务器，请检查网络后重试'),
        e && e.field,
      )
      if (!silent) ElMessage.error(err.message)
      reject(err)
    }
    xhr.onload = () => {
      let data = null
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        data = null
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data || {})
      else fail(xhr.status, data && data.error)
    }
    xhr.onerror = () => fail(0, null)
    xhr.send(file)
  })
}

/* POST /materials/import?topic_id= (a .txt/.md/.docx file) → the new draft */
export function importMaterial(file, topicId, opts) {
  return sendFile('/materials/import', topicId ? { topic_id: topicId } : undefined, file, opts)
}

/* POST /materials/:id/files (PDF, images, Office documents) → the attachment */
export function uploadMaterialFile(id, file, opts) {
  return sendFile(`/materials/${id}/files`, undefined, file, opts)
}
