/*
 * 用户故事：督查室在事项台账点“导入”，选“民生实事”，下载导入模板；先上传
 * 一个有错误的文件，预览列出每一处错误（第几行哪一列），“确认导入”不可点；
 * 再上传正确的文件，预览无误后确认导入，列表里能搜到导入的事项（草稿）；
 * 最后“导出”当前筛选的列表，得到 .xlsx 文件。
 * 测试用的 .xlsx 在这里用 node 的 zlib 现做（几个 XML 部件的小 zip，
 * 单元格用 inline string，日期写成各种文字形式）。
 */
import test from 'node:test'
import assert from 'node:assert/strict'
import { deflateRawSync } from 'node:zlib'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { withPage, SCREENSHOTS, PHONE } from './common/browser.mjs'
import { loginAs } from './common/login.mjs'
import { choose, dialog, openMenu, settle } from './common/ui.mjs'

const PASS = process.env.LUOSHI_DEMO_PASS || 'Demo#2026luoshi'
const stamp = Date.now().toString(36)

/* ---- a minimal .xlsx ---------------------------------------------------- */

const CRC = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()
function crc32(buf) {
  let c = 0xffffffff
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/* A zip of {name: text} parts, deflated, UTF-8 names. */
function zip(parts) {
  const locals = []
  const centrals = []
  let offset = 0
  for (const [name, text] of Object.entries(parts)) {
    const nameBuf = Buffer.from(name, 'utf8')
    const data = Buffer.from(text, 'utf8')
    const packed = deflateRawSync(data)
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt16LE(8, 8)
    local.writeUInt16LE(0, 10)
    local.writeUInt16LE(0x5a21, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBuf.length, 26)
    local.writeUInt16LE(0, 28)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(8, 10)
    central.writeUInt16LE(0, 12)
    central.writeUInt16LE(0x5a21, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(packed.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBuf.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBuf, packed)
    centrals.push(central, nameBuf)
    offset += local.length + nameBuf.length + packed.length
  }
  const cd = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(parts).length, 8)
  end.writeUInt16LE(Object.keys(parts).length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, end])
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const colName = (i) => String.fromCharCode(65 + i)
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships'

/* A one-sheet workbook of rows (arrays of text; '' = empty cell). */
function xlsx(rows) {
  const body = rows
    .map(
      (r, i) =>
        `<row r="${i + 1}">` +
        r
          .map((v, k) =>
            v === '' ? '' : `<c r="${colName(k)}${i + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`,
          )
          .join('') +
        '</row>',
    )
    .join('')
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '</Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="导入数据" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${body}</sheetData></worksheet>`,
  })
}

const HEADER = ['标题*', '牵头单位*', '截止日期*', '优先级', '类别*', '受益人数']
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const goodFile = () => ({
  name: '民生实事导入.xlsx',
  mimeType: XLSX_MIME,
  buffer: xlsx([
    HEADER,
    [`导入测试${stamp}-1`, '区委办公室', '2026年12月31日', '重要', '就业', '1,200'],
    [`导入测试${stamp}-2`, '区委办公室', '2026.12.31', '', '教育', ''],
    [`导入测试${stamp}-3`, '区委办公室', '2026/12/31', '紧急', '养老', '300'],
  ]),
})
const badFile = () => ({
  name: '有错误.xlsx',
  mimeType: XLSX_MIME,
  buffer: xlsx([
    HEADER,
    [`错误测试${stamp}-1`, '区委办公室', '2026-12-31', '', '就业', ''],
    [`错误测试${stamp}-2`, '区委办公室', '2026-02-30', '', '就业', ''],
    [`错误测试${stamp}-3`, '不存在的单位', '2026-12-31', '', '就业', '很多'],
  ]),
})

/* ---- the story ---------------------------------------------------------- */

async function download(page, locator) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), locator.click()])
  return dl.suggestedFilename()
}

test('督查室下载模板，预览列出全部错误，导入正确文件，导出列表', async (t) => {
  await withPage(t, 'ledger-import', async (page) => {
    await loginAs(page, 'duchashi', PASS)
    await openMenu(page, '事项台账')
    await page.locator('.item-table .el-table__body tr').first().waitFor()
    await page.locator('[data-test=item-import]').click()
    const dlg = dialog(page, '导入事项')
    await dlg.waitFor()
    await choose(page, dlg, '台账类型', '民生实事')

    const name = await download(page, dlg.locator('[data-test=import-template]'))
    assert.equal(name, '民生实事导入模板.xlsx')

    /* a file with errors: every one listed, nothing can be imported */
    await dlg.locator('input[type=file]').setInputFiles(badFile())
    await dlg.locator('[data-test=import-preview-btn]').click()
    const errs = dlg.locator('[data-test=import-errors]')
    await errs.waitFor({ timeout: 60000 })
    const text = await errs.innerText()
    assert.match(text, /第3行「截止日期」不是有效日期/)
    assert.match(text, /第4行「牵头单位」找不到单位「不存在的单位」/)
    assert.match(text, /第4行「受益人数」/)
    assert.equal(await errs.locator('li').count(), 3)
    assert.match(await dlg.locator('[data-test=import-summary]').innerText(), /共 3 行，校验通过 1 行，发现 3 处错误/)
    assert.equal(await dlg.locator('[data-test=import-confirm]').isDisabled(), true)
    mkdirSync(SCREENSHOTS, { recursive: true })
    await page.screenshot({ path: join(SCREENSHOTS, 'ledger-import-1366x768.png') })

    /* the right file: preview, confirm */
    await dlg.locator('input[type=file]').setInputFiles(goodFile())
    await dlg.locator('[data-test=import-preview-btn]').click()
    await dlg.locator('[data-test=import-preview] .el-table__body tr').first().waitFor({ timeout: 60000 })
    assert.equal(await dlg.locator('[data-test=import-errors]').count(), 0)
    assert.match(await dlg.locator('[data-test=import-summary]').innerText(), /共 3 行，校验通过 3 行/)
    const preview = await dlg.locator('[data-test=import-preview]').innerText()
    assert.match(preview, /2026-12-31/)
    assert.match(preview, /重要/)
    /* watch for the message before the click: on a loaded machine the
     * import may outlast the default timeout, the message does not */
    const done = page.locator('.el-message', { hasText: '已导入 3 条事项' }).first().waitFor({ timeout: 60000 })
    await dlg.locator('[data-test=import-confirm]').click()
    await done
    await dlg.waitFor({ state: 'hidden', timeout: 30000 })

    /* the list finds them, as drafts */
    await page.locator('input[name=q]').fill(`导入测试${stamp}`)
    await page.locator('input[name=q]').press('Enter')
    await settle(page)
    const rows = page.locator('.item-table .el-table__body tr')
    await page.waitForFunction(
      (n) => document.querySelectorAll('.item-table .el-table__body tr').length === n,
      3,
      { timeout: 30000 },
    )
    assert.equal(await rows.count(), 3)
    assert.match(await rows.first().innerText(), /草稿/)

    /* 导出 the filtered list */
    const file = await download(page, page.locator('[data-test=item-export]'))
    assert.match(file, /\.xlsx$/)
  })
})

test('手机上也能导入：对话框全屏，预览表格和错误列表可见', async (t) => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await withPage(
    t,
    'ledger-import-phone',
    async (page) => {
      await loginAs(page, 'duchashi', PASS)
      await page.goto(new URL('/ledger/items', page.url()).href)
      await settle(page)
      await page.locator('[data-test=item-import]').click()
      const dlg = dialog(page, '导入事项')
      await dlg.waitFor()
      await choose(page, dlg, '台账类型', '民生实事')
      await dlg.locator('input[type=file]').setInputFiles(badFile())
      await dlg.locator('[data-test=import-preview-btn]').click()
      await dlg.locator('[data-test=import-errors]').waitFor({ timeout: 60000 })
      const box = await dlg.locator('[data-test=import-errors]').boundingBox()
      assert.ok(box && box.width <= PHONE.width, '错误列表不应超出屏幕宽度')
      assert.ok(await dlg.locator('[data-test=import-confirm]').isVisible())
      await page.screenshot({ path: join(SCREENSHOTS, `ledger-import-${PHONE.width}x${PHONE.height}.png`) })
    },
    { viewport: PHONE },
  )
})
