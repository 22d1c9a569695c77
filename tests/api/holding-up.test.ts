import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '@gridsight/api'
import { startHttpServer } from '@gridsight/api/http'
import { type Db, inLane, live, openDb } from '@gridsight/db'
import { importBoundaries, loadDistrictOutline } from '@gridsight/geodata'
import { useApi } from '../support/api.js'
import { backends } from '../support/backends.js'
import { fc, feature, square } from '../support/geojson.js'
import { openStream } from '../support/sse.js'

/** Polls until check() holds (a behaviour that follows asynchronously), failing after a generous while. */
async function eventually(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (const until = Date.now() + 20_000; Date.now() < until;) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`never happened: ${what}`)
}

describe.each(backends())('holding up on $name PostGIS', (backend) => {
  describe('under heavy reads', () => {
    const { ctx, get, json } = useApi(backend)

    // The embedded database's one connection is where heavy reads queue (on the server see 'keeps connections free').
    it.runIf(backend.name === 'embedded')('files a report before the heavy reads queued ahead of it have all been answered', async () => {
      const done: string[] = []
      const heavy = Array.from({ length: 6 }, (_, i) => Promise.resolve(get('/api/incidents/points')).then((r) => { done.push(`points ${i}`); return r }))
      const report = Promise.resolve(get('/api/incidents', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: randomUUID(), category_code: 'dispute.neighbour', description: '繁忙时的上报', lon: 106.2613, lat: 29.9927 }),
      })).then((r) => { done.push('report'); return r })
      expect((await report).status).toBe(201)
      for (const r of await Promise.all(heavy)) expect(r.status).toBe(200)
      expect(done.indexOf('report')).toBeLessThan(done.length - 1)
    })

    it('reads all points in short statements: every incident once, newest first', async () => {
      const res = await get('/api/incidents/points')
      const n = Number(res.headers.get('x-count'))
      const ids = new Uint32Array(await res.arrayBuffer(), 0, n)
      const total = (await sql<{ n: number }>`select count(*)::int as n from incident`.execute(ctx.db.kysely)).rows[0]!.n
      expect(n).toBe(total)
      expect(new Set(ids).size).toBe(n)
      const newest = await sql<{ id: number }>`select id::int as id from incident order by reported_at desc, id desc limit 1`.execute(ctx.db.kysely)
      expect(ids[0]).toBe(newest.rows[0]!.id)
    })

    it('counts density in memory exactly as from the households themselves', async () => {
      const res = await get('/api/households/density?cell=0.004')
      const n = Number(res.headers.get('x-count'))
      const buf = await res.arrayBuffer()
      const counts = [...new Float32Array(buf, n * 8, n)].sort((a, b) => a - b)
      const direct = await sql<{ n: number }>`select count(*)::int as n from household group by floor(ST_X(geom) / 0.004), floor(ST_Y(geom) / 0.004)`.execute(ctx.db.kysely)
      expect(counts).toEqual(direct.rows.map((r) => r.n).sort((a, b) => a - b))
      expect((await get('/api/households/density?cell=0.0005')).status).toBe(400)
      const health = await json('/api/health')
      expect(health.counts.households).toBe(counts.reduce((a, b) => a + b, 0))
    })
  })

  describe('static caches', () => {
    let db: Db
    let app: ReturnType<typeof createApp>
    beforeAll(async () => {
      db = await backend.openEmpty('static_cache')
      await loadDistrictOutline(db.kysely)
      await importBoundaries(db.kysely, 'town', fc(feature('500117001', '合阳城街道', square(106.24, 29.98))))
      app = createApp(db, { basemap: null, publicWall: true })
    })
    afterAll(async () => { await db?.close() })
    const towns = async () => ((await (await app.request('/api/units/geojson?level=town')).json()) as { features: { properties: { code: string } }[] }).features.map((f) => f.properties.code)
    const tile = async () => new Uint8Array(await (await app.request('/api/tiles/towns/10/814/422.mvt')).arrayBuffer())

    it('keeps boundaries and tiles until an import changes them, in this process or another', async () => {
      expect(await towns()).toEqual(['500117001'])
      const before = await tile()
      expect(before.length).toBeGreaterThan(0)
      expect(await tile()).toEqual(before)
      // Another process (a second connection) imports a town: the next answer has it.
      const other = backend.name === 'server' ? await openDb({ databaseUrl: await urlOf(db), dataDir: '' }, { poolSize: 1 }) : db
      try {
        await importBoundaries(other.kysely, 'town', fc(feature('500117002', '钓鱼城街道', square(106.26, 29.98))))
      } finally {
        if (other !== db) await other.close()
      }
      expect(await towns()).toEqual(['500117001', '500117002'])
      expect(await tile()).not.toEqual(before)
    })
  })

  describe.runIf(backend.name === 'server')('the server connection', () => {
    let db: Db
    let url: string
    beforeAll(async () => {
      db = await backend.openEmpty('connection')
      url = await urlOf(db)
    })
    afterAll(async () => { await db?.close() })

    it('keeps connections free of heavy reads: a write goes through while they hold the rest', async () => {
      const pool = await openDb({ databaseUrl: url, dataDir: '' }, { poolSize: 4 })
      try {
        const done: string[] = []
        const heavy = Array.from({ length: 6 }, (_, i) => inLane('heavy', () => sql`select pg_sleep(0.5)`.execute(pool.kysely)).then(() => done.push(`heavy ${i}`)))
        await new Promise((r) => setTimeout(r, 100))
        await inLane('first', () => sql`select 1`.execute(pool.kysely)).then(() => done.push('write'))
        await Promise.all(heavy)
        expect(done[0]).toBe('write')
      } finally {
        await pool.close()
      }
    })

    it('cancels API reads after the statement timeout, and nothing else', async () => {
      const bounded = await openDb({ databaseUrl: url, dataDir: '', statementTimeoutMs: 200 }, { poolSize: 2 })
      try {
        await expect(inLane({ lane: 'heavy', bounded: true }, () => sql`select pg_sleep(2)`.execute(bounded.kysely))).rejects.toThrow(/statement timeout/)
        await inLane({ lane: 'first', bounded: false }, () => sql`select pg_sleep(0.4)`.execute(bounded.kysely))
        await sql`select pg_sleep(0.4)`.execute(bounded.kysely)
      } finally {
        await bounded.close()
      }
    })

    it('survives the loss of its connections: the pool reconnects and the stream goes on', async () => {
      const server = await startHttpServer({ db, port: 0, host: '127.0.0.1', webDist: '/nonexistent', client: { basemap: null, publicWall: true } })
      const received: string[] = []
      const stream = openStream(`${server.url}api/stream`, (e) => received.push(e.event))
      await stream.ready
      // As a database restart would: every connection to this database is cut, the API's LISTEN among them.
      await terminateConnections(url)
      const writer = await openDb({ databaseUrl: url, dataDir: '' }, { poolSize: 1 })
      try {
        await eventually(async () => {
          await writer.kysely.transaction().execute((trx) => live.publish(trx, 'camera.updated', {}, sql`select json_build_object('id', 'x')`))
          await new Promise((r) => setTimeout(r, 300))
          return received.includes('camera.updated')
        }, 'the stream carries a write made after the connections were cut')
      } finally {
        await writer.close()
        await stream.close()
        await server.close()
      }
    })
  })
})

/** The URL of a server Db's database: the test server's address with that database's name. */
async function urlOf(db: Db): Promise<string> {
  const url = new URL(process.env.TEST_DATABASE_URL!)
  url.pathname = `/${(await sql<{ name: string }>`select current_database() as name`.execute(db.kysely)).rows[0]!.name}`
  return url.toString()
}

async function terminateConnections(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1)
  const admin = await openDb({ databaseUrl: process.env.TEST_DATABASE_URL!, dataDir: '' }, { poolSize: 1 })
  try {
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`.execute(admin.kysely)
  } finally {
    await admin.close()
  }
}
