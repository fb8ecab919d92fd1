/*
 * 用户故事（学习资料管理）：组织部（zuzhibu）在“资料分类”里新建一个分类；
 * 在“资料管理”里新建一份学习资料：填标题、选分类、写 Markdown 正文（含一段
 * <script>），右侧预览实时显示加粗和标题、脚本不执行也不显示；保存并发布后
 * 列表里显示“已发布”。再导入一个 .md 文件（测试里现做），得到以文件中第一个
 * 标题为标题的草稿。资料管理页在手机（390×844）上没有横向滚动。
 */
import test from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withPage, url, SCREENSHOTS, DESKTOP, PHONE } from './common/browser.mjs'
import { loginAs } from './common/login.mjs'
import { chooseUnit, dialog, fill, openMenu, settle, toast } from './common/ui.mjs'

const PASS = process.env.LUOSHI_DEMO_PASS || 'Demo#2026luoshi'
const stamp = Date.now().toString(36)
const topic = `测试分类${stamp}`
const title = `学习资料测试${stamp}`
const mdTitle = `导入的资料${stamp}`

const shot = (page, name, vp) => page.screenshot({ path: join(SCREENSHOTS, `${name}-${vp.width}x${vp.height}.png`) })
const noSideScroll = (page) => page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth + 1)

test('组织部新建资料分类', async (t) => {
  await withPage(t, 'materials-topic', async (page) => {
    await loginAs(page, 'zuzhibu', PASS)
    await openMenu(page, '资料分类')
    await page.locator('[data-test=topic-name]', { hasText: '党史' }).first().waitFor()
    await page.locator('[data-test=topic-new]').click()
    const dlg = dialog(page, '新建分类')
    await dlg.waitFor()
    await fill(dlg, '名称', topic)
    await dlg.locator('[data-test=topic-save]').click()
    await toast(page, '已保存')
    await page.locator('[data-test=topic-name]', { hasText: topic }).waitFor()
  })
})

test('组织部用 Markdown 写资料、预览、发布', async (t) => {
  await withPage(t, 'materials-create', async (page) => {
    await loginAs(page, 'zuzhibu', PASS)
    await openMenu(page, '资料管理')
    await page.locator('[data-test=material-new]').click()
    await page.waitForURL(/\/study\/materials-admin\/new$/)
    await settle(page)
    await fill(page, '标题', title)
    await fill(page, '来源', '测试来源')
    await chooseUnit(page, page, '分类', topic)
    await page
      .locator('textarea[data-test=material-body]')
      .fill('# 学史明理\n\n坚持**实事求是**。\n\n<script>window.__xss = 1</script>\n\n- 学史增信\n- 学史崇德')
    const preview = page.locator('[data-test=material-preview]')
    await preview.locator('strong', { hasText: '实事求是' }).waitFor()
    await preview.locator('h1', { hasText: '学史明理' }).waitFor()
    assert.equal(await preview.locator('script').count(), 0, '预览中不应有 script 元素')
    assert.ok(!(await preview.innerText()).includes('window.__xss'), '脚本内容不应显示')
    assert.equal(await page.evaluate(() => window.__xss), undefined, '脚本不应执行')
    await shot(page, 'material-editor', DESKTOP)
    await page.locator('[data-test=material-save-publish]').click()
    await toast(page, '已保存并发布')
    await page.waitForURL(/\/study\/materials-admin\/\d+\/edit$/)
    await page.locator('[data-test=editor-status]', { hasText: '已发布' }).waitFor()

    await openMenu(page, '资料管理')
    const row = page.locator('.material-table .el-table__body tr', { hasText: title }).first()
    await row.waitFor()
    assert.equal((await row.locator('[data-test=material-status]').innerText()).trim(), '已发布')
    await shot(page, 'material-admin', DESKTOP)
  })
})

test('组织部导入 .md 文件为草稿', async (t) => {
  await withPage(t, 'materials-import', async (page) => {
    await loginAs(page, 'zuzhibu', PASS)
    await openMenu(page, '资料管理')
    await page.locator('[data-test=material-import]').click()
    const dlg = dialog(page, '导入学习资料')
    await dlg.waitFor()
    const md = `# ${mdTitle}\n\n导入的正文，**重点**内容。\n`
    await dlg.locator('[data-test=import-file]').setInputFiles({ name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from(md) })
    await dlg.locator('[data-test=import-file-name]', { hasText: 'notes.md' }).waitFor()
    await dlg.locator('[data-test=import-run]').click()
    await toast(page, '已导入为草稿')
    await page.waitForURL(/\/study\/materials-admin\/\d+\/edit$/)
    await settle(page)
    assert.equal(await page.locator('input[data-test=material-title]').inputValue(), mdTitle)
    await page.locator('[data-test=editor-status]', { hasText: '草稿' }).waitFor()
    await page.locator('[data-test=material-preview] strong', { hasText: '重点' }).waitFor()
  })
})

test('资料管理在手机上没有横向滚动', async (t) => {
  await withPage(
    t,
    'materials-phone',
    async (page) => {
      await loginAs(page, 'zuzhibu', PASS)
      await page.goto(url('/study/materials-admin'))
      await settle(page)
      await page.locator('.material-table .el-table__body tr').first().waitFor()
      assert.ok(await noSideScroll(page), '资料管理页不应横向滚动')
      await shot(page, 'material-admin', PHONE)
    },
    { viewport: PHONE },
  )
})
