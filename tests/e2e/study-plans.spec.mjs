/*
 * 用户故事（学习计划）：支部书记赵海燕（shuji）在电脑上新建本支部（含下级）
 * 的学习计划，选两篇必学资料，发布后看到完成情况（参学党员数），按支部查看
 * 并进入本支部的党员名单；党员孙伟
 * （dangyuan）在手机（390×844）上看到顶栏铃铛有未读消息，在“我的学习计划”
 * 里看到这个计划和必学资料的链接；打开消息中心，点这条消息后它变为已读并
 * 跳到“我的学习计划”。手机页面没有横向滚动。
 */
import test from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withPage, url, SCREENSHOTS, DESKTOP, PHONE } from './common/browser.mjs'
import { loginAs } from './common/login.mjs'
import { dialog, fill, openMenu, settle, toast } from './common/ui.mjs'

const PASS = process.env.LUOSHI_DEMO_PASS || 'Demo#2026luoshi'
const stamp = Date.now().toString(36)
const title = `学习计划测试${stamp}`
let planPath = ''

const noSideScroll = (page) =>
  page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth + 1)

test('支部书记新建并发布学习计划', async (t) => {
  await withPage(t, 'plan-create', async (page) => {
    await loginAs(page, 'shuji', PASS)
    await openMenu(page, '学习计划')
    await page.locator('[data-test=plan-new]').click()
    const dlg = dialog(page, '新建学习计划')
    await dlg.waitFor()
    await fill(dlg, '计划名称', title)
    // required materials: the picker lists published materials
    const picker = dlg.locator('[data-test=plan-materials]')
    await picker.locator('.el-select__wrapper').click()
    const options = page.locator('.el-select-dropdown:visible .el-select-dropdown__item')
    await options.first().waitFor()
    await page.waitForTimeout(200)
    await options.nth(0).click()
    await options.nth(1).click()
    await page.keyboard.press('Escape')
    await dlg.locator('.el-dialog__title').click()
    await dlg.locator('[data-test=plan-save]').click()
    await toast(page, '已新建学习计划')
    await page.waitForURL(/\/study\/plans\/\d+$/)
    planPath = new URL(page.url()).pathname
    await settle(page)
    assert.match(await page.locator('[data-test=plan-title]').innerText(), new RegExp(title))
    await page.locator('[data-test=plan-detail-publish]').click()
    const box = page.locator('.el-message-box:visible')
    await box.waitFor()
    await box.getByRole('button', { name: '确定' }).click()
    await toast(page, '已发布')
    await settle(page)
    const members = Number((await page.locator('[data-test=plan-members]').innerText()).trim())
    assert.ok(members >= 2, `参学党员应至少 2 人，实际 ${members}`)
    await page.screenshot({ path: join(SCREENSHOTS, `study-plan-detail-${DESKTOP.width}x${DESKTOP.height}.png`) })
    // by branch, then into the branch's members
    await page.locator('[data-test=plan-by-branch]').click()
    const branch = page.locator('[data-test=plan-branch-table] .el-table__body tr').first()
    await branch.waitFor()
    await branch.click()
    await page.locator('[data-test=plan-member-table] .el-table__body tr', { hasText: '孙伟' }).waitFor()
  })
})

test('党员在手机上看到计划与未读消息', async (t) => {
  assert.ok(planPath, '需要先发布学习计划')
  await withPage(
    t,
    'plan-member',
    async (page) => {
      await loginAs(page, 'dangyuan', PASS)
      const badge = page.locator('[data-test=notify-badge] .el-badge__content')
      await badge.waitFor()
      const before = Number((await badge.innerText()).trim())
      assert.ok(before >= 1, '铃铛应显示未读数')
      await page.goto(url('/study/my-plans'))
      const card = page.locator('[data-test=my-plan]', { hasText: title })
      await card.waitFor()
      await settle(page)
      assert.ok((await card.locator('[data-test=my-plan-material]').count()) >= 2, '应列出必学资料')
      assert.match(await card.locator('[data-test=my-plan-material]').first().getAttribute('href'), /\/study\/materials\/\d+$/)
      assert.ok(await noSideScroll(page), '我的学习计划在手机宽度下不应横向滚动')
      await page.screenshot({ path: join(SCREENSHOTS, `study-my-plans-${PHONE.width}x${PHONE.height}.png`) })
      // the inbox: open the plan's notification → read, back to my plans
      await page.locator('[data-test=notify-bell]').click()
      await page.waitForURL(/\/notifications$/)
      const item = page.locator('[data-test=notify-item].unread', { hasText: `新的学习计划：${title}` })
      await item.waitFor()
      await settle(page)
      assert.ok(await noSideScroll(page), '消息中心在手机宽度下不应横向滚动')
      await item.click()
      await page.waitForURL(/\/study\/my-plans$/)
      await settle(page)
      const after = (await badge.isVisible()) ? Number((await badge.innerText()).trim()) : 0
      assert.equal(after, before - 1, '读过一条后未读数应减一')
    },
    { viewport: PHONE },
  )
})
