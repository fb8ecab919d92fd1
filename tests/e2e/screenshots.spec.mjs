/*
 * 截图：每个主要页面在桌面（1366×768）和手机（390×844）上的样子，存到
 * tests/e2e/screenshots/。页面按登录用户实际能看到的菜单逐个打开。
 */
import test from 'node:test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { withPage, url, SCREENSHOTS, DESKTOP, PHONE } from './common/browser.mjs'
import { loginAdmin, loginAs, loginAuditor, loginMember, loginSecadmin } from './common/login.mjs'
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

    // the ledger pages, as 督查室 sees them, and the detail of an item in
    // progress (progress reports, milestones, extensions, attachments)
    await withPage(t, `screenshots-ledger-${size}`, async (page) => {
      await loginAs(page, 'duchashi', process.env.LUOSHI_DEMO_PASS || 'Demo#2026luoshi')
      for (const [name, path] of [
        ['ledger-items', '/ledger/items'],
        ['ledger-types', '/ledger/types'],
        ['ledger-calendar', '/ledger/calendar'],
        ['ledger-settings', '/ledger/settings'],
      ]) {
        await page.goto(url(path))
        await page.locator('.topbar').waitFor()
        await settle(page)
        if ((await page.locator('[data-test=page-403]').count()) > 0) throw new Error(`督查室应能打开 ${path}`)
        await shot(page, name)
      }
      const res = await page.request.get(url('/api/v1/items?state=in_progress&limit=1'))
      const id = (await res.json()).items[0].id
      await page.goto(url(`/ledger/items/${id}`))
      await page.locator('[data-test=item-head]').waitFor()
      await settle(page)
      await shot(page, 'ledger-item')
      await page.screenshot({ path: join(SCREENSHOTS, `ledger-item-full-${size}.png`), fullPage: true })
    }, { viewport: vp })

    await withPage(t, `screenshots-member-${size}`, async (page) => {
      await loginMember(page)
      await settle(page)
      await shot(page, 'workbench-member')
    }, { viewport: vp })
  })
}
