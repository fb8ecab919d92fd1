/*
 * The org tree as a cache for pickers (people, accounts). The units page
 * loads its own copy and calls invalidate() after every change.
 */
import { defineStore } from 'pinia'
import { listUnits } from '@/api/org'
import { buildTree } from '@/utils/tree'

export const useUnitStore = defineStore('units', {
  state: () => ({ items: [], loaded: false, loading: false, pending: null }),
  getters: {
    tree: (s) => buildTree(s.items),
    byId: (s) => new Map(s.items.map((u) => [u.id, u])),
  },
  actions: {
    /* Loads once; later calls share the same answer. Silent: a picker
     * whose tree cannot load simply shows no units. */
    ensure() {
      if (this.loaded) return Promise.resolve(this.items)
      if (this.pending) return this.pending
      this.loading = true
      this.pending = listUnits(undefined, { silent: true })
        .then((r) => {
          this.items = r.items || []
          this.loaded = true
          return this.items
        })
        .catch(() => [])
        .finally(() => {
          this.loading = false
          this.pending = null
        })
      return this.pending
    },
    invalidate() {
      this.loaded = false
    },
  },
})
