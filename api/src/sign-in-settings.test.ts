import { describe, expect, it } from 'vitest'
import { readSignInSettings, SIGN_IN_DEFAULTS } from './sign-in-settings.js'

describe('readSignInSettings', () => {
  it('defaults: 5 failures of a name in 15 min lock it for 15 min, 100 per address; no proxy; desks 12 h / 7 d', () => {
    const s = readSignInSettings({})
    expect(s).toEqual(SIGN_IN_DEFAULTS)
    expect(s).toMatchObject({ accountLimit: 5, addressLimit: 100, windowSeconds: 900, lockSeconds: 900, trustedProxies: 0, secureCookies: 'auto' })
    expect(s.lifetimes.dispatcher).toEqual({ idleSeconds: 12 * 3600, absoluteSeconds: 7 * 86400 })
    expect(s.lifetimes.grid_worker.absoluteSeconds).toBe(30 * 86400)
    expect(s.lifetimes.screen.absoluteSeconds).toBe(365 * 86400)
  })

  it('takes every setting from the environment', () => {
    const s = readSignInSettings({
      GRIDSIGHT_LOGIN_ACCOUNT_LIMIT: '3', GRIDSIGHT_LOGIN_ADDRESS_LIMIT: '20', GRIDSIGHT_LOGIN_WINDOW: '5m', GRIDSIGHT_LOGIN_LOCK: '1h',
      GRIDSIGHT_TRUSTED_PROXIES: 'on', GRIDSIGHT_SECURE_COOKIES: 'ON', GRIDSIGHT_SESSION_DESK: '30m/1d', GRIDSIGHT_SESSION_PHONE: '7d/14d',
      GRIDSIGHT_SESSION_SCREEN: '90d/180d',
    })
    expect(s).toMatchObject({ accountLimit: 3, addressLimit: 20, windowSeconds: 300, lockSeconds: 3600, trustedProxies: 1, secureCookies: 'on' })
    expect(s.lifetimes.leader).toEqual({ idleSeconds: 1800, absoluteSeconds: 86400 })
    expect(s.lifetimes.grid_worker).toEqual({ idleSeconds: 7 * 86400, absoluteSeconds: 14 * 86400 })
    expect(s.lifetimes.screen).toEqual({ idleSeconds: 90 * 86400, absoluteSeconds: 180 * 86400 })
  })

  it.each([
    [{ GRIDSIGHT_LOGIN_ACCOUNT_LIMIT: '0' }, /GRIDSIGHT_LOGIN_ACCOUNT_LIMIT/],
    [{ GRIDSIGHT_LOGIN_ADDRESS_LIMIT: 'many' }, /GRIDSIGHT_LOGIN_ADDRESS_LIMIT/],
    [{ GRIDSIGHT_LOGIN_WINDOW: '15' }, /GRIDSIGHT_LOGIN_WINDOW/],
    [{ GRIDSIGHT_LOGIN_LOCK: '-1m' }, /GRIDSIGHT_LOGIN_LOCK/],
    [{ GRIDSIGHT_TRUSTED_PROXIES: 'yes please' }, /GRIDSIGHT_TRUSTED_PROXIES/],
    [{ GRIDSIGHT_SECURE_COOKIES: 'sometimes' }, /GRIDSIGHT_SECURE_COOKIES/],
    [{ GRIDSIGHT_SESSION_DESK: '12h' }, /GRIDSIGHT_SESSION_DESK/],
    [{ GRIDSIGHT_SESSION_PHONE: '31d/30d' }, /idle time cannot be longer/],
    [{ GRIDSIGHT_SESSION_SCREEN: '1d/2y' }, /GRIDSIGHT_SESSION_SCREEN/],
  ])('fails fast on %j', (env, message) => {
    expect(() => readSignInSettings(env)).toThrow(message)
  })
})
