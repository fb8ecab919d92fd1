/*
 * Display helpers. Server times are ISO 8601 with +08:00; the UI shows the
 * server's wall-clock time as written, without converting time zones.
 */

/* '2026-11-26T09:30:05+08:00' → '2026-11-26 09:30' ('' for empty). */
export function formatTime(iso, withSeconds = false) {
  if (!iso) return ''
  const s = String(iso).replace('T', ' ')
  return s.slice(0, withSeconds ? 19 : 16)
}

/* A Date → '2026-11-26T09:30:00+08:00' in the browser's own offset. */
export function toIsoOffset(d) {
  if (!d) return ''
  const date = d instanceof Date ? d : new Date(d)
  const pad = (n) => String(Math.abs(n)).padStart(2, '0')
  const off = -date.getTimezoneOffset()
  const sign = off >= 0 ? '+' : '-'
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`
  )
}

/* Short description of a User-Agent: 'Chrome 120 · Windows'. */
export function describeUserAgent(ua) {
  if (!ua) return '未知设备'
  const browser =
    (/Edg\/(\d+)/.exec(ua) && 'Edge ' + /Edg\/(\d+)/.exec(ua)[1]) ||
    (/QQBrowser\/(\d+)/.exec(ua) && 'QQ浏览器') ||
    (/MicroMessenger/.test(ua) && '微信') ||
    (/DingTalk/.test(ua) && '钉钉') ||
    (/Firefox\/(\d+)/.exec(ua) && 'Firefox ' + /Firefox\/(\d+)/.exec(ua)[1]) ||
    (/Chrom(e|ium)\/(\d+)/.exec(ua) && 'Chrome ' + /Chrom(?:e|ium)\/(\d+)/.exec(ua)[1]) ||
    (/Version\/(\d+).*Safari/.exec(ua) && 'Safari ' + /Version\/(\d+)/.exec(ua)[1]) ||
    '浏览器'
  const os =
    (/Windows/.test(ua) && 'Windows') ||
    (/Android/.test(ua) && 'Android') ||
    (/iPhone|iPad/.test(ua) && 'iOS') ||
    (/Mac OS X/.test(ua) && 'macOS') ||
    (/HarmonyOS|OpenHarmony/.test(ua) && '鸿蒙') ||
    (/Linux/.test(ua) && 'Linux') ||
    ''
  return os ? `${browser} · ${os}` : browser
}

/* 'ABCDEFGHIJKL' → 'ABCD EFGH IJKL' (easier to type into an app). */
export function groupSecret(secret) {
  return String(secret || '').replace(/(.{4})/g, '$1 ').trim()
}

/* Text for a round avatar: a personal name shows its given name
 * (王晓东 → 晓东), a longer title its first character (系统管理员 → 系). */
export function avatarText(name) {
  const s = String(name || '').trim()
  if (s.length <= 2) return s
  if (s.length === 3) return s.slice(1)
  return s[0]
}
