import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { migrateToLatest, openDb, readDbConfig } from '@gridsight/db'
import { type BoundaryLevel, importBoundaries } from './importers/boundaries.js'

// Usage: pnpm --filter @gridsight/geodata run import <district|town|village|grid> <file.geojson>
// (`run`: pnpm has an `import` command of its own; the file is found from where pnpm was started.)
// Imports a district's own boundaries into the configured database (DATABASE_URL or the embedded one):
// its outline first (code: 6 digits), then towns (9), villages (12), grids (15).
const LEVELS: BoundaryLevel[] = ['district', 'town', 'village', 'grid']
const [level, file] = process.argv.slice(2)
if (!LEVELS.includes(level as BoundaryLevel) || !file) {
  console.error('usage: import <district|town|village|grid> <file.geojson>')
  process.exit(2)
}
const db = await openDb(readDbConfig())
try {
  await migrateToLatest(db.kysely)
  const report = await importBoundaries(db.kysely, level as BoundaryLevel, JSON.parse(readFileSync(resolve(process.env.INIT_CWD ?? '.', file), 'utf8')))
  if (report.ok) console.log(`imported ${report.inserted} new and ${report.updated} updated ${level} boundaries`)
  else {
    console.error(`nothing imported: ${report.problems.length} problem(s)`)
    for (const p of report.problems) console.error(`  feature ${p.feature}${p.code ? ` (${p.code})` : ''}: ${p.message}`)
    process.exitCode = 1
  }
} finally {
  await db.close()
}
