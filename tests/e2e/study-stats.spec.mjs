/*
 * 用户故事（学习统计）：组织部（zuzhibu）打开“学习 → 学习统计”，看到全区各
 * 单位的参学率、学习时长（演示数据有近两个月的学习记录），柱状图和趋势图
 * 都画出来了；点“城关街道”下钻到它的下级，再一路点到第一个党支部，看到
 * 按党员的统计；导出下载 学习统计.xlsx。支部书记（shuji）只看到本支部的
 * 党员，没有上级单位可选；手机（390×844）上页面没有横向滚动。
 */
import test from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withPage, SCREENSHOTS, PHONE } from './common/browser.mjs'
import { loginAs } from './common/login.mjs'
import { openMenu, settle } from './common/ui.mjs'

const PASS = process.env.LUOSHI_DEMO_PASS || 'Demo#2026luoshi'

const noSideScroll = (page) =>
  page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth + 1)

async function rowNames(page) {
  return page.locator('[data-test=stats-table] .el-table__body tr td:first-child').allInnerTexts()
}

test('组织部查看全区学习统计，下钻到乡镇和党支部，导出 Excel', async (t) => {
  await withPage(t, 'study-stats-org', async (page) => {
    await loginAs(page, 'zuzhibu', PASS)
    await openMenu(page, '学习统计')
    await page.locator('[data-test=stats-table] .el-table__body tr').first().waitFor()
    await settle(page)
    const names = await rowNames(page)
    assert.ok(names.some((n) => n.includes('城关街道')), `全区统计应列出城关街道：${names.join('、')}`)
    assert.ok(names.length >= 10, '全区应列出各部门和乡镇街道')
    /* the KPI cards and both charts */
    const rate = await page.locator('[data-test=kpi-rate] .kpi-value').innerText()
    assert.match(rate, /^\d+(\.\d)?%$/)
    assert.notEqual(rate, '0.0%', '演示数据应有学习记录')
    assert.match(await page.locator('[data-test=kpi-minutes] .kpi-value').innerText(), /\d/)
    await page.locator('[data-test=stats-bar] canvas').first().waitFor()
    await page.locator('[data-test=stats-trend] canvas').first().waitFor()

    /* drill down: 城关街道 → its 党工委 → its first branch (per member) */
    await page.locator('[data-test=stats-table] a.drill', { hasText: '城关街道' }).first().click()
    await settle(page)
    await page.locator('[data-test=stats-trail]', { hasText: '城关街道' }).waitFor()
    let inner = await rowNames(page)
    assert.ok(inner.some((n) => n.includes('城关街道党工委')), `城关街道的下级：${inner.join('、')}`)
    await page.locator('[data-test=stats-table] a.drill', { hasText: '城关街道党工委' }).first().click()
    await settle(page)
    inner = await rowNames(page)
    assert.ok(inner.some((n) => n.includes('第1党支部')), `党工委的下级：${inner.join('、')}`)
    await page.locator('[data-test=stats-table] a.drill', { hasText: '第1党支部' }).first().click()
    await settle(page)
    await page.locator('.study-stats .period', { hasText: '按党员' }).waitFor()
    inner = await rowNames(page)
    assert.ok(inner.includes('赵海燕') && inner.includes('孙伟'), `第1党支部的党员：${inner.join('、')}`)
    /* back up the trail to the district */
    await page.locator('[data-test=stats-trail] a.crumb').first().click()
    await settle(page)
    await page.locator('.study-stats .period', { hasText: '按下级单位' }).waitFor()

    /* 上月 changes the period */
    await page.locator('[data-test=stats-quick] label', { hasText: '上月' }).click()
    await settle(page)
    const period = await page.locator('.study-stats .period').innerText()
    assert.match(period, /\d{4}-\d{2}-01 至 \d{4}-\d{2}-\d{2}/)

    /* export: the workbook of the table */
    const [dl] = await Promise.all([
      page.waitForEvent('download', { timeout: 60000 }),
      page.locator('[data-test=stats-export]').click(),
    ])
    assert.equal(dl.suggestedFilename(), '学习统计.xlsx')
  })
})

test('支部书记只看到本支部党员的学习统计（手机）', async (t) => {
  await withPage(
    t,
    'study-stats-secretary',
    async (page) => {
      await loginAs(page, 'shuji', PASS)
      await page.goto(new URL('/study/stats', page.url()).href)
      await page.locator('[data-test=stats-table] .el-table__body tr').first().waitFor()
      await settle(page)
      await page.locator('.study-stats .period', { hasText: '按党员' }).waitFor()
      const names = await rowNames(page)
      assert.ok(names.includes('赵海燕') && names.includes('孙伟'), `本支部党员：${names.join('、')}`)
      assert.ok(!names.some((n) => n.includes('街道')), '书记不应看到其他单位')
      assert.equal(await page.locator('[data-test=stats-table] a.drill').count(), 0, '党员行不能下钻')
      assert.ok(await noSideScroll(page), '手机页面不应横向滚动')
      await page.screenshot({ path: join(SCREENSHOTS, `study-stats-${PHONE.width}x${PHONE.height}.png`) })
    },
    { viewport: PHONE },
  )
})
