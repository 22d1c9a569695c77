import { existsSync, readdirSync, readFileSync } from 'node:fs'

/**
 * A district's data set: one folder per district under geodata/data/districts/<6-digit code>/ with
 * outline.geojson (WGS-84), facts.json and SOURCES.md. Unknown facts are null, never guessed here.
 */
export const DISTRICTS_DIR = new URL('../../data/districts/', import.meta.url)

export interface DistrictFact {
  code: string
  name: string
  /** The province or municipality, e.g. 重庆市 (full names are parent + name). */
  parent: string
  area_km2: number | null
  population: { value: number } | null
  /** The local power supply company's name, when a source gives it. */
  power_company?: string | null
}

export interface TownFact {
  code: string
  name: string
  type: '街道' | '镇' | '乡'
  /** Centre (WGS-84), when a source gives one; approx marks derived ones (a measured centre stays fixed). */
  lat: number | null
  lon: number | null
  approx: boolean | null
  area_km2: number | null
  population: { value: number } | null
}

export interface VillageFact {
  /** 12-digit statistical division code. */
  code: string
  name: string
  full_name: string
  town_code: string
  kind: '社区' | '村'
}

/** A named place of the district (news items, seeds); unit is the town it belongs to, when known. */
export interface PlaceFact {
  name: string
  unit: string | null
}

export interface DistrictData {
  district: DistrictFact
  towns: TownFact[]
  villages: VillageFact[]
  places: PlaceFact[]
  /** The outline's geometry as GeoJSON text. */
  outline: string
}

const cache = new Map<string, DistrictData>()

/** The codes of the districts that have a data set, in code order. */
export function availableDistricts(): string[] {
  return readdirSync(DISTRICTS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^[0-9]{6}$/.test(e.name) && existsSync(new URL(`${e.name}/facts.json`, DISTRICTS_DIR)))
    .map((e) => e.name).sort()
}

/** Reads (once per process) the data set of a district; throws, naming the available ones, when it has none. */
export function loadDistrict(code: string): DistrictData {
  const known = cache.get(code)
  if (known) return known
  const dir = new URL(`${code}/`, DISTRICTS_DIR)
  if (!/^[0-9]{6}$/.test(code) || !existsSync(new URL('facts.json', dir))) {
    throw new Error(`no data set for district "${code}" in geodata/data/districts (available: ${availableDistricts().join(', ')})`)
  }
  const facts = JSON.parse(readFileSync(new URL('facts.json', dir), 'utf8'))
  const outline = JSON.parse(readFileSync(new URL('outline.geojson', dir), 'utf8'))
  const data: DistrictData = {
    district: facts.district,
    towns: facts.towns,
    villages: facts.villages,
    places: facts.places ?? [],
    outline: JSON.stringify(outline.features[0].geometry),
  }
  cache.set(code, data)
  return data
}
