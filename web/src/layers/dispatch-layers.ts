import type { Layer } from '@deck.gl/core'
import { ScatterplotLayer } from '@deck.gl/layers'
import { statusClassOf } from '../cases/case-status'
import { CAMERA_COLORS, STATUS_COLORS } from './colors'

interface Point { lon: number; lat: number }
type Case = Point & { status: string; overdue: boolean }

export interface DispatchLayerOptions {
  /** The alert on the desk: a red ring. */
  alert?: Point | null
  /** The case on the desk: a larger dot in its status colour, outlined white. */
  incident?: Case | null
  /** Cameras around the case, online or offline. */
  cameras?: (Point & { status: string })[] | null
  /** Every case in the queue: small dots, pickable. */
  queue: Case[]
}

const at = (d: Point): [number, number] => [d.lon, d.lat]
const statusColor = (d: Case) => STATUS_COLORS[statusClassOf(d)]

/** The dispatch console's map: the selected alert or case and the cameras around it over the queue's cases. */
export function dispatchLayers(o: DispatchLayerOptions): Layer[] {
  const out: Layer[] = []
  if (o.alert) {
    out.push(new ScatterplotLayer<Point>({ id: 'alert', data: [o.alert], getPosition: at, getRadius: 12, radiusUnits: 'pixels',
      getFillColor: [255, 80, 40, 90], stroked: true, getLineColor: [255, 80, 40, 255], lineWidthUnits: 'pixels', getLineWidth: 3 }))
  }
  if (o.incident) {
    out.push(new ScatterplotLayer<Case>({ id: 'case', data: [o.incident], getPosition: at, getRadius: 9, radiusUnits: 'pixels',
      getFillColor: statusColor(o.incident), stroked: true, getLineColor: [255, 255, 255, 255], lineWidthUnits: 'pixels', getLineWidth: 2 }))
  }
  if (o.cameras) {
    out.push(new ScatterplotLayer<Point & { status: string }>({ id: 'nearby-cameras', data: o.cameras, getPosition: at, getRadius: 6, radiusUnits: 'pixels',
      getFillColor: (c) => (c.status === 'ON' ? CAMERA_COLORS.online : CAMERA_COLORS.offline),
      stroked: true, getLineColor: [255, 255, 255, 200], lineWidthUnits: 'pixels', getLineWidth: 1 }))
  }
  out.push(new ScatterplotLayer<Case>({ id: 'queue', data: o.queue, getPosition: at, getRadius: 4, radiusUnits: 'pixels', getFillColor: statusColor, pickable: true }))
  return out
}
