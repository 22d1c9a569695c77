import { randomBytes, randomUUID } from 'node:crypto'
import bcrypt from 'bcryptjs'
import { beijingParts } from '@gridsight/contract'
import { type Db, demo, households, sensors } from '@gridsight/db'
import { CATEGORIES } from '@gridsight/geodata'

/** Reports per hour of the Beijing day at the demo's pace (busy mornings and afternoons, quiet nights). */
const HOURLY = [4, 3, 2, 2, 3, 6, 15, 30, 50, 65, 70, 65, 50, 45, 60, 65, 60, 50, 40, 35, 28, 20, 12, 6]
const LEAVES = CATEGORIES.flatMap((c) => c.children.map(([code, , , , weight]) => ({ code, weight })))
/** Share of dispatched cases the simulated departments leave alone, so some run overdue. */
const NEGLECTED = 0.12

export interface SimulatorOptions { baseUrl: string; tickMs?: number; random?: () => number }

/**
 * Demo life: files reports across the district through the public HTTP API, at the rhythm of the day and
 * with the category mix of the history, and moves open cases through the workflow as the dispatcher and the
 * departments would. Uses its own accounts (sim-*), created on first start.
 */
export class Simulator {
  private timer: NodeJS.Timeout | undefined
  private tokens = new Map<string, string>()
  private cells: { lon: number; lat: number; w: number }[] = []
  private totalWeight = 0
  /** The alerts its own device alarms raised: the only alerts it touches. */
  private ownAlerts = new Set<number>()
  private readonly random: () => number
  private busy = false

  constructor(private readonly db: Db, private readonly o: SimulatorOptions) {
    this.random = o.random ?? Math.random
  }

  async start(): Promise<void> {
    const password = randomBytes(18).toString('base64url')
    const hash = await bcrypt.hash(password, 8)
    // One account per department (they act only on their own cases) and one intake desk.
    const users = await demo.ensureSimulatorAccounts(this.db.kysely, hash)
    for (const u of users) {
      const res = await this.post('/api/auth/login', null, { username: u.username, password })
      this.tokens.set(u.department_code ?? 'desk', (res as { token: string }).token)
    }
    const cells = await households.householdDensity(this.db.kysely, 0.01)
    this.cells = Array.from(cells.lon, (lon, i) => ({ lon, lat: cells.lat[i]!, w: cells.count[i]! }))
    this.totalWeight = this.cells.reduce((a, c) => a + c.w, 0)
    this.timer = setInterval(() => { void this.tick() }, this.o.tickMs ?? 10_000)
  }

  stop(): void {
    clearInterval(this.timer)
  }

  /** One step: maybe a new report (by the hour's rate), and a few cases moved along. */
  async tick(): Promise<void> {
    if (this.busy || !this.cells.length) return
    this.busy = true
    try {
      const hour = beijingParts(Date.now()).hour
      const perTick = (HOURLY[hour]! * (this.o.tickMs ?? 10_000)) / 3_600_000
      if (this.random() < perTick) await this.report()
      // About one device alarm an hour across the district.
      if (this.random() < (this.o.tickMs ?? 10_000) / 3_600_000) await this.alarm()
      await this.advance()
      await this.handleAlerts()
    } catch (e) {
      console.warn(`simulator: ${(e as Error).message}`)
    } finally {
      this.busy = false
    }
  }

  async report(): Promise<void> {
    let r = this.random() * this.totalWeight
    const cell = this.cells.find((c) => (r -= c.w) <= 0) ?? this.cells[0]!
    let k = this.random() * LEAVES.reduce((a, l) => a + l.weight, 0)
    const category = LEAVES.find((l) => (k -= l.weight) <= 0) ?? LEAVES[0]!
    await this.post('/api/incidents', 'desk', {
      client_id: randomUUID(), category_code: category.code, description: '12345热线转办：群众反映，请核实处置。',
      lon: cell.lon + (this.random() - 0.5) * 0.004, lat: cell.lat + (this.random() - 0.5) * 0.004,
      people_involved: category.code.startsWith('collective.') ? 10 + Math.floor(this.random() * 60) : 1 + Math.floor(this.random() * 3),
    }).catch(() => { /* outside the outline near the border: skip */ })
  }

  /** A demo device raises an alarm through the device feed (its demo key). */
  async alarm(): Promise<{ sensor: string; alert: { id: number } | null } | null> {
    // Only the generated demo devices (their keys are derivable); devices registered by people have secret keys.
    const id = await demo.randomDemoSensor(this.db.kysely)
    if (!id) return null
    const res = await this.post(`/api/sensors/${id}/events`, null, { type: 'alarm' }, { 'x-device-key': sensors.demoSensorKey(id) }).catch(() => null)
    const alert = (res as { alert: { id: number } | null } | null)?.alert ?? null
    if (alert) this.ownAlerts.add(alert.id)
    return { sensor: id, alert }
  }

  /** The simulated duty desk signs for its own alarms' alerts after five minutes and closes them two hours later. */
  async handleAlerts(): Promise<void> {
    if (!this.ownAlerts.size) return
    for (const a of await demo.alertsDueForDesk(this.db.kysely, [...this.ownAlerts])) {
      await this.post(`/api/alerts/${a.id}/${a.status === 'raised' ? 'acknowledge' : 'close'}`, 'desk', { note: a.status === 'raised' ? undefined : '模拟：已核实处置' }).catch(() => {})
    }
  }

  async advance(): Promise<void> {
    for (const c of await demo.casesToAdvance(this.db.kysely)) {
      const step: Record<string, [string, string] | undefined> = {
        reported: ['desk', 'accept'], accepted: ['desk', 'dispatch'], dispatched: [c.department_code ?? '', 'start'],
        handling: [c.department_code ?? '', 'feedback'], fed_back: ['desk', 'verify'], verified: ['desk', 'close'],
      }
      const s = step[c.status]
      if (!s || !this.tokens.has(s[0])) continue
      // Neglected cases (by id, so always the same ones) stay with their department and run overdue.
      if ((c.status === 'dispatched' || c.status === 'handling') && (c.id % 100) / 100 < NEGLECTED) continue
      await this.post(`/api/incidents/${c.id}/actions`, s[0], { action: s[1], version: c.version, note: '模拟处置' }).catch(() => {})
    }
  }

  private async post(path: string, who: string | null, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    const token = who ? this.tokens.get(who) : undefined
    const res = await fetch(new URL(path, this.o.baseUrl), {
      method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, body: JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${path} → ${res.status}`)
    return res.json()
  }
}
