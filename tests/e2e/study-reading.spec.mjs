/*
 * 用户故事（计时阅读）：组织部发布一篇学习资料；党员孙伟在手机（390×844）
 * 上登录后直接进入学习首页，在“最新资料”里打开它阅读，页面在前台时发送
 * 阅读心跳，服务器按实际经过的时间计入学习时长（测试把心跳间隔缩短为
 * 1 秒），满 10 秒显示“已读完”；“我的学习记录”里有这篇资料；支部书记在
 * 电脑上的“学习记录”里看到孙伟读了这篇资料，并能导出 Excel。页面在手机
 * 宽度下没有横向滚动。
 */
import test from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withPage, url, SCREENSHOTS, DESKTOP, PHONE } from './common/browser.mjs'
import { loginAs } from './common/login.mjs'
import { openMenu, settle } from './common/ui.mjs'

const PASS = process.env.LUOSHI_DEMO_PASS || 'Demo#2026luoshi'
const stamp = Date.now().toString(36)
const title = `学史明理读原著${stamp}`
let materialId = 0

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

const noSideScroll = (page) =>
  page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth + 1)

test('组织部发布学习资料', async (t) => {
  await withPage(t, 'reading-publish', async (page) => {
    await loginAs(page, 'zuzhibu', PASS)
    const body = Array.from({ length: 12 }, (_, i) =>
      `第${i + 1}段：学史明理、学史增信、学史崇德、学史力行，把学习成果转化为推动工作的实际行动。`,
    ).join('\n\n')
    const c = await api(page, 'POST', '/api/v1/materials', {
      title,
      source: '测试资料',
      author: '组织部',
      publish_date: '2026-07-01',
      body,
      min_seconds: 10,
    })
    assert.equal(c.status, 201, JSON.stringify(c.json))
    materialId = c.json.id
    const p = await api(page, 'POST', `/api/v1/materials/${materialId}/publish`, {})
    assert.equal(p.status, 200, JSON.stringify(p.json))
  })
})

test('党员在手机上阅读资料，心跳计入学习时长，我的学习记录里有它', async (t) => {
  assert.ok(materialId, '需要先发布资料')
  await withPage(
    t,
    'reading-member',
    async (page) => {
      await page.addInitScript(() => {
        window.__LUOSHI_HEARTBEAT_MS = 1000
      })
      await loginAs(page, 'dangyuan', PASS)
      // a member lands on 学习首页
      await page.locator('[data-test=study-home]').waitFor()
      assert.equal(new URL(page.url()).pathname, '/study')
      const latest = page.locator('[data-test=latest-materials]')
      await latest.getByText(title).waitFor()
      await settle(page)
      assert.ok(await noSideScroll(page), '学习首页在手机宽度下不应横向滚动')
      await page.screenshot({ path: join(SCREENSHOTS, `study-home-${PHONE.width}x${PHONE.height}.png`) })

      await latest.getByText(title).click()
      await page.waitForURL((u) => u.pathname === `/study/materials/${materialId}`)
      await page.locator('[data-test=read-title]', { hasText: title }).waitFor()
      await page.locator('[data-test=read-body]', { hasText: '第12段' }).waitFor()
      // two or more heartbeats answered, then credited seconds > 0
      await page.waitForFunction(() => Number(document.querySelector('[data-test=material-read]')?.dataset.beats) >= 2)
      await page.waitForFunction(
        () => Number(document.querySelector('[data-test=read-seconds]')?.dataset.seconds) > 0,
        null,
        { timeout: 15000 },
      )
      await page.mouse.wheel(0, 4000)
      // min_seconds is 10: the badge appears once the server credited 10 s
      await page.locator('[data-test=read-done]').waitFor({ timeout: 30000 })
      assert.ok(await noSideScroll(page), '阅读页在手机宽度下不应横向滚动')
      await page.screenshot({ path: join(SCREENSHOTS, `study-read-${PHONE.width}x${PHONE.height}.png`) })
      const secs = Number(await page.locator('[data-test=read-seconds]').getAttribute('data-seconds'))
      assert.ok(secs >= 10 && secs < 120, `计入的秒数应接近实际经过的时间：${secs}`)

      await page.goto(url('/study/my-records'))
      const rec = page.locator('[data-test=my-record]', { hasText: title })
      await rec.waitFor()
      assert.match(await rec.innerText(), /已读完/)
      assert.ok(Number(await page.locator('[data-test=my-summary] b').nth(4).innerText()) >= 1)
      await settle(page)
      assert.ok(await noSideScroll(page), '我的学习记录在手机宽度下不应横向滚动')
    },
    { viewport: PHONE },
  )
})

test('支部书记在学习记录里看到本支部党员的阅读记录', async (t) => {
  assert.ok(materialId, '需要先发布资料')
  await withPage(t, 'reading-secretary', async (page) => {
    await loginAs(page, 'shuji', PASS)
    await openMenu(page, '学习记录')
    await page.locator('[data-test=branch-records]').waitFor()
    const row = page.locator('[data-test=records-table] .el-table__row', { hasText: title })
    await row.waitFor()
    assert.match(await row.innerText(), /孙伟/)
    assert.match(await row.innerText(), /已读完/)
    const href = await page.locator('a.export-btn').getAttribute('href')
    assert.match(href, /\/api\/v1\/reading\?.*format=xlsx/)
    const x = await page.request.get(url(href))
    assert.equal(x.status(), 200)
    assert.match(x.headers()['content-type'], /spreadsheetml/)
    await settle(page)
    await page.screenshot({ path: join(SCREENSHOTS, `study-records-${DESKTOP.width}x${DESKTOP.height}.png`) })
  })
})
