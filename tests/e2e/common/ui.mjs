/*
 * Small steps on Element Plus pages, named as a user would say them.
 * `scope` is a page or a locator (a dialog, a search card).
 */

const pageOf = (scope) => (typeof scope.page === 'function' ? scope.page() : scope)
const exact = (text) => new RegExp('^\\s*' + text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\s*$')

/* The el-form-item whose label is exactly `label`. */
export function field(scope, label) {
  const label_ = pageOf(scope).locator('.el-form-item__label').filter({ hasText: exact(label) })
  return scope.locator('.el-form-item').filter({ has: label_ }).first()
}

export async function fill(scope, label, value) {
  await field(scope, label).locator('input, textarea').first().fill(value)
}

/* Waits for open select dropdowns to close (their fade-out can outlive the
 * click on a loaded machine and swallow the next click); Escape if not. */
async function dropdownsClosed(page) {
  const open = page.locator('.el-select-dropdown:visible, .el-popper.is-light:visible .el-select-dropdown')
  try {
    await open.first().waitFor({ state: 'hidden', timeout: 2000 })
  } catch {
    await page.keyboard.press('Escape')
    await open.first().waitFor({ state: 'hidden', timeout: 3000 }).catch(() => {})
  }
}

/* Opens an el-select and picks the option with this text. */
export async function choose(page, scope, label, option) {
  await field(scope, label).locator('.el-select__wrapper').first().click()
  const item = page.locator('.el-select-dropdown__item:visible', { hasText: option }).first()
  await item.waitFor()
  await page.waitForTimeout(200) /* let the opening transition finish */
  await item.click()
  await dropdownsClosed(page)
}

/* Opens an el-tree-select, filters by text, and picks that node. */
export async function chooseUnit(page, scope, label, unitName) {
  const f = field(scope, label)
  await f.locator('.el-select__wrapper').first().click()
  await f.locator('input').first().fill(unitName)
  const node = page.locator('.el-select-dropdown:visible .el-tree-node__content', { hasText: unitName }).first()
  await node.waitFor()
  await page.waitForTimeout(200)
  await node.click()
  await dropdownsClosed(page)
}

export function dialog(page, title) {
  return page.locator('.el-dialog:visible').filter({ has: page.locator('.el-dialog__title', { hasText: title }) })
}

/* Waits until no loading mask is visible. */
export async function settle(page) {
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.locator('.el-loading-mask:visible').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => {})
  await page.waitForTimeout(300)
}

/* Waits for an ElMessage containing text. */
export async function toast(page, text) {
  await page.locator('.el-message', { hasText: text }).first().waitFor({ state: 'visible' })
}

/* The sidebar entries the user can see, in order. */
export async function menuTitles(page) {
  return page.locator('.side-menu [data-menu]').evaluateAll((els) => els.map((e) => e.getAttribute('data-menu')))
}

/* Navigates inside the SPA as a click on the sidebar would. */
export async function openMenu(page, title) {
  await page.locator(`.side-menu [data-menu="${title}"]`).click()
  await settle(page)
}
