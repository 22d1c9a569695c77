import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { Kysely, PostgresDialect, type PostgresPool, sql } from 'kysely'
import pg from 'pg'
import type { DbConfig } from './config.js'
import { keepFailedStatement } from './log.js'
import { currentLane, LaneGate } from './lanes.js'
import { LanedPGliteDialect } from './pglite-dialect.js'
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
  /** The lanes in front of the connections (lanes.ts): who waits for one, per lane. */
  readonly gate: LaneGate
  /**
   * LISTEN on a channel (a dedicated connection on the server, re-established after it is lost; the one instance
   * embedded). After a reconnect onNotify('') is called: notifications may have been missed meanwhile. Returns an unlisten.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>
  close(): Promise<void>
}

// int8 counts and numerics arrive as strings from pg; GridSight's values fit in doubles.
pg.types.setTypeParser(20, (v) => Number(v))
pg.types.setTypeParser(1700, (v) => Number(v))

/** Connections of a server pool that heavy reads may not take: always free for writes, health and light reads. */
export const RESERVED_CONNECTIONS = 2

/**
 * How many heavy reads run at once on a server: no more than the machine has cores (more only share the same CPUs
 * and slow everything else down — isolation benchmark, 2 cores: health p95 430 ms with 8 at once), and never the
 * reserved connections. The database usually runs on the same machine as the API in a district's deployment.
 */
export function heavyConnections(poolSize: number, cores = availableParallelism()): number {
  return Math.max(1, Math.min(poolSize - RESERVED_CONNECTIONS, cores))
}

export async function openDb(config: DbConfig, options: { poolSize?: number } = {}): Promise<Db> {
  if (config.databaseUrl) return openServer(config.databaseUrl, config.statementTimeoutMs ?? 0, options.poolSize ?? 10)
  mkdirSync(config.dataDir, { recursive: true })
  // PGlite runs with fsync off (its NODEFS has none), but every WAL write at commit is a write(2) into the OS:
  // a killed process loses nothing it acknowledged (tests/bench/kill.ts); only a power cut could.
  const pglite = await PGlite.create(config.dataDir, { extensions: { postgis } })
  const dialect = new LanedPGliteDialect(pglite)
  const kysely = new Kysely<Database>({ dialect, log: keepFailedStatement })
  await sql`create extension if not exists postgis`.execute(kysely)
  const origin = (await sql<{ name: string }>`select current_setting('application_name') as name`.execute(kysely)).rows[0]!.name
  return {
    kysely,
    mode: 'embedded',
    hasAsMvt: false,
    origin,
    gate: dialect.gate,
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

async function openServer(url: string, statementTimeoutMs: number, poolSize: number): Promise<Db> {
  // One name per open Db (API process): the live events it writes carry it, so its own early-warning runner takes them.
  const origin = `gridsight-${process.pid}-${randomBytes(4).toString('hex')}`
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: origin })
  // An idle connection the server dropped (a restart) must not take the process down: the pool opens a new one.
  pool.on('error', (e) => console.error(`GridSight: a database connection was lost (${e.message})`))
  const gate = new LaneGate(poolSize, heavyConnections(poolSize))
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: lanedPool(pool, gate, statementTimeoutMs) }), log: keepFailedStatement })
  await sql`create extension if not exists postgis`.execute(kysely)
  const mvt = await sql<{ ok: boolean }>`select exists (select 1 from pg_proc where proname = 'st_asmvt') as ok`.execute(kysely)
  return { kysely, mode: 'server', hasAsMvt: mvt.rows[0]?.ok === true, origin, gate, listen: (channel, onNotify) => listenWithRetry(url, channel, onNotify), close: () => kysely.destroy() }
}

/**
 * The pool as Kysely sees it: a connection is taken through the gate, in the lane of the code asking; API reads
 * (bounded) run under the statement timeout, everything else (start-up, generation, scripts, writes) without.
 */
function lanedPool(pool: pg.Pool, gate: LaneGate, statementTimeoutMs: number): PostgresPool {
  const timeouts = new WeakMap<pg.PoolClient, number>()
  const names = new PreparedNames()
  const preparing = new WeakSet<pg.PoolClient>()
  return {
    async connect() {
      const { lane, bounded } = currentLane()
      const release = await gate.acquire(lane)
      let client: pg.PoolClient
      try {
        client = await pool.connect()
      } catch (e) {
        release()
        throw e
      }
      const wanted = bounded ? statementTimeoutMs : 0
      try {
        if ((timeouts.get(client) ?? 0) !== wanted) {
          await client.query(`set statement_timeout = ${Math.round(wanted)}`)
          timeouts.set(client, wanted)
        }
      } catch (e) {
        client.release(e as Error)
        release()
        throw e
      }
      if (!preparing.has(client)) {
        preparing.add(client)
        prepareHotStatements(client, names)
      }
      const poolRelease = client.release.bind(client)
      client.release = (err?: Error | boolean) => {
        client.release = poolRelease
        poolRelease(err)
        release()
      }
      return client
    },
    end: () => pool.end(),
  }
}

/**
 * Names for the statements this process runs often. A statement sent unnamed is parsed and planned every time: the
 * report's one statement spent more in parse and bind (planning) than in execution, and the session's lookup three
 * times as much. A named one is parsed once per connection and planned once its generic plan is as good. A text is
 * named from its third use on, at most MAX_NAMED texts (texts built with values inside would be new every time).
 */
class PreparedNames {
  static readonly HOT = 3
  static readonly MAX_NAMED = 500
  private readonly uses = new Map<string, number>()
  private readonly names = new Map<string, string>()
  /** Texts whose result a schema change altered under a named statement: sent unnamed from then on. */
  private readonly unnamed = new Set<string>()

  nameOf(text: string): string | undefined {
    const name = this.names.get(text)
    if (name !== undefined || this.names.size >= PreparedNames.MAX_NAMED || this.unnamed.has(text)) return name
    const uses = (this.uses.get(text) ?? 0) + 1
    if (uses < PreparedNames.HOT) {
      if (this.uses.size < 10 * PreparedNames.MAX_NAMED) this.uses.set(text, uses)
      return undefined
    }
    this.uses.delete(text)
    this.names.set(text, `gridsight_${this.names.size + 1}`)
    return this.names.get(text)
  }

  forget(text: string): void {
    this.names.delete(text)
    this.unnamed.add(text)
  }
}

/**
 * Sends the pool client's hot statements (PreparedNames) named. Only statements with parameters (those go through
 * the extended protocol anyway; a text without may hold several statements). A schema change that alters a named
 * statement's result (a migration run by this process after the statement was prepared) fails it with "cached plan
 * must not change result type": outside a transaction it is sent again unnamed, and that text stays unnamed.
 */
function prepareHotStatements(client: pg.PoolClient, names: PreparedNames): void {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>
  let inTransaction = false
  ;(client as unknown as { query: (...args: unknown[]) => unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || rest.length) {
      if (typeof text === 'string') {
        if (/^\s*(begin|start transaction)\b/i.test(text)) inTransaction = true
        else if (/^\s*(commit|rollback|end)\s*$/i.test(text)) inTransaction = false
      }
      return query(text, values, ...rest)
    }
    const name = names.nameOf(text)
    if (!name) return query(text, values)
    return query({ name, text, values }).catch((e: unknown) => {
      if ((e as { code?: string }).code !== '0A000' || !/cached plan/.test(String((e as Error).message))) throw e
      names.forget(text)
      if (inTransaction) throw e
      return query(text, values)
    })
  }
}

/** Delays between attempts to re-establish a lost LISTEN connection. */
const RELISTEN_MS = [500, 1000, 2000, 5000]

/** LISTEN on a dedicated connection; when it is lost (a database restart), listen again until it works. */
async function listenWithRetry(url: string, channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
  let stopped = false
  let current: pg.Client | null = null
  let timer: NodeJS.Timeout | undefined
  let attempt = 0
  const open = async () => {
    const client = new pg.Client({ connectionString: url })
    let lost = false
    const onLost = () => {
      if (lost || stopped) return
      lost = true
      if (current === client) current = null
      retry()
    }
    client.on('notification', (n) => { if (n.channel === channel) onNotify(n.payload ?? '') })
    client.on('error', onLost)
    client.on('end', onLost)
    try {
      await client.connect()
      await client.query(`listen ${channel}`)
    } catch (e) {
      onLost()
      await client.end().catch(() => {})
      throw e
    }
    current = client
    attempt = 0
  }
  const retry = () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      if (stopped) return
      open().then(() => onNotify(''), () => {})
    }, RELISTEN_MS[Math.min(attempt++, RELISTEN_MS.length - 1)])
  }
  try {
    await open()
  } catch (e) {
    stopped = true
    clearTimeout(timer)
    throw e
  }
  return async () => {
    stopped = true
    clearTimeout(timer)
    await current?.end().catch(() => {})
  }
}
