import type { AuditAction } from '@gridsight/contract'
import { privacy } from '@gridsight/db'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import type { AppEnv } from './context.js'

/** Where a request came from: the socket's address (none for in-process requests). */
export function clientAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null
  } catch {
    return null
  }
}

/**
 * Writes one row of the audit log for a read of personal data by the logged-in user, before the answer goes out
 * (a read that cannot be logged fails and is not served).
 */
export async function audited(c: Context<AppEnv>, action: AuditAction, subject: string, reason?: string | null): Promise<void> {
  const user = c.get('user')!
  await privacy.recordRead(c.get('db').kysely, {
    user_id: user.id, username: user.username, role: user.role, action, subject, reason: reason ?? null,
    address: clientAddress(c), user_agent: c.req.header('user-agent') ?? null,
  })
}
