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
  School,
  Tickets,
  DataAnalysis,
  EditPen,
  Checked,
  Star,
  Promotion,
  Search,
  Collection,
  FolderOpened,
  Flag,
  Bell,
} from '@element-plus/icons-vue'

export const MENU = [
  { path: '/', title: '工作台', icon: House },
  {
    title: '学习',
    icon: School,
    children: [
      { path: '/study', title: '学习首页', icon: School, perm: 'study.read', desc: '今日任务、继续阅读、最新学习资料' },
      { path: '/study/search', title: '资料搜索', icon: Search, perm: 'study.read', desc: '全文检索学习资料：词语、整句，按分类、标签、日期筛选' },
      { path: '/study/my-plans', title: '我的学习计划', icon: Flag, perm: 'study.read', desc: '必学资料、学习时长与截止日期' },
      { path: '/study/my-records', title: '我的学习记录', icon: Tickets, perm: 'study.read', desc: '学习时长、读完的资料与阅读历史' },
      { path: '/study/my-sessions', title: '我的会议', icon: Calendar, perm: 'study.read', desc: '待参加的会议，签到与请假' },
      { path: '/study/my-reflections', title: '我的心得', icon: EditPen, perm: 'study.read', desc: '撰写心得体会，查看审核结果' },
      { path: '/study/featured', title: '优秀心得', icon: Star, perm: 'study.read', desc: '本单位精选的优秀心得体会' },
    ],
  },
  {
    title: '学习管理',
    icon: DataAnalysis,
    children: [
      { path: '/study/materials-admin', title: '资料管理', icon: Collection, perm: 'study.manage', desc: '学习资料的新建、导入、发布与下架，按分类和标签管理' },
      { path: '/study/topics', title: '资料分类', icon: FolderOpened, perm: 'study.manage', desc: '党史、新中国史、全会精神等学习资料分类' },
      { path: '/study/plans', title: '学习计划', icon: Flag, perm: 'study.manage', desc: '向本单位及下级党组织下达学习计划，查看完成情况' },
      { path: '/study/records', title: '学习记录', icon: DataAnalysis, perm: 'study.manage', desc: '本支部党员的阅读记录，可导出 Excel' },
      { path: '/study/sessions', title: '专题学习', icon: Calendar, perm: 'study.manage', desc: '三会一课、专题学习、主题党日：安排、签到、出勤、记录与统计' },
      { path: '/study/reflections', title: '心得审核', icon: Checked, perm: 'study.review', desc: '审核本支部党员的心得，退回或通过，评选精选' },
      { path: '/study/stats', title: '学习统计', icon: DataAnalysis, perm: 'study.manage', desc: '参学率、学习时长、心得与出勤，按单位和党员统计，图表与 Excel' },
    ],
  },
  {
    title: '台账',
    icon: Notebook,
    children: [
      { path: '/ledger/items', title: '事项台账', icon: List, perm: 'ledger.read', desc: '目标任务、重点项目、民生实事等事项从下达到销号' },
      { path: '/study/proposals', title: '学史力行建议', icon: Promotion, perm: 'ledger.write', desc: '由心得和专题学习提出的为民办实事建议，采纳转入台账' },
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
      { path: '/notifications', title: '消息中心', icon: Bell, desc: '学习计划、到期提醒等站内消息' },
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
