import bbox from '@turf/bbox'
import type { FeatureCollection, Point } from 'geojson'
import { ref, shallowRef, watch, type Ref } from 'vue'
import { getBinary, getJson } from '../api/client'
import { decodeDensity, type DensityColumns } from '../api/decode'
import type { UnitCollection } from '../api/types'
import { cameraIndex, type CameraProps } from '../layers/camera-layer'
import type { PlaceProps } from '../layers/place-layer'
import { type BBox, DISTRICT_BOUNDS } from '../map/bounds'
import { levelOf, type ScreenState } from './screen-state'

/**
 * The map's data: the district-wide layers once (towns, household density, cameras, places), and the
 * boundaries one level below the current unit each time it changes, with the extent to fly to.
 */
export function useMapData(state: Ref<ScreenState>) {
  const towns = shallowRef<UnitCollection>()
  const children = shallowRef<UnitCollection>()
  const density = shallowRef<DensityColumns>()
  const cameras = shallowRef<ReturnType<typeof cameraIndex>>()
  const places = shallowRef<FeatureCollection<Point, PlaceProps>>()
  const extent = ref<BBox>()
  const error = ref<string | null>(null)
  const names = ref<Record<string, string>>({ '500117': '合川区' })

  async function loadStatic() {
    const [t, d, c, p] = await Promise.all([
      getJson<UnitCollection>('/api/units/geojson?level=town&z=11'),
      getBinary('/api/households/density?cell=0.004'),
      getJson<FeatureCollection<Point, CameraProps>>('/api/cameras'),
      getJson<FeatureCollection<Point, PlaceProps>>('/api/places'),
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
    const village = level === 'grid' ? unit.slice(0, 12) : unit
    const [kids, info] = await Promise.all([
      level === 'district' ? Promise.resolve(towns.value ?? getJson<UnitCollection>('/api/units/geojson?level=town&z=11'))
        : level === 'town' ? getJson<UnitCollection>(`/api/units/geojson?parent=${unit}&z=13`)
        : getJson<UnitCollection>(`/api/grids/geojson?village=${village}&z=15`),
      // The units above (and the unit itself, unless a grid) for names and extent.
      Promise.all([unit.slice(0, 9), unit.slice(0, 12)].filter((c, i) => unit.length >= [9, 12][i]!)
        .map((c) => getJson<{ code: string; name: string; bbox: BBox }>(`/api/units/${c}`))),
    ])
    if (my !== generation) return
    children.value = kids
    for (const u of info) names.value[u.code] = u.name
    for (const f of kids.features) names.value[f.properties.code] = f.properties.name
    if (level === 'grid') {
      const grid = kids.features.find((f) => f.properties.code === unit)
      extent.value = grid ? (bbox(grid) as BBox) : info.at(-1)?.bbox
    } else {
      extent.value = level === 'district' ? [...DISTRICT_BOUNDS] : info.at(-1)?.bbox
    }
  }

  watch(() => state.value.unit, (unit) => { loadLevel(unit).catch((e) => { error.value = (e as Error).message }) }, { immediate: true })
  loadStatic().catch((e) => { error.value = (e as Error).message })
  return { children, density, cameras, places, extent, error, names }
}
