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
/** Who acts: the intake desk, or a department by its code. */
type Who = 'desk' | (string & {})

export interface SimulatorOptions { baseUrl: string; tickMs?: number; random?: () => number }

/**
 * The demo actor: files reports across the district through the public HTTP API, at the rhythm of the day and with the
 * category mix of the history, raises demo devices' alarms, and moves its own cases and alerts along as the desk and the
 * departments would. It acts as its own accounts (app_user.demo_actor, created only with a demo data set), so what it
 * files is marked simulated; it picks only simulated cases and alerts, and the API refuses its accounts any other.
 */
export class Simulator {
  private timer: NodeJS.Timeout | undefined
  private accounts = new Map<Who, string>()
  private tokens = new Map<Who, string>()
  private cells: { lon: number; lat: number; w: number }[] = []
  private totalWeight = 0
  private readonly random: () => number
  private busy = false

  constructor(private readonly db: Db, private readonly o: SimulatorOptions) {
    this.random = o.random ?? Math.random
  }

  /** Whether this database has a demo actor to run (a demo data set with its accounts). */
  static async available(db: Db): Promise<boolean> {
    return (await demo.demoActorAccounts(db.kysely)).length > 0
  }

  async start(): Promise<void> {
    const accounts = await demo.demoActorAccounts(this.db.kysely)
    if (!accounts.length) throw new Error('this database holds no demo data set: the demo actor has no accounts')
    for (const a of accounts) this.accounts.set(a.role === 'department' ? a.department_code ?? a.username : 'desk', a.username)
    const cells = await households.householdDensity(this.db.kysely, 0.01)
    this.cells = Array.from(cells.lon, (lon, i) => ({ lon, lat: cells.lat[i]!, w: cells.count[i]! }))
    this.totalWeight = this.cells.reduce((a, c) => a + c.w, 0)
    this.timer = setInterval(() => { void this.tick() }, this.o.tickMs ?? 10_000)
  }

  stop(): void {
    clearInterval(this.timer)
  }

  /** One step: maybe a new report (by the hour's rate), maybe a device alarm, and a few of its cases and alerts moved along. */
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
      console.warn(`demo actor: ${(e as Error).message}`)
    } finally {
      this.busy = false
    }
  }

  /** Files one report as its intake desk; the answer is the case (simulated), or null when it fell outside the district. */
  async report(): Promise<{ id: number; simulated: boolean } | null> {
    let r = this.random() * this.totalWeight
    const cell = this.cells.find((c) => (r -= c.w) <= 0) ?? this.cells[0]!
    let k = this.random() * LEAVES.reduce((a, l) => a + l.weight, 0)
    const category = LEAVES.find((l) => (k -= l.weight) <= 0) ?? LEAVES[0]!
    const res = await this.post('/api/incidents', 'desk', {
      client_id: randomUUID(), category_code: category.code, description: '12345热线转办（演示数据）：群众反映，请核实处置。',
      lon: cell.lon + (this.random() - 0.5) * 0.004, lat: cell.lat + (this.random() - 0.5) * 0.004,
      people_involved: category.code.startsWith('collective.') ? 10 + Math.floor(this.random() * 60) : 1 + Math.floor(this.random() * 3),
    }).catch(() => null) // outside the outline near the border: skip
    return res as { id: number; simulated: boolean } | null
  }

  /** A demo device raises an alarm through the device feed, with its demo key (demo data sets only). */
  async alarm(): Promise<{ sensor: string; alert: { id: number; simulated: boolean } | null } | null> {
    const id = await demo.randomDemoSensor(this.db.kysely)
    if (!id) return null
    const res = await this.post(`/api/sensors/${id}/events`, null, { type: 'alarm' }, { 'x-device-key': sensors.demoSensorKey(id) }).catch(() => null)
    return { sensor: id, alert: (res as { alert: { id: number; simulated: boolean } | null } | null)?.alert ?? null }
  }

  /** Its duty desk signs for its own alerts after five minutes and closes them two hours later. */
  async handleAlerts(): Promise<void> {
    for (const a of await demo.alertsDueForDesk(this.db.kysely)) {
      const close = a.status !== 'raised'
      await this.post(`/api/alerts/${a.id}/${close ? 'close' : 'acknowledge'}`, 'desk', { version: a.version, ...(close ? { note: '演示：已核实处置' } : {}) }).catch(() => {})
    }
  }

  /** A few of its own open cases one step further: accepted, registered and dispatched by its desk, handled by its departments. */
  async advance(): Promise<void> {
    for (const c of await demo.casesToAdvance(this.db.kysely)) {
      const step: Record<string, [Who, string] | undefined> = {
        reported: ['desk', 'accept'], accepted: ['desk', 'register'], registered: ['desk', 'dispatch'], dispatched: [c.department_code ?? '', 'start'],
        handling: [c.department_code ?? '', 'feedback'], fed_back: ['desk', 'verify'], verified: ['desk', 'close'],
      }
      const s = step[c.status]
      if (!s || !this.accounts.has(s[0])) continue
      // Neglected cases (by id, so always the same ones) stay with their department and run overdue.
      if ((c.status === 'dispatched' || c.status === 'handling') && (c.id % 100) / 100 < NEGLECTED) continue
      await this.post(`/api/incidents/${c.id}/actions`, s[0], { action: s[1], version: c.version, note: '演示处置' }).catch(() => {})
    }
  }

  /**
   * Signs one of its accounts in: a fresh random password (nobody else knows it) set just before the login. Sessions
   * end (a desk's lasts a working day), so a 401 signs in again.
   */
  private async signIn(who: Who): Promise<string> {
    const username = this.accounts.get(who)
    if (!username) throw new Error(`the demo actor has no account for ${who}`)
    const password = randomBytes(18).toString('base64url')
    if (!(await demo.setDemoActorPassword(this.db.kysely, username, await bcrypt.hash(password, 8)))) throw new Error(`${username} is not a demo actor account`)
    const res = await this.request('/api/auth/login', { username, password })
    if (!res.ok) throw new Error(`sign-in of ${username} → ${res.status}`)
    const token = ((await res.json()) as { token: string }).token
    this.tokens.set(who, token)
    return token
  }

  private async post(path: string, who: Who | null, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    let res = await this.request(path, body, headers, who ? this.tokens.get(who) ?? await this.signIn(who) : undefined)
    if (res.status === 401 && who) res = await this.request(path, body, headers, await this.signIn(who))
    if (!res.ok) throw new Error(`${path} → ${res.status}`)
    return res.json()
  }

  private request(path: string, body: unknown, headers: Record<string, string> = {}, token?: string): Promise<Response> {
    return fetch(new URL(path, this.o.baseUrl), {
      method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, body: JSON.stringify(body),
    })
  }
}
