import { DEVICE_EVENT_BYTES, DomainError, newSensor, sensorEvent, sensorPath } from '@gridsight/contract'
import { sensors } from '@gridsight/db'
import { Hono } from 'hono'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'
import { geoJsonResponse } from '../responses.js'
import { json, params } from '../validate.js'
import { audited } from '../audit.js'

const deviceKey = (h: (name: string) => string | undefined) => h('x-device-key') ?? h('authorization')?.match(/^Device (.+)$/)?.[1]
const tag = 'devices'

/**
 * IoT devices. POST /api/sensors/{id}/events is the device feed, authenticated by the device's own key
 * (X-Device-Key header), its JSON sent as application/json or without a Content-Type (small firmware HTTP clients
 * often send none). An alarm is evaluated within its request — the device protocol answers with the alert it
 * raised or updated — and the alert reaches the screens through the live event log like every other write.
 */
export const sensorRoutes = new Hono<AppEnv>()
  .post('/:id/events', describe(tag, "A device's event (X-Device-Key)", { responses: { 201: { description: 'recorded' } } }),
    params(sensorPath), async (c, next) => {
      if (!deviceKey((n) => c.req.header(n))) throw new DomainError('unauthenticated', 'send the device key in X-Device-Key', 'bad_device_key')
      await next()
    }, json(sensorEvent, { maxBytes: DEVICE_EVENT_BYTES, untyped: true }), async (c) => {
      const b = c.req.valid('json')
      const at = b.at ? new Date(b.at) : undefined
      if (at && Math.abs(at.getTime() - Date.now()) > 7 * 86_400_000) throw new DomainError('bad_request', 'at must be within a week of now', 'invalid_parameter')
      const r = await sensors.recordSensorEvent(c.get('db').kysely, c.req.valid('param').id, deviceKey((n) => c.req.header(n))!, { type: b.type, value: b.value, at })
      if (b.type !== 'alarm') return c.json({ event_id: r.event_id, alert: null }, 201)
      const result = await c.get('warn').onSensorEvent(r.event_id)
      return c.json({ event_id: r.event_id, alert: result?.raised[0] ?? result?.updated[0] ?? result?.unchanged[0] ?? null }, 201)
    })
  /** Devices on the map for the desks (an elderly button marks a home: not for the screen or leaders; audited). */
  .get('/', describe(tag, 'Devices for the desks (audited)'), requireRole('admin', 'dispatcher'), async (c) => {
    await audited(c, 'devices.read', 'sensors')
    return geoJsonResponse(await sensors.sensorsGeoJson(c.get('db').kysely))
  })
  .post('/', describe(tag, 'Register a device; its key is returned once', { responses: { 201: { description: 'registered' } } }), requireRole('admin'), json(newSensor), async (c) =>
    c.json(await sensors.createSensor(c.get('db').kysely, c.req.valid('json')), 201))
