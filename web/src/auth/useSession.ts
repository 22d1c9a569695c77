import { computed, ref } from 'vue'
import type { z } from 'zod'
import { DESK_ROLES, type loginBody } from '@gridsight/contract'
import { api, ApiFailure, type InferResponseType, read } from '../api/client'

/** GET /api/auth/me: the signed-in user (null when nobody is). */
export type SessionUser = NonNullable<InferResponseType<typeof api.auth.me.$get>>
export type Credentials = z.input<typeof loginBody>

/** The roles that work the dispatch console's alerts and cases: the desks of the three levels, leaders, administrators. */
export const CONSOLE_ROLES: string[] = ['admin', 'leader', ...DESK_ROLES]

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
    me.value = await read(api.auth.me.$get()).catch(() => null)
    known.value = true
  }
  /** Signs in; false (with `error` set) for a wrong name or password, or while too many failures keep it locked. */
  async function login(c: Credentials): Promise<boolean> {
    const failure = await api.auth.login.$post({ json: c }).then(() => null, (e: unknown) => e)
    if (failure) {
      error.value = failure instanceof ApiFailure && failure.status === 429 ? failure.detail : '用户名或密码错误'
      return false
    }
    error.value = null
    await refresh()
    return true
  }
  /** A wall opened at /?token=…: the token moves into the session cookie. */
  async function adopt(token: string) {
    await api.auth.session.$post({ json: { token } }).catch(() => { error.value = '大屏令牌无效或已过期' })
  }
  /** The server no longer knows the session (401): ask again. */
  const expire = () => { me.value = null }
  return { me, state, error, refresh, login, adopt, expire }
}
