/*
 * 用户故事（学习全流程，issue #6 的验收路径）：支部书记赵海燕（shuji）
 * 在电脑上为本支部发布一项学习计划，必学资料是一篇新资料；党员孙伟
 * （dangyuan）在手机（390×844）上从“我的学习计划”打开这篇资料阅读，
 * 页面在前台时发送阅读心跳，服务器计入学习时长（测试把心跳间隔缩短为
 * 1 秒）；读完后写心得并提交；书记在“心得审核”里通过；书记打开
 * “学习统计”（本支部，按党员），孙伟的学习时长比开始时多了、完成资料
 * 多了一篇，心得通过数多了一篇。
 */
import test from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withPage, url, SCREENSHOTS, DESKTOP, PHONE } from './common/browser.mjs'
import { loginAs } from './common/login.mjs'
import { dialog, fill, openMenu, settle, toast } from './common/ui.mjs'

const PASS = process.env.LUOSHI_DEMO_PASS || 'Demo#2026luoshi'
const stamp = Date.now().toString(36)
const material = `不忘初心读原文${stamp}`
const plan = `支部学习计划${stamp}`
const reflection = `读《${material}》有感`
const PARA =
  '通过这次学习，我更加深刻地理解了“江山就是人民，人民就是江山”的道理。' +
  '作为一名普通党员，要把学习党史同做好本职工作结合起来，' +
  '在服务群众中践行初心使命，做到学史明理、学史增信、学史崇德、学史力行。'
const body = Array.from({ length: 5 }, () => PARA).join('\n\n')

/* what the branch statistics said before the story */
const before = { minutes: 0, completed: 0, approved: 0 }

/* JSON API calls with the page's session (the CSRF token from /auth/me). */
async function api(page, method, path, data) {
  const me = await (await page.request.get(url('/api/v1/auth/me'))).json()
  const res = await page.request.fetch(url(path), {
    method,
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
    data: data ? JSON.stringify(data) : undefined,
  })
  return { status: res.status(), json: await res.json().catch(() => null), me }
}

async function branchStats(page) {
  const me = await (await page.request.get(url('/api/v1/auth/me'))).json()
  const r = await page.request.get(url(`/api/v1/study-stats?unit_id=${me.user.unit_id}&level=member`))
  assert.equal(r.status(), 200)
  const s = await r.json()
  const row = s.rows.find((x) => x.name === '孙伟')
  assert.ok(row, '本支部统计里应有孙伟')
  return { row, totals: s.totals }
}

const noSideScroll = (page) =>
  page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth + 1)

test('支部书记为本支部发布学习计划', async (t) => {
  await withPage(t, 'flow-plan', async (page) => {
    await loginAs(page, 'shuji', PASS)
    const s = await branchStats(page)
    before.minutes = s.row.minutes
    before.completed = s.row.completed
    before.approved = s.totals.reflections ? s.totals.reflections.approved : 0
    // the required material: a new text the branch has not read yet
    const text = Array.from({ length: 10 }, (_, i) => `第${i + 1}段：${PARA}`).join('\n\n')
    const c = await api(page, 'POST', '/api/v1/materials', {
      title: material,
      source: '支部自学材料',
      publish_date: '2026-11-01',
      body: text,
      min_seconds: 10,
    })
    assert.equal(c.status, 201, JSON.stringify(c.json))
    const p = await api(page, 'POST', `/api/v1/materials/${c.json.id}/publish`, {})
    assert.equal(p.status, 200, JSON.stringify(p.json))

    await openMenu(page, '学习计划')
    await page.locator('[data-test=plan-new]').click()
    const dlg = dialog(page, '新建学习计划')
    await dlg.waitFor()
    await fill(dlg, '计划名称', plan)
    const picker = dlg.locator('[data-test=plan-materials]')
    await picker.locator('.el-select__wrapper').click()
    await picker.locator('input').fill(stamp)
    const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: material })
    await option.waitFor()
    await option.click()
    await page.keyboard.press('Escape')
    await dlg.locator('.el-dialog__title').click()
    await dlg.locator('[data-test=plan-save]').click()
    await toast(page, '已新建学习计划')
    await page.waitForURL(/\/study\/plans\/\d+$/)
    await settle(page)
    await page.locator('[data-test=plan-detail-publish]').click()
    const box = page.locator('.el-message-box:visible')
    await box.waitFor()
    await box.getByRole('button', { name: '确定' }).click()
    await toast(page, '已发布')
  })
})

test('党员在手机上按计划阅读资料并写心得', async (t) => {
  await withPage(
    t,
    'flow-member',
    async (page) => {
      await page.addInitScript(() => {
        window.__LUOSHI_HEARTBEAT_MS = 1000
      })
      await loginAs(page, 'dangyuan', PASS)
      await page.goto(url('/study/my-plans'))
      const card = page.locator('[data-test=my-plan]', { hasText: plan })
      await card.waitFor()
      await card.locator('[data-test=my-plan-material]', { hasText: material }).click()
      await page.waitForURL(/\/study\/materials\/\d+$/)
      await page.locator('[data-test=read-title]', { hasText: material }).waitFor()
      await page.mouse.wheel(0, 4000)
      // heartbeats are credited on the server clock; 10 s marks it read
      await page.locator('[data-test=read-done]').waitFor({ timeout: 40000 })
      await page.waitForFunction(
        () => Number(document.querySelector('[data-test=read-seconds]')?.dataset.seconds) >= 15,
        null,
        { timeout: 30000 },
      )
      assert.ok(await noSideScroll(page), '阅读页在手机宽度下不应横向滚动')
      await page.screenshot({ path: join(SCREENSHOTS, `study-flow-read-${PHONE.width}x${PHONE.height}.png`) })

      await page.locator('[data-test=write-reflection]').click()
      await page.waitForURL(/\/study\/reflections\/new/)
      await settle(page)
      await page.locator('[data-test=refl-title]').fill(reflection)
      await page.locator('[data-test=refl-body]').fill(body)
      await page.locator('[data-test=refl-submit]').click()
      await toast(page, '已提交')
      await page.locator('[data-test=refl-status]', { hasText: '待审核' }).waitFor()
      assert.ok(await noSideScroll(page), '心得页在手机宽度下不应横向滚动')
    },
    { viewport: PHONE },
  )
})

test('支部书记通过心得，支部统计显示学习时长和心得', async (t) => {
  await withPage(t, 'flow-approve', async (page) => {
    await loginAs(page, 'shuji', PASS)
    await openMenu(page, '心得审核')
    await page
      .locator('[data-test=review-table] .el-table__body tr', { hasText: reflection })
      .locator('[data-test=review-open]')
      .click()
    const drawer = page.locator('.el-drawer:visible')
    await drawer.waitFor()
    await drawer.locator('[data-test=review-comment]').fill('联系实际，体会真切')
    await drawer.locator('[data-test=review-approve]').click()
    await toast(page, '已通过')
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })

    await openMenu(page, '学习统计')
    await page.locator('[data-test=stats-table]').waitFor()
    await settle(page)
    const row = page.locator('[data-test=stats-table] .el-table__body tr', { hasText: '孙伟' })
    await row.waitFor()
    const after = await branchStats(page)
    assert.ok(
      after.row.minutes >= before.minutes + 0.2,
      `孙伟的学习时长应增加：之前 ${before.minutes}，之后 ${after.row.minutes}`,
    )
    assert.equal(after.row.completed, before.completed + 1, '完成资料应多一篇')
    assert.equal(after.totals.reflections.approved, before.approved + 1, '通过的心得应多一篇')
    // the page shows the same figures
    assert.match(await row.innerText(), new RegExp(String(after.row.minutes).replace('.', '\\.')))
    assert.match(await page.locator('[data-test=kpi-refl]').innerText(), new RegExp(`通过 ${after.totals.reflections.approved}`))
    await page.screenshot({ path: join(SCREENSHOTS, `study-flow-stats-${DESKTOP.width}x${DESKTOP.height}.png`) })
  })
})
