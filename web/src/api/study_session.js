/*
 * Study sessions (专题学习、三会一课、组织生活会、主题党日):
 * /api/v1/study-sessions (routes.def "study: sessions", api_session.c).
 * One function per route; each returns the server's JSON unchanged.
 * Photos are uploaded as the raw request body (JPEG/PNG only).
 */
import { ElMessage } from 'element-plus'
import http, { ApiError, apiUrl, exportUrl } from '@/utils/http'
import { useUserStore } from '@/stores/user'

/* The kinds, in the server's order (三会一课 first after 专题学习). */
export const SESSION_KINDS = [
  { value: 'study', label: '专题学习' },
  { value: 'member_meeting', label: '支部党员大会' },
  { value: 'committee', label: '支部委员会' },
  { value: 'group', label: '党小组会' },
  { value: 'lecture', label: '党课' },
  { value: 'life', label: '组织生活会' },
  { value: 'party_day', label: '主题党日' },
]
export const SESSION_STATUSES = [
  { value: 'planned', label: '未召开', type: 'primary' },
  { value: 'held', label: '已召开', type: 'success' },
  { value: 'cancelled', label: '已取消', type: 'info' },
]
export const ATT_STATUSES = [
  { value: 'present', label: '出席', type: 'success' },
  { value: 'leave', label: '请假', type: 'warning' },
  { value: 'absent', label: '缺席', type: 'danger' },
]

/* GET /study-sessions?unit_id=&kind=&status=&from=&to=&mine=1&limit=&cursor=
 * → {items:[session + counts (+ my_status)], next_cursor} */
export function listSessions(query, opts) {
  return http.get('/study-sessions', query, opts)
}

/* The Excel export address of the same list. */
export function exportSessionsUrl(query) {
  return exportUrl('/study-sessions', query)
}

/* POST /study-sessions {unit_id,kind,title,starts_at,ends_at,place,host_name,material_ids} */
export function createSession(data, opts) {
  return http.post('/study-sessions', data, opts)
}

/* GET /study-sessions/:id → session with materials, counts, my_attendance, photos */
export function getSession(id, opts) {
  return http.get(`/study-sessions/${id}`, undefined, opts)
}

/* PUT /study-sessions/:id (planned only) */
export function updateSession(id, data, opts) {
  return http.put(`/study-sessions/${id}`, data, opts)
}

/* POST /study-sessions/:id/cancel {reason} */
export function cancelSession(id, reason) {
  return http.post(`/study-sessions/${id}/cancel`, { reason })
}

/* POST /study-sessions/:id/checkin-open {open} */
export function setCheckinOpen(id, open) {
  return http.post(`/study-sessions/${id}/checkin-open`, { open })
}

/* POST /study-sessions/:id/checkin {code} (member) */
export function checkin(id, code, opts) {
  return http.post(`/study-sessions/${id}/checkin`, { code }, opts)
}

/* POST /study-sessions/:id/leave {reason} (member) */
export function askLeave(id, reason, opts) {
  return http.post(`/study-sessions/${id}/leave`, { reason }, opts)
}

/* GET /study-sessions/:id/attendance → {items:[{person_id,name,unit_name,status,reason,…}], counts} */
export function getAttendance(id, opts) {
  return http.get(`/study-sessions/${id}/attendance`, undefined, opts)
}

/* PUT /study-sessions/:id/attendance {person_id,status,reason} */
export function putAttendance(id, data) {
  return http.put(`/study-sessions/${id}/attendance`, data)
}

/* POST /study-sessions/:id/finish */
export function finishSession(id) {
  return http.post(`/study-sessions/${id}/finish`)
}

/* PUT /study-sessions/:id/minutes {minutes} */
export function putMinutes(id, minutes, opts) {
  return http.put(`/study-sessions/${id}/minutes`, { minutes }, opts)
}

/* DELETE /study-sessions/:id/photos/:photo_id */
export function deletePhoto(id, photoId) {
  return http.del(`/study-sessions/${id}/photos/${photoId}`)
}

/* GET /study-sessions/stats?unit_id=&from=&to= */
export function getSessionStats(query, opts) {
  return http.get('/study-sessions/stats', query, opts)
}

export function exportStatsUrl(query) {
  return exportUrl('/study-sessions/stats', query)
}

/* Address of a photo (img src). */
export function photoUrl(id, photoId) {
  return apiUrl(`/study-sessions/${id}/photos/${photoId}`)
}

/* GET /materials?status=published&q= (the materials helper's list) for the picker. */
export function searchMaterials(q, opts) {
  return http.get('/materials', { status: 'published', q: q || undefined, limit: 20 }, opts)
}

/* POST /study-sessions/:id/photos with the image as the body → the photo. */
export function uploadPhoto(id, file, { silent } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', apiUrl(`/study-sessions/${id}/photos`))
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
        (e && e.message) || (status ? `上传失败（${status}）` : '无法连接服务器，请检查网络后重试'),
        e && e.field,
      )
      if (!silent) ElMessage.error(err.message)
      reject(err)
    }
    xhr.onload = () => {
      let data = null
      try {
        data = JSON.parse(xhr.responseText)
      } catch {
        data = null
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data)
      else fail(xhr.status, data && data.error)
    }
    xhr.onerror = () => fail(0, null)
    xhr.send(file)
  })
}

export function kindLabel(k) {
  const f = SESSION_KINDS.find((x) => x.value === k)
  return f ? f.label : k
}
export function statusType(s) {
  const f = SESSION_STATUSES.find((x) => x.value === s)
  return f ? f.type : 'info'
}
export function attType(s) {
  const f = ATT_STATUSES.find((x) => x.value === s)
  return f ? f.type : 'info'
}
