/*
 * 用户故事：督查室在「台账类型」中新建一个台账类型和两个字段（一个单选），
 * 表单预览随之出现；用这个类型新增一项带标签的事项；在事项台账里按标签
 * 筛选，把筛选条件保存为「我的视图」，重置后从视图重新套用；最后把两项
 * 草稿事项批量分派给另一个单位（区委组织部）。
 */
import test from 'node:test'
import assert from 'node:assert/strict'
import { withPage, url, PHONE } from './common/browser.mjs'
import { loginAs } from './common/login.mjs'
import { choose, chooseUnit, dialog, field, fill, openMenu, settle, toast } from './common/ui.mjs'

const PASS = process.env.LUOSHI_DEMO_PASS || 'Demo#2026luoshi'
const stamp = Date.now().toString(36)
/* a 4-letter code of this run (no built-in type has 4 letters) */
const code = Array.from(stamp.slice(-4).padStart(4, 'q'), (c) =>
  String.fromCharCode(65 + (parseInt(c, 36) % 26)),
).join('')
const typeName = `环保督察${stamp}`.slice(0, 20)
const tag = `督察${stamp.slice(-6)}`
const bulkTag = `分派${stamp.slice(-6)}`
const title = `河道排污整改${stamp}`

async function api(page, method, path, body) {
  const me = await (await page.request.get(url('/api/v1/auth/me'))).json()
  const res = await page.request.fetch(url(path), {
    method,
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
    data: body ? JSON.stringify(body) : undefined,
  })
  return { status: res.status(), json: await res.json().catch(() => null) }
}

async function pickDate(page, scope, label, value) {
  const input = field(scope, label).locator('input').first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await page.waitForTimeout(200)
}

/* Types text into a filterable el-select and takes the matching option
 * (or the created one with Enter). */
async function typeInSelect(page, sel, text) {
  await sel.locator('.el-select__wrapper').first().click()
  await sel.locator('input').first().fill(text)
  const opt = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first()
  await opt.waitFor()
  await page.waitForTimeout(300) /* the opening transition */
  await opt.click()
  await page.waitForTimeout(200)
  if (await page.locator('.el-select-dropdown:visible').count()) await sel.locator('input').first().press('Escape')
}

test('督查室新建台账类型与字段，按标签筛选、保存视图并批量分派', async (t) => {
  await withPage(t, 'ledger-admin', async (page) => {
    await loginAs(page, 'duchashi', PASS)

    /* 1. a type with two fields */
    await openMenu(page, '台账类型')
    await page.locator('[data-test=type-add]').click()
    let dlg = dialog(page, '新增台账类型')
    await dlg.waitFor()
    await dlg.locator('input[name=type_code]').fill(code)
    await dlg.locator('input[name=type_name]').fill(typeName)
    await dlg.locator('[data-test=type-save]').click()
    await toast(page, `台账类型「${typeName}」已创建`)
    await page.locator('.type-title', { hasText: typeName }).waitFor()

    await page.locator('[data-test=field-add]').click()
    dlg = dialog(page, '新增字段')
    await dlg.waitFor()
    await dlg.locator('input[name=field_label]').fill('问题级别')
    await dlg.locator('input[name=field_key]').fill('level')
    await choose(page, dlg, '字段类型', '单选')
    await dlg.locator('.el-checkbox', { hasText: '必填' }).click()
    await dlg.locator('[data-test=option-add]').click()
    await dlg.locator('[data-test=option-add]').click()
    await dlg.locator('input[name=option_0]').fill('一级')
    await dlg.locator('input[name=option_1]').fill('二级')
    /* the preview shows the field while it is being made */
    await page.locator('[data-test=preview] .el-form-item__label', { hasText: '问题级别' }).waitFor()
    await dlg.locator('[data-test=field-save]').click()
    await toast(page, '字段已添加')
    await dlg.waitFor({ state: 'hidden' })

    await page.locator('[data-test=field-add]').click()
    dlg = dialog(page, '新增字段')
    await dlg.waitFor()
    await dlg.locator('input[name=field_label]').fill('罚款金额')
    await dlg.locator('input[name=field_key]').fill('fine')
    await choose(page, dlg, '字段类型', '金额（万元）')
    await dlg.locator('[data-test=field-save]').click()
    await dlg.waitFor({ state: 'hidden' })
    await settle(page)
    assert.equal(await page.locator('[data-test=field-table] .el-table__body tr').count(), 2)
    assert.equal(await page.locator('[data-test=preview] .el-form-item').count(), 2)

    /* 2. an item of the new type with a tag */
    await openMenu(page, '事项台账')
    await page.locator('[data-test=item-add]').click()
    dlg = dialog(page, '新增事项')
    await dlg.waitFor()
    await choose(page, dlg, '台账类型', typeName)
    await field(dlg, '问题级别').waitFor()
    await fill(dlg, '事项名称', title)
    await chooseUnit(page, dlg, '牵头单位', '区委办公室')
    await pickDate(page, dlg, '截止日期', '2027-06-30')
    await choose(page, dlg, '问题级别', '二级')
    await fill(dlg, '罚款金额', '12.5')
    await typeInSelect(page, dlg.locator('[data-test=tags-select]'), tag)
    await dlg.locator('[data-test=dialog-save]').click()
    await toast(page, '事项已新增')
    await page.waitForURL(/\/ledger\/items\/\d+$/)
    await settle(page)
    assert.match(await page.locator('[data-test=item-code]').innerText(), new RegExp(`^${code}-\\d{4}-\\d{4}$`))
    await page.locator('[data-test=detail-tag]', { hasText: tag }).waitFor()
    const itemId = Number(new URL(page.url()).pathname.split('/').pop())
    const item = (await api(page, 'GET', `/api/v1/items/${itemId}`)).json
    assert.deepEqual(item.tags, [tag])
    assert.equal(item.fields.level, '二级')

    /* 3. filter by the tag, save the view, reset, reapply */
    await openMenu(page, '事项台账')
    await typeInSelect(page, page.locator('[data-test=filter-tag]'), tag)
    await settle(page)
    const rows = page.locator('.item-table .el-table__body tr')
    assert.equal(await rows.count(), 1)
    assert.match(await rows.first().innerText(), new RegExp(title))
    await page.locator('[data-test=views-button]').click()
    await page.locator('[data-test=view-save]:visible').click()
    const box = page.locator('.el-message-box:visible')
    await box.waitFor()
    await box.locator('input').fill(`标签${tag}`)
    await box.getByRole('button', { name: '保存' }).click()
    await toast(page, '视图已保存')
    await page.getByRole('button', { name: '重置' }).click()
    await settle(page)
    assert.ok((await rows.count()) > 1, '重置后应显示全部事项')
    await page.locator('[data-test=views-button]').click()
    await page.locator('[data-test=view-item]:visible', { hasText: `标签${tag}` }).click()
    await settle(page)
    assert.equal(await rows.count(), 1)
    assert.match(await rows.first().innerText(), new RegExp(title))

    /* 4. two drafts of the type, assigned to 区委组织部 at once */
    const ids = []
    for (const n of [1, 2]) {
      const r = await api(page, 'POST', '/api/v1/items', {
        type_id: item.type_id,
        title: `${title}-分派${n}`,
        lead_unit_id: item.lead_unit_id,
        due_date: '2027-06-30',
        fields: { level: '一级' },
        tags: [bulkTag],
      })
      assert.equal(r.status, 201)
      ids.push(r.json.id)
    }
    await page.getByRole('button', { name: '重置' }).click()
    await settle(page)
    await typeInSelect(page, page.locator('[data-test=filter-tag]'), bulkTag)
    await settle(page)
    assert.equal(await rows.count(), 2)
    for (const i of [0, 1]) await rows.nth(i).locator('.el-checkbox').first().click()
    await page.locator('[data-test=bulk-assign]').click()
    dlg = dialog(page, '批量分派')
    await dlg.waitFor()
    await chooseUnit(page, dlg, '牵头单位', '区委组织部')
    await dlg.locator('[data-test=assign-save]').click()
    await toast(page, '已分派 2 个事项')
    await settle(page)
    for (const id of ids) {
      const it = (await api(page, 'GET', `/api/v1/items/${id}`)).json
      assert.equal(it.lead_unit_name, '区委组织部')
      assert.ok(it.timeline.some((e) => e.action === 'assign'))
    }

    /* 5. both pages fit a 390 px phone (no sideways scrolling) */
    await page.setViewportSize(PHONE)
    for (const path of ['/ledger/types', '/ledger/items']) {
      await page.goto(url(path))
      await settle(page)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `${path} 在手机上横向溢出 ${overflow}px`)
    }
  })
})
