/*
 * 消息中心 (notification inbox): /api/v1/notifications, the caller's own.
 * routes.def "study: … notification inbox". Each function returns the
 * server's JSON unchanged.
 */
import http from '@/utils/http'

/* GET /notifications?unread=1&limit=&cursor= → {items:[{id,kind,title,
 * body,link,created_at,read_at,read}], next_cursor} */
export function listNotifications(query, opts) {
  return http.get('/notifications', query, opts)
}

/* GET /notifications/unread-count → {count} */
export function unreadCount(opts) {
  return http.get('/notifications/unread-count', undefined, opts)
}

/* POST /notifications/:id/read → {id, read, unread} */
export function markRead(id, opts) {
  return http.post(`/notifications/${id}/read`, undefined, opts)
}

/* POST /notifications/read-all → {marked, unread} */
export function markAllRead(opts) {
  return http.post('/notifications/read-all', undefined, opts)
}
