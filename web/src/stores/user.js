/*
 * The logged-in user: the U object from /auth/login or /auth/me, and the
 * CSRF token the request wrapper sends on every non-GET.
 */
import { defineStore } from 'pinia'
import { getMe, logout as apiLogout } from '@/api/auth'

/*
 * A hint (not a secret) that this browser has logged in: without it the
 * first page load goes straight to /login instead of asking /auth/me and
 * getting a 401. The session itself is the HttpOnly cookie.
 */
const HINT = 'luoshi.logged-in'
function setHint(on) {
  try {
    if (on) localStorage.setItem(HINT, '1')
    else localStorage.removeItem(HINT)
  } catch {
    /* storage disabled: always ask the server */
  }
}
function hasHint() {
  try {
    return localStorage.getItem(HINT) === '1'
  } catch {
    return true
  }
}

export const useUserStore = defineStore('user', {
  state: () => ({
    user: null, // {id,username,name,unit_id,unit_name,roles,permissions,must_change_password,totp_enabled,must_setup_totp}
    csrfToken: '',
    loaded: false, // /auth/me has been asked once since the page loaded
  }),
  getters: {
    isLoggedIn: (s) => !!s.user,
    mustChangePassword: (s) => !!(s.user && s.user.must_change_password),
    /* an admin who must enrol TOTP before anything else (server: 403
     * auth.must_setup_totp on every other route) */
    mustSetupTotp: (s) => !!(s.user && s.user.must_setup_totp),
    permissionSet: (s) => new Set((s.user && s.user.permissions) || []),
    roleCodes: (s) => ((s.user && s.user.roles) || []).map((r) => r.code),
  },
  actions: {
    /* Keeps the answer of /auth/login or /auth/me. */
    setSession(answer) {
      this.user = answer.user || null
      this.csrfToken = answer.csrf_token || ''
      this.loaded = true
      setHint(!!this.user)
    },
    clear() {
      this.user = null
      this.csrfToken = ''
      this.loaded = true
      setHint(false)
    },
    /* Asks the server who we are; resolves to the user or null. */
    async fetchMe() {
      if (!hasHint()) {
        this.clear()
        return null
      }
      try {
        const r = await getMe({ silent: true, auth: false })
        this.setSession(r)
      } catch {
        this.clear()
      }
      return this.user
    },
    async logout() {
      try {
        await apiLogout()
      } finally {
        this.clear()
      }
    },
    /* hasPerm('org.admin') or hasPerm(['a','b']) (any of). */
    hasPerm(perm) {
      if (!perm) return true
      const list = Array.isArray(perm) ? perm : [perm]
      return list.some((p) => this.permissionSet.has(p))
    },
  },
})
