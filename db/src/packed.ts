import { sql, type RawBuilder } from 'kysely'

/**
 * Big row sets travel from the database as one text value per statement: numbers joined by ',' within a row and ';'
 * between rows. PGlite decodes every value of a result in JS (about 3 µs each): 2,000 rows of five numbers as rows
 * cost ~150 ms of the one thread, as one text ~15 ms. Floats print in their shortest exact form (PostgreSQL 12+).
 */
export function packRows(columns: RawBuilder<unknown>[], order: RawBuilder<unknown>): RawBuilder<string | null> {
  return sql<string | null>`string_agg(concat_ws(',', ${sql.join(columns)}), ';' order by ${order})`
}

/** The numbers of packed rows, row after row (width per row); empty for null (no rows). */
export function unpackRows(text: string | null): Float64Array {
  if (!text) return new Float64Array(0)
  const out = new Float64Array(countSeparators(text) + 1)
  let k = 0
  let start = 0
  for (let i = 0; i <= text.length; i++) {
    const ch = i < text.length ? text.charCodeAt(i) : 59
    if (ch === 44 || ch === 59) { // ',' or ';'
      out[k++] = Number(text.slice(start, i))
      start = i + 1
    }
  }
  return out
}

function countSeparators(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (ch === 44 || ch === 59) n++
  }
  return n
}
