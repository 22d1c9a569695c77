import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { repoRoot } from '@gridsight/db'
import { DEMO_PASSWORD } from '@gridsight/geodata'

/** The API as `npm start` runs it (api/src/server.ts under tsx), in its own process. */
export interface ApiProcess {
  /** http://localhost:port/ */
  url: string
  child: ChildProcess
  /** Everything the process printed so far. */
  output(): string
  /** CPU seconds the process has used so far (user + system, from /proc). */
  cpuSeconds(): number
  /** Sends a signal (SIGTERM by default) and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<void>
}

/**
 * Starts api/src/server.ts of `root` (this checkout by default; another checkout measures a "before") with env on top
 * of this process's, simulator off, and resolves once it prints that it is ready.
 */
export function startApi(env: Record<string, string | undefined> = {}, o: { root?: string; timeoutMs?: number } = {}): Promise<ApiProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/server.ts'], {
    cwd: o.root ?? repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', GRIDSIGHT_SIMULATOR: 'off', GRIDSIGHT_WEB_DIST: '/nonexistent', GRIDSIGHT_PUBLIC_WALL: 'on', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr!.on('data', (d: Buffer) => { out += d.toString() })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API did not start within ${o.timeoutMs ?? 600_000} ms: ${out}`)), o.timeoutMs ?? 600_000)
    const onData = () => {
      const m = out.match(/is ready in [0-9.]+ s: (\S+)/)
      if (!m) return
      clearTimeout(timer)
      child.stdout!.off('data', onData)
      resolve({
        url: m[1]!,
        child,
        output: () => out,
        cpuSeconds: () => {
          const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
          return (Number(f[11]) + Number(f[12])) / 100
        },
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal)
          await exited
        },
      })
    }
    child.stdout!.on('data', onData)
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the API exited (${code}): ${out}`)) })
  })
}

/** A demo user's bearer token. */
export async function tokenOf(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) })
  if (!res.ok) throw new Error(`login as ${username}: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { token: string }).token
}

/** Village label points of the district: report positions inside it. */
export async function villagePoints(base: string, token: string): Promise<[number, number][]> {
  const units = (await (await fetch(`${base}api/units?level=village`, { headers: { authorization: `Bearer ${token}` } })).json()) as { label: [number, number] }[]
  return units.map((u) => u.label)
}

export const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN
