import { getJson } from './client'

/** What the API tells the web app about its deployment (GET /api/config). */
export interface ClientConfig {
  basemap: { url: string; attribution: string } | null
  publicWall: boolean
}

let config: Promise<ClientConfig> | null = null

/** The deployment's settings, fetched once per page (the wall's gate and its map both need them). */
export function clientConfig(): Promise<ClientConfig> {
  config ??= getJson<ClientConfig>('/api/config').catch(() => ({ basemap: null, publicWall: true }))
  return config
}
