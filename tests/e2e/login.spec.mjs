/*
 * 用户故事：系统管理员第一次登录，系统要求先修改初始密码；密码规则在页面上
 * 说明，不合规的新密码不能提交；改好后进入工作台，之后用新密码登录不再要求修改。
 */
import test from 'node:test'
import assert from 'node:assert/strict'
import { withPage, url } from './common/browser.mjs'
import { accounts } from './common/env.mjs'
import { loginAs, logout, passRequiredTotp } from './common/login.mjs'
import { settle } from './common/ui.mjs'

test('管理员首次登录须修改初始密码，然后用新密码进入工作台', async (t) => {
  const admin = accounts().admin
  await withPage(
    t,
    'login-first-change',
    async (page) => {
      await page.goto(url('/login'))
      await page.locator('input[name=username]').fill(admin.username)
      await page.locator('input[name=password]').fill(admin.password)
      await page.locator('[data-test=login-submit]').click()

      const changeStep = page.locator('input[name=new_password]')
      const refused = page.locator('[data-test=login-error]')
      await Promise.race([changeStep.waitFor(), refused.waitFor()])
      if (await refused.isVisible()) {
        throw new Error(
          `管理员 ${admin.username} 用 LUOSHI_ADMIN_PASS 登录被拒绝（${await refused.innerText()}）。` +
            '首次登录测试需要全新的演示数据库：管理员尚未修改初始密码。',
        )
      }

      // the policy is explained before the user types
      const subtitle = await page.locator('.box .subtitle').innerText()
      assert.match(subtitle, /至少 \d+ 位/)
      assert.match(subtitle, /至少 3 类/)
      assert.match(subtitle, /不能包含用户名/)

      // a weak password is refused by the form itself, without a request
      await changeStep.fill('abc')
      await page.locator('input[name=confirm_password]').fill('abc')
      await page.getByRole('button', { name: '保存新密码并进入系统' }).click()
      await page.locator('.el-form-item__error', { hasText: '新密码不符合要求' }).waitFor()
      assert.ok(page.url().includes('/login'), '弱密码不应进入系统')

      // the real one
      await changeStep.fill(admin.newPassword)
      await page.locator('input[name=confirm_password]').fill(admin.newPassword)
      await page.getByRole('button', { name: '保存新密码并进入系统' }).click()
      await page.waitForURL((u) => !u.pathname.startsWith('/login'))
      await settle(page)
      if (await passRequiredTotp(page, admin.username)) t.diagnostic('服务器要求管理员先启用两步验证，已完成绑定')
      await page.locator('.welcome h2').waitFor()
      assert.match(await page.locator('.topbar').innerText(), /退出/)

      // logging in again with the new password goes straight in
      await logout(page)
      const again = await loginAs(page, admin.username, admin.newPassword, { totpSecret: admin.totpSecret })
      assert.equal(again.forcedChange, false, '修改密码后再次登录不应再要求修改')
    },
    { allowHttp: [] },
  )
})

test('错误的密码给出统一的中文提示，不进入系统', async (t) => {
  const member = accounts().member
  await withPage(
    t,
    'login-wrong-password',
    async (page) => {
      await page.goto(url('/login'))
      await page.locator('input[name=username]').fill(member.username)
      await page.locator('input[name=password]').fill(member.password + '-wrong')
      await page.locator('[data-test=login-submit]').click()
      const err = page.locator('[data-test=login-error]')
      await err.waitFor()
      assert.match(await err.innerText(), /[\u4e00-\u9fa5]/, '错误提示应为中文')
      assert.ok(page.url().includes('/login'))
    },
    { allowHttp: [{ status: 401, url: /\/api\/v1\/auth\/login$/ }] },
  )
})

test('同一账号连续失败 3 次后须输入图形验证码，验证码错误给出中文提示', async (t) => {
  await withPage(
    t,
    'login-captcha',
    async (page) => {
      await page.goto(url('/login'))
      /* an account name nobody has: the answer must not differ from a real one */
      await page.locator('input[name=username]').fill('captcha-probe')
      for (let i = 0; i < 3; i++) {
        await page.locator('input[name=password]').fill(`Wrong#2026-${i}`)
        await page.locator('[data-test=login-submit]').click()
        await page.locator('[data-test=login-error]').waitFor()
        await page.waitForFunction(() => !document.querySelector('.el-button.is-loading'))
      }
      await page.locator('input[name=password]').fill('Wrong#2026-x')
      await page.locator('[data-test=login-submit]').click()
      const img = page.locator('[data-test=captcha-img]')
      await img.waitFor()
      assert.match(await page.locator('[data-test=login-error]').innerText(), /验证码/)
      const size = await img.evaluate((el) => [el.naturalWidth, el.naturalHeight])
      assert.deepEqual(size, [120, 40], '验证码应为 120×40 的图片')
      const first = await img.getAttribute('src')
      await img.click() /* another one */
      await page.waitForFunction((s) => document.querySelector('[data-test=captcha-img]')?.src !== s, first)
      await page.locator('input[name=captcha]').fill('00000')
      assert.equal((await page.locator('input[name=captcha]').inputValue()).length, 4, '验证码最多 4 位')
      await page.locator('[data-test=login-submit]').click()
      await page.waitForFunction(() => /验证码|用户名或密码/.test(document.querySelector('[data-test=login-error]')?.innerText || ''))
      assert.ok(page.url().includes('/login'))
    },
    { allowHttp: [{ status: 401, url: /\/api\/v1\/auth\/login$/ }] },
  )
})
