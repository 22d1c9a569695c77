import { describe, expect, it } from 'vitest'
import type { AreaCollection } from '../api/types'
import { cameraIndex } from './camera-layer'
import { incidentAttributes } from './incident-layers'
import { defaultLayerState, LAYERS, type LayerId, wallLayers, type WallScene } from './registry'

const unit = {
  type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[106.2, 29.9], [106.3, 29.9], [106.3, 30], [106.2, 29.9]]] },
  properties: { code: '500117001', name: '合阳城街道', level: 'town', kind: 'street', parent_code: '500117', population: 1, households: 12345, area_km2: 1, label: [106.25, 29.95] },
}
const columns = { length: 2, ids: new Uint32Array([41, 42]), positions: new Float32Array([106.25, 29.95, 106.26, 29.96]), statusClass: new Uint8Array([0, 1]), priority: new Uint8Array([1, 3]) }
const camera = (id: string, lon: number) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [lon, 29.95] },
  properties: { id, name: `${id}号监控`, status: 'ON' as const, direction: 0, civil_code: '500117001', device_type: '131', ptz_type: 1, position_type: 9,
    use: 1, grid_code: null, stream_flv: null, stream_hls: null } })
const scene: WallScene = {
  level: 'district', unit: '500117', hovered: null, hotspots: [], windowLabel: '近30天',
  children: { type: 'FeatureCollection', features: [unit] } as unknown as AreaCollection,
  figures: new Map([['500117001', { incidents: 39, overdue: 2 }]]),
  density: { columns: { length: 1, positions: new Float32Array([106.25, 29.95]), weights: new Float32Array([7]) }, colors: new Uint8Array(4) },
  incidents: { columns, attributes: incidentAttributes(columns) },
  places: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [106.25, 29.95] }, properties: { id: 1, kind: 'school', name: '合川中学', unit_code: '500117001' } }] },
  cameras: cameraIndex({ type: 'FeatureCollection', features: [camera('C1', 106.25), camera('C2', 106.2501), camera('C3', 106.4)] }),
  view: { zoom: 9, bbox: [105.9, 29.8, 106.8, 30.4] },
}
const allOn = Object.fromEntries(LAYERS.map((l) => [l.id, true])) as Record<LayerId, boolean>

describe('layer registry', () => {
  it('has unique ids and stacking, and a label, a legend and a tooltip for every entry', () => {
    expect(new Set(LAYERS.map((l) => l.id)).size).toBe(LAYERS.length)
    expect(new Set(LAYERS.map((l) => l.z)).size).toBe(LAYERS.length)
    for (const l of LAYERS) {
      expect(l.label).toBeTruthy()
      expect(l.legend.length).toBeGreaterThan(0)
      expect(l.legend.every((g) => g.label && g.color.length === 4)).toBe(true)
      expect(typeof l.tooltip).toBe('function')
    }
  })

  it('draws the switched-on entries bottom to top, with the unit names above everything', () => {
    expect(wallLayers(scene, allOn).layers.map((l) => l.id)).toEqual([
      'household-density', 'household-heatmap', 'children-500117', 'incident-heatmap', 'hotspot-hexagons', 'incident-points', 'places',
      'camera-clusters', 'camera-cluster-counts', 'cameras', 'labels'])
    expect(wallLayers(scene, defaultLayerState()).layers.map((l) => l.id)).toEqual([
      'household-density', 'children-500117', 'incident-points', 'camera-clusters', 'camera-cluster-counts', 'cameras', 'labels'])
  })

  it.each([
    ['nothing while the data loads', { children: undefined, density: undefined, incidents: undefined, places: undefined, cameras: undefined }, []],
    ['no household density at grid level', { level: 'grid' as const, unit: '500117001016001', incidents: undefined, places: undefined, cameras: undefined },
      ['children-500117001016', 'labels']],
  ])('draws %s', (_what, over, ids) => {
    expect(wallLayers({ ...scene, ...over }, allOn).layers.map((l) => l.id)).toEqual(ids)
  })

  const { entryOf } = wallLayers(scene, allOn)
  const cluster = scene.cameras!.getClusters([105.9, 29.8, 106.8, 30.4], 9).find((f) => 'cluster' in f.properties)
  it.each([
    ['children-500117', { object: unit, index: 0 }, '合阳城街道\n户数 12,345\n近30天事件 39  超期 2'],
    ['incident-points', { object: undefined, index: 1 }, '事件 #42\n已超期 · 优先级 3'],
    ['incident-points', { object: undefined, index: -1 }, null],
    ['hotspot-hexagons', { object: { count: 7 }, index: 0 }, '热点：7 件事件'],
    ['places', { object: scene.places!.features[0], index: 0 }, '合川中学\n学校'],
    ['cameras', { object: camera('C3', 106.4), index: 0 }, 'C3号监控\nC3\n在线'],
    ['camera-clusters', { object: cluster, index: 0 }, '2 路视频监控\n在线 2'],
  ])('the tooltip of %s reads %j', (layerId, pick, text) => {
    expect(entryOf(layerId)!.tooltip({ layerId, ...pick }, scene)).toBe(text)
  })

  it('has nothing to say about heat', () => {
    expect(entryOf('incident-heatmap')!.tooltip({ layerId: 'incident-heatmap', object: {}, index: 0 }, scene)).toBeNull()
  })
})
