/*
 * v-perm="'org.admin'" or v-perm="['a','b']" (any of): hides the element
 * when the user lacks the permission. The strings are the server's
 * (routes.def); the server still checks every request, this only keeps
 * buttons that would answer 403 out of sight.
 *
 * The element is hidden rather than removed so Vue's own patching of the
 * node stays valid; the check runs again on every update because a
 * re-render may rewrite the element's class and style.
 */
import { useUserStore } from '@/stores/user'

function apply(el, binding) {
  const ok = useUserStore().hasPerm(binding.value)
  if (ok) {
    el.style.removeProperty('display')
    el.removeAttribute('data-perm-hidden')
  } else {
    el.style.setProperty('display', 'none', 'important')
    el.setAttribute('data-perm-hidden', '')
  }
}

export default {
  mounted: apply,
  updated: apply,
}
