/*
 * Layout state: phone or desktop, sidebar collapsed, drawer open.
 * "Phone" is a viewport narrower than 768 px.
 */
import { defineStore } from 'pinia'

const MOBILE_QUERY = '(max-width: 767.98px)'

export const useAppStore = defineStore('app', {
  state: () => ({
    isMobile: typeof window !== 'undefined' && window.matchMedia(MOBILE_QUERY).matches,
    collapsed: false,
    drawerOpen: false,
  }),
  actions: {
    watchViewport() {
      const mq = window.matchMedia(MOBILE_QUERY)
      const apply = () => {
        this.isMobile = mq.matches
        if (!mq.matches) this.drawerOpen = false
      }
      mq.addEventListener('change', apply)
      apply()
    },
    toggleMenu() {
      if (this.isMobile) this.drawerOpen = !this.drawerOpen
      else this.collapsed = !this.collapsed
    },
  },
})
