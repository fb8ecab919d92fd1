/*
 * Logging in and out through the UI, the way a person does:
 *   loginAs(page, user, pass)                  → lands on the 工作台
 *   loginAs(page, user, pass, { newPassword })  → also passes a forced
 *                                                 password change
 *   loginAdmin(page) / loginMember(page)        → with the env accounts
 * Returns { forcedChange } so a spec can assert the first-login step.
 */
import assert from 'node:assert/strict'
import { accounts } from './env.mjs'
import { url } from './browser.mjs'
import { freshTotp } from './totp.mjs'

/* TOTP secrets enrolled during this run (admins that had to set up 2FA). */
const enrolled = new Map()

/* An admin who must enrol 2FA lands on 两步验证: bind it like a person
 * with an authenticator app would, and remember the secret. */
async function enrolTotp(page, username) {
  await page.locator('[data-test=totp-start]').click()
  const secret = (await page.locator('[data-test=totp-secret]').innerText()).replace(/\s+/g, '')
  await page.locator('input[name=totp_code]').fill(await freshTotp(secret))
  await page.getByRole('button', { name: '验证并启用' }).click()
  await page.waitForURL((u) => !u.pathname.startsWith('/account/totp'))
  enrolled.set(username, secret)
  return secret
}
import { settle } from './ui.mjs'

async function outcome(page, { afterTotp = false } = {}) {
  const ok = page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15000 }).then(() => 'in')
  const change = page.locator('input[name=new_password]').waitFor({ state: 'visible', timeout: 15000 }).then(() => 'change')
  const totp = page.locator('input[name=totp]').waitFor({ state: 'visible', timeout: 15000 }).then(() => 'totp')
  const err = page.locator('[data-test=login-error]').waitFor({ state: 'visible', timeout: 15000 }).then(() => 'error')
  return Promise.any(afterTotp ? [ok, change, err] : [ok, change, totp, err]).catch(() => 'timeout')
}

/* The 401 auth.totp_required answer is the protocol asking for the second
 * factor, not a fault: take it off the page's problem list. */
function forgiveTotpPrompt(page) {
  if (!page.problems) return
  const i = page.problems.findIndex((p) => /HTTP 401: POST \S*\/api\/v1\/auth\/login$/.test(p))
  if (i >= 0) page.problems.splice(i, 1)
}

export async function loginAs(page, username, password, opts = {}) {
  await page.goto(url('/login'))
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill(password)
  await page.locator('[data-test=login-submit]').click()
  let state = await outcome(page)

  if (state === 'totp') {
    opts = { ...opts, totpSecret: opts.totpSecret || enrolled.get(username) }
    if (!opts.totpSecret) throw new Error(`账号 ${username} 需要两步验证，请设置 LUOSHI_ADMIN_TOTP_SECRET`)
    await page.locator('input[name=totp]').fill(await freshTotp(opts.totpSecret))
    forgiveTotpPrompt(page)
    await page.locator('[data-test=totp-submit]').click()
    state = await outcome(page, { afterTotp: true })
  }
  if (state === 'error') {
    const text = await page.locator('[data-test=login-error]').innerText()
    const e = new Error(`账号 ${username} 登录失败：${text}`)
    e.loginRefused = true
    throw e
  }
  let forcedChange = false
  if (state === 'change') {
    forcedChange = true
    if (!opts.newPassword) throw new Error(`账号 ${username} 被要求修改密码，但测试没有提供新密码`)
    await page.locator('input[name=new_password]').fill(opts.newPassword)
    await page.locator('input[name=confirm_password]').fill(opts.newPassword)
    await page.getByRole('button', { name: '保存新密码并进入系统' }).click()
    state = await page
      .waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15000 })
      .then(() => 'in')
      .catch(() => 'stuck')
    if (state !== 'in') {
      const msg = await page.locator('.el-form-item__error, .el-message').allInnerTexts()
      throw new Error(`修改密码未成功：${msg.join('；') || '页面未跳转'}`)
    }
  }
  assert.equal(state, 'in', `账号 ${username} 登录后未进入系统（${state}）`)
  await page.locator('.topbar').waitFor()
  await settle(page)
  const totpEnrolled = await passRequiredTotp(page, username)
  return { forcedChange, totpEnrolled }
}

/* If the server requires this admin to enrol 2FA first (the UI then
 * shows 两步验证 with a notice), enrol it. Returns true when it did. */
export async function passRequiredTotp(page, username) {
  await page.waitForTimeout(300)
  if (!(await page.locator('[data-test=totp-required]').isVisible())) return false
  await enrolTotp(page, username)
  await settle(page)
  return true
}

/* The admin with the password the first-login spec set. */
export async function loginAdmin(page) {
  const a = accounts().admin
  return loginAs(page, a.username, a.newPassword, { totpSecret: a.totpSecret, newPassword: a.newPassword })
}

export async function loginSecadmin(page) {
  const a = accounts().secadmin
  return loginAs(page, a.username, a.password)
}

export async function loginAuditor(page) {
  const a = accounts().auditor
  return loginAs(page, a.username, a.password)
}

export async function loginMember(page) {
  const m = accounts().member
  return loginAs(page, m.username, m.password)
}

export async function logout(page) {
  // the dropdown can miss a click while an overlay is still fading out on a
  // loaded machine: retry until the confirmation box is up
  const box = page.locator('.el-message-box:visible')
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.locator('[data-test=user-menu]').click()
    const item = page.locator('.el-dropdown-menu__item:visible', { hasText: '退出登录' })
    try {
      await item.waitFor({ timeout: 5000 })
      await item.click()
      await box.waitFor({ timeout: 5000 })
      break
    } catch {
      await page.keyboard.press('Escape')
    }
  }
  await box.getByRole('button', { name: '退出' }).click()
  await page.waitForURL((u) => u.pathname.startsWith('/login'))
}
