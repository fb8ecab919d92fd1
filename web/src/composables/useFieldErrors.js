/*
 * Marks the form field the server named in error.field:
 *
 *   const { fieldErrors, clearFieldErrors, takeFieldError } = useFieldErrors()
 *   <el-form-item prop="name" :error="fieldErrors.name">
 *   try { await createUnit(form) } catch (e) { takeFieldError(e) }
 *
 * `aliases` maps server field names to form props when they differ.
 */
import { nextTick, reactive } from 'vue'

export function useFieldErrors(aliases = {}) {
  const fieldErrors = reactive({})

  function clearFieldErrors() {
    for (const k of Object.keys(fieldErrors)) delete fieldErrors[k]
  }

  /* Returns true when the error named a field (and marks it). */
  function takeFieldError(err) {
    clearFieldErrors()
    if (!err || !err.field) return false
    const key = aliases[err.field] || err.field
    // the el-form-item watches `error`; set it after a tick so the same
    // message twice in a row still shows
    nextTick(() => {
      fieldErrors[key] = err.message
    })
    return true
  }

  return { fieldErrors, clearFieldErrors, takeFieldError }
}
