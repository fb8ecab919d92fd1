/*
 * The password policy as the server enforces it (SECURITY.md §2), checked
 * in the browser only to guide the user; the server has the last word.
 */
import { ADMIN_ROLE_CODES } from './dicts'

/* Minimum length for an account with these role codes. */
export function minPasswordLength(roleCodes) {
  return (roleCodes || []).some((c) => ADMIN_ROLE_CODES.includes(c)) ? 12 : 8
}

/* Number of character classes (lower, upper, digit, other) in pw. */
export function classCount(pw) {
  let n = 0
  if (/[a-z]/.test(pw)) n++
  if (/[A-Z]/.test(pw)) n++
  if (/[0-9]/.test(pw)) n++
  if (/[^a-zA-Z0-9]/.test(pw)) n++
  return n
}

/*
 * checkPassword(pw, username, minLen) → list of {key, label, ok}, one per
 * rule, for the live checklist and the form validator.
 */
export function checkPassword(pw, username, minLen = 8) {
  pw = pw || ''
  const lower = pw.toLowerCase()
  const name = (username || '').toLowerCase()
  return [
    { key: 'length', label: `长度 ${minLen}–128 位`, ok: pw.length >= minLen && pw.length <= 128 },
    { key: 'classes', label: '包含大写字母、小写字母、数字、符号中的至少 3 类', ok: classCount(pw) >= 3 },
    { key: 'username', label: '不包含用户名', ok: pw.length > 0 && (!name || !lower.includes(name)) },
    { key: 'repeat', label: '没有连续 4 个及以上相同字符', ok: pw.length > 0 && !/(.)\1{3,}/.test(pw) },
  ]
}
