/*
 * 用户故事：普通党员登录后只看到与自己有关的菜单（没有“账号管理”），
 * 直接在地址栏打开 /system/users 时看到 403 无权限页面。
 */
import test from 'node:test'
import assert from 'node:assert/strict'
import { withPage, url } from './common/browser.mjs'
import { loginMember } from './common/login.mjs'
import { menuTitles, settle } from './common/ui.mjs'

test('党员的菜单按权限裁剪，访问账号管理显示 403 页面', async (t) => {
  await withPage(t, 'member-menu', async (page) => {
    await loginMember(page)
    const titles = await menuTitles(page)
    assert.ok(titles.includes('工作台'), `菜单应有工作台：${titles}`)
    assert.ok(!titles.includes('账号管理'), `党员不应看到账号管理：${titles}`)
    assert.ok(!titles.includes('角色权限'), `党员不应看到角色权限：${titles}`)
    assert.ok(!titles.includes('审计日志'), `党员不应看到审计日志：${titles}`)
    assert.equal(await page.locator('.side-menu', { hasText: '系统管理' }).count(), 0, '没有可见子项的分组应隐藏')

    await page.goto(url('/system/users'))
    await page.locator('[data-test=page-403]').waitFor()
    await settle(page)
    assert.match(await page.locator('[data-test=page-403]').innerText(), /无权限/)
    assert.equal(await page.locator('[data-test=user-add]').count(), 0)

    await page.goto(url('/no/such/page'))
    await page.locator('[data-test=page-404]').waitFor()
  })
})
