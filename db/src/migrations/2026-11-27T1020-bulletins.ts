import type { Kysely } from 'kysely'
import { runScript } from '../script.js'

// The monthly bulletin (月度通报, issue 12): each one made is kept as it was issued — the workbook and the PDF — with its
// unit and period; the monthly ones once per unit and month (made on the first working day after it), others on demand.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    create table bulletin (
      id serial primary key,
      kind text not null check (kind in ('monthly', 'on_demand')),
      unit_code text not null,
      period_from timestamptz not null,
      period_to timestamptz not null check (period_to > period_from),
      title text not null check (length(title) between 1 and 200),
      created_at timestamptz not null default now(),
      created_by text,
      pages integer not null check (pages > 0),
      xlsx bytea not null,
      pdf bytea not null
    );
    create unique index bulletin_monthly on bulletin (unit_code, period_from) where kind = 'monthly';
    create index bulletin_created on bulletin (created_at desc);
  `)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `drop table if exists bulletin`)
}
