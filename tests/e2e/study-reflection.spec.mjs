/*
 * 用户故事（心得体会与学史力行）：党员孙伟（dangyuan）在手机（390×844）上写
 * 一篇心得，字数不够时不能提交；保存草稿后在“学史力行”里提出一条为民办实事
 * 建议，再提交心得。支部书记赵海燕（shuji）在电脑上退回并写明意见；孙伟在
 * “我的心得”里看到退回意见，修改后重新提交；书记通过并设为精选，孙伟在
 * “优秀心得”里读到它。督查室（duchashi）在“学史力行建议”里采纳这条建议，
 * 生成民生实事事项草稿，事项详情页显示“学史力行来源”。手机页面没有横向滚动。
 */
import test from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withPage, url, SCREENSHOTS, PHONE } from './common/browser.mjs'
import { loginAs } from './common/login.mjs'
import { choose, chooseUnit, dialog, field, openMenu, settle, toast } from './common/ui.mjs'

const PASS = process.env.LUOSHI_DEMO_PASS || 'Demo#2026luoshi'
const stamp = Date.now().toString(36)
const title = `学史力行心得${stamp}`
const proposal = `为小区加装路灯${stamp}`
const PARA =
  '学习党史，使我更加深刻地认识到，我们党的根基在人民、血脉在人民、力量在人民。' +
  '作为社区网格员，我要把学习成果转化为为群众办实事的具体行动，' +
  '从群众最关心的小事做起，一件一件抓落实。'
const body = Array.from({ length: 5 }, () => PARA).join('\n\n')

const noSideScroll = (page) =>
  page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth + 1)

test('党员在手机上写心得、提出为民办实事建议并提交', async (t) => {
  await withPage(
    t,
    'reflection-write',
    async (page) => {
      await loginAs(page, 'dangyuan', PASS)
      await page.goto(url('/study/my-reflections'))
      await settle(page)
      await page.locator('[data-test=refl-new]').click()
      await page.waitForURL(/\/study\/reflections\/new/)
      await settle(page)
      await page.locator('[data-test=refl-title]').fill(title)
      await page.locator('[data-test=refl-body]').fill(PARA)
      // too short: the count says so and 提交 stays disabled
      assert.match(await page.locator('[data-test=refl-count]').innerText(), /还差/)
      assert.ok(await page.locator('[data-test=refl-submit]').isDisabled())
      await page.locator('[data-test=refl-save]').click()
      await toast(page, '草稿已保存')
      await page.waitForURL(/\/study\/reflections\/\d+\/edit$/)
      await settle(page)
      // 学史力行: propose a 为民办实事 item from the saved draft
      await page.locator('[data-test=propose-open]').click()
      await page.locator('[data-test=propose-title]').fill(proposal)
      await page.locator('[data-test=propose-desc]').fill('老旧小区夜间无照明，居民出行不便。')
      await page.locator('[data-test=propose-submit]').click()
      await toast(page, '建议已提交')
      await page.locator('[data-test=action-proposal]', { hasText: proposal }).waitFor()
      await page.locator('[data-test=refl-body]').fill(body)
      assert.doesNotMatch(await page.locator('[data-test=refl-count]').innerText(), /还差/)
      await page.locator('[data-test=refl-submit]').click()
      await toast(page, '已提交')
      await page.locator('[data-test=refl-status]', { hasText: '待审核' }).waitFor()
      await settle(page)
      assert.ok(await noSideScroll(page), '心得页面在手机宽度下不应横向滚动')
      await page.screenshot({ path: join(SCREENSHOTS, `study-reflection-editor-${PHONE.width}x${PHONE.height}.png`) })
    },
    { viewport: PHONE },
  )
})

async function openInReview(page) {
  await openMenu(page, '心得审核')
  await page.locator('[data-test=review-table] .el-table__body tr', { hasText: title }).locator('[data-test=review-open]').click()
  const drawer = page.locator('.el-drawer:visible')
  await drawer.waitFor()
  await drawer.locator('.title', { hasText: title }).waitFor()
  return drawer
}

test('支部书记退回心得并写明意见', async (t) => {
  await withPage(t, 'reflection-return', async (page) => {
    await loginAs(page, 'shuji', PASS)
    const drawer = await openInReview(page)
    await drawer.locator('[data-test=review-comment]').fill('请结合本人网格工作再具体谈谈打算')
    await drawer.locator('[data-test=review-return]').click()
    await toast(page, '已退回')
  })
})

test('党员看到退回意见，修改后重新提交', async (t) => {
  await withPage(
    t,
    'reflection-resubmit',
    async (page) => {
      await loginAs(page, 'dangyuan', PASS)
      await page.goto(url('/study/my-reflections'))
      const card = page.locator('[data-test=my-refl]', { hasText: title })
      await card.waitFor()
      assert.match(await card.locator('[data-test=my-refl-comment]').innerText(), /网格工作/)
      await card.getByRole('button', { name: '修改并重新提交' }).click()
      await page.waitForURL(/\/edit$/)
      await page.locator('[data-test=return-comment]').waitFor()
      await page.locator('[data-test=refl-body]').fill(body + '\n\n下一步，我每周走访独居老人一次，建立需求清单，逐条跟进。')
      await page.locator('[data-test=refl-submit]').click()
      await toast(page, '已提交')
      await page.locator('[data-test=refl-status]', { hasText: '待审核' }).waitFor()
      await settle(page)
      assert.ok(await noSideScroll(page), '重新提交后页面不应横向滚动')
    },
    { viewport: PHONE },
  )
})

test('支部书记通过并设为精选', async (t) => {
  await withPage(t, 'reflection-approve', async (page) => {
    await loginAs(page, 'shuji', PASS)
    const drawer = await openInReview(page)
    await drawer.locator('[data-test=review-comment]').fill('联系实际，措施具体')
    await drawer.locator('[data-test=review-approve]').click()
    await toast(page, '已通过')
    await drawer.locator('[data-test=review-feature]').click()
    await toast(page, '已设为精选')
    await drawer.locator('[data-test=review-feature]', { hasText: '取消精选' }).waitFor()
  })
})

test('党员在优秀心得里读到精选心得', async (t) => {
  await withPage(
    t,
    'reflection-featured',
    async (page) => {
      await loginAs(page, 'dangyuan', PASS)
      await page.goto(url('/study/featured'))
      const card = page.locator('[data-test=featured-refl]', { hasText: title })
      await card.waitFor()
      await card.getByRole('button', { name: '阅读全文' }).click()
      await card.locator('[data-test=featured-body]', { hasText: '独居老人' }).waitFor()
      await settle(page)
      assert.ok(await noSideScroll(page), '优秀心得在手机宽度下不应横向滚动')
    },
    { viewport: PHONE },
  )
})

test('督查室采纳建议，事项详情显示学史力行来源', async (t) => {
  await withPage(t, 'reflection-proposal-accept', async (page) => {
    await loginAs(page, 'duchashi', PASS)
    await openMenu(page, '学史力行建议')
    const row = page.locator('[data-test=proposal-table] .el-table__body tr', { hasText: proposal })
    await row.waitFor()
    await row.locator('[data-test=proposal-accept]').click()
    const dlg = dialog(page, '采纳建议')
    await dlg.waitFor()
    await chooseUnit(page, dlg, '牵头单位', '城关街道党工委')
    const due = field(dlg, '完成时限').locator('input').first()
    await due.fill('2026-12-31')
    await due.press('Enter')
    await choose(page, dlg, '类别', '其他')
    await dlg.locator('[data-test=accept-submit]').click()
    await toast(page, '已采纳')
    await page.locator('[data-test=proposal-status]').getByText('已采纳').click()
    await settle(page)
    const done = page.locator('[data-test=proposal-table] .el-table__body tr', { hasText: proposal })
    await done.locator('[data-test=proposal-item]').click()
    await page.waitForURL(/\/ledger\/items\/\d+$/)
    const card = page.locator('[data-test=item-study-links]')
    await card.waitFor()
    assert.match(await card.innerText(), /学史力行来源/)
    assert.match(await card.innerText(), new RegExp(title))
    await page.locator('[data-test=timeline]', { hasText: '学史力行' }).waitFor()
  })
})
