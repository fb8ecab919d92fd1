/*
 * The single request wrapper (RuoYi's request.js + errorCode.js in one).
 *
 * Every call to the server goes through request(): JSON in and out, the
 * session cookie (credentials: 'same-origin'), and the X-CSRF-Token header
 * from the user store on every method other than GET/HEAD.
 *
 * Errors: the server answers {"error":{"code","message","field"}}. The
 * wrapper throws an ApiError carrying status, code, message (zh-CN) and
 * field, and — unless the caller passes { silent: true } — shows the
 * message with ElMessage (403 as 无权限). A 401 calls the handler that
 * main.js installs (clear the store, go to /login) unless the caller passes
 * { auth: false } (the login page and the start-up /auth/me probe).
 *
 * It deliberately does not retry, cache or transform data: api/<domain>.js
 * functions return what the server sent.
 */
import { ElMessage } from 'element-plus'
import { useUserStore } from '@/stores/user'

export const API_BASE = '/api/v1'

/* Messages for answers that carry no error envelope (proxy pages, etc.). */
const STATUS_TEXT = {
  400: '请求参数有误',
  401: '登录已失效，请重新登录',
  403: '无权限执行此操作',
  404: '访问的资源不存在或不在您的权限范围内',
  405: '不支持的请求方式',
  409: '数据状态已变化，请刷新后重试',
  413: '提交的内容过大',
  429: '操作过于频繁，请稍后再试',
  500: '服务器内部错误，请联系管理员',
  502: '服务暂不可用，请稍后再试',
  503: '服务暂不可用，请稍后再试',
  504: '服务响应超时，请稍后再试',
}

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field || null
  }
}

let onUnauthorized = () => {}
let onRestricted = () => {}

/* main.js installs what a 401 does (it needs the router, which needs us). */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn
}

/* …and what a 403 auth.must_change_password / auth.must_setup_totp does
 * (the account may only change its password or enrol TOTP). */
export function setRestrictedHandler(fn) {
  onRestricted = fn
}
const RESTRICTED = ['auth.must_change_password', 'auth.must_setup_totp']

/*
 * Query string from an object: skips undefined, null and ''; booleans
 * become 1/0; arrays repeat the key. Returns '' or '?a=1&b=2'.
 */
export function buildQuery(params) {
  if (!params) return ''
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) {
      v.forEach((x) => qs.append(k, String(x)))
    } else if (typeof v === 'boolean') {
      qs.append(k, v ? '1' : '0')
    } else {
      qs.append(k, String(v))
    }
  }
  const s = qs.toString()
  return s ? '?' + s : ''
}

/* Absolute path of an API route with its query: apiUrl('/people', {q}) */
export function apiUrl(path, params) {
  return API_BASE + path + buildQuery(params)
}

/*
 * URL of the Excel export of a list: the same list query plus format=xlsx,
 * without paging parameters. Used as the href of every 导出 button.
 */
export function exportUrl(path, params) {
  const p = { ...(params || {}) }
  delete p.cursor
  delete p.limit
  p.format = 'xlsx'
  return apiUrl(path, p)
}

function showError(err) {
  if (err.status === 403) {
    const m = err.message && err.message !== STATUS_TEXT[403] ? err.message : ''
    ElMessage.error(m ? (m.includes('无权限') ? m : '无权限：' + m) : '无权限执行此操作')
  } else if (err.status === 401) {
    ElMessage.warning(err.message || STATUS_TEXT[401])
  } else {
    ElMessage.error(err.message)
  }
}

/*
 * request(method, path, { query, body, silent, auth })
 *   method  'GET' | 'POST' | 'PUT' | 'DELETE'
 *   path    route below /api/v1, e.g. '/units/3'
 *   query   object turned into the query string
 *   body    any JSON value; omitted for GET
 *   silent  true: do not show ElMessage (the caller shows its own)
 *   auth    false: a 401 does not redirect to /login
 * Resolves with the parsed JSON body ({} for an empty answer).
 * Rejects with ApiError (status 0 for network failures).
 */
export async function request(method, path, opts = {}) {
  const { query, body, silent = false, auth = true } = opts
  const headers = { Accept: 'application/json' }
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const token = useUserStore().csrfToken
    if (token) headers['X-CSRF-Token'] = token
  }

  let res
  try {
    res = await fetch(apiUrl(path, query), init)
  } catch {
    const err = new ApiError(0, 'network', '无法连接服务器，请检查网络后重试', null)
    if (!silent) showError(err)
    throw err
  }

  let data = null
  const text = await res.text()
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }
  if (res.ok) return data ?? {}

  const e = (data && data.error) || {}
  const err = new ApiError(
    res.status,
    e.code || 'http_' + res.status,
    e.message || STATUS_TEXT[res.status] || `请求失败（${res.status}）`,
    e.field,
  )
  if (res.status === 401 && auth) {
    onUnauthorized(err)
  }
  if (res.status === 403 && RESTRICTED.includes(err.code)) {
    onRestricted(err)
    if (!silent) ElMessage.warning(err.message)
    throw err
  }
  if (!silent) showError(err)
  throw err
}

export const http = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body: body ?? {} }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body: body ?? {} }),
  del: (path, opts) => request('DELETE', path, opts),
}

export default http
