import { onBeforeUnmount, onMounted, ref } from 'vue'
import { formatScreenState, parentOf, parseScreenState, type ScreenState } from './screen-state'

/**
 * The screen's level and window, kept in the URL: a reload or a shared link opens the same view, the
 * browser's back button walks back, Esc goes up one level.
 */
export function useScreenState(district: string) {
  const state = ref<ScreenState>(parseScreenState(window.location.search, district))

  function go(next: ScreenState) {
    const search = formatScreenState(next, district)
    if (search !== window.location.search) window.history.pushState(null, '', `${window.location.pathname}${search}`)
    state.value = next
  }
  const drill = (unit: string) => go({ ...state.value, unit })
  const up = () => drill(parentOf(state.value.unit))

  const onPop = () => { state.value = parseScreenState(window.location.search, district) }
  const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') up() }
  onMounted(() => {
    window.addEventListener('popstate', onPop)
    window.addEventListener('keydown', onKey)
  })
  onBeforeUnmount(() => {
    window.removeEventListener('popstate', onPop)
    window.removeEventListener('keydown', onKey)
  })
  return { state, go, drill }
}
