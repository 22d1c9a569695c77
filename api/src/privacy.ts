import { type Audience, audienceOf, coarsen, type Columns, DomainError, type INCIDENT_POINTS_LAYOUT, PUBLIC_CELL_DEGREES } from '@gridsight/contract'
import { type AlertDetail, type AlertSummary, type Db, type IncidentSummary, privacy, reference, type SessionUser } from '@gridsight/db'

/**
 * Who sees what (the contract's privacy table, README "Who sees what"), applied to what the API answers: the
 * views of incidents, alerts and their evidence for each viewer. The sensitive list and the category names are
 * cached here and re-read when an administrator changes the list (and every minute, for other processes' edits).
 */
export interface Viewer {
  audience: Audience
  /** Department staff see their department's cases in full; grid workers their grid's (and their own reports). */
  department?: string | null
  grid?: string | null
  /** A town or village desk sees its unit's cases and alerts in full. */
  unit?: string | null
  userId?: number
}

export function viewerOf(user: SessionUser | undefined): Viewer {
  const audience = audienceOf(user?.role)
  if (user?.role === 'department') return { audience, department: user.department_code, userId: user.id }
  if (user?.role === 'grid_worker') return { audience, grid: user.grid_code, userId: user.id }
  if (user?.unit_code) return { audience, unit: user.unit_code, userId: user.id }
  return { audience, userId: user?.id }
}

/** A key per distinct view (the stream formats each event once per key). */
export const viewKey = (v: Viewer) => `${v.audience}:${v.department ?? ''}:${v.grid ?? ''}:${v.unit ?? ''}`

const REFRESH_MS = 60_000

export class PrivacyPolicy {
  private categories: string[] = []
  private deviceKinds: string[] = []
  private names = new Map<string, string>()
  private loadedAt = 0
  private loading: Promise<void> | null = null

  constructor(private readonly db: Db) {}

  /** Loads the list and names if stale; views are synchronous once it has been awaited. */
  async ready(): Promise<this> {
    if (Date.now() - this.loadedAt > REFRESH_MS) await (this.loading ??= this.load().finally(() => { this.loading = null }))
    return this
  }

  /** After an administrator's edit. */
  invalidate(): void {
    this.loadedAt = 0
  }

  private async load() {
    const [subjects, tree] = await Promise.all([privacy.sensitiveSubjects(this.db.kysely), reference.categoryTree(this.db.kysely)])
    this.categories = subjects.filter((s) => s.kind === 'category').map((s) => s.code)
    this.deviceKinds = subjects.filter((s) => s.kind === 'device_kind').map((s) => s.code)
    this.names = new Map(tree.flatMap((t) => [[t.code, t.name] as const, ...t.children.map((c) => [c.code, `${t.name}·${c.name}`] as const)]))
    this.loadedAt = Date.now()
  }

  isSensitiveCategory(code: string | null | undefined): boolean {
    return !!code && this.categories.some((s) => code === s || code.startsWith(`${s}.`))
  }

  isSensitiveDevice(kind: string): boolean {
    return this.deviceKinds.includes(kind)
  }

  categoryName(code: string): string {
    return this.names.get(code) ?? code
  }

  /** Whether this viewer sees this case in full (its area and role). */
  seesInFull(v: Viewer, i: { department_code: string | null; grid_code: string | null; reporter_user_id?: number | null; town_code?: string | null; village_code?: string | null }): boolean {
    if (v.audience !== 'desk') return false
    if (v.department !== undefined) return i.department_code === v.department
    if (v.unit !== undefined) return v.unit !== null && (i.town_code === v.unit || i.village_code === v.unit)
    if (v.grid !== undefined) return i.grid_code === v.grid || (i.reporter_user_id != null && i.reporter_user_id === v.userId)
    return true
  }

  /**
   * An incident as this viewer may see it; null: not at all (a sensitive case for the screens). Outside the full
   * view: the category's name for a title and the public cell for a place; leaders keep other cases' titles.
   */
  incident<T extends Pick<IncidentSummary, 'title' | 'category_code' | 'lon' | 'lat' | 'department_code' | 'grid_code'>>(v: Viewer, i: T): T | null {
    if (this.seesInFull(v, i)) return i
    const sensitive = this.isSensitiveCategory(i.category_code)
    if (sensitive && v.audience === 'public') return null
    const [lon, lat] = coarsen(i.lon, i.lat)
    return { ...i, title: v.audience === 'leader' && !sensitive ? i.title : this.categoryName(i.category_code), lon, lat }
  }

  /** Map columns outside the full view: every point moved to its public cell's centre (sensitive ones left out in SQL). */
  points(v: Viewer, cols: Columns<typeof INCIDENT_POINTS_LAYOUT>): Columns<typeof INCIDENT_POINTS_LAYOUT> {
    if (v.audience === 'desk') return cols
    for (let k = 0; k < cols.lon.length; k++) [cols.lon[k], cols.lat[k]] = coarsen(cols.lon[k]!, cols.lat[k]!)
    return cols
  }

  /** An alert outside the desks: its rule, severity and unit at the unit's label point, no evidence text or names. */
  alert<T extends AlertSummary>(v: Viewer, a: T): T {
    if (v.audience === 'desk' && (v.unit === undefined || (v.unit !== null && (a.unit_code ?? '').startsWith(v.unit)))) return a
    const title = [a.place.name ?? a.unit_name, a.rule_name, a.people >= 10 ? `${a.people}人` : null].filter(Boolean).join(' · ')
    return { ...a, title, detail: '', lon: a.place.lon, lat: a.place.lat, area: false, acknowledged_by: null, closed_by: null, close_note: null }
  }

  /** An alert's evidence outside the desks: the alert's view, the cases as the viewer may see them, devices only counted. */
  alertDetail(v: Viewer, d: AlertDetail): AlertDetail {
    if (v.audience === 'desk') return d
    const [lon, lat] = [d.alert.place.lon, d.alert.place.lat]
    return {
      alert: { ...this.alert(v, d.alert), geometry: { type: 'Point', coordinates: [lon, lat] }, device_ids: [] },
      incidents: d.incidents.map((i) => this.incident(v, i)).filter((i): i is IncidentSummary => i !== null),
      devices: [],
      log: d.log.map((l) => ({ ...l, actor: '', note: null })),
    }
  }
}

/** The smallest household cell outside the desks (degrees). */
export const minimumCell = (v: Viewer, cell: number) => (v.audience === 'desk' ? cell : Math.max(cell, PUBLIC_CELL_DEGREES))

/** Refuses a sensitive read without a reason (the client asks the person for one and sends it as ?reason=). */
export function requireReason(reason: string | undefined, what: string): string {
  if (!reason) throw new DomainError('forbidden', `${what}: reading it needs a reason (查阅理由), sent as ?reason=`, 'reason_required')
  return reason
}
