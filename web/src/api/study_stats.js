/*
 * 学习统计: /api/v1/study-stats (routes.def "study: statistics",
 * api_study_stats.c). One function per route; each returns the server's
 * JSON unchanged.
 */
import http, { exportUrl } from '@/utils/http'

/* GET /study-stats?unit_id=&from=&to=&level=unit|member →
 * {unit:{id,name,kind,parent_id,n_children}, period:{from,to,days},
 *  level, rows:[{id,name,kind,self?,n_children?,unit_name?,last_day?,
 *  members,participants,participation_rate,seconds,minutes,avg_minutes,
 *  completed,active_days?,plans|null,reflections|null,sessions|null,
 *  actions|null}], totals:{…}} */
export function getStudyStats(params, opts) {
  return http.get('/study-stats', params, opts)
}

/* GET /study-stats/trend?unit_id=&from=&to= →
 * {unit, period, days:[{day,minutes,participants}]} */
export function getStudyTrend(params, opts) {
  return http.get('/study-stats/trend', params, opts)
}

/* The Excel export of the same table (学习统计.xlsx). */
export function studyStatsExportUrl(params) {
  return exportUrl('/study-stats', params)
}

/* The quick periods: [from, to] as YYYY-MM-DD for 本月, 上月, 本季度, 本年. */
function ymd(d) {
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}
export function quickPeriod(kind, now = new Date()) {
  const y = now.getFullYear()
  const m = now.getMonth()
  if (kind === 'last_month') return [ymd(new Date(y, m - 1, 1)), ymd(new Date(y, m, 0))]
  if (kind === 'quarter') {
    const q = Math.floor(m / 3) * 3
    return [ymd(new Date(y, q, 1)), ymd(new Date(y, q + 3, 0))]
  }
  if (kind === 'year') return [ymd(new Date(y, 0, 1)), ymd(new Date(y, 11, 31))]
  return [ymd(new Date(y, m, 1)), ymd(new Date(y, m + 1, 0))]
}
