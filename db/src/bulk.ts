import { type Kysely, sql } from 'kysely'

/**
 * Runs a bulk load with the tables' secondary indexes and foreign keys dropped, then rebuilds them from their own
 * definitions (pg_indexes, pg_get_constraintdef): building an index once is much cheaper than growing it row by row,
 * and a foreign key checked once as a join is much cheaper than a trigger per row. The keys are checked when they come
 * back, so a load that breaks one fails as it would have. Primary keys and indexes behind constraints stay.
 */
export async function withoutSecondaryIndexes<T>(db: Kysely<any>, tables: string[], load: () => Promise<T>): Promise<T> {
  const r = await sql<{ name: string; def: string }>`
    select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = any(${tables}::text[])
      and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`.execute(db)
  const keys = await sql<{ table: string; name: string; def: string }>`
    select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as def from pg_constraint c
    where c.contype = 'f' and c.connamespace = current_schema()::regnamespace and c.conrelid::regclass::text = any(${tables}::text[])`.execute(db)
  for (const { table, name } of keys.rows) await sql`alter table ${sql.id(table)} drop constraint ${sql.id(name)}`.execute(db)
  for (const { name } of r.rows) await sql`drop index ${sql.id(name)}`.execute(db)
  const result = await load()
  for (const { def } of r.rows) await sql.raw(def).execute(db)
  for (const { table, name, def } of keys.rows) await sql`alter table ${sql.id(table)} add constraint ${sql.id(name)} ${sql.raw(def)}`.execute(db)
  return result
}
