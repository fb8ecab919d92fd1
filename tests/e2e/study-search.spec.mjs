/*
 * 用户故事（资料搜索）：党员孙伟在手机（390×844）上打开资料搜索页
 * （/study/search），搜“党史”：结果按相关度排列，标题或摘要里的“党史”
 * 高亮（<mark>；只因标签“党史”命中的资料带该标签），显示结果总数；结果
 * 多于一页时“加载更多”追加下一页；点开一条进入阅读页。搜索带 FTS 语法
 * 字符的 "(党史、党史*)、NEAR(、"( 时页面不报错（前两者仍找到资料；NEAR
 * 只是一个词，"( 只有标点，显示“没有找到”）。页面在手机宽度下没有横向
 * 滚动。演示数据（make demo 的资料库）里有含“党史”的资料。
 */
import test from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withPage, url, SCREENSHOTS, PHONE } from './common/browser.mjs'
import { loginAs } from './common/login.mjs'
import { settle } from './common/ui.mjs'

const PASS = process.env.LUOSHI_DEMO_PASS || 'Demo#2026luoshi'

const noSideScroll = (page) =>
  page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth + 1)

async function searchFor(page, text) {
  // Element Plus puts the attribute on the <input> itself
  const input = page.locator('input[data-test=search-input], [data-test=search-input] input').first()
  await input.fill(text)
  await page.locator('[data-test=search-submit]').click()
}

test('党员在手机上搜索“党史”，结果高亮，可加载更多并打开阅读', async (t) => {
  await withPage(
    t,
    'study-search',
    async (page) => {
      await loginAs(page, 'dangyuan', PASS)
      await page.locator('[data-test=study-home]').waitFor()
      await page.goto(url('/study/search'))
      await page.locator('[data-test=study-search-page]').waitFor()
      await searchFor(page, '党史')
      await page.waitForURL((u) => u.pathname === '/study/search' && u.searchParams.get('q') === '党史')
      const hits = page.locator('[data-test=search-hit]')
      await hits.first().waitFor()
      // every result shows the query highlighted in its title or snippet
      const n = await hits.count()
      assert.ok(n >= 1, '应有搜索结果')
      assert.ok((await hits.first().locator('mark').count()) >= 1, '第一条结果应有高亮')
      for (let i = 0; i < Math.min(n, 5); i++) {
        const marks = await hits.nth(i).locator('mark').allInnerTexts()
        const tags = await hits.nth(i).locator('.el-tag').allInnerTexts()
        // a material found by its tag 党史 has nothing to highlight in the text
        assert.ok(marks.length >= 1 || tags.includes('党史'), `第 ${i + 1} 条结果应有高亮或“党史”标签`)
        assert.ok(marks.every((m) => m === '党史'), `高亮的应是“党史”：${marks}`)
      }
      assert.match(await page.locator('[data-test=search-total]').innerText(), /共 \d+\+? 条结果/)
      await settle(page)
      assert.ok(await noSideScroll(page), '搜索页在手机宽度下不应横向滚动')
      await page.screenshot({ path: join(SCREENSHOTS, `study-search-${PHONE.width}x${PHONE.height}.png`) })

      // 加载更多 appends the next page when there is one
      const more = page.locator('[data-test=search-more]')
      if (await more.isVisible()) {
        await more.click()
        await page.waitForFunction(
          (k) => document.querySelectorAll('[data-test=search-hit]').length > k,
          n,
        )
      }

      // FTS syntax characters are text: no error, still results
      for (const q of ['"(党史', '党史*)']) {
        await searchFor(page, q)
        await page.waitForURL((u) => u.searchParams.get('q') === q)
        await hits.first().waitFor()
        assert.equal(await page.locator('[data-test=search-error]').count(), 0, `“${q}”不应报错`)
      }
      // NEAR is a word no material contains; "( is only punctuation: no
      // error, an empty result
      for (const q of ['NEAR(', '"(']) {
        await searchFor(page, q)
        await page.waitForURL((u) => u.searchParams.get('q') === q)
        await page.locator('[data-test=search-empty]').waitFor()
        assert.equal(await page.locator('[data-test=search-error]').count(), 0, `“${q}”不应报错`)
      }

      // a result opens the reader
      await searchFor(page, '党史')
      await page.waitForURL((u) => u.searchParams.get('q') === '党史')
      await hits.first().waitFor()
      await hits.first().click()
      await page.waitForURL((u) => /^\/study\/materials\/\d+$/.test(u.pathname))
      await page.locator('[data-test=read-title]').waitFor()
    },
    { viewport: PHONE },
  )
})
