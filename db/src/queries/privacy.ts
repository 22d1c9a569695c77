import { type Kysely, sql } from 'kysely'
import type { AuditAction, SensitiveKind } from '@gridsight/contract'
import type { Database } from '../schema.js'

/**
 * The sensitive subjects (README "Who sees what") and the one audit log of reads of personal data.
 */

export interface SensitiveSubject { kind: SensitiveKind; code: string; label: string }

export async function sensitiveSubjects(db: Kysely<Database>): Promise<SensitiveSubject[]> {
  return db.selectFrom('sensitive_subject').select(['kind', 'code', 'label']).orderBy('kind').orderBy('code').execute()
}

/** Replaces the whole list (an administrator's edit), in one transaction. */
export async function replaceSensitiveSubjects(db: Kysely<Database>, items: SensitiveSubject[]): Promise<SensitiveSubject[]> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sensitive_subject').execute()
    if (items.length) await trx.insertInto('sensitive_subject').values(items).execute()
  })
  return sensitiveSubjects(db)
}

/** SQL: whether the category code of alias i's incident is sensitive (a listed code or one of its children). */
export const sensitiveCategorySql = (alias: string) => sql`exists (select 1 from sensitive_subject s where s.kind = 'category'
  and (${sql.ref(`${alias}.category_code`)} = s.code or ${sql.ref(`${alias}.category_code`)} like s.code || '.%'))`

export interface AuditEntry {
  user_id: number | null; username: string; role: string; action: AuditAction; subject: string
  reason?: string | null; address?: string | null; user_agent?: string | null
}

/** Records a read before its answer goes out: a read that cannot be logged is not served. */
export async function recordRead(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values({ ...e, reason: e.reason ?? null, address: e.address ?? null, user_agent: e.user_agent?.slice(0, 300) ?? null }).execute()
}

/** Whether the user gave a reason for reading this subject within the last hours (photos of a sensitive case). */
export async function hasRecentReason(db: Kysely<Database>, username: string, subject: string, hours = 4): Promise<string | null> {
  const r = await sql<{ reason: string }>`select reason from audit_log where username = ${username} and subject = ${subject} and reason is not null
    and at > now() - ${hours}::int * interval '1 hour' order by at desc limit 1`.execute(db)
  return r.rows[0]?.reason ?? null
}

export interface AuditFilter { username?: string; action?: AuditAction; subject?: string; from?: Date; to?: Date; page: number; pageSize: number }

export interface AuditRow { id: number; at: Date; username: string; role: string; action: AuditAction; subject: string; reason: string | null; address: string | null; user_agent: string | null }

/** A page of the audit log, newest first, with the total. */
export async function auditLog(db: Kysely<Database>, f: AuditFilter): Promise<{ items: AuditRow[]; total: number }> {
  let q = db.selectFrom('audit_log')
  if (f.username) q = q.where('username', '=', f.username)
  if (f.action) q = q.where('action', '=', f.action)
  if (f.subject) q = q.where('subject', '=', f.subject)
  if (f.from) q = q.where('at', '>=', f.from)
  if (f.to) q = q.where('at', '<', f.to)
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const items = await q.select(['id', 'at', 'username', 'role', 'action', 'subject', 'reason', 'address', 'user_agent'])
    .orderBy('at', 'desc').orderBy('id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute()
  return { items: items.map((r) => ({ ...r, id: Number(r.id), action: r.action as AuditAction })), total: Number(total.n) }
}
