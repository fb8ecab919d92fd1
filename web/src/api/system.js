/*
 * System administration: accounts, roles, permissions, version.
 * /api/v1/users, /roles, /permissions, /version.
 * One function per route; each returns the server's JSON unchanged.
 */
import http from '@/utils/http'

/* GET /users?q=&unit_id=&status=&limit=&cursor= */
export function listUsers(query) {
  return http.get('/users', query)
}

/* GET /users/:id */
export function getUser(id) {
  return http.get(`/users/${id}`)
}

/* POST /users {username,name,unit_id,person_id?,roles:[{role_id,scope}]}
 * → {user, initial_password} (the password is shown once). */
export function createUser(data) {
  return http.post('/users', data)
}

/* PUT /users/:id {name,unit_id,roles} */
export function updateUser(id, data) {
  return http.put(`/users/${id}`, data)
}

/* POST /users/:id/reset-password → {initial_password} */
export function resetUserPassword(id) {
  return http.post(`/users/${id}/reset-password`, {})
}

/* POST /users/:id/disable */
export function disableUser(id) {
  return http.post(`/users/${id}/disable`, {})
}

/* POST /users/:id/enable */
export function enableUser(id) {
  return http.post(`/users/${id}/enable`, {})
}

/* POST /users/:id/unlock */
export function unlockUser(id) {
  return http.post(`/users/${id}/unlock`, {})
}

/* POST /users/:id/reset-totp */
export function resetUserTotp(id) {
  return http.post(`/users/${id}/reset-totp`, {})
}

/* GET /roles → {items:[{id,code,name,builtin,permissions:[…]}], next_cursor} */
export function listRoles(query, opts) {
  return http.get('/roles', query, opts)
}

/* POST /roles {code,name,permissions} */
export function createRole(data) {
  return http.post('/roles', data)
}

/* PUT /roles/:id {name,permissions} */
export function updateRole(id, data) {
  return http.put(`/roles/${id}`, data)
}

/* DELETE /roles/:id */
export function removeRole(id) {
  return http.del(`/roles/${id}`)
}

/* GET /permissions → {items:[{code,name,group}]} */
export function listPermissions() {
  return http.get('/permissions')
}

/* GET /version → {name, version} */
export function getVersion() {
  return http.get('/version', undefined, { silent: true, auth: false })
}

/* GET /client-errors?limit=&cursor= — browser error reports (system.read) */
export function listClientErrors(query) {
  return http.get('/client-errors', query)
}

/* GET /client-errors/:id */
export function getClientError(id) {
  return http.get(`/client-errors/${id}`)
}
