import { type Kysely, sql } from 'kysely'

/**
 * Runs a script of several statements one by one. PGlite's extended-protocol query takes a single
 * statement, so scripts are split on semicolons at line ends (no dollar-quoted bodies allowed).
 */
export async function runScript(db: Kysely<any>, script: string): Promise<void> {
  const statements = script.split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter(Boolean)
  for (const statement of statements) await sql.raw(statement).execute(db)
}
