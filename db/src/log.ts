import type { LogEvent } from 'kysely'

/**
 * Errors as the server log may write them. A database error carries what the query was given — PGlite puts the
 * parameters on it, PostgreSQL's detail repeats the values of a failed unique key, messages quote the bad value —
 * and those hold names, phone numbers, report texts and passwords. The log gets the statement (placeholders only),
 * the SQLSTATE and the schema objects named, and messages with their quoted values blanked.
 */

const STATEMENT = Symbol('gridsight.statement')

/** Kysely's log hook: a failing query's statement (never its parameters) goes along with its error. */
export function keepFailedStatement(event: LogEvent): void {
  if (event.level === 'error' && event.error !== null && typeof event.error === 'object') {
    Object.defineProperty(event.error, STATEMENT, { value: event.query.sql, configurable: true, enumerable: false })
  }
}

/** Values quoted in a message ("…", Key (col)=(…)) are blanked; the words around them stay. */
const redact = (message: string) => message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\)=\((?:[^()]|\([^()]*\))*\)/g, ')=(…)')

/** A line (with the stack frames) fit for the server log: nothing of what the request carried. */
export function describeError(e: unknown, depth = 0): string {
  if (!(e instanceof Error)) return `thrown: a ${typeof e}`
  const db = e as Error & Partial<Record<'code' | 'table' | 'column' | 'constraint' | 'routine' | 'query', unknown>> & { [STATEMENT]?: string }
  const lines = [`${e.name}: ${redact(e.message)}`]
  if (typeof db.code === 'string' && /^[0-9A-Z]{5}$/.test(db.code)) {
    const named = (['table', 'column', 'constraint', 'routine'] as const).filter((k) => typeof db[k] === 'string').map((k) => `${k} ${db[k] as string}`)
    lines.push(`  sqlstate ${db.code}${named.length ? `; ${named.join(', ')}` : ''}`)
  }
  const statement = db[STATEMENT] ?? (typeof db.query === 'string' ? db.query : undefined)
  if (statement) lines.push(`  statement: ${statement.replace(/\s+/g, ' ').slice(0, 2000)}`)
  // The stack's first line repeats the message; the frames say nothing of the data.
  const frames = e.stack?.split('\n').filter((l) => /^\s+at /.test(l)) ?? []
  lines.push(...frames.slice(0, 15))
  if (e.cause !== undefined && depth < 3) lines.push(`  caused by ${describeError(e.cause, depth + 1)}`)
  return lines.join('\n')
}
