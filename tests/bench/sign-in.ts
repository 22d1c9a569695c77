/**
 * Sign-in timing (issue 10): does the time of a failed login tell whether the name exists? Logins in-process, one at
 * a time, alternating: an existing name with a wrong password, a name that does not exist, the right password; then,
 * with the name locked, the locked answer for an existing and a missing name. Before the fix an unknown name was
 * compared against a malformed hash (bcrypt gives up at once): that comparison is timed too, for the record.
 *   npm run bench -- sign-in                          # embedded database (a temporary one)
 *   DATABASE_URL=postgres://… npm run bench -- sign-in # a real PostGIS server (its own rows, removed after)
 *   ROUNDS=100 …
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { createApp } from '@gridsight/api'
import { SIGN_IN_DEFAULTS } from '@gridsight/api/sign-in-settings'
import { migrateToLatest, openDb, readDbConfig, repoRoot } from '@gridsight/db'

// bcryptjs is the API's dependency; the benchmark hashes its user's password the same way.
const bcrypt = createRequire(join(repoRoot, 'api/package.json'))('bcryptjs') as { hash(s: string, cost: number): Promise<string>; compare(s: string, hash: string): Promise<boolean> }
const ROUNDS = Number(process.env.ROUNDS ?? 40)

const config = readDbConfig()
const dir = config.databaseUrl ? null : mkdtempSync(join(tmpdir(), 'gridsight-bench-sign-in-'))
const db = await openDb(dir ? { databaseUrl: null, dataDir: dir } : config)
await migrateToLatest(db.kysely)
const suffix = Date.now().toString(36)
const [known, missing, password] = [`bench_${suffix}`, `nobody_${suffix}`, 'correct horse battery']
await sql`insert into app_user (username, display_name, role, password_hash) values (${known}, '基准测试', 'dispatcher', ${await bcrypt.hash(password, 10)})`.execute(db.kysely)

const timed = async (app: ReturnType<typeof createApp>, username: string, pw: string) => {
  const t = performance.now()
  const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: pw }) })
  await res.arrayBuffer()
  return { ms: performance.now() - t, status: res.status }
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!
  return { median_ms: +q(0.5).toFixed(1), p90_ms: +q(0.9).toFixed(1), min_ms: +s[0]!.toFixed(1), max_ms: +s[s.length - 1]!.toFixed(1) }
}

try {
  const open = createApp(db, undefined, undefined, undefined, { ...SIGN_IN_DEFAULTS, accountLimit: 1000, addressLimit: 1_000_000 })
  const series: Record<string, { ms: number[]; statuses: Set<number> }> = {}
  const add = (name: string, r: { ms: number; status: number }) => {
    const s = (series[name] ??= { ms: [], statuses: new Set() })
    s.ms.push(r.ms)
    s.statuses.add(r.status)
  }
  await timed(open, known, 'warm-up')
  for (let i = 0; i < ROUNDS; i++) {
    add('existing name, wrong password', await timed(open, known, `wrong-${i}`))
    add('name that does not exist', await timed(open, missing, `wrong-${i}`))
    add('right password', await timed(open, known, password))
  }
  const strict = createApp(db, undefined, undefined, undefined, { ...SIGN_IN_DEFAULTS, accountLimit: 1 })
  await timed(strict, known, 'lock it')
  await timed(strict, missing, 'lock it')
  for (let i = 0; i < ROUNDS; i++) {
    add('locked, existing name', await timed(strict, known, password))
    add('locked, name that does not exist', await timed(strict, missing, password))
  }
  const malformed: number[] = []
  const real = await bcrypt.hash('whatever', 10)
  const realMs: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now()
    await bcrypt.compare('x', '$2b$10$invalidinvalidinvalidinvalidinvalidinvalidinvalidinvali').catch(() => false)
    malformed.push(performance.now() - t)
    t = performance.now()
    await bcrypt.compare('x', real)
    realMs.push(performance.now() - t)
  }
  const table = Object.fromEntries(Object.entries(series).map(([k, v]) => [k, { ...stats(v.ms), statuses: [...v.statuses].join('/') }]))
  const wrong = table['existing name, wrong password']!.median_ms
  const unknown = table['name that does not exist']!.median_ms
  console.log(JSON.stringify({
    engine: db.mode, cores: cpus().length, rounds: ROUNDS,
    logins: table,
    unknown_over_wrong_password: +(unknown / wrong).toFixed(3),
    locked_missing_over_locked_existing: +(table['locked, name that does not exist']!.median_ms / table['locked, existing name']!.median_ms).toFixed(3),
    before_the_fix: { 'bcrypt against the malformed stand-in hash': stats(malformed), 'bcrypt against a real cost-10 hash': stats(realMs) },
  }, null, 2))
} finally {
  await sql`delete from login_failure where username in (${known}, ${missing})`.execute(db.kysely)
  await sql`delete from login_lock where username in (${known}, ${missing})`.execute(db.kysely)
  await sql`delete from app_user where username = ${known}`.execute(db.kysely)
  await db.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
}
