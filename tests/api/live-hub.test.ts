import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { type Db, live } from '@gridsight/db'
import { LiveHub } from '@gridsight/api'
import { backends } from '../support/backends.js'

/**
 * The hub reads what a NOTIFY announced even when its read began before that commit was visible: the event reaches
 * the screens without another write to poke it (at the end of a burst nothing else comes). A real server only: the
 * embedded database has one connection and cannot hold a transaction open while the hub reads.
 */
describe.each(backends().filter((b) => b.name === 'server'))('the live hub on $name PostGIS', (backend) => {
  let db: Db
  beforeAll(async () => { db = await backend.openEmpty('live_hub') })
  afterAll(async () => { await db?.close() })

  it('reads an announced event again until its commit is visible, and gives up on one that never appears', async () => {
    const hub = new LiveHub(db)
    hub.lastId = await live.lastEventId(db.kysely)
    const received: number[] = []
    hub.subscribe((events) => received.push(...events.map((e) => e.id)))
    let announced = 0
    let read: Promise<void> = Promise.resolve()
    await db.kysely.transaction().execute(async (trx) => {
      announced = (await sql<{ id: number }>`with ${live.publishCtes('camera.updated', sql`(select 1) one`, { incident_id: null, alert_id: null },
        sql`json_build_object('id', 'hub-test')`)} select event_id as id from announced`.execute(trx)).rows[0]!.id
      // The announcement arrives while the event is not yet visible to other connections.
      read = hub.poke(announced)
      await new Promise((r) => setTimeout(r, 100))
      expect(received).toEqual([])
    })
    await read
    expect(received).toEqual([announced])
    expect(hub.lastId).toBe(announced)
    // An id announced but gone (deleted before anyone read it) does not keep the hub reading for ever.
    const gone = await db.kysely.transaction().execute(async (trx) => {
      const id = (await sql<{ id: number }>`with ${live.publishCtes('camera.updated', sql`(select 1) one`, { incident_id: null, alert_id: null },
        sql`json_build_object('id', 'hub-test')`)} select event_id as id from announced`.execute(trx)).rows[0]!.id
      await sql`delete from live_event where id = ${id}`.execute(trx)
      return id
    })
    await hub.poke(gone)
    expect(received).toEqual([announced])
    await hub.stop()
  })
})
