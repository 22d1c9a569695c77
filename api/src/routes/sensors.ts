import { SENSOR_KINDS, sensors } from '@gridsight/db'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../context.js'
import { ApiError, caseError } from '../errors.js'
import { parseBody } from '../params.js'

const event = z.object({
  type: z.enum(['alarm', 'clear', 'heartbeat'], { message: 'type must be alarm, clear or heartbeat' }),
  value: z.number().finite().optional(),
  at: z.iso.datetime({ offset: true, message: 'at must be an ISO 8601 time with offset' }).optional(),
})
const newSensor = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{4,40}$/, 'id must be 4–40 letters, digits, - or _'),
  kind: z.enum(SENSOR_KINDS),
  name: z.string().trim().min(1).max(100),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
})

const deviceKey = (h: (name: string) => string | undefined) => h('x-device-key') ?? h('authorization')?.match(/^Device (.+)$/)?.[1]

/**
 * IoT devices. POST /api/sensors/{id}/events is the device feed, authenticated by the device's own key
 * (X-Device-Key header); an alarm runs the sensor rule at once and answers with the alert it raised or updated.
 */
export const sensorRoutes = new Hono<AppEnv>()
  .post('/:id/events', bodyLimit({ maxSize: 4 * 1024, onError: () => { throw new ApiError(413, 'too_large', 'a device event may be at most 4 KB') } }), async (c) => {
    const key = deviceKey((n) => c.req.header(n))
    if (!key) throw new ApiError(401, 'bad_device_key', 'send the device key in X-Device-Key')
    const b = parseBody(event, await c.req.json().catch(() => null))
    const at = b.at ? new Date(b.at) : undefined
    if (at && Math.abs(at.getTime() - Date.now()) > 7 * 86_400_000) throw new ApiError(400, 'invalid_parameter', 'at must be within a week of now')
    const r = await sensors.recordSensorEvent(c.get('db').kysely, c.req.param('id'), key, { type: b.type, value: b.value, at }).catch(caseError)
    if (b.type !== 'alarm') return c.json({ event_id: r.event_id, alert: null }, 201)
    const result = await c.get('warn').onSensorEvent(r.event_id)
    return c.json({ event_id: r.event_id, alert: result?.raised[0] ?? result?.updated[0] ?? result?.unchanged[0] ?? null }, 201)
  })
  /** Devices on the map for the desks (an elderly button marks a home: not for the screen). */
  .get('/', requireRole('admin', 'leader', 'dispatcher'), async (c) =>
    c.body(JSON.stringify(await sensors.sensorsGeoJson(c.get('db').kysely)), 200, { 'content-type': 'application/geo+json' }))
  .post('/', requireRole('admin'), async (c) => {
    const b = parseBody(newSensor, await c.req.json().catch(() => null))
    return c.json(await sensors.createSensor(c.get('db').kysely, b).catch(caseError), 201)
  })
