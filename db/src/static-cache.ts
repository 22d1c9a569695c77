import { type Kysely, sql } from 'kysely'
import type { Database } from './schema.js'

/** What the static caches of one database may hold in all (bytes, roughly); the least recently used goes first. */
export const STATIC_CACHE_BYTES = 128 * 1024 * 1024

/** The version of the static map data (boundaries, grids, households): every change to them raises it (a trigger). */
export async function staticVersion(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ n: number }>`select n from static_version`.execute(db)
  return Number(r.rows[0]?.n ?? 0)
}

interface Entry { value: unknown; bytes: number }

/**
 * Results built from the static map data (boundary GeoJSON, household cells, tiles), kept until that data changes.
 * Each read checks the data's version first (one primary-key read), so a cached answer is never older than the
 * last import, in this process or another. Concurrent requests for the same missing key build it once.
 */
export class StaticCache {
  private version = -1
  private bytes = 0
  private readonly entries = new Map<string, Entry>()
  private readonly building = new Map<string, { version: number; promise: Promise<unknown> }>()

  constructor(private readonly db: Kysely<Database>, readonly maxBytes = STATIC_CACHE_BYTES) {}

  async get<T>(key: string, build: () => Promise<T>, sizeOf: (value: T) => number): Promise<T> {
    const version = await staticVersion(this.db)
    if (version !== this.version) this.clear(version)
    const hit = this.entries.get(key)
    if (hit) {
      // Map order is the LRU order: a hit moves to the end.
      this.entries.delete(key)
      this.entries.set(key, hit)
      return hit.value as T
    }
    const pending = this.building.get(key)
    if (pending?.version === version) return pending.promise as Promise<T>
    const promise = build().then((value) => {
      if (this.version === version) this.store(key, value, sizeOf(value))
      return value
    }).finally(() => { if (this.building.get(key)?.promise === promise) this.building.delete(key) })
    this.building.set(key, { version, promise })
    return promise
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes }
  }

  private clear(version: number): void {
    this.entries.clear()
    this.building.clear()
    this.bytes = 0
    this.version = version
  }

  private store(key: string, value: unknown, bytes: number): void {
    if (bytes > this.maxBytes / 4) return
    this.entries.set(key, { value, bytes })
    this.bytes += bytes
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(k)
      this.bytes -= e.bytes
    }
  }
}

const caches = new WeakMap<Kysely<Database>, StaticCache>()

/**
 * The static cache of a database handle; undefined inside a transaction (its view of the data may differ from
 * everybody else's), where callers build afresh.
 */
export function staticCache(db: Kysely<Database>): StaticCache | undefined {
  if (db.isTransaction) return undefined
  let cache = caches.get(db)
  if (!cache) caches.set(db, cache = new StaticCache(db))
  return cache
}

/** Builds through the static cache of db, or directly inside a transaction. */
export function cachedStatic<T>(db: Kysely<Database>, key: string, build: () => Promise<T>, sizeOf: (value: T) => number): Promise<T> {
  const cache = staticCache(db)
  return cache ? cache.get(key, build, sizeOf) : build()
}
