#!/usr/bin/env node
// The README's commands: `npm start` and `npm test` on a machine with only Node and npm.
// Installs the workspace with pnpm (fetched by npx, nothing global), builds the web app, then runs the task.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const PNPM = ['--yes', 'pnpm@10.34.9']

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
const pnpm = (...args) => run('npx', [...PNPM, ...args])
const bin = (name) => join(root, 'node_modules/.bin', name)

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

function install() {
  console.log('GridSight: installing packages (pnpm) …')
  pnpm('install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent')
}

function buildWeb() {
  const dist = join(root, 'web/dist/index.html')
  if (existsSync(dist) && statSync(dist).mtimeMs > newestMtime(join(root, 'web'))) return
  console.log('GridSight: building the web app …')
  pnpm('--filter', '@gridsight/web', 'build')
}

const task = process.argv[2]
install()
switch (task) {
  case 'start':
    buildWeb()
    // The demo: the demo actor on, unless told otherwise, and on the embedded database only ('demo' is never on with
    // DATABASE_URL; GRIDSIGHT_SIMULATOR=on there turns it on explicitly).
    run(bin('tsx'), ['api/src/server.ts'], { env: { ...process.env, GRIDSIGHT_SIMULATOR: process.env.GRIDSIGHT_SIMULATOR ?? 'demo' } })
    break
  case 'test':
    pnpm('-r', 'typecheck')
    buildWeb()
    run(bin('vitest'), ['run', ...process.argv.slice(3)])
    break
  case 'typecheck':
    pnpm('-r', '--no-bail', 'typecheck')
    break
  case 'bench': {
    // npm run bench [-- tiles|screen|live|alerts|stats|isolation|kill|soak]: the first five by default.
    buildWeb()
    const which = process.argv[3] ? [process.argv[3]] : ['tiles', 'screen', 'live', 'alerts', 'stats']
    for (const b of which) run(bin('tsx'), [`tests/bench/${b}.ts`])
    break
  }
  default:
    console.error('usage: node scripts/run.mjs start|test|typecheck|bench')
    process.exit(2)
}
