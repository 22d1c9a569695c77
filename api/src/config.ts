import { resolve } from 'node:path'
import { readDbConfig, repoRoot } from '@gridsight/db'
import { readSignInSettings, type SignInSettings } from './sign-in-settings.js'

/** API settings, read once from the environment, checked, frozen. */
export interface ApiConfig {
  readonly port: number
  readonly host: string
  /** Built web app to serve at / (web/dist). */
  readonly webDist: string
  /** Scale of the demo data generated into an empty database (1 = full Hechuan); 0 turns generation off. */
  readonly demoScale: number
  /** Optional raster tile service under the data layers, e.g. Tianditu with its key; null = the offline base map. */
  readonly basemap: { url: string; attribution: string; crs: 'WGS84' } | null
  /**
   * The demo actor (a simulator filing reports and moving its own cases): off unless asked for. GRIDSIGHT_SIMULATOR=on
   * turns it on anywhere; =demo (what `npm start` sets when the variable is unset) only on the embedded database,
   * never with DATABASE_URL. It runs only on a database holding a demo data set.
   */
  readonly simulator: boolean
  /** The wall's reads without login (an opt-in for a closed network; default off: every read needs a session, the wall the screen account's). */
  readonly publicWall: boolean
  /** Seconds between sweeps of the time-based early-warning rules (deadlines, cameras); 0 turns them off. */
  readonly warningSweepSeconds: number
  /** The district shown by default and generated as demo data (6-digit code); null: the first in the database, and Hechuan's demo. */
  readonly district: string | null
  /** Login throttle, trusted proxies, Secure cookies, session lifetimes per role (sign-in-settings.ts). */
  readonly signIn: SignInSettings
}

const SIMULATOR_MODES = ['off', 'on', 'demo']

export function readApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const port = Number(env.PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer 0–65535 (got "${env.PORT}")`)
  const demoScale = Number(env.GRIDSIGHT_DEMO_SCALE ?? 1)
  if (!Number.isFinite(demoScale) || demoScale < 0 || demoScale > 1) throw new Error(`GRIDSIGHT_DEMO_SCALE must be within 0..1 (got "${env.GRIDSIGHT_DEMO_SCALE}")`)
  const basemapUrl = env.GRIDSIGHT_BASEMAP_URL?.trim()
  const basemapCrs = (env.GRIDSIGHT_BASEMAP_CRS ?? 'WGS84').trim().toUpperCase()
  if (basemapUrl && !/^https?:\/\/.+\{z\}.*\{x\}.*\{y\}|^https?:\/\/.+\{z\}.*\{y\}.*\{x\}/.test(basemapUrl)) {
    throw new Error('GRIDSIGHT_BASEMAP_URL must be an http(s) tile URL template with {z}, {x} and {y}')
  }
  // GridSight stores WGS-84; a GCJ-02 service (most Chinese commercial maps) would misplace everything by ~500 m.
  if (basemapUrl && basemapCrs !== 'WGS84') throw new Error('GRIDSIGHT_BASEMAP_CRS: only WGS84 services (e.g. Tianditu, CGCS2000) are supported')
  const sweep = Number(env.GRIDSIGHT_WARNING_SWEEP_SECONDS ?? 60)
  if (!Number.isFinite(sweep) || sweep < 0 || sweep > 86400) throw new Error(`GRIDSIGHT_WARNING_SWEEP_SECONDS must be within 0..86400 (got "${env.GRIDSIGHT_WARNING_SWEEP_SECONDS}")`)
  const district = env.GRIDSIGHT_DISTRICT?.trim() || null
  if (district && !/^[0-9]{6}$/.test(district)) throw new Error(`GRIDSIGHT_DISTRICT must be a 6-digit district code (got "${district}")`)
  const simulator = (env.GRIDSIGHT_SIMULATOR ?? 'off').trim().toLowerCase() || 'off'
  if (!SIMULATOR_MODES.includes(simulator)) throw new Error(`GRIDSIGHT_SIMULATOR must be off, on or demo (got "${env.GRIDSIGHT_SIMULATOR}")`)
  return Object.freeze({
    signIn: readSignInSettings(env),
    district,
    warningSweepSeconds: sweep,
    publicWall: ['on', '1', 'true', 'yes'].includes((env.GRIDSIGHT_PUBLIC_WALL ?? 'off').trim().toLowerCase()),
    port,
    host: env.HOST ?? '0.0.0.0',
    webDist: resolve(repoRoot, env.GRIDSIGHT_WEB_DIST ?? 'web/dist'),
    demoScale,
    simulator: simulator === 'on' || (simulator === 'demo' && !readDbConfig(env).databaseUrl),
    basemap: basemapUrl ? { url: basemapUrl, attribution: env.GRIDSIGHT_BASEMAP_ATTRIBUTION ?? '', crs: 'WGS84' as const } : null,
  })
}
