import type { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery, type DatabaseConnection, type DatabaseIntrospector, type Dialect, type DialectAdapter, type Driver, type Kysely,
  PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type QueryCompiler, type QueryResult, type TransactionSettings,
} from 'kysely'
import { currentLane, LaneGate } from './lanes.js'

/**
 * Kysely on PGlite's single connection, handed out through a LaneGate of one: a report's insert waiting for the
 * connection goes before the heavy reads queued ahead of it (kysely-pglite-dialect served them in arrival order).
 */
export class LanedPGliteDialect implements Dialect {
  readonly gate = new LaneGate(1)
  constructor(private readonly pglite: PGlite) {}
  createAdapter(): DialectAdapter { return new PostgresAdapter() }
  createQueryCompiler(): QueryCompiler { return new PostgresQueryCompiler() }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector { return new PostgresIntrospector(db) }
  createDriver(): Driver { return new LanedPGliteDriver(this.pglite, this.gate) }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite, readonly release: () => void) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const r = await this.pglite.query<R>(query.sql, [...query.parameters])
    return r.affectedRows ? { rows: r.rows, numAffectedRows: BigInt(r.affectedRows) } : { rows: r.rows }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield await this.executeQuery<R>(query)
  }
}

class LanedPGliteDriver implements Driver {
  constructor(private readonly pglite: PGlite, private readonly gate: LaneGate) {}
  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new PGliteConnection(this.pglite, await this.gate.acquire(currentLane().lane))
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    ;(connection as PGliteConnection).release()
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(settings.isolationLevel ? `start transaction isolation level ${settings.isolationLevel}` : 'begin'))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  async destroy(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close()
  }
}
