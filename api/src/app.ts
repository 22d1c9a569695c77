import { calendarRoutes } from './routes/calendar.js'
import { taskRoutes, workerRoutes } from './routes/workers.js'
import type { Db } from '@gridsight/db'
import { DomainError } from '@gridsight/contract'
import { Hono } from 'hono'
import { compress } from 'hono/compress'
import { requireSessionUnlessPublic, session } from './auth.js'
import type { AppEnv } from './context.js'
import { defaultDistrict } from './district.js'
import { renderError } from './errors.js'
import { lanes } from './lanes.js'
import { LiveHub } from './live.js'
import { describe, openApiDocument } from './openapi.js'
import { PrivacyPolicy } from './privacy.js'
import { auditRoutes, sensitiveRoutes } from './routes/privacy.js'
import { alertRoutes, ruleRoutes } from './routes/alerts.js'
import { attachmentRoutes } from './routes/attachments.js'
import { authRoutes } from './routes/auth.js'
import { bulletinRoutes } from './routes/bulletins.js'
import { gridRoutes } from './routes/grids.js'
import { health } from './routes/health.js'
import { householdRoutes } from './routes/households.js'
import { incidentRoutes } from './routes/incidents.js'
import { cameraRoutes, placeRoutes } from './routes/points.js'
import { categoryRoutes, departmentRoutes, workflowRoutes } from './routes/reference.js'
import { sensorRoutes } from './routes/sensors.js'
import { statsRoutes } from './routes/stats.js'
import { streamRoutes } from './routes/stream.js'
import { tileRoutes } from './routes/tiles.js'
import { unitRoutes } from './routes/units.js'
import { limitBody } from './validate.js'
import { SIGN_IN_DEFAULTS, type SignInSettings } from './sign-in-settings.js'
import { WarningRunner } from './warning.js'
import { webSecurity } from './web-security.js'

/** What the web app needs to know of the deployment (GET /api/config). */
export interface ClientConfig {
  basemap: { url: string; attribution: string; crs: 'WGS84' } | null
  /** The wall's reads are open without login (an opt-in for a closed network); default false: a session, the wall the screen account's. */
  publicWall?: boolean
  /** The district shown by default (GRIDSIGHT_DISTRICT); null: the first in the database. */
  district?: string | null
  /** The demo actor runs (GRIDSIGHT_SIMULATOR): the wall shows 演示数据 and its cases and alerts carry simulated. */
  demoActor?: boolean
}

/**
 * The HTTP API, one sub-app per URL prefix. Tests call app.request() in-process.
 * Writes publish on the live event log; after any write this process's hub reads it at once (other processes hear
 * of it by NOTIFY), and the screens and the early-warning runner consume what it reads.
 */
export function createApp(db: Db, client: ClientConfig = { basemap: null }, hub: LiveHub = new LiveHub(db), warn: WarningRunner = new WarningRunner(db, hub), signIn: SignInSettings = SIGN_IN_DEFAULTS) {
  const district = defaultDistrict(db, client.district ?? null)
  const privacy = new PrivacyPolicy(db)
  const app = new Hono<AppEnv>()
  app.use('*', ...webSecurity(signIn, client.basemap?.url ?? null))
  // Before anything reads it, a body is limited to what its route takes (413).
  app.use('/api/*', limitBody)
  app.use('/api/*', lanes)
  app.use('/api/*', async (c, next) => {
    c.set('db', db)
    c.set('hub', hub)
    c.set('warn', warn)
    c.set('district', district)
    c.set('privacy', privacy)
    await next()
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') void hub.poke()
  })
  app.use('/api/*', session)
  app.use('/api/*', requireSessionUnlessPublic(client.publicWall ?? false))
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
    .route('/api/bulletins', bulletinRoutes)
    .route('/api/auth', authRoutes)
    .route('/api/stream', streamRoutes)
    .route('/api/categories', categoryRoutes)
    .route('/api/departments', departmentRoutes)
    .route('/api/workflow', workflowRoutes)
    .route('/api/alerts', alertRoutes)
    .route('/api/alert-rules', ruleRoutes)
    .route('/api/sensors', sensorRoutes)
    .route('/api/attachments', attachmentRoutes)
    .route('/api/audit', auditRoutes)
    .route('/api/sensitive-subjects', sensitiveRoutes)
    .route('/api/calendar', calendarRoutes)
    .route('/api/workers', workerRoutes)
    .route('/api/tasks', taskRoutes)
    .get('/api/config', describe('system', 'What the web app needs to know of the deployment'), async (c) => {
      const d = await district().catch(() => null)
      return c.json({ basemap: client.basemap, publicWall: client.publicWall ?? false, district: d, demoActor: client.demoActor ?? false })
    })
  let document: Promise<unknown> | null = null
  app.get('/api/openapi.json', describe('system', 'This OpenAPI document'), async (c) => c.json(await (document ??= openApiDocument(api))))
  app.all('/api/*', (c) => { throw new DomainError('not_found', `no such endpoint: ${c.req.method} ${c.req.path}`) })
  app.onError(renderError)
  return api
}

export { LiveHub, WarningRunner }

/** The API's routes with their inputs and answers: the web app's typed client is built on this type alone. */
export type AppType = ReturnType<typeof createApp>
