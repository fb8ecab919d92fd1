/*
 * Audit log (read only): /api/v1/audit.
 */
import http from '@/utils/http'

/* GET /audit?username=&action=&object_type=&result=&from=&to=&limit=&cursor=
 * → {items:[{id,at,username,ip,action,object_type,object_id,result,
 *            before,after}], next_cursor} */
export function listAudit(query) {
  return http.get('/audit', query)
}
