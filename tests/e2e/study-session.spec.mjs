/*
 * 用户故事（专题学习签到）：支部书记赵海燕（shuji）在电脑上新建一场本支部
 * 的党课，时间从现在开始，打开签到，页面上显示大号签到码；党员孙伟
 * （dangyuan）在手机（390×844）上打开“我的会议”，点“签到”输入书记展示
 * 的签到码，签到成功；书记在出勤登记里看到孙伟“出席”，把会议标记为
 * 已召开（未签到的人记为缺席）。手机页面没有横向滚动。
 */
import test from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withPage, url, SCREENSHOTS, DESKTOP, PHONE } from './common/browser.mjs'
import { loginAs } from './common/login.mjs'
import { choose, dialog, fill, openMenu, settle, toast } from './common/ui.mjs'

const PASS = process.env.LUOSHI_DEMO_PASS || 'Demo#2026luoshi'
const stamp = Date.now().toString(36)
const title = `专题党课签到测试${stamp}`
let sessionPath = ''
let code = ''

const noSideScroll = (page) =>
  page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth + 1)

test('支部书记新建党课并开启签到', async (t) => {
  await withPage(t, 'session-create', async (page) => {
    await loginAs(page, 'shuji', PASS)
    await openMenu(page, '专题学习')
    await page.locator('[data-test=session-new]').click()
    const dlg = dialog(page, '新建会议')
    await dlg.waitFor()
    await choose(page, dlg, '会议类型', '党课')
    await fill(dlg, '会议主题', title)
    await fill(dlg, '地点', '党员活动室')
    await dlg.locator('[data-test=session-save]').click()
    await toast(page, '已新建会议')
    await page.waitForURL(/\/study\/sessions\/\d+$/)
    sessionPath = new URL(page.url()).pathname
    await settle(page)
    assert.equal((await page.locator('[data-test=session-title]').innerText()).trim(), title)
    await page.locator('[data-test=checkin-switch]').click()
    await toast(page, '已开启签到')
    code = (await page.locator('[data-test=checkin-code]').innerText()).trim()
    assert.match(code, /^\d{6}$/)
    await page.screenshot({ path: join(SCREENSHOTS, `study-session-detail-${DESKTOP.width}x${DESKTOP.height}.png`) })
  })
})

test('党员在手机上用签到码签到', async (t) => {
  assert.ok(code, '需要先开启签到')
  await withPage(
    t,
    'session-checkin',
    async (page) => {
      await loginAs(page, 'dangyuan', PASS)
      await page.goto(url('/study/my-sessions'))
      const card = page.locator('[data-test=my-session]', { hasText: title })
      await card.waitFor()
      await settle(page)
      assert.ok(await noSideScroll(page), '我的会议在手机宽度下不应横向滚动')
      await card.locator('[data-test=btn-checkin]').click()
      const dlg = dialog(page, '会议签到')
      await dlg.waitFor()
      await dlg.locator('input[data-test=checkin-input], [data-test=checkin-input] input').first().fill(code)
      await dlg.locator('[data-test=dlg-submit]').click()
      await toast(page, '签到成功')
      await page.locator('[data-test=my-session]', { hasText: title }).locator('[data-test=my-status]', { hasText: '出席' }).waitFor()
      await settle(page)
      assert.ok(await noSideScroll(page), '签到后页面不应横向滚动')
      await page.screenshot({ path: join(SCREENSHOTS, `study-my-sessions-${PHONE.width}x${PHONE.height}.png`) })
    },
    { viewport: PHONE },
  )
})

test('支部书记看到出席并标记已召开', async (t) => {
  assert.ok(sessionPath, '需要先新建会议')
  await withPage(t, 'session-finish', async (page) => {
    await loginAs(page, 'shuji', PASS)
    await page.goto(url(sessionPath))
    const row = page.locator('[data-test=attendance-table] .el-table__body tr', { hasText: '孙伟' })
    await row.waitFor()
    assert.match(await row.locator('[data-test=att-status]').innerText(), /出席/)
    await page.locator('[data-test=session-finish]').click()
    const box = page.locator('.el-message-box:visible')
    await box.waitFor()
    await box.getByRole('button', { name: '确定' }).click()
    await toast(page, '会议已标记为已召开')
    await page.locator('[data-test=session-status]', { hasText: '已召开' }).waitFor()
    await settle(page)
    // nobody is left 未签到: the others were recorded absent
    const labels = await page.locator('[data-test=att-status]').allInnerTexts()
    assert.ok(labels.length > 1)
    assert.ok(!labels.some((l) => l.includes('未签到')), '标记已召开后不应再有未签到')
    assert.ok(labels.some((l) => l.includes('缺席')))
  })
})

test('专题学习月历与会议统计（电脑与手机）', async (t) => {
  for (const vp of [DESKTOP, PHONE]) {
    await withPage(
      t,
      `session-list-${vp.width}`,
      async (page) => {
        await loginAs(page, 'shuji', PASS)
        await page.goto(url('/study/sessions'))
        await page.locator('[data-test=session-row]', { hasText: title }).waitFor()
        await settle(page)
        assert.ok(await noSideScroll(page), '专题学习页面不应横向滚动')
        await page.screenshot({ path: join(SCREENSHOTS, `study-sessions-${vp.width}x${vp.height}.png`) })
        await page.goto(url('/study/sessions/stats'))
        await page.locator('[data-test=stats-total]', { hasText: '召开会议' }).waitFor()
        await settle(page)
        const total = await page.locator('[data-test=stats-total]').innerText()
        assert.match(total, /召开会议 \d+ 次/)
        assert.ok(await noSideScroll(page), '会议统计页面不应横向滚动')
        await page.screenshot({ path: join(SCREENSHOTS, `study-session-stats-${vp.width}x${vp.height}.png`) })
      },
      { viewport: vp },
    )
  }
})
