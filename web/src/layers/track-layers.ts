import type { Layer } from '@deck.gl/core'
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers'

export interface TrackPoint { lon: number; lat: number; at: string }

/** A grid worker's patrol track of a day: the path walked, where it began (grey) and where it ended (bright). */
export function trackLayers(points: TrackPoint[]): Layer[] {
  if (!points.length) return []
  const path = points.map((p): [number, number] => [p.lon, p.lat])
  const ends = [{ p: path[0]!, last: false }, { p: path.at(-1)!, last: true }]
  return [
    new PathLayer<{ path: [number, number][] }>({ id: 'track', data: [{ path }], getPath: (d) => d.path, getColor: [80, 220, 160, 230],
      getWidth: 3, widthUnits: 'pixels', jointRounded: true, capRounded: true }),
    new ScatterplotLayer<{ p: [number, number]; last: boolean }>({ id: 'track-ends', data: ends, getPosition: (d) => d.p, radiusUnits: 'pixels',
      getRadius: (d) => (d.last ? 7 : 5), getFillColor: (d) => (d.last ? [255, 210, 90, 255] : [150, 170, 190, 255]),
      stroked: true, getLineColor: [255, 255, 255, 220], lineWidthUnits: 'pixels', getLineWidth: 1 }),
  ]
}
