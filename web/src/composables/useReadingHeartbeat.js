/*
 * Reading heartbeats for the reading page (POST /reading/heartbeat).
 *
 *   const hb = useReadingHeartbeat(() => materialId, { onResult, onGone })
 *
 * While the page is visible (document.visibilityState === 'visible') it
 * sends one heartbeat every HEARTBEAT_MS with the scroll position (0–100),
 * one when the page becomes visible, one when it is hidden and one when
 * the component unmounts (leaving the page). The server credits the time
 * (capped per beat, one material at a time, never more than the wall
 * clock), so the client only reports presence; it never sends durations.
 * A 404 (material withdrawn / not visible) or 409 (no person record)
 * stops the beats and calls onGone(err).
 *
 * Tests shorten the interval with window.__LUOSHI_HEARTBEAT_MS (read when
 * the page mounts); nothing else reads it.
 */
import { onBeforeUnmount, onMounted, ref, watch } from 'vue'
import { sendHeartbeat } from '@/api/study_reading'

export const HEARTBEAT_MS = 15000

/* The interval in ms: HEARTBEAT_MS unless a test set the override. */
export function heartbeatInterval() {
  const v = Number(typeof window !== 'undefined' && window.__LUOSHI_HEARTBEAT_MS)
  return Number.isFinite(v) && v >= 200 ? v : HEARTBEAT_MS
}

/* How far the page is read, 0–100: the bottom of the viewport against the
 * height of the document (a page that fits the screen is read in full). */
export function scrollPercent() {
  const el = document.scrollingElement || document.documentElement
  const total = el.scrollHeight
  if (!total || total <= window.innerHeight + 1) return 100
  const seen = (window.scrollY || el.scrollTop || 0) + window.innerHeight
  return Math.max(0, Math.min(100, Math.round((seen / total) * 100)))
}

export function useReadingHeartbeat(getId, { onResult, onGone } = {}) {
  const last = ref(null) // the last answer of the server
  const beats = ref(0) // heartbeats answered (for the page and tests)
  let timer = null
  let stopped = false
  let inflight = false
  let lastId = null // the material being read (kept for the leaving beat)

  async function beat(leaving = false) {
    const id = leaving ? lastId : getId()
    if (stopped || (inflight && !leaving) || !id) return
    lastId = id
    inflight = true
    try {
      const r = await sendHeartbeat(Number(id), scrollPercent())
      if (leaving || String(getId()) !== String(id)) return // the page moved on
      last.value = r
      beats.value++
      if (onResult) onResult(r)
    } catch (e) {
      if (e && (e.status === 404 || e.status === 409)) {
        stop()
        if (onGone) onGone(e)
      }
      /* other failures (network, 429, 503): the next beat tries again */
    } finally {
      inflight = false
    }
  }

  function clear() {
    if (timer) clearInterval(timer)
    timer = null
  }

  function start() {
    clear()
    if (stopped || document.visibilityState !== 'visible') return
    timer = setInterval(() => {
      if (document.visibilityState === 'visible') beat()
    }, heartbeatInterval())
  }

  function stop() {
    stopped = true
    clear()
  }

  /* A new material on the same page (a related link): start again. */
  function restart() {
    stopped = false
    last.value = null
    beats.value = 0
    beat()
    start()
  }

  function onVisibility() {
    beat() // on becoming visible, and once more on being hidden
    if (document.visibilityState === 'visible') start()
    else clear()
  }

  onMounted(() => {
    lastId = getId()
    document.addEventListener('visibilitychange', onVisibility)
    if (document.visibilityState === 'visible') beat()
    start()
  })
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', onVisibility)
    if (!stopped) beat(true) // leaving the page
    stop()
  })
  watch(
    () => getId(),
    (a, b) => {
      if (a && String(a) !== String(b || '')) restart() // loaded, or another material
    },
  )

  return { last, beats, beat, stop }
}
