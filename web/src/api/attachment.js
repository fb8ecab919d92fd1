/*
 * Attachments (附件), comments (评论) and progress reports (进展) of a
 * ledger item: /api/v1/items/:id/attachments|comments|progress and
 * /api/v1/attachments/:id (routes.def "ledger" group, api_attachment.c,
 * api_progress.c). One function per route; each returns the server's JSON.
 *
 * Uploads send the raw file as the request body (an UPLOAD route, at most
 * 20 MiB) with the original name percent-encoded in X-File-Name and the
 * same X-CSRF-Token header utils/http.js sends; errors become the same
 * ApiError and are shown the same way unless { silent: true }.
 */
import { ElMessage } from 'element-plus'
import http, { ApiError, apiUrl } from '@/utils/http'
import { useUserStore } from '@/stores/user'

export const UPLOAD_MAX = 20 * 1024 * 1024
export const ACCEPT =
  '.pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.dps'

/* GET /items/:id/attachments → {items:[{id,progress_id,purpose,purpose_label,
 * filename,mime,size,uploader_name,created_at,url}]} */
export function listAttachments(itemId, opts) {
  return http.get(`/items/${itemId}/attachments`, undefined, opts)
}

/* Download address of an attachment (a plain link: the browser saves it). */
export function attachmentUrl(id) {
  return apiUrl(`/attachments/${id}`)
}

/*
 * POST /items/:id/attachments?purpose= with the file as the body.
 * purpose: item | progress | evidence. onProgress(percent) is optional.
 * Resolves with the attachment; rejects with ApiError.
 */
export function uploadAttachment(itemId, file, purpose, { onProgress, silent } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', apiUrl(`/items/${itemId}/attachments`, { purpose }))
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name || ''))
    const token = useUserStore().csrfToken
    if (token) xhr.setRequestHeader('X-CSRF-Token', token)
    if (onProgress && xhr.upload) {
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(Math.round((e.loaded * 100) / e.total))
      }
    }
    const fail = (status, e) => {
      const err = new ApiError(
        status,
        (e && e.code) || (status ? 'http_' + status : 'network'),
        (e && e.message) ||
          (status === 413 ? '文件超过 20 MB 的上传上限' : status ? `上传失败（${status}）` : '无法连接服务器，请检查网络后重试'),
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

/* GET /items/:id/comments → {items:[{id,author_name,text,created_at}]} */
export function listComments(itemId, opts) {
  return http.get(`/items/${itemId}/comments`, undefined, opts)
}

/* POST /items/:id/comments {text} → the comment */
export function createComment(itemId, text) {
  return http.post(`/items/${itemId}/comments`, { text })
}

/* GET /items/:id/progress → {items:[report…]} newest first; each report has
 * state (submitted|approved|returned), state_label, percent,
 * indicator_value, text, review_comment, reviewer_name, attachments[] */
export function listProgress(itemId, opts) {
  return http.get(`/items/${itemId}/progress`, undefined, opts)
}

/* POST /items/:id/progress {text, percent, indicator_value?, attachment_ids?} */
export function submitProgress(itemId, data) {
  return http.post(`/items/${itemId}/progress`, data)
}

/* POST /items/:id/progress/:pid/review {decision: approve|return, comment?} */
export function reviewProgress(itemId, progressId, decision, comment) {
  const body = { decision }
  if (comment) body.comment = comment
  return http.post(`/items/${itemId}/progress/${progressId}/review`, body)
}
