import type { Db } from '@gridsight/db'
import { Hono } from 'hono'
import { compress } from 'hono/compress'
import type { AppEnv } from './context.js'
import { ApiError, renderError } from './errors.js'
import { gridRoutes } from './routes/grids.js'
import { health } from './routes/health.js'
import { householdRoutes } from './routes/households.js'
import { incidentRoutes } from './routes/incidents.js'
import { cameraRoutes, placeRoutes } from './routes/points.js'
import { tileRoutes } from './routes/tiles.js'
import { statsRoutes } from './routes/stats.js'
import { authRoutes } from './routes/auth.js'
import { attachmentRoutes, caseRoutes } from './routes/cases.js'
import { categoryRoutes } from './routes/categories.js'
import { departmentRoutes, workflowRoutes } from './routes/reference.js'
import { streamRoutes } from './routes/stream.js'
import { requireSessionUnlessPublic, session } from './auth.js'
import { LiveHub } from './live.js'
import { unitRoutes } from './routes/units.js'
import { alertRoutes, ruleRoutes } from './routes/alerts.js'
import { sensorRoutes } from './routes/sensors.js'
import { WarningRunner } from './warning.js'

/** The HTTP API, one sub-app per URL prefix. Tests call app.request() in-process. */
/** What the web app needs to know of the deployment. */
export interface ClientConfig {
  basemap: { url: string; attribution: string; crs: 'WGS84' } | null
  /** The wall's reads are open without login (default); false: they need a session, the wall the screen account's. */
  publicWall?: boolean
}

export function createApp(db: Db, client: ClientConfig = { basemap: null }, hub: LiveHub = new LiveHub(db), warn: WarningRunner = new WarningRunner(db, hub)) {
  const app = new Hono<AppEnv>()
  app.use('/api/*', async (c, next) => {
    c.set('db', db)
    c.set('hub', hub)
    c.set('warn', warn)
    await next()
  })
  app.use('/api/*', session)
  app.use('/api/*', requireSessionUnlessPublic(client.publicWall ?? true))
  // The event stream must not be buffered by compression; the answers to writes are small and not worth it.
  app.use('/api/*', async (c, next) => (c.req.path === '/api/stream' || c.req.method !== 'GET' ? next() : compress()(c, next)))
  const api = app
    .route('/api/health', health)
    .route('/api/units', unitRoutes)
    .route('/api/grids', gridRoutes)
    .route('/api/households', householdRoutes)
    .route('/api/cameras', cameraRoutes)
    .route('/api/places', placeRoutes)
    .route('/api/incidents', incidentRoutes)
    .route('/api/tiles', tileRoutes)
    .route('/api/stats', statsRoutes)
    .route('/api/auth', authRoutes)
    .route('/api/incidents', caseRoutes)
    .route('/api/stream', streamRoutes)
    .route('/api/categories', categoryRoutes)
    .route('/api/departments', departmentRoutes)
    .route('/api/workflow', workflowRoutes)
    .route('/api/alerts', alertRoutes)
    .route('/api/alert-rules', ruleRoutes)
    .route('/api/sensors', sensorRoutes)
    .route('/api/attachments', attachmentRoutes)
    .get('/api/config', (c) => c.json({ ...client, publicWall: client.publicWall ?? true }))
  app.all('/api/*', (c) => { throw new ApiError(404, 'not_found', `no such endpoint: ${c.req.method} ${c.req.path}`) })
  app.onError(renderError)
  return api
}

export type AppType = ReturnType<typeof createApp>
