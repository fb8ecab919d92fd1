/*
 * One Chromium per test, with the watchers every spec shares: the test
 * fails on a console error, an uncaught page error, a failed request, or
 * an HTTP answer ≥ 500 (and on 4xx answers the spec did not declare), and
 * a screenshot is saved when it fails.
 *
 *   test('…', (t) => withPage(t, 'name', async (page) => { … }))
 *   withPage(t, name, fn, { viewport, allowHttp: [{ status: 401, url: /\/auth\/login$/ }] })
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { CHROMIUM, baseUrl, requireServer } from './env.mjs'

export const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots')
export const DESKTOP = { width: 1366, height: 768 }
export const PHONE = { width: 390, height: 844 }

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/* Chrome repeats every non-2xx answer as a console error; the response
 * watcher judges those (with the URL), so the echo is not counted twice. */
const STATUS_ECHO = /^Failed to load resource: the server responded with a status of \d+/

export async function launch(viewport = DESKTOP) {
  const dir = mkdtempSync(join(tmpdir(), 'luoshi-e2e-'))
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: false,
  })
  context.setDefaultTimeout(15000)
  const page = context.pages()[0] || (await context.newPage())
  const close = async () => {
    await context.close().catch(() => {})
    rmSync(dir, { recursive: true, force: true })
  }
  return { context, page, close }
}

/* Attaches the watchers; returns the list they fill. */
export function watch(page, allowHttp = []) {
  const problems = []
  const allowed = (status, url) =>
    allowHttp.some((a) => a.status === status && (!a.url || a.url.test(url)))
  page.on('console', (m) => {
    if (m.type() === 'error' && !STATUS_ECHO.test(m.text())) problems.push(`console error: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText || ''
    // ERR_ABORTED: the browser cancelled the request itself (a navigation or
    // the page closing while it was in flight) — not a server failure
    if (why.includes('ERR_ABORTED')) return
    problems.push(`request failed: ${r.method()} ${r.url()} ${why}`)
  })
  page.on('response', (r) => {
    const s = r.status()
    if (s >= 500) problems.push(`HTTP ${s}: ${r.request().method()} ${r.url()}`)
    else if (s >= 400 && !allowed(s, r.url())) problems.push(`unexpected HTTP ${s}: ${r.request().method()} ${r.url()}`)
  })
  return problems
}

function fileName(name) {
  return name.replace(/[^\p{L}\p{N}_.-]+/gu, '_')
}

export async function withPage(t, name, fn, opts = {}) {
  await requireServer()
  const { page, close, context } = await launch(opts.viewport || DESKTOP)
  const problems = watch(page, opts.allowHttp || [])
  page.problems = problems
  try {
    await fn(page, context)
    await page.waitForTimeout(200)
    if (problems.length) throw new Error('浏览器报告了问题：\n  ' + problems.join('\n  '))
  } catch (e) {
    try {
      mkdirSync(join(SCREENSHOTS, 'failures'), { recursive: true })
      const file = join(SCREENSHOTS, 'failures', fileName(name) + '.png')
      await page.screenshot({ path: file, fullPage: true })
      t.diagnostic(`失败截图：${file}`)
    } catch {
      /* the page may be gone */
    }
    if (problems.length && !String(e.message).startsWith('浏览器报告了问题')) {
      e.message += '\n浏览器同时报告：\n  ' + problems.join('\n  ')
    }
    throw e
  } finally {
    await close()
  }
}

export function url(path) {
  return baseUrl() + path
}
