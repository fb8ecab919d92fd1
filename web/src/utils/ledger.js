/*
 * Ledger vocabularies: item states, health, priorities (the server's codes,
 * domain/ledger/lifecycle.c and health.c) with their labels and tag looks.
 */

export const ITEM_STATES = [
  { value: 'draft', label: '草稿', tag: 'info' },
  { value: 'issued', label: '已下达', tag: 'warning' },
  { value: 'signed', label: '已签收', tag: 'primary' },
  { value: 'in_progress', label: '推进中', tag: 'primary' },
  { value: 'closure_requested', label: '申请销号', tag: 'warning' },
  { value: 'closed', label: '已销号', tag: 'success' },
  { value: 'cancelled', label: '已撤销', tag: 'info' },
]
export const ITEM_STATE_MAP = Object.fromEntries(ITEM_STATES.map((s) => [s.value, s]))

/* 正常 green, 预警 orange, 滞后 red-ish, 逾期 red, 已完成 grey. */
export const ITEM_HEALTH = [
  { value: 'normal', label: '正常', color: '#2e9d4c' },
  { value: 'warning', label: '预警', color: '#e6892e' },
  { value: 'lagging', label: '滞后', color: '#e0584b' },
  { value: 'overdue', label: '逾期', color: '#c8161d' },
  { value: 'done', label: '已完成', color: '#909399' },
]
export const ITEM_HEALTH_MAP = Object.fromEntries(ITEM_HEALTH.map((s) => [s.value, s]))

export const PRIORITIES = [
  { value: 'normal', label: '一般' },
  { value: 'high', label: '重要' },
  { value: 'urgent', label: '紧急' },
]
export const PRIORITY_LABEL = Object.fromEntries(PRIORITIES.map((s) => [s.value, s.label]))

/*
 * The actions the page offers in each state (the server decides whether
 * this user may take them and says why not). 报送进展 is in the progress
 * panel; 申请销号 opens the closure dialog (evidence upload).
 */
export const STATE_ACTIONS = {
  draft: ['issue', 'cancel'],
  issued: ['sign', 'cancel'],
  signed: ['cancel'],
  in_progress: ['request_close', 'cancel'],
  closure_requested: ['close', 'return', 'cancel'],
}
export const ACTIONS = {
  issue: { label: '下达', type: 'primary', perm: 'ledger.write', confirm: '下达后牵头单位即可签收办理，确定下达吗？' },
  sign: { label: '签收', type: 'success', perm: 'ledger.report', confirm: '确定以牵头单位名义签收该事项吗？' },
  request_close: { label: '申请销号', type: 'primary', perm: 'ledger.report', dialog: 'closure' },
  close: { label: '销号', type: 'success', perm: 'ledger.close', confirm: '确认该事项已完成、佐证材料齐全，予以销号吗？' },
  return: { label: '退回', type: 'warning', perm: 'ledger.close', reason: true },
  cancel: { label: '撤销', type: 'danger', perm: 'ledger.write', reason: true },
}
