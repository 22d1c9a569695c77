import { DomainError } from '@gridsight/contract'
import { type Db, units } from '@gridsight/db'

export type DistrictSummary = Awaited<ReturnType<typeof units.districts>>[number]

/**
 * The district this deployment shows by default: the configured one (GRIDSIGHT_DISTRICT), or the first in the
 * database. Read once it exists (a first start may still be loading its data).
 */
export function defaultDistrict(db: Db, configured: string | null): () => Promise<DistrictSummary> {
  let found: DistrictSummary | null = null
  return async () => {
    if (found) return found
    const all = await units.districts(db.kysely)
    const d = configured ? all.find((x) => x.code === configured) : all[0]
    if (!d) throw new DomainError('not_found', configured ? `district ${configured} is not in the database` : 'no district has been loaded yet', 'unknown_unit')
    return (found = d)
  }
}
