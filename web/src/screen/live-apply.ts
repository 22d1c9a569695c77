import { codeLevel, isWithin } from '@gridsight/contract'
import type { IncidentColumns } from '../api/decode'
import { statusClassOf } from '../cases/case-status'
import type { LiveIncident } from '../live/useLiveFeed'

/** Whether an incident belongs to the unit (district/town/village/grid code) and window on screen. */
export function inScope(i: LiveIncident, unit: string, from: Date, to: Date): boolean {
  // The incident's deepest unit code lies within the unit on screen, whatever its level.
  const t = new Date(i.reported_at).getTime()
  return codeLevel(unit) !== null && isWithin(i.grid_code ?? i.village_code ?? i.town_code, unit) && t >= from.getTime() && t < to.getTime()
}

/**
 * The map's incident columns with one incident added or updated: new arrays (deck.gl sees new data for
 * this one layer), the rest of the screen untouched.
 */
export function upsertPoint(d: IncidentColumns, i: LiveIncident): IncidentColumns {
  const at = d.ids.indexOf(i.id)
  if (at >= 0) {
    const statusClass = d.statusClass.slice()
    const priority = d.priority.slice()
    statusClass[at] = statusClassOf(i)
    priority[at] = i.priority
    return { ...d, statusClass, priority }
  }
  const n = d.length + 1
  const ids = new Uint32Array(n)
  ids.set(d.ids)
  ids[n - 1] = i.id
  const positions = new Float32Array(n * 2)
  positions.set(d.positions)
  positions.set([i.lon, i.lat], (n - 1) * 2)
  const statusClass = new Uint8Array(n)
  statusClass.set(d.statusClass)
  statusClass[n - 1] = statusClassOf(i)
  const priority = new Uint8Array(n)
  priority.set(d.priority)
  priority[n - 1] = i.priority
  return { length: n, ids, positions, statusClass, priority }
}
