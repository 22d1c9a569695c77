import { cameraPatch, cameraPath, camerasQuery, DomainError, placesQuery } from '@gridsight/contract'
import { points } from '@gridsight/db'
import { Hono } from 'hono'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'
import { geoJsonResponse } from '../responses.js'
import { json, params, query } from '../validate.js'
import { viewerOf } from '../privacy.js'

export const cameraRoutes = new Hono<AppEnv>()
  .get('/', describe('map', 'Cameras (GB/T 28181) as GeoJSON points (stream URLs for the desks only)'), query(camerasQuery), async (c) =>
    geoJsonResponse(await points.camerasGeoJson(c.get('db').kysely, c.req.valid('query'), viewerOf(c.get('user')).audience === 'desk')))
  /** A camera's online status as the video platform reports it (GB/T 28181 catalogue), published live: the camera rules re-run for its town. */
  .patch('/:id', describe('map', "A camera's ON/OFF status from the video platform"), requireRole('admin', 'dispatcher'), params(cameraPath), json(cameraPatch), async (c) => {
    const { id } = c.req.valid('param')
    const r = await points.setCameraStatus(c.get('db').kysely, id, c.req.valid('json').status)
    if (!r) throw new DomainError('not_found', `no camera ${id}`, 'unknown_camera')
    return c.json({ id: r.id, status: r.status })
  })

export const placeRoutes = new Hono<AppEnv>()
  .get('/', describe('map', 'Places (schools, hospitals, mediation organisations …) as GeoJSON points'), query(placesQuery), async (c) =>
    geoJsonResponse(await points.placesGeoJson(c.get('db').kysely, c.req.valid('query'))))
