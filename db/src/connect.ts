import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { Kysely, PostgresDialect, sql } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import pg from 'pg'
import type { DbConfig } from './config.js'
import { keepFailedStatement } from './log.js'
import type { Database } from './schema.js'

export type DbMode = 'embedded' | 'server'

/** An open database: the Kysely handle plus what differs between the two engines. */
export interface Db {
  readonly kysely: Kysely<Database>
  readonly mode: DbMode
  /** ST_AsMVT is missing from the embedded PostGIS build; tiles are encoded in JS there. */
  readonly hasAsMvt: boolean
  /** The application_name of this Db's connections: live events record it as their origin (which process wrote them). */
  readonly origin: string
  /** LISTEN on a channel (a dedicated connection on the server; the one instance embedded). Returns an unlisten. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>
  close(): Promise<void>
}

// int8 counts and numerics arrive as strings from pg; GridSight's values fit in doubles.
pg.types.setTypeParser(20, (v) => Number(v))
pg.types.setTypeParser(1700, (v) => Number(v))

export async function openDb(config: DbConfig, options: { poolSize?: number } = {}): Promise<Db> {
  if (config.databaseUrl) {
    // One name per open Db (API process): the live events it writes carry it, so its own early-warning runner takes them.
    const origin = `gridsight-${process.pid}-${randomBytes(4).toString('hex')}`
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: options.poolSize ?? 10, application_name: origin })
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: keepFailedStatement })
    await sql`create extension if not exists postgis`.execute(kysely)
    const mvt = await sql<{ ok: boolean }>`select exists (select 1 from pg_proc where proname = 'st_asmvt') as ok`.execute(kysely)
    const listen = async (channel: string, onNotify: (payload: string) => void) => {
      const client = new pg.Client({ connectionString: config.databaseUrl! })
      await client.connect()
      client.on('notification', (n) => { if (n.channel === channel) onNotify(n.payload ?? '') })
      client.on('error', () => { /* the server went away: the stream falls back to its own process's events */ })
      await client.query(`listen ${channel}`)
      return async () => { await client.end().catch(() => {}) }
    }
    return { kysely, mode: 'server', hasAsMvt: mvt.rows[0]?.ok === true, origin, listen, close: () => kysely.destroy() }
  }
  mkdirSync(config.dataDir, { recursive: true })
  const pglite = await PGlite.create(config.dataDir, { extensions: { postgis } })
  const kysely = new Kysely<Database>({ dialect: new PGliteDialect(pglite as never), log: keepFailedStatement })
  await sql`create extension if not exists postgis`.execute(kysely)
  const origin = (await sql<{ name: string }>`select current_setting('application_name') as name`.execute(kysely)).rows[0]!.name
  return {
    kysely,
    mode: 'embedded',
    hasAsMvt: false,
    origin,
    listen: async (channel, onNotify) => {
      const unlisten = await pglite.listen(channel, onNotify)
      return async () => { if (!pglite.closed) await unlisten() }
    },
    close: async () => {
      await kysely.destroy()
      if (!pglite.closed) await pglite.close()
    },
  }
}
