/*
 * 用户故事（事项全流程）：督查室新增一项民生实事（两个工作节点，区委办公室
 * 牵头）并下达；区委办公室联络员签收，报送进展并附 PDF；督查室退回一次
 * （填写退回意见）；联络员再次报送，督查室通过；联络员上传佐证材料申请
 * 销号；督查室销号。时间线逐项记录每一步。可见范围：督查室、区级领导
 * （全部数据）和区委办公室联络员（本单位）能看到该事项，附件可下载；
 * 支部书记和党员没有“查看台账事项”权限（接口 403，页面转到无权限页）。
 * 顺带截取详情页在桌面与手机上的样子。
 */
import test from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { withPage, url, SCREENSHOTS, DESKTOP, PHONE } from './common/browser.mjs'
import { loginAs } from './common/login.mjs'
import { choose, chooseUnit, dialog, fill, field, openMenu, settle, toast } from './common/ui.mjs'

const PASS = process.env.LUOSHI_DEMO_PASS || 'Demo#2026luoshi'
const stamp = Date.now().toString(36)
const title = `社区就业驿站建设${stamp}`
let itemPath = ''
let itemId = 0

/* a tiny valid one-page PDF */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n' +
    '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n' +
    'xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n' +
    'trailer<</Size 4/Root 1 0 R>>\nstartxref\n170\n%%EOF\n',
)

const shot = (page, name, vp) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}-${vp.width}x${vp.height}.png`) })

async function pickDate(page, scope, label, value) {
  const input = field(scope, label).locator('input').first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await page.waitForTimeout(200)
}

async function confirmBox(page, button, text) {
  const box = page.locator('.el-message-box:visible')
  await box.waitFor()
  if (text !== undefined) await box.locator('textarea, input').first().fill(text)
  await box.getByRole('button', { name: button, exact: true }).click()
  await box.waitFor({ state: 'hidden' }).catch(() => {})
}

async function openItem(page) {
  await page.goto(url(itemPath))
  await page.locator('[data-test=item-head]').waitFor()
  await settle(page)
}

async function attach(page, scope, purpose, name) {
  const up = scope.locator(`[data-test=upload-${purpose}]`)
  await up.locator('input[type=file]').setInputFiles({ name, mimeType: 'application/pdf', buffer: PDF })
  await up.locator('.el-upload-list__item.is-success', { hasText: name }).waitFor()
}

async function report(page, text, percent, file) {
  await page.locator('[data-test=progress-add]').click()
  const dlg = dialog(page, '报送进展')
  await dlg.waitFor()
  await dlg.locator('textarea[name=progress_text]').fill(text)
  const pct = dlg.locator('input[name=progress_percent]')
  await pct.fill(String(percent))
  await pct.press('Tab')
  if (file) await attach(page, dlg, 'progress', file)
  await dlg.locator('[data-test=progress-submit]').click()
  await toast(page, '进展已报送')
  await dlg.waitFor({ state: 'hidden' })
  await settle(page)
}

const latestReport = (page) => page.locator('[data-test=progress-report]').first()

test('事项全流程：下达、签收、报送（附 PDF）、退回、通过、申请销号、销号', async (t) => {
  mkdirSync(SCREENSHOTS, { recursive: true })

  await withPage(t, 'flow-create', async (page) => {
    await loginAs(page, 'duchashi', PASS)
    await openMenu(page, '事项台账')
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
    itemId = Number(itemPath.split('/').pop())
    await settle(page)
    assert.equal(await page.locator('[data-test=milestones] .el-table__body tr').count(), 2)
    await page.locator('[data-test=action-issue]').click()
    await confirmBox(page, '下达')
    await toast(page, '已下达')
    await page.locator('[data-test=item-state]', { hasText: '已下达' }).waitFor()
  })

  await withPage(t, 'flow-liaison-report', async (page) => {
    await loginAs(page, 'lianluo', PASS)
    await openItem(page)
    await page.locator('[data-test=action-sign]').click()
    await confirmBox(page, '签收')
    await toast(page, '已签收')
    await page.locator('[data-test=item-state]', { hasText: '已签收' }).waitFor()
    /* the first milestone is reached */
    const ms = page.locator('[data-test=milestones] [data-test^=milestone-toggle-]').first()
    assert.equal((await ms.innerText()).trim(), '标记完成')
    await ms.click()
    await confirmBox(page, '标记完成', '场地已选定')
    await toast(page, '已标记完成')
    await page.locator('[data-test=milestones] .el-tag', { hasText: '已完成' }).first().waitFor()
    await report(page, '已完成选址，正在办理场地租赁手续。', 30, '选址报告.pdf')
    await page.locator('[data-test=item-state]', { hasText: '推进中' }).waitFor()
    const rep = latestReport(page)
    assert.equal((await rep.locator('[data-test=progress-state]').innerText()).trim(), '待审核')
    assert.ok((await rep.innerText()).includes('选址报告.pdf'), '进展报告应列出所附 PDF')
    /* the attachment downloads as the PDF it was */
    const href = await rep.locator('[data-test=attachment-link]').first().getAttribute('href')
    const res = await page.request.get(url(href))
    assert.equal(res.status(), 200)
    assert.equal(res.headers()['content-type'], 'application/pdf')
    assert.match(res.headers()['content-disposition'], /filename\*=UTF-8''%E9%80%89%E5%9D%80/)
    assert.ok((await res.body()).equals(PDF), '下载的文件应与上传的一致')
    assert.equal(await page.locator('[data-test=progress-approve]').count(), 0, '联络员不应看到审核按钮')
  })

  await withPage(t, 'flow-return', async (page) => {
    await loginAs(page, 'duchashi', PASS)
    await openItem(page)
    await latestReport(page).locator('[data-test=progress-return]').click()
    await confirmBox(page, '退回', '请补充场地租赁合同')
    await toast(page, '已退回')
    await latestReport(page).locator('[data-test=progress-state]', { hasText: '已退回' }).waitFor()
    assert.ok((await latestReport(page).innerText()).includes('请补充场地租赁合同'))
  })

  await withPage(t, 'flow-report-again', async (page) => {
    await loginAs(page, 'lianluo', PASS)
    await openItem(page)
    assert.ok((await page.locator('[data-test=progress-panel]').innerText()).includes('请补充场地租赁合同'), '联络员应看到退回意见')
    await report(page, '场地租赁合同已签订，装修进场。', 60)
    await latestReport(page).locator('[data-test=progress-state]', { hasText: '待审核' }).waitFor()
  })

  await withPage(t, 'flow-approve', async (page) => {
    await loginAs(page, 'duchashi', PASS)
    await openItem(page)
    await latestReport(page).locator('[data-test=progress-approve]').click()
    await confirmBox(page, '通过', '同意')
    await toast(page, '已通过')
    await latestReport(page).locator('[data-test=progress-state]', { hasText: '已通过' }).waitFor()
    await page.locator('[data-test=progress-chart] canvas').first().waitFor()
    const res = await page.request.get(url(`/api/v1/items/${itemId}`))
    assert.equal((await res.json()).progress, 60, '通过后事项进度应为 60%')
  })

  await withPage(t, 'flow-request-close', async (page) => {
    await loginAs(page, 'lianluo', PASS)
    await openItem(page)
    await page.locator('[data-test=action-request_close]').click()
    const dlg = dialog(page, '申请销号')
    await dlg.waitFor()
    await attach(page, dlg, 'evidence', '验收报告.pdf')
    await dlg.locator('textarea[name=closure_note]').fill('驿站已投入使用')
    await dlg.locator('[data-test=closure-submit]').click()
    await toast(page, '已申请销号')
    await page.locator('[data-test=item-state]', { hasText: '申请销号' }).waitFor()
    assert.equal(await page.locator('[data-test=action-close]').count(), 0, '联络员不能销号')
  })

  await withPage(t, 'flow-close', async (page) => {
    await loginAs(page, 'duchashi', PASS)
    await openItem(page)
    await page.locator('[data-test=action-close]').click()
    await confirmBox(page, '销号')
    await toast(page, '已销号')
    await page.locator('[data-test=item-state]', { hasText: '已销号' }).waitFor()
    await settle(page)
    const actions = await page
      .locator('[data-test=timeline] .el-timeline-item')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
    assert.deepEqual(
      actions,
      ['create', 'issue', 'sign', 'milestone_done', 'attach', 'report', 'progress_return', 'report', 'progress_approve', 'attach', 'request_close', 'close'],
      `时间线应记录每一步：${actions}`,
    )
    const text = await page.locator('[data-test=timeline]').innerText()
    for (const w of ['创建', '下达', '签收', '节点完成', '场地已选定', '上传附件', '选址报告.pdf', '报送进展', '退回进展', '请补充场地租赁合同',
      '通过进展', '验收报告.pdf', '申请销号', '驿站已投入使用', '销号', '督查室 刘明', '联络员 陈静'])
      assert.ok(text.includes(w), `时间线应有“${w}”：${text}`)
    const files = await page.locator('[data-test=item-attachments]').innerText()
    for (const w of ['选址报告.pdf', '进展附件', '验收报告.pdf', '佐证材料']) assert.ok(files.includes(w), `附件栏应有“${w}”：${files}`)
    await page.waitForTimeout(300)
    await shot(page, 'ledger-flow', DESKTOP)
  })
})

test('事项可见范围：督查室、区级领导、本单位联络员可见；支部书记、党员无权', async (t) => {
  assert.ok(itemId, '需要上一个测试创建的事项')
  const api = (page, path) => page.request.get(url(path))
  const attList = async (page) => (await (await api(page, `/api/v1/items/${itemId}/attachments`)).json()).items
  for (const who of ['duchashi', 'lingdao', 'lianluo']) {
    await withPage(t, `flow-visible-${who}`, async (page) => {
      await loginAs(page, who, PASS)
      assert.equal((await api(page, `/api/v1/items/${itemId}`)).status(), 200, `${who} 应能查看该事项`)
      const atts = await attList(page)
      assert.equal(atts.length, 2)
      assert.equal((await api(page, atts[0].url)).status(), 200, `${who} 应能下载附件`)
      await openItem(page)
      assert.equal((await page.locator('[data-test=item-title]').innerText()).trim(), title)
      if (who === 'lingdao') {
        /* 区级领导: reads, comments, but neither reports nor reviews */
        assert.equal(await page.locator('[data-test=progress-add]').count(), 0)
        assert.equal(await page.locator('[data-test=upload-item]').count(), 0)
        await page.locator('textarea[name=comment_text]').fill('请做好后续运营管理')
        await page.locator('[data-test=comment-send]').click()
        await toast(page, '评论已发表')
        await page.locator('[data-test=comments]', { hasText: '请做好后续运营管理' }).waitFor()
        await page.locator('[data-test=timeline] [data-action=comment]').waitFor()
      }
    })
  }
  for (const who of ['shuji', 'dangyuan']) {
    await withPage(
      t,
      `flow-hidden-${who}`,
      async (page) => {
        await loginAs(page, who, PASS)
        assert.equal((await api(page, `/api/v1/items/${itemId}`)).status(), 403, `${who} 无台账权限`)
        assert.equal((await api(page, `/api/v1/items/${itemId}/attachments`)).status(), 403)
        assert.equal((await api(page, `/api/v1/attachments/1`)).status(), 403)
        await page.goto(url(itemPath))
        await page.waitForURL((u) => u.pathname === '/403')
        assert.equal(await page.locator('[data-test=item-title]').count(), 0)
      },
    )
  }
})

test('事项详情手机截图 390×844（进展、附件、评论）', async (t) => {
  assert.ok(itemPath, '需要上一个测试创建的事项')
  await withPage(
    t,
    'flow-phone',
    async (page) => {
      await loginAs(page, 'lianluo', PASS)
      await openItem(page)
      await page.locator('[data-test=progress-panel]').waitFor()
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 1, `手机上不应横向溢出（${overflow}px）`)
      await page.locator('[data-test=progress-panel]').scrollIntoViewIfNeeded()
      await page.waitForTimeout(300)
      await shot(page, 'ledger-flow', PHONE)
    },
    { viewport: PHONE },
  )
})
