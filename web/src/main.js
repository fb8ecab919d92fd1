/*
 * Entry: creates the app, installs pinia, the router and the v-perm
 * directive, and wires the request wrapper's 401 handler to the router.
 * Element Plus components are imported on demand by the build; only the
 * styles of the imperative services (ElMessage, ElMessageBox) are imported
 * here because no template names them.
 */
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './styles/index.css'
import App from './App.vue'
import router from './router'
import perm from './directives/perm'
import { setRestrictedHandler, setUnauthorizedHandler } from './utils/http'
import { useUserStore } from './stores/user'
import { useAppStore } from './stores/app'
import { installErrorReporting } from './utils/errorReport'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(router)
app.directive('perm', perm)
installErrorReporting(app)
useAppStore(pinia).watchViewport()

setUnauthorizedHandler(() => {
  const user = useUserStore(pinia)
  user.clear()
  const cur = router.currentRoute.value
  if (cur.name !== 'login') {
    router.replace({ name: 'login', query: { redirect: cur.fullPath } })
  }
})

setRestrictedHandler(async () => {
  const user = useUserStore(pinia)
  await user.fetchMe()
  const cur = router.currentRoute.value
  if (user.mustChangePassword) router.replace({ name: 'login', query: { redirect: cur.fullPath } })
  else if (user.mustSetupTotp) router.replace({ name: 'totp' })
})

app.mount('#app')
