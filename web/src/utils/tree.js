/*
 * Flat unit lists (parent_id) ↔ nested trees for el-tree / tree tables.
 */

/*
 * buildTree(items) → roots; each node is a shallow copy of its item with
 * `children` (omitted when empty so el-table shows no expander). Items whose
 * parent is not in the list (outside the caller's scope) become roots.
 * Siblings are ordered by sort, then id.
 */
export function buildTree(items) {
  const nodes = new Map()
  for (const it of items || []) nodes.set(it.id, { ...it })
  const roots = []
  for (const n of nodes.values()) {
    const p = n.parent_id != null ? nodes.get(n.parent_id) : null
    if (p) (p.children || (p.children = [])).push(n)
    else roots.push(n)
  }
  const order = (a, b) => (a.sort ?? 0) - (b.sort ?? 0) || a.id - b.id
  const sortRec = (list) => {
    list.sort(order)
    list.forEach((n) => n.children && sortRec(n.children))
  }
  sortRec(roots)
  return roots
}

/* Ids of a node and all below it, from a flat list. */
export function subtreeIds(items, rootId) {
  const kids = new Map()
  for (const it of items) {
    if (!kids.has(it.parent_id)) kids.set(it.parent_id, [])
    kids.get(it.parent_id).push(it.id)
  }
  const out = new Set()
  const stack = [rootId]
  while (stack.length) {
    const id = stack.pop()
    if (out.has(id)) continue
    out.add(id)
    for (const c of kids.get(id) || []) stack.push(c)
  }
  return out
}

/* Names from the root down to the unit: ['某某区委', '组织部']. */
export function unitPath(byId, id) {
  const out = []
  let cur = byId.get(id)
  let guard = 0
  while (cur && guard++ < 64) {
    out.unshift(cur.name)
    cur = cur.parent_id != null ? byId.get(cur.parent_id) : null
  }
  return out
}

/*
 * Keeps the nodes that match (and their ancestors) for a client-side
 * search of a tree table. match(node) → bool.
 */
export function filterTree(roots, match) {
  const walk = (list) => {
    const out = []
    for (const n of list) {
      const kids = n.children ? walk(n.children) : []
      if (match(n) || kids.length) out.push({ ...n, children: kids.length ? kids : undefined })
    }
    return out
  }
  return walk(roots)
}
