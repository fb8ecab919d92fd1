/*
 * Settings of the browser tests, all from the environment, and the check
 * that the server is really there. A missing LUOSHI_URL or an unreachable
 * server is a failure with a clear message, never a silent skip.
 *
 *   LUOSHI_URL             base URL of a running luoshi, e.g. http://127.0.0.1:18080
 *   LUOSHI_ADMIN_USER      sysadmin that must change its password at first login
 *   LUOSHI_ADMIN_PASS      its initial password
 *   LUOSHI_ADMIN_NEWPASS   the password the tests set (and then use)
 *   LUOSHI_ADMIN_TOTP_SECRET  (optional) base32 TOTP secret, if the server asks the admin for 2FA
 *   LUOSHI_MEMBER_USER / LUOSHI_MEMBER_PASS   an ordinary 党员 account
 *   LUOSHI_SECADMIN_USER / LUOSHI_SECADMIN_PASS  an 安全管理员 (roles page)
 *   LUOSHI_AUDITOR_USER / LUOSHI_AUDITOR_PASS    an 审计管理员 (audit page)
 *   LUOSHI_CHROMIUM        (optional) browser binary, default /usr/bin/chromium
 */

function need(name) {
  const v = process.env[name]
  if (!v) {
    throw new Error(`环境变量 ${name} 未设置。浏览器测试需要一个运行中的 luoshi 服务及演示账号，见 tests/e2e/README.md。`)
  }
  return v
}

export function baseUrl() {
  return need('LUOSHI_URL').replace(/\/+$/, '')
}

export function accounts() {
  baseUrl() // the server is the first thing to name when nothing is set
  return {
    admin: {
      username: need('LUOSHI_ADMIN_USER'),
      password: need('LUOSHI_ADMIN_PASS'),
      newPassword: need('LUOSHI_ADMIN_NEWPASS'),
      totpSecret: process.env.LUOSHI_ADMIN_TOTP_SECRET || '',
    },
    member: {
      username: need('LUOSHI_MEMBER_USER'),
      password: need('LUOSHI_MEMBER_PASS'),
    },
    // 三员分立: the roles page belongs to the 安全管理员, the audit log to
    // the 审计管理员 — each is checked with its own account
    secadmin: {
      username: need('LUOSHI_SECADMIN_USER'),
      password: need('LUOSHI_SECADMIN_PASS'),
    },
    auditor: {
      username: need('LUOSHI_AUDITOR_USER'),
      password: need('LUOSHI_AUDITOR_PASS'),
    },
  }
}

export const CHROMIUM = process.env.LUOSHI_CHROMIUM || '/usr/bin/chromium'

let checked = null

/* Resolves when GET /api/v1/version answers; rejects with a clear message. */
export function requireServer() {
  if (!checked) {
    checked = (async () => {
      const url = baseUrl() + '/api/v1/version'
      let res
      try {
        res = await fetch(url, { signal: AbortSignal.timeout(5000) })
      } catch (e) {
        throw new Error(`无法连接 luoshi 服务 ${url}（${e.cause ? e.cause.code || e.cause.message : e.message}）。请先启动服务并设置 LUOSHI_URL。`)
      }
      if (!res.ok) throw new Error(`luoshi 服务 ${url} 返回 HTTP ${res.status}，不像是可用的 luoshi。`)
      const body = await res.json().catch(() => null)
      if (!body || body.name !== 'luoshi') throw new Error(`${url} 的回答不是 luoshi 的版本信息：${JSON.stringify(body)}`)
      return body
    })()
  }
  return checked
}
