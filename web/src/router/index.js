/*
 * Routes and the one navigation guard:
 *   1. the first navigation asks /auth/me who we are;
 *   2. not logged in → /login?redirect=…;
 *   3. must_change_password → /login (which shows the change step) —
 *      the server refuses everything else anyway (AUTH-05);
 *   4. must_setup_totp (an admin without 2FA) → /account/totp;
 *   5. meta.perm missing → /403.
 * Every page is its own lazily loaded chunk.
 */
import { createRouter, createWebHistory } from 'vue-router'
import { useUserStore } from '@/stores/user'

const MainLayout = () => import('@/layouts/MainLayout.vue')

/* An account that only studies (no ledger, management or admin right)
 * lands on 学习首页 instead of the 工作台. */
const WORK_PERMS = ['ledger.read', 'dashboard.read', 'study.manage', 'study.review', 'supervise.read', 'user.admin', 'role.admin', 'audit.read', 'system.read']
function studyLanding(store) {
  return store.hasPerm('study.read') && !WORK_PERMS.some((p) => store.hasPerm(p))
}

const routes = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/auth/Login.vue'),
    meta: { title: '登录', public: true },
  },
  {
    path: '/',
    component: MainLayout,
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('@/views/home/Workbench.vue'),
        meta: { title: '工作台' },
        // members (study only) land on 学习首页
        beforeEnter: () => (studyLanding(useUserStore()) ? { path: '/study' } : true),
      },
      {
        path: 'study',
        name: 'study-home',
        component: () => import('@/views/study/StudyHome.vue'),
        meta: { title: '学习首页', group: '学习', perm: 'study.read' },
      },
      {
        path: 'study/materials/:id(\\d+)',
        name: 'study-material-read',
        component: () => import('@/views/study/MaterialRead.vue'),
        meta: { title: '阅读资料', group: '学习', perm: 'study.read', parent: '/study', parentTitle: '学习首页' },
      },
      {
        path: 'study/search',
        name: 'study-search',
        component: () => import('@/views/study/StudySearch.vue'),
        meta: { title: '资料搜索', group: '学习', perm: 'study.read' },
      },
      {
        path: 'study/my-records',
        name: 'study-my-records',
        component: () => import('@/views/study/MyRecords.vue'),
        meta: { title: '我的学习记录', group: '学习', perm: 'study.read' },
      },
      {
        path: 'study/materials-admin',
        name: 'study-materials-admin',
        component: () => import('@/views/study/MaterialAdmin.vue'),
        meta: { title: '资料管理', group: '学习', perm: 'study.manage' },
      },
      {
        path: 'study/materials-admin/new',
        name: 'study-material-new',
        component: () => import('@/views/study/MaterialEditor.vue'),
        meta: { title: '新建学习资料', group: '学习', perm: 'study.manage', parent: '/study/materials-admin', parentTitle: '资料管理' },
      },
      {
        path: 'study/materials-admin/:id(\\d+)/edit',
        name: 'study-material-edit',
        component: () => import('@/views/study/MaterialEditor.vue'),
        meta: { title: '编辑学习资料', group: '学习', perm: 'study.manage', parent: '/study/materials-admin', parentTitle: '资料管理' },
      },
      {
        path: 'study/topics',
        name: 'study-topics',
        component: () => import('@/views/study/TopicAdmin.vue'),
        meta: { title: '资料分类', group: '学习', perm: 'study.manage' },
      },
      {
        path: 'study/stats',
        name: 'study-stats',
        component: () => import('@/views/study/StudyStats.vue'),
        meta: { title: '学习统计', group: '学习', perm: 'study.manage' },
      },
      {
        path: 'study/records',
        name: 'study-records',
        component: () => import('@/views/study/BranchRecords.vue'),
        meta: { title: '学习记录', group: '学习', perm: 'study.manage' },
      },
      {
        path: 'study/sessions',
        name: 'study-sessions',
        component: () => import('@/views/study/SessionList.vue'),
        meta: { title: '专题学习', group: '学习', perm: 'study.manage' },
      },
      {
        path: 'study/sessions/stats',
        name: 'study-session-stats',
        component: () => import('@/views/study/SessionStats.vue'),
        meta: { title: '会议统计', group: '学习', perm: 'study.manage', parent: '/study/sessions', parentTitle: '专题学习' },
      },
      {
        path: 'study/sessions/:id(\\d+)',
        name: 'study-session-detail',
        component: () => import('@/views/study/SessionDetail.vue'),
        meta: { title: '会议详情', group: '学习', perm: 'study.read', parent: '/study/sessions', parentTitle: '专题学习' },
      },
      {
        path: 'study/plans',
        name: 'study-plans',
        component: () => import('@/views/study/PlanList.vue'),
        meta: { title: '学习计划', group: '学习', perm: 'study.manage' },
      },
      {
        path: 'study/plans/:id(\\d+)',
        name: 'study-plan-detail',
        component: () => import('@/views/study/PlanDetail.vue'),
        meta: { title: '计划详情', group: '学习', perm: 'study.manage', parent: '/study/plans', parentTitle: '学习计划' },
      },
      {
        path: 'study/my-plans',
        name: 'study-my-plans',
        component: () => import('@/views/study/MyPlans.vue'),
        meta: { title: '我的学习计划', group: '学习', perm: 'study.read' },
      },
      {
        path: 'study/my-sessions',
        name: 'study-my-sessions',
        component: () => import('@/views/study/MySessions.vue'),
        meta: { title: '我的会议', group: '学习', perm: 'study.read' },
      },
      {
        path: 'study/my-reflections',
        name: 'study-my-reflections',
        component: () => import('@/views/study/MyReflections.vue'),
        meta: { title: '我的心得', group: '学习', perm: 'study.read' },
      },
      {
        path: 'study/reflections/new',
        name: 'study-reflection-new',
        component: () => import('@/views/study/ReflectionEditor.vue'),
        meta: { title: '写心得', group: '学习', perm: 'study.read', parent: '/study/my-reflections', parentTitle: '我的心得' },
      },
      {
        path: 'study/reflections/:id(\\d+)/edit',
        name: 'study-reflection-edit',
        component: () => import('@/views/study/ReflectionEditor.vue'),
        meta: { title: '我的心得', group: '学习', perm: 'study.read', parent: '/study/my-reflections', parentTitle: '我的心得' },
      },
      {
        path: 'study/reflections',
        name: 'study-reflection-review',
        component: () => import('@/views/study/ReflectionReview.vue'),
        meta: { title: '心得审核', group: '学习', perm: 'study.review' },
      },
      {
        path: 'study/featured',
        name: 'study-featured',
        component: () => import('@/views/study/FeaturedReflections.vue'),
        meta: { title: '优秀心得', group: '学习', perm: 'study.read' },
      },
      {
        path: 'study/proposals',
        name: 'study-proposals',
        component: () => import('@/views/study/ProposalList.vue'),
        meta: { title: '学史力行建议', group: '学习', perm: 'ledger.write' },
      },
      {
        path: 'ledger/items',
        name: 'ledger-items',
        component: () => import('@/views/ledger/ItemList.vue'),
        meta: { title: '事项台账', group: '台账', perm: 'ledger.read' },
      },
      {
        path: 'ledger/items/:id(\\d+)',
        name: 'ledger-item',
        component: () => import('@/views/ledger/ItemDetail.vue'),
        meta: { title: '事项详情', group: '台账', perm: 'ledger.read', parent: '/ledger/items', parentTitle: '事项台账' },
      },
      {
        path: 'ledger/calendar',
        name: 'ledger-calendar',
        component: () => import('@/views/ledger/CalendarAdmin.vue'),
        meta: { title: '工作日历', group: '台账', perm: 'ledger.admin' },
      },
      {
        path: 'ledger/settings',
        name: 'ledger-settings',
        component: () => import('@/views/ledger/LedgerSettings.vue'),
        meta: { title: '台账设置', group: '台账', perm: 'ledger.admin' },
      },
      {
        path: 'ledger/types',
        name: 'ledger-types',
        component: () => import('@/views/ledger/TypeAdmin.vue'),
        meta: { title: '台账类型', group: '台账', perm: 'ledger.admin' },
      },
      {
        path: 'org/units',
        name: 'units',
        component: () => import('@/views/org/UnitList.vue'),
        meta: { title: '单位管理', group: '组织机构', perm: 'org.read' },
      },
      {
        path: 'org/people',
        name: 'people',
        component: () => import('@/views/org/PersonList.vue'),
        meta: { title: '人员管理', group: '组织机构', perm: 'org.read' },
      },
      {
        path: 'system/users',
        name: 'users',
        component: () => import('@/views/system/UserList.vue'),
        meta: { title: '账号管理', group: '系统管理', perm: 'user.admin' },
      },
      {
        path: 'system/roles',
        name: 'roles',
        component: () => import('@/views/system/RoleList.vue'),
        meta: { title: '角色权限', group: '系统管理', perm: 'role.admin' },
      },
      {
        path: 'system/audit',
        name: 'audit',
        component: () => import('@/views/audit/AuditList.vue'),
        meta: { title: '审计日志', group: '系统管理', perm: 'audit.read' },
      },
      {
        path: 'system/client-errors',
        name: 'client-errors',
        component: () => import('@/views/system/ClientErrorList.vue'),
        meta: { title: '前端错误', group: '系统管理', perm: 'system.read' },
      },
      {
        path: 'account/password',
        name: 'password',
        component: () => import('@/views/account/PasswordChange.vue'),
        meta: { title: '修改密码', group: '个人中心' },
      },
      {
        path: 'account/sessions',
        name: 'sessions',
        component: () => import('@/views/account/SessionList.vue'),
        meta: { title: '我的会话', group: '个人中心' },
      },
      {
        path: 'notifications',
        name: 'notifications',
        component: () => import('@/views/notify/NotificationInbox.vue'),
        meta: { title: '消息中心', group: '个人中心' },
      },
      {
        path: 'account/totp',
        name: 'totp',
        component: () => import('@/views/account/TotpSetup.vue'),
        meta: { title: '两步验证', group: '个人中心' },
      },
      {
        path: '403',
        name: 'forbidden',
        component: () => import('@/views/error/Forbidden.vue'),
        meta: { title: '无权限' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'notfound',
        component: () => import('@/views/error/NotFound.vue'),
        meta: { title: '页面不存在' },
      },
    ],
  },
]

const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  const store = useUserStore()
  if (!store.loaded) await store.fetchMe()

  if (to.meta.public) {
    if (to.name === 'login' && store.isLoggedIn && !store.mustChangePassword) {
      const r = to.query.redirect
      return typeof r === 'string' && r.startsWith('/') && !r.startsWith('//') ? r : '/'
    }
    return true
  }
  if (!store.isLoggedIn || store.mustChangePassword) {
    const q = to.fullPath !== '/' ? { redirect: to.fullPath } : {}
    return { name: 'login', query: q }
  }
  if (store.mustSetupTotp && to.name !== 'totp') {
    return { name: 'totp' }
  }
  if (to.meta.perm && !store.hasPerm(to.meta.perm)) {
    return { name: 'forbidden', query: { from: to.fullPath } }
  }
  return true
})

router.afterEach((to) => {
  sessionStorage.removeItem('luoshi-reloaded')
  document.title = to.meta.title ? `${to.meta.title} · 落实` : '落实'
})

/* A chunk that no longer exists (the server was upgraded while the page
 * stayed open): reload once to get the new index.html. */
router.onError((err, to) => {
  if (/Failed to fetch dynamically imported module|Importing a module script failed/.test(String(err && err.message))) {
    if (!sessionStorage.getItem('luoshi-reloaded')) {
      sessionStorage.setItem('luoshi-reloaded', '1')
      window.location.assign(to.fullPath)
    }
  }
})

export default router
