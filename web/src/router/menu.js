/*
 * The sidebar: groups of entries, each with the permission it needs (the
 * server's strings). Entries the user lacks are hidden; a group with no
 * visible entry is hidden too. Paths match router/index.js.
 */
import {
  House,
  OfficeBuilding,
  User,
  UserFilled,
  Lock,
  Document,
  Key,
  Monitor,
  Iphone,
  Setting,
  Avatar,
  Warning,
  Notebook,
  List,
  Files,
  Calendar,
  Operation,
} from '@element-plus/icons-vue'

export const MENU = [
  { path: '/', title: '工作台', icon: House },
  {
    title: '台账',
    icon: Notebook,
    children: [
      { path: '/ledger/items', title: '事项台账', icon: List, perm: 'ledger.read', desc: '目标任务、重点项目、民生实事等事项从下达到销号' },
      { path: '/ledger/types', title: '台账类型', icon: Files, perm: 'ledger.admin', desc: '台账类型与自定义字段' },
      { path: '/ledger/calendar', title: '工作日历', icon: Calendar, perm: 'ledger.admin', desc: '法定节假日与调休上班，工作日计算的依据' },
      { path: '/ledger/settings', title: '台账设置', icon: Operation, perm: 'ledger.admin', desc: '预警、滞后阈值与延期申请规则' },
    ],
  },
  {
    title: '组织机构',
    icon: OfficeBuilding,
    children: [
      { path: '/org/units', title: '单位管理', icon: OfficeBuilding, perm: 'org.read', desc: '维护区委、部门、乡镇街道与各级党组织' },
      { path: '/org/people', title: '人员管理', icon: User, perm: 'org.read', desc: '党员与干部信息，按单位查询' },
    ],
  },
  {
    title: '系统管理',
    icon: Setting,
    children: [
      { path: '/system/users', title: '账号管理', icon: UserFilled, perm: 'user.admin', desc: '开设账号、分配角色、重置密码' },
      { path: '/system/roles', title: '角色权限', icon: Key, perm: 'role.admin', desc: '角色与权限配置' },
      { path: '/system/audit', title: '审计日志', icon: Document, perm: 'audit.read', desc: '查询与导出操作记录' },
      { path: '/system/client-errors', title: '前端错误', icon: Warning, perm: 'system.read', desc: '用户浏览器上报的脚本错误' },
    ],
  },
  {
    title: '个人中心',
    icon: Avatar,
    children: [
      { path: '/account/password', title: '修改密码', icon: Lock, desc: '定期修改登录密码' },
      { path: '/account/sessions', title: '我的会话', icon: Monitor, desc: '查看并注销登录设备' },
      { path: '/account/totp', title: '两步验证', icon: Iphone, desc: '绑定动态口令，保护账号' },
    ],
  },
]

/* The menu as this user may see it. */
export function visibleMenu(hasPerm) {
  const out = []
  for (const item of MENU) {
    if (item.children) {
      const kids = item.children.filter((c) => hasPerm(c.perm))
      if (kids.length) out.push({ ...item, children: kids })
    } else if (hasPerm(item.perm)) {
      out.push(item)
    }
  }
  return out
}

/* Flat list of entries that carry a permission (the workbench's links). */
export function permittedLinks(hasPerm) {
  return MENU.flatMap((g) => g.children || []).filter((c) => hasPerm(c.perm))
}
