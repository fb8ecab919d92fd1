/*
 * 截图：每个主要页面在桌面（1366×768）和手机（390×844）上的样子，存到
 * tests/e2e/screenshots/。页面按登录用户实际能看到的菜单逐个打开。
 */
import test from 'node:test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { withPage, url, SCREENSHOTS, DESKTOP, PHONE } from './common/browser.mjs'
import { loginAdmin, loginAuditor, loginMember, loginSecadmin } from './common/login.mjs'
import { settle } from './common/ui.mjs'

const PAGES = [
  ['workbench', '/'],
  ['units', '/org/units'],
  ['people', '/org/people'],
  ['users', '/system/users'],
  ['roles', '/system/roles'],
  ['audit', '/system/audit'],
  ['client-errors', '/system/client-errors'],
  ['password', '/account/password'],
  ['sessions', '/account/sessions'],
  ['totp', '/account/totp'],
  ['forbidden', '/403'],
  ['notfound', '/not-a-page'],
]

for (const vp of [DESKTOP, PHONE]) {
  const size = `${vp.width}x${vp.height}`
  test(`主要页面截图 ${size}`, async (t) => {
    mkdirSync(SCREENSHOTS, { recursive: true })
    const shot = (page, name) => page.screenshot({ path: join(SCREENSHOTS, `${name}-${size}.png`) })

    await withPage(
      t,
      `screenshots-${size}`,
      async (page) => {
        await page.goto(url('/login'))
        await page.locator('[data-test=login-submit]').waitFor()
        await settle(page)
        await shot(page, 'login')

        await loginAdmin(page)
        for (const [name, path] of PAGES) {
          await page.goto(url(path))
          await page.locator('.topbar').waitFor()
          await settle(page)
          const denied = name !== 'forbidden' && (await page.locator('[data-test=page-403]').count()) > 0
          if (denied) {
            t.diagnostic(`管理员无权访问 ${path}（三员分立），截图为 403 页面`)
          }
          await shot(page, denied ? `${name}-denied` : name)
        }
      },
      { viewport: vp },
    )

    // the pages the 系统管理员 may not open, as their owners see them
    for (const [who, login, name, path, marker] of [
      ['secadmin', loginSecadmin, 'roles', '/system/roles', '内置'],
      ['auditor', loginAuditor, 'audit', '/system/audit', '登录'],
    ]) {
      await withPage(t, `screenshots-${who}-${size}`, async (page) => {
        await login(page)
        await page.goto(url(path))
        await page.locator('.topbar').waitFor()
        await settle(page)
        if ((await page.locator('[data-test=page-403]').count()) > 0) {
          throw new Error(`${who} 应能打开 ${path}`)
        }
        await page.locator('.el-table__body', { hasText: marker }).first().waitFor()
        await shot(page, name)
      }, { viewport: vp })
    }

    await withPage(t, `screenshots-member-${size}`, async (page) => {
      await loginMember(page)
      await settle(page)
      await shot(page, 'workbench-member')
    }, { viewport: vp })
  })
}
