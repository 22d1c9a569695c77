import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Database settings, read once from the environment and frozen. */
export interface DbConfig {
  /** A real PostgreSQL + PostGIS server; when absent the embedded PGlite database is used. */
  readonly databaseUrl: string | null
  /** Folder of the embedded database (ignored with databaseUrl). */
  readonly dataDir: string
  /** API reads on the server are cancelled after this long (statement_timeout); 0 or absent: never. */
  readonly statementTimeoutMs?: number
}

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')

export function readDbConfig(env: NodeJS.ProcessEnv = process.env): DbConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || null
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got "${databaseUrl}")`)
  }
  const dataDir = resolve(repoRoot, env.GRIDSIGHT_DATA_DIR?.trim() || '.data/pglite')
  const timeout = Number(env.GRIDSIGHT_STATEMENT_TIMEOUT_SECONDS ?? 15)
  if (!Number.isFinite(timeout) || timeout < 0 || timeout > 3600) {
    throw new Error(`GRIDSIGHT_STATEMENT_TIMEOUT_SECONDS must be within 0..3600 (got "${env.GRIDSIGHT_STATEMENT_TIMEOUT_SECONDS}")`)
  }
  return Object.freeze({ databaseUrl, dataDir, statementTimeoutMs: timeout * 1000 })
}
