/*
 * 用户故事：督查室新增一项民生实事（两个工作节点，区委办公室牵头）并下达；
 * 区委办公室的单位联络员在事项台账中找到它、打开并签收；时间线依次记录
 * 创建、下达、签收。普通党员看不到“台账”菜单。顺带截取列表和详情页在
 * 桌面（1366×768）与手机（390×844）上的样子。
 */
import test from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { withPage, url, SCREENSHOTS, DESKTOP, PHONE } from './common/browser.mjs'
import { loginAs, loginMember } from './common/login.mjs'
import { choose, chooseUnit, dialog, fill, field, menuTitles, openMenu, settle, toast } from './common/ui.mjs'

const PASS = process.env.LUOSHI_DEMO_PASS || 'Demo#2026luoshi'
const stamp = Date.now().toString(36)
const title = `为民办实事测试${stamp}`
let itemPath = ''

const shot = (page, name, vp) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}-${vp.width}x${vp.height}.png`) })

async function pickDate(page, scope, label, value) {
  const input = field(scope, label).locator('input').first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await page.waitForTimeout(200)
}

async function confirmBox(page, button) {
  const box = page.locator('.el-message-box:visible')
  await box.waitFor()
  await box.getByRole('button', { name: button }).click()
}

test('督查室新增民生实事并下达，联络员签收，时间线完整', async (t) => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await withPage(t, 'ledger-supervisor', async (page) => {
    await loginAs(page, 'duchashi', PASS)
    await openMenu(page, '事项台账')
    await page.locator('.item-table .el-table__body tr').first().waitFor()
    await page.locator('[data-test=item-add]').click()
    const dlg = dialog(page, '新增事项')
    await dlg.waitFor()
    await choose(page, dlg, '台账类型', '民生实事')
    await field(dlg, '类别').waitFor()
    await fill(dlg, '事项名称', title)
    await chooseUnit(page, dlg, '牵头单位', '区委办公室')
    await pickDate(page, dlg, '开始日期', '2026-01-01')
    await pickDate(page, dlg, '截止日期', '2027-06-30')
    await choose(page, dlg, '类别', '就业')
    await fill(dlg, '受益人数', '1,200')
    await dlg.locator('[data-test=milestone-add]').click()
    await dlg.locator('[data-test=milestone-add]').click()
    await dlg.locator('input[name=milestone_title_0]').fill('完成选址')
    await dlg.locator('input[name=milestone_due_0]').fill('2027-03-31')
    await dlg.locator('input[name=milestone_due_0]').press('Enter')
    await dlg.locator('input[name=milestone_title_1]').fill('投入使用')
    await dlg.locator('input[name=milestone_due_1]').fill('2027-06-30')
    await dlg.locator('input[name=milestone_due_1]').press('Enter')
    await page.waitForTimeout(200)
    await dlg.locator('[data-test=dialog-save]').click()
    await toast(page, '事项已新增')

    await page.waitForURL(/\/ledger\/items\/\d+$/)
    itemPath = new URL(page.url()).pathname
    await settle(page)
    assert.equal((await page.locator('[data-test=item-title]').innerText()).trim(), title)
    assert.match(await page.locator('[data-test=item-code]').innerText(), /^MS-\d{4}-\d{4}$/)
    assert.equal((await page.locator('[data-test=item-state]').innerText()).trim(), '草稿')
    assert.equal(await page.locator('[data-test=milestones] .el-table__body tr').count(), 2)

    await page.locator('[data-test=action-issue]').click()
    await confirmBox(page, '下达')
    await toast(page, '已下达')
    await page.locator('[data-test=item-state]', { hasText: '已下达' }).waitFor()
    assert.equal(await page.locator('[data-test=action-sign]').count(), 0, '督查室不应看到签收按钮')
  })

  await withPage(t, 'ledger-liaison', async (page) => {
    await loginAs(page, 'lianluo', PASS)
    await openMenu(page, '事项台账')
    await page.locator('input[name=q]').fill(title)
    await page.getByRole('button', { name: '搜索' }).click()
    await settle(page)
    const row = page.locator('.item-table .el-table__body tr', { hasText: title }).first()
    await row.waitFor()
    assert.match(await row.innerText(), /已下达/)
    await shot(page, 'ledger-items', DESKTOP)
    await row.getByRole('link', { name: title }).click()
    await page.waitForURL((u) => u.pathname === itemPath)
    await settle(page)
    await page.locator('[data-test=action-sign]').click()
    await confirmBox(page, '签收')
    await toast(page, '已签收')
    await page.locator('[data-test=item-state]', { hasText: '已签收' }).waitFor()
    const actions = await page
      .locator('[data-test=timeline] .el-timeline-item')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
    assert.deepEqual(actions, ['create', 'issue', 'sign'], `时间线应依次为创建、下达、签收：${actions}`)
    const text = await page.locator('[data-test=timeline]').innerText()
    for (const w of ['创建', '下达', '签收', '联络员 陈静']) assert.ok(text.includes(w), `时间线应有“${w}”：${text}`)
    await page.locator('.el-message-box').first().waitFor({ state: 'hidden' }).catch(() => {})
    await page.waitForTimeout(400)
    await shot(page, 'ledger-item', DESKTOP)
  })
})

test('党员没有台账菜单', async (t) => {
  await withPage(t, 'ledger-member', async (page) => {
    await loginMember(page)
    const titles = await menuTitles(page)
    assert.ok(!titles.includes('事项台账'), `党员不应看到事项台账：${titles}`)
    assert.equal(await page.locator('.side-menu', { hasText: '台账' }).count(), 0)
  })
})

test('事项台账手机截图 390×844', async (t) => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await withPage(
    t,
    'ledger-phone',
    async (page) => {
      await loginAs(page, 'lianluo', PASS)
      await page.goto(url('/ledger/items'))
      await page.locator('.topbar').waitFor()
      await settle(page)
      await page.locator('.item-table .el-table__body tr').first().waitFor()
      await shot(page, 'ledger-items', PHONE)
      const path = itemPath || (await page.locator('.item-table .title-link').first().getAttribute('href'))
      await page.goto(url(path))
      await page.locator('[data-test=item-head]').waitFor()
      await settle(page)
      await shot(page, 'ledger-item', PHONE)
    },
    { viewport: PHONE },
  )
})
