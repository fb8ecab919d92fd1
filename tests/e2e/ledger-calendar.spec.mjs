/*
 * 用户故事：督查室在“工作日历”上把 2026 年 12 月 7 日设为法定节假日并保存
 * （12 月的工作日少一天），在“台账设置”里修改到期预警天数并保存（随即重算
 * 健康度），再改回；督查室给区委办公室下达一项事项，区委办公室的联络员签收
 * 后在详情页申请延期；督查室批准；详情页显示新的截止日期，原截止日期显示
 * 在旁边，时间线记录申请与批准。
 */
import test from 'node:test'
import assert from 'node:assert/strict'
import { withPage, url } from './common/browser.mjs'
import { loginAs } from './common/login.mjs'
import { dialog, field, openMenu, settle, toast } from './common/ui.mjs'

const PASS = process.env.LUOSHI_DEMO_PASS || 'Demo#2026luoshi'
const stamp = Date.now().toString(36)
const day = (delta) => new Date(Date.now() + 8 * 3600e3 + delta * 86400e3).toISOString().slice(0, 10)
const due = day(40)
const newDue = day(70)
let unitId = 0
let itemId = 0

/* JSON API calls with the page's session (the CSRF token from /auth/me). */
async function api(page, method, path, body) {
  const me = await (await page.request.get(url('/api/v1/auth/me'))).json()
  const res = await page.request.fetch(url(path), {
    method,
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
    data: body ? JSON.stringify(body) : undefined,
  })
  return { status: res.status(), json: await res.json().catch(() => null) }
}

async function confirmBox(page, button) {
  const box = page.locator('.el-message-box:visible')
  await box.waitFor()
  await box.getByRole('button', { name: button }).click()
}

test('督查室维护工作日历并修改台账设置', async (t) => {
  await withPage(t, 'calendar-admin', async (page) => {
    await loginAs(page, 'duchashi', PASS)
    await openMenu(page, '工作日历')
    await page.locator('[data-month="12"]').waitFor()
    const before = Number(await page.locator('[data-test=workdays-12]').innerText())
    await page.locator('.cell[data-day="2026-12-07"]').click()
    const dlg = dialog(page, '新增日期')
    await dlg.waitFor()
    await dlg.locator('input[data-test=entry-name], [data-test=entry-name] input').first().fill(`测试假日${stamp}`.slice(0, 20))
    await dlg.locator('[data-test=entry-ok]').click()
    await dlg.waitFor({ state: 'hidden' })
    assert.equal(Number(await page.locator('[data-test=workdays-12]').innerText()), before - 1)
    await page.locator('[data-test=cal-save]').click()
    await toast(page, '已保存 2026 年工作日历')
    await settle(page)
    assert.ok(await page.locator('.cell.holiday[data-day="2026-12-07"]').isVisible())
    const cal = (await api(page, 'GET', '/api/v1/calendar?year=2026')).json
    assert.ok(cal.days.some((d) => d.day === '2026-12-07' && d.kind === 'holiday'), '12 月 7 日应已保存为节假日')
    assert.equal(cal.months[11].working_days, before - 1)

    await openMenu(page, '台账设置')
    const warn = field(page, '到期预警天数').locator('input')
    await warn.waitFor()
    assert.equal(await warn.inputValue(), '7')
    await warn.fill('10')
    await warn.press('Tab')
    await page.locator('[data-test=set-save]').click()
    await toast(page, '设置已保存')
    assert.equal((await api(page, 'GET', '/api/v1/ledger-settings')).json.warn_days, 10)
    await warn.fill('7')
    await warn.press('Tab')
    await page.locator('[data-test=set-save]').click()
    await page.locator('.el-message', { hasText: '设置已保存' }).nth(1).waitFor()
    assert.equal((await api(page, 'GET', '/api/v1/ledger-settings')).json.warn_days, 7)
  })
})

test('联络员申请延期，督查室批准，详情页同时显示原截止日期', async (t) => {
  await withPage(t, 'extension-setup', async (page) => {
    await loginAs(page, 'lianluo', PASS)
    unitId = (await (await page.request.get(url('/api/v1/auth/me'))).json()).user.unit_id
    assert.ok(unitId > 0)
  })
  await withPage(t, 'extension-create', async (page) => {
    await loginAs(page, 'duchashi', PASS)
    const types = (await api(page, 'GET', '/api/v1/ledger-types')).json.items
    const ms = types.find((x) => x.code === 'MS')
    const made = await api(page, 'POST', '/api/v1/items', {
      type_id: ms.id,
      title: `延期测试事项${stamp}`,
      lead_unit_id: unitId,
      start_date: day(-10),
      due_date: due,
      fields: { category: '就业' },
    })
    assert.equal(made.status, 201, JSON.stringify(made.json))
    itemId = made.json.id
    assert.equal((await api(page, 'POST', `/api/v1/items/${itemId}/transition`, { action: 'issue' })).status, 200)
  })
  await withPage(t, 'extension-request', async (page) => {
    await loginAs(page, 'lianluo', PASS)
    assert.equal((await api(page, 'POST', `/api/v1/items/${itemId}/transition`, { action: 'sign' })).status, 200)
    await page.goto(url(`/ledger/items/${itemId}`))
    await settle(page)
    await page.locator('[data-test=ext-request]').click()
    const dlg = dialog(page, '申请延期')
    await dlg.waitFor()
    const input = field(dlg, '延期后的截止日期').locator('input').first()
    await input.click()
    await input.fill(newDue)
    await input.press('Enter')
    await page.waitForTimeout(200)
    await dlg.locator('textarea[data-test=ext-reason], [data-test=ext-reason] textarea').first().fill('受汛期影响，施工需顺延一个月')
    await dlg.locator('[data-test=ext-submit]').click()
    await toast(page, '延期申请已提交')
    await page.locator('[data-test=ext-row][data-state=submitted]').waitFor()
    assert.equal(await page.locator('[data-test=ext-request]').count(), 0, '已有待审批申请时不应再显示申请按钮')
  })
  await withPage(t, 'extension-approve', async (page) => {
    await loginAs(page, 'duchashi', PASS)
    await page.goto(url(`/ledger/items/${itemId}`))
    await settle(page)
    await page.locator('[data-test=ext-approve]').click()
    await confirmBox(page, '批准')
    await toast(page, '已批准延期')
    await page.locator('[data-test=ext-row][data-state=approved]').waitFor()
    await settle(page)
    await page.locator('.orig', { hasText: due }).waitFor()
    assert.match(await page.locator('[data-test=item-head]').innerText(), /延期测试事项/)
    assert.equal((await page.locator('[data-test=ext-original]').innerText()).trim(), due)
    const it = (await api(page, 'GET', `/api/v1/items/${itemId}`)).json
    assert.equal(it.due_date, newDue)
    assert.equal(it.original_due_date, due)
    const actions = it.timeline.map((e) => e.action)
    assert.ok(actions.includes('extension_request') && actions.includes('extension_approve'), actions.join(','))
    await page.locator('[data-test=timeline] [data-action=extension_approve]').waitFor()
  })
})
