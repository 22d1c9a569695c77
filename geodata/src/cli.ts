import { migrateToLatest, openDb, readDbConfig } from '@gridsight/db'
import { defaultOptions, generateAll, hasDemoData } from './generate.js'
import { terminalProgress } from './progress.js'

// Usage: tsx geodata/src/cli.ts [--district 500151] [--scale 0.05] [--seed N] [--force]
// --district: a data set of data/districts/ (default: Hechuan).
const args = process.argv.slice(2)
const arg = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined }
const db = await openDb(readDbConfig())
try {
  await migrateToLatest(db.kysely)
  if ((await hasDemoData(db.kysely)) && !args.includes('--force')) {
    console.log('demo data already present (use --force on an empty database to regenerate)')
  } else {
    const t = Date.now()
    const defaults = defaultOptions()
    const options = defaultOptions({ district: arg('--district') ?? defaults.district, scale: Number(arg('--scale') ?? 1), seed: Number(arg('--seed') ?? defaults.seed) })
    const counts = await generateAll(db.kysely, options, terminalProgress())
    console.log(JSON.stringify({ seconds: (Date.now() - t) / 1000, counts }))
  }
} finally {
  await db.close()
}
