/*
 * Authentication and the caller's own account: /api/v1/auth/*.
 * One function per route; each returns the server's JSON unchanged.
 */
import http from '@/utils/http'

/* POST /auth/login {username,password,totp?} → {user, csrf_token}.
 * Silent and without the 401 redirect: the login page shows its own
 * messages and handles auth.totp_required. */
export function login(data) {
  return http.post('/auth/login', data, { silent: true, auth: false })
}

/* GET /auth/captcha → {id, image (PNG data URL), expires_in}: the login
 * CAPTCHA after repeated failures. */
export function getCaptcha() {
  return http.get('/auth/captcha', undefined, { silent: true, auth: false })
}

/* GET /auth/me → {user, csrf_token}; 401 when not logged in. */
export function getMe(opts) {
  return http.get('/auth/me', undefined, opts)
}

/* POST /auth/logout */
export function logout() {
  return http.post('/auth/logout', {}, { silent: true, auth: false })
}

/* POST /auth/password {old_password,new_password} */
export function changePassword(data) {
  return http.post('/auth/password', data)
}

/* GET /auth/sessions → {items:[{id,created_at,last_seen_at,ip,user_agent,current}]} */
export function listSessions() {
  return http.get('/auth/sessions')
}

/* DELETE /auth/sessions/:id */
export function removeSession(id) {
  return http.del(`/auth/sessions/${encodeURIComponent(id)}`)
}

/* POST /auth/totp/setup → {secret, otpauth_uri} */
export function setupTotp() {
  return http.post('/auth/totp/setup', {})
}

/* POST /auth/totp/enable {code} */
export function enableTotp(code) {
  return http.post('/auth/totp/enable', { code })
}
