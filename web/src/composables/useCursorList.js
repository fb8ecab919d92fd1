/*
 * Keyset pagination for list pages: the server returns next_cursor; going
 * back pops the cursor stack. Page size changes restart at page 1.
 *
 *   const list = useCursorList((page) => listPeople({ ...query, ...page }))
 *   list.reload()   // page 1 with current filters
 *   list.next() / list.prev() / list.setPageSize(50) / list.refresh()
 *
 * Answers that arrive after a newer request was sent are dropped.
 */
import { computed, ref } from 'vue'

export function useCursorList(fetchPage, { pageSize = 20 } = {}) {
  const items = ref([])
  const loading = ref(false)
  const pageNo = ref(1)
  const limit = ref(pageSize)
  const nextCursor = ref(null)
  const stack = [] // cursors of the pages before this one
  let cursor = null
  let seq = 0

  async function load() {
    const my = ++seq
    loading.value = true
    try {
      const r = await fetchPage({ limit: limit.value, cursor: cursor || undefined })
      if (my !== seq) return
      items.value = (r && r.items) || []
      nextCursor.value = (r && r.next_cursor) || null
    } catch {
      if (my !== seq) return
      items.value = []
      nextCursor.value = null
    } finally {
      if (my === seq) loading.value = false
    }
  }

  function reload() {
    stack.length = 0
    cursor = null
    pageNo.value = 1
    return load()
  }

  function next() {
    if (!nextCursor.value || loading.value) return
    stack.push(cursor)
    cursor = nextCursor.value
    pageNo.value++
    return load()
  }

  function prev() {
    if (!stack.length || loading.value) return
    cursor = stack.pop()
    pageNo.value--
    return load()
  }

  function setPageSize(n) {
    limit.value = n
    return reload()
  }

  return {
    items,
    loading,
    pageNo,
    limit,
    hasNext: computed(() => !!nextCursor.value),
    hasPrev: computed(() => pageNo.value > 1),
    load,
    refresh: load,
    reload,
    next,
    prev,
    setPageSize,
  }
}
