import { resolve } from 'node:path'
import { repoRoot } from '@gridsight/db'

/** API settings, read once from the environment, checked, frozen. */
export interface ApiConfig {
  readonly port: number
  readonly host: string
  /** Built web app to serve at / (web/dist). */
  readonly webDist: string
  /** Scale of the demo data generated into an empty database (1 = full Hechuan); 0 turns generation off. */
  readonly demoScale: number
}

export function readApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const port = Number(env.PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer 0–65535 (got "${env.PORT}")`)
  const demoScale = Number(env.GRIDSIGHT_DEMO_SCALE ?? 1)
  if (!Number.isFinite(demoScale) || demoScale < 0 || demoScale > 1) throw new Error(`GRIDSIGHT_DEMO_SCALE must be within 0..1 (got "${env.GRIDSIGHT_DEMO_SCALE}")`)
  return Object.freeze({
    port,
    host: env.HOST ?? '0.0.0.0',
    webDist: resolve(repoRoot, env.GRIDSIGHT_WEB_DIST ?? 'web/dist'),
    demoScale,
  })
}
