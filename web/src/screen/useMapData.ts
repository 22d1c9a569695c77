import bbox from '@turf/bbox'
import { ancestry, parentCode } from '@gridsight/contract'
import { ref, shallowRef, watch, type Ref } from 'vue'
import { api, type InferResponseType, read, readBinary } from '../api/client'
import type { District } from '../api/config'
import type { AreaCollection } from '../api/types'
import { decodeDensity, type DensityColumns } from '../api/decode'
import { cameraIndex } from '../layers/camera-layer'
import type { BBox } from '../map/bounds'
import { levelOf, type ScreenState } from './screen-state'

type Units = InferResponseType<typeof api.units.geojson.$get>
const townsOf = (district: string) => read(api.units.geojson.$get({ query: { parent: district, z: '11' } }))

/** The codes between the district (exclusive) and the unit (inclusive). */
const ancestryBelow = (unit: string, district: string) => ancestry(unit).filter((c) => c !== district)

/**
 * The map's data: the district-wide layers once (towns, household density, cameras, places), and the
 * boundaries one level below the current unit each time it changes, with the extent to fly to.
 */
export function useMapData(state: Ref<ScreenState>, district: District) {
  const towns = shallowRef<Units>()
  const children = shallowRef<AreaCollection>()
  const density = shallowRef<DensityColumns>()
  const cameras = shallowRef<ReturnType<typeof cameraIndex>>()
  const places = shallowRef<InferResponseType<typeof api.places.$get>>()
  const extent = ref<BBox>()
  const error = ref<string | null>(null)
  const names = ref<Record<string, string>>({ [district.code]: district.name })

  async function loadStatic() {
    const [t, d, c, p] = await Promise.all([
      townsOf(district.code),
      readBinary(api.households.density.$get({ query: { cell: '0.004', bbox: district.bbox.join(',') } })),
      read(api.cameras.$get({ query: { unit: district.code } })),
      read(api.places.$get({ query: { unit: district.code } })),
    ])
    towns.value = t
    density.value = decodeDensity(d.buffer, Number(d.headers.get('x-count') ?? 0))
    cameras.value = cameraIndex(c)
    places.value = p
    for (const f of t.features) names.value[f.properties.code] = f.properties.name
  }

  let generation = 0
  async function loadLevel(unit: string) {
    const my = ++generation
    const level = levelOf(unit)
    const village = level === 'grid' ? parentCode(unit)! : unit
    const [kids, info] = await Promise.all([
      level === 'district' ? Promise.resolve(towns.value ?? townsOf(district.code))
        : level === 'town' ? read(api.units.geojson.$get({ query: { parent: unit, z: '13' } }))
        : read(api.grids.geojson.$get({ query: { village, z: '15' } })),
      // The units above the district's towns down to the unit itself (unless a grid), for names and extent.
      Promise.all(ancestryBelow(unit, district.code).filter((c) => levelOf(c) !== 'grid')
        .map((c) => read(api.units[':code'].$get({ param: { code: c } })))),
    ])
    if (my !== generation) return
    children.value = kids
    for (const u of info) names.value[u.code] = u.name
    for (const f of kids.features) names.value[f.properties.code] = f.properties.name
    if (level === 'grid') {
      const grid = kids.features.find((f) => f.properties.code === unit)
      extent.value = grid ? (bbox(grid) as BBox) : info.at(-1)?.bbox
    } else {
      extent.value = level === 'district' ? [...district.bbox] : info.at(-1)?.bbox
    }
  }

  watch(() => state.value.unit, (unit) => { loadLevel(unit).catch((e) => { error.value = (e as Error).message }) }, { immediate: true })
  loadStatic().catch((e) => { error.value = (e as Error).message })
  return { children, density, cameras, places, extent, error, names }
}
