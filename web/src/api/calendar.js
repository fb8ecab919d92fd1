/*
 * 工作日历, 台账设置 and 延期申请: /api/v1/calendar, /ledger-settings,
 * /items/:id/extensions (routes.def "ledger" group, api_calendar.c,
 * api_extension.c). One function per route; each returns the server's
 * JSON unchanged.
 */
import http, { ApiError, apiUrl } from '@/utils/http'
import { useUserStore } from '@/stores/user'

/* GET /calendar?year= → {year, maintained, days:[{day,kind,kind_label,name,
 * weekday}], months:[{month,days,working_days,holidays,makeup_workdays}],
 * working_days, years:[…]} */
export function getCalendar(year, opts) {
  return http.get('/calendar', { year }, opts)
}

/* PUT /calendar/:year {days:[{day,kind,name}]} → the year + recompute.
 * A bad list rejects with ApiError calendar.invalid (use silent and
 * readErrors to show every bad entry). */
export function saveCalendar(year, days, opts) {
  return http.put(`/calendar/${year}`, { days }, opts)
}

/*
 * POST /calendar/import?dry_run=1|0&year= with the .xlsx as the body.
 * dryRun → {year, dry_run, count, replaces, days, months}; otherwise the
 * imported year. Rejects with ApiError carrying .errors and .errorCount
 * for calendar.invalid (nothing was written).
 */
export async function importCalendar(file, { dryRun, year } = {}) {
  const headers = {
    Accept: 'application/json',
    'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  }
  const token = useUserStore().csrfToken
  if (token) headers['X-CSRF-Token'] = token
  const q = { dry_run: dryRun ? 1 : 0 }
  if (year) q.year = year
  let res
  try {
    res = await fetch(apiUrl('/calendar/import', q), {
      method: 'POST',
      headers,
      body: file,
      credentials: 'same-origin',
      cache: 'no-store',
    })
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试', null)
  }
  let data = null
  try {
    const text = await res.text()
    data = text ? JSON.parse(text) : null
  } catch {
    data = null
  }
  if (res.ok) return data || {}
  const e = (data && data.error) || {}
  const err = new ApiError(
    res.status,
    e.code || 'http_' + res.status,
    e.message || (res.status === 413 ? '文件超过 20 MB 的上传上限' : `导入失败（${res.status}）`),
    e.field,
  )
  err.errors = e.errors || []
  err.errorCount = e.error_count || err.errors.length
  throw err
}

/* GET /ledger-settings → {warn_days, count_mode, lag_threshold,
 * lag_warn_threshold, extension_min_days} */
export function getLedgerSettings(opts) {
  return http.get('/ledger-settings', undefined, opts)
}

/* PUT /ledger-settings {…} → the settings + recompute {ok, items, changed} */
export function saveLedgerSettings(data, opts) {
  return http.put('/ledger-settings', data, opts)
}

/* POST /ledger-settings/recompute → {recompute:{ok, items, changed}} */
export function recomputeHealth(opts) {
  return http.post('/ledger-settings/recompute', {}, opts)
}

/* GET /items/:id/extensions → {items:[{id, old_due_date, new_due_date,
 * reason, state, state_label, requester_name, unit_name, reviewer_name,
 * review_comment, created_at, reviewed_at}]} */
export function listExtensions(itemId, opts) {
  return http.get(`/items/${itemId}/extensions`, undefined, opts)
}

/* POST /items/:id/extensions {new_due_date, reason} → the request */
export function requestExtension(itemId, newDueDate, reason, opts) {
  return http.post(`/items/${itemId}/extensions`, { new_due_date: newDueDate, reason }, opts)
}

/* POST /items/:id/extensions/:ext_id/review {decision, comment?} */
export function reviewExtension(itemId, extId, decision, comment, opts) {
  const body = { decision }
  if (comment) body.comment = comment
  return http.post(`/items/${itemId}/extensions/${extId}/review`, body, opts)
}
