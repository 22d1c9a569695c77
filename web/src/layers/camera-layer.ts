import { CAMERA_STATUS_LABELS } from '@gridsight/contract'
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import Supercluster from 'supercluster'
import type { Feature, FeatureCollection, Point } from 'geojson'
import { CAMERA_COLORS } from './colors'
import { CJK_FONT_FAMILY } from './unit-label-layer'

import type { CameraProps } from '@gridsight/db'

export type { CameraProps }
type ClusterProps = CameraProps & { cluster?: boolean; point_count?: number; online?: number }

/** A cluster index over the cameras: built once per data set. Clusters count their online cameras. */
export function cameraIndex(fc: FeatureCollection<Point, CameraProps>): Supercluster<CameraProps, { online: number }> {
  const index = new Supercluster<CameraProps, { online: number }>({
    radius: 48,
    maxZoom: 13,
    map: (p) => ({ online: p.status === 'ON' ? 1 : 0 }),
    reduce: (acc, p) => { acc.online += p.online },
  })
  index.load(fc.features)
  return index
}

/** Video-monitoring points: clusters (with a count) when zoomed out, cameras with online state when in. */
export function cameraLayers(o: { index: ReturnType<typeof cameraIndex>; zoom: number; bbox: [number, number, number, number] }) {
  const items = o.index.getClusters(o.bbox, Math.floor(o.zoom)) as Feature<Point, ClusterProps>[]
  const clusters = items.filter((f) => f.properties.cluster)
  const single = items.filter((f) => !f.properties.cluster)
  return [
    new ScatterplotLayer<Feature<Point, ClusterProps>>({
      id: 'camera-clusters',
      data: clusters,
      getPosition: (f) => f.geometry.coordinates as [number, number],
      getRadius: (f) => 8 + Math.sqrt(f.properties.point_count ?? 1) * 1.6,
      radiusUnits: 'pixels',
      getFillColor: CAMERA_COLORS.cluster,
      getLineColor: [160, 220, 255, 220],
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      pickable: true,
    }),
    new TextLayer<Feature<Point, ClusterProps>>({
      id: 'camera-cluster-counts',
      data: clusters,
      getPosition: (f) => f.geometry.coordinates as [number, number],
      getText: (f) => String(f.properties.point_count ?? ''),
      getSize: 12,
      getColor: [255, 255, 255, 255],
      fontFamily: CJK_FONT_FAMILY,
      characterSet: '0123456789',
    }),
    new ScatterplotLayer<Feature<Point, ClusterProps>>({
      id: 'cameras',
      data: single,
      getPosition: (f) => f.geometry.coordinates as [number, number],
      getRadius: 5,
      radiusUnits: 'pixels',
      getFillColor: (f) => (f.properties.status === 'ON' ? CAMERA_COLORS.online : CAMERA_COLORS.offline),
      getLineColor: [255, 255, 255, 180],
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      pickable: true,
    }),
  ]
}

/** A camera (name, code, online state) or a cluster (how many, how many online) under the pointer. */
export function cameraTooltip(f: { properties: ClusterProps }): string {
  const p = f.properties
  return p.cluster ? `${p.point_count} 路视频监控\n在线 ${p.online}` : `${p.name}\n${p.id}\n${CAMERA_STATUS_LABELS[p.status]}`
}
