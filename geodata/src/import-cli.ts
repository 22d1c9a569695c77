import { readFileSync } from 'node:fs'
import { migrateToLatest, openDb, readDbConfig } from '@gridsight/db'
import { importBoundaries } from './importers/boundaries.js'

// Usage: pnpm --filter @gridsight/geodata import <town|village|grid> <file.geojson>
// Imports a district's own boundaries into the configured database (DATABASE_URL or the embedded one).
const [level, file] = process.argv.slice(2)
if (!['town', 'village', 'grid'].includes(level ?? '') || !file) {
  console.error('usage: import <town|village|grid> <file.geojson>')
  process.exit(2)
}
const db = await openDb(readDbConfig())
try {
  await migrateToLatest(db.kysely)
  const report = await importBoundaries(db.kysely, level as 'town', JSON.parse(readFileSync(file, 'utf8')))
  if (report.ok) console.log(`imported ${report.inserted} new and ${report.updated} updated ${level} boundaries`)
  else {
    console.error(`nothing imported: ${report.problems.length} problem(s)`)
    for (const p of report.problems) console.error(`  feature ${p.feature}${p.code ? ` (${p.code})` : ''}: ${p.message}`)
    process.exitCode = 1
  }
} finally {
  await db.close()
}
