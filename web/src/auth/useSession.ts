import { computed, ref } from 'vue'
import { getJson } from '../api/client'

/** GET /api/auth/me: the signed-in user (null when nobody is). */
export interface SessionUser {
  id: number
  display_name: string
  role: string
  department_code: string | null
  grid_code: string | null
}
export interface Credentials { username: string; password: string }

/** The roles that work the dispatch desk: alerts, acceptance, dispatch, supervision. */
export const DESK_ROLES = ['admin', 'leader', 'dispatcher']

/**
 * Who is signed in on this page (the httpOnly session cookie), signing in, and handing over a wall's token.
 * `state` is 'unknown' until the first answer.
 */
export function useSession() {
  const me = ref<SessionUser | null>(null)
  const known = ref(false)
  const error = ref<string | null>(null)
  const state = computed(() => (!known.value ? 'unknown' : me.value ? 'signed-in' : 'signed-out'))

  async function refresh() {
    me.value = await getJson<SessionUser | null>('/api/auth/me').catch(() => null)
    known.value = true
  }
  /** Signs in; false (with `error` set) for a wrong name or password. */
  async function login(c: Credentials): Promise<boolean> {
    const res = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(c) })
    if (!res.ok) { error.value = '用户名或密码错误'; return false }
    error.value = null
    await refresh()
    return true
  }
  /** A wall opened at /?token=…: the token moves into the session cookie. */
  async function adopt(token: string) {
    const res = await fetch('/api/auth/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })
    if (!res.ok) error.value = '大屏令牌无效或已过期'
  }
  /** The server no longer knows the session (401): ask again. */
  const expire = () => { me.value = null }
  return { me, state, error, refresh, login, adopt, expire }
}
