import { type Kysely, sql } from 'kysely'

/**
 * Runs a bulk load with the tables' secondary indexes dropped, then rebuilds them from their own
 * definitions (pg_indexes): building an index once is much cheaper than growing it row by row.
 * Primary keys and indexes behind constraints stay.
 */
export async function withoutSecondaryIndexes<T>(db: Kysely<any>, tables: string[], load: () => Promise<T>): Promise<T> {
  const r = await sql<{ name: string; def: string }>`
    select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = any(${tables}::text[])
      and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`.execute(db)
  for (const { name } of r.rows) await sql`drop index ${sql.id(name)}`.execute(db)
  const result = await load()
  for (const { def } of r.rows) await sql.raw(def).execute(db)
  return result
}
