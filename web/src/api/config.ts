import { api, type InferResponseType, read } from './client'

/** What the API tells the web app about its deployment (GET /api/config): base map, public wall, the district, the demo actor. */
export type ClientConfig = InferResponseType<typeof api.config.$get>
export type District = NonNullable<ClientConfig['district']>

let config: Promise<ClientConfig> | null = null

/** The deployment's settings, fetched once per page (the wall's gate and its map both need them). */
export function clientConfig(): Promise<ClientConfig> {
  // A failed read is not kept: the next caller asks again.
  config ??= read(api.config.$get()).catch(() => { config = null; return { basemap: null, publicWall: false, district: null, demoActor: false } })
  return config
}
