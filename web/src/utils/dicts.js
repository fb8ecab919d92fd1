/*
 * Fixed vocabularies shared by pages: unit kinds, data scopes, account
 * states, audit results. Codes are what the server stores; labels are
 * what people read.
 */

export const UNIT_KINDS = ['区委', '区政府', '部门', '乡镇', '街道', '党委', '党总支', '党支部', '其他']

/* Kinds that usually sit under a parent of the given kind (first = default). */
export const CHILD_KINDS = {
  区委: ['部门', '党委', '其他'],
  区政府: ['部门', '其他'],
  部门: ['部门', '党委', '党总支', '党支部', '其他'],
  乡镇: ['党委', '党总支', '党支部', '部门', '其他'],
  街道: ['党委', '党总支', '党支部', '部门', '其他'],
  党委: ['党总支', '党支部'],
  党总支: ['党支部'],
  党支部: ['党支部'],
  其他: UNIT_KINDS,
}

export const KIND_TAG = {
  区委: 'danger',
  区政府: 'danger',
  部门: 'primary',
  乡镇: 'warning',
  街道: 'warning',
  党委: 'success',
  党总支: 'success',
  党支部: 'success',
  其他: 'info',
}

export const SCOPES = [
  { value: 'all', label: '全部数据' },
  { value: 'subtree', label: '本单位及下级' },
  { value: 'unit', label: '本单位' },
  { value: 'self', label: '仅本人' },
]
export const SCOPE_LABEL = Object.fromEntries(SCOPES.map((s) => [s.value, s.label]))

export const USER_STATUS = [
  { value: 'active', label: '正常', tag: 'success' },
  { value: 'disabled', label: '停用', tag: 'info' },
  { value: 'locked', label: '锁定', tag: 'danger' },
]
export const USER_STATUS_MAP = Object.fromEntries(USER_STATUS.map((s) => [s.value, s]))

/* The server's audit results (src/domain/audit/audit.h). */
export const AUDIT_RESULTS = [
  { value: 'ok', label: '成功', tag: 'success' },
  { value: 'fail', label: '失败', tag: 'danger' },
  { value: 'deny', label: '拒绝', tag: 'warning' },
]
export const AUDIT_RESULT_MAP = Object.fromEntries(AUDIT_RESULTS.map((s) => [s.value, s]))

/* Readable names for common audit actions; unknown codes show as written. */
export const AUDIT_ACTIONS = {
  'auth.login': '登录',
  'auth.failed': '登录失败',
  'auth.lockout': '账号锁定',
  'auth.logout': '退出登录',
  'auth.password_change': '修改密码',
  'auth.totp_begin': '开始设置两步验证',
  'auth.totp_enable': '启用两步验证',
  'auth.totp_invalid': '动态口令错误',
  'auth.totp_reuse': '动态口令重放',
  'auth.session_revoke': '注销会话',
  'auth.csrf': '安全令牌校验失败',
  'user.create': '新增账号',
  'user.update': '修改账号',
  'user.roles': '调整角色',
  'user.disable': '停用账号',
  'user.enable': '启用账号',
  'user.unlock': '解锁账号',
  'user.reset_password': '重置密码',
  'user.reset_totp': '重置两步验证',
  'role.create': '新增角色',
  'role.update': '修改角色',
  'role.delete': '删除角色',
  'unit.create': '新增单位',
  'unit.update': '修改单位',
  'unit.move': '移动单位',
  'unit.delete': '删除单位',
  'person.create': '新增人员',
  'person.update': '修改人员',
  'person.delete': '删除人员',
  'person.view_phone': '查看完整手机号',
  'audit.read': '查询审计日志',
  'audit.export': '导出审计日志',
  'person.export': '导出人员名单',
  'user.export': '导出账号列表',
  'unit.export': '导出单位列表',
  'role.export': '导出角色列表',
  'session.export': '导出我的会话',
  'access.deny': '越权访问',
}

/* The built-in role codes (DESIGN.md) and their names. */
export const ROLE_NAMES = {
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditor: '审计管理员',
  supervisor: '督查室',
  leader: '区级领导',
  liaison: '单位联络员',
  secretary: '支部书记',
  member: '党员',
}

/* 三员 and other admin roles need the longer password (SECURITY.md §2). */
export const ADMIN_ROLE_CODES = ['sysadmin', 'secadmin', 'auditor']
