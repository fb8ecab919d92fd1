/*
 * 用户故事：系统管理员在组织树中新增一个单位，在该单位下登记一名人员，再为他
 * 开设账号；系统只显示一次初始密码。新账号用这个密码登录时被要求修改密码。
 */
import test from 'node:test'
import assert from 'node:assert/strict'
import { withPage } from './common/browser.mjs'
import { loginAdmin, loginAs, logout } from './common/login.mjs'
import { choose, chooseUnit, dialog, fill, openMenu, settle, toast } from './common/ui.mjs'

const stamp = Date.now().toString(36)
const unitName = `测试单位${stamp}`
const personName = `测试${stamp.slice(-4)}`
const username = `e2e${stamp}`

test('新增单位、人员和账号，并读取一次性初始密码', async (t) => {
  let initialPassword = ''
  await withPage(t, 'admin-create', async (page) => {
    await loginAdmin(page)

    // 单位：在第一个顶级单位下新增下级
    await openMenu(page, '单位管理')
    const firstRow = page.locator('.unit-table .el-table__body tr').first()
    await firstRow.getByRole('button', { name: '新增下级' }).click()
    let dlg = dialog(page, '新增单位')
    await dlg.waitFor()
    await fill(dlg, '单位名称', unitName)
    await choose(page, dlg, '单位类型', '其他')
    await dlg.locator('[data-test=dialog-save]').click()
    await toast(page, '单位已新增')
    await settle(page)
    await page.locator('.unit-table').getByText(unitName, { exact: true }).waitFor()

    // 人员：登记在新单位
    await openMenu(page, '人员管理')
    await page.locator('[data-test=person-add]').click()
    dlg = dialog(page, '新增人员')
    await dlg.waitFor()
    await settle(page)
    await fill(dlg, '姓名', personName)
    await chooseUnit(page, dlg, '党组织/单位', unitName)
    await fill(dlg, '职务', '科员')
    await fill(dlg, '手机号码', '13800001234')
    await dlg.locator('[data-test=dialog-save]').click()
    await toast(page, '人员已新增')
    await page.locator('input[name=q]').fill(personName)
    await page.getByRole('button', { name: '搜索' }).click()
    await settle(page)
    const row = page.locator('.el-table__body tr', { hasText: personName }).first()
    await row.waitFor()
    assert.match(await row.innerText(), /\*{4}/, '手机号应由服务器脱敏显示')

    // 账号：关联单位，分配“党员”角色
    await openMenu(page, '账号管理')
    await page.locator('[data-test=user-add]').click()
    dlg = dialog(page, '新增账号')
    await dlg.waitFor()
    await fill(dlg, '用户名', username)
    await fill(dlg, '姓名', personName)
    await chooseUnit(page, dlg, '所属单位', unitName)
    await dlg.getByRole('button', { name: '添加角色' }).click()
    const roleSelect = dlg.locator('.role-scopes .row').first().locator('.el-select').first()
    await roleSelect.click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '党员' }).first().click()
    await dlg.locator('[data-test=dialog-save]').click()

    const otp = page.locator('[data-test=one-time-password]')
    await otp.waitFor()
    initialPassword = (await otp.innerText()).trim()
    assert.ok(initialPassword.length >= 8, `初始密码太短：${initialPassword}`)
    assert.equal((await page.locator('[data-test=otp-username]').innerText()).trim(), username)
    assert.match(await page.locator('.otp-dialog').innerText(), /只显示这一次/)
    await page.getByRole('button', { name: '我已妥善保存，关闭' }).click()
    await otp.waitFor({ state: 'detached' }).catch(() => {})
    assert.equal(await page.locator('[data-test=one-time-password]:visible').count(), 0, '关闭后不应再显示密码')
    await settle(page)
    await page.locator('.el-table__body', { hasText: username }).waitFor()

    // the one-time password works once, and forces a change
    await logout(page)
    const r = await loginAs(page, username, initialPassword, { newPassword: `Xin#${stamp}9q` })
    assert.equal(r.forcedChange, true, '新账号首次登录应被要求修改密码')
  })
})
