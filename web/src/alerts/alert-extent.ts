import bbox from '@turf/bbox'
import type { AlertDetail } from '../api/types'
import { aroundPoint, type BBox } from '../map/bounds'

/** Where to fly for an alert: its area when it has one, else a few streets around its point. */
export function alertExtent(a: { lon: number; lat: number }, detail: AlertDetail | null): BBox {
  return detail?.alert.area ? (bbox(detail.alert.geometry) as BBox) : aroundPoint(a.lon, a.lat, 0.008, 0.005)
}
