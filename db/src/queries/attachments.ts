import { type Kysely, sql } from 'kysely'
import type { Database } from '../schema.js'

/** A photo already checked and re-encoded by the API (JPEG, EXIF removed), at display and thumbnail size. */
export interface ProcessedPhoto { full: Buffer; thumb: Buffer; width: number; height: number; original_bytes: number }

export async function insertPhotos(trx: Kysely<Database>, owner: number | { task: number }, logId: number | null, photos: ProcessedPhoto[], userId: number): Promise<void> {
  for (const p of photos) {
    await trx.insertInto('attachment').values({
      incident_id: typeof owner === 'number' ? owner : null, task_id: typeof owner === 'number' ? null : owner.task, log_id: logId, content_type: 'image/jpeg', width: p.width, height: p.height,
      original_bytes: p.original_bytes, full_data: p.full, thumb_data: p.thumb, uploaded_by: userId,
    }).execute()
  }
}

/** A photo's bytes at one size, with the case it belongs to (whose access rules apply). */
export async function photo(db: Kysely<Database>, id: number, size: 'thumb' | 'full'): Promise<{ incident_id: number | null; task_id: number | null; data: Uint8Array } | null> {
  const r = await sql<{ incident_id: number | null; task_id: number | null; data: Uint8Array }>`
    select incident_id::int as incident_id, task_id, ${sql.raw(size === 'thumb' ? 'thumb_data' : 'full_data')} as data from attachment where id = ${id}`.execute(db)
  return r.rows[0] ?? null
}
