export type BBox = [number, number, number, number]

/** The demo district's extent (west, south, east, north): where every map opens. */
export const DISTRICT_BOUNDS: BBox = [105.97, 29.84, 106.68, 30.38]

/** A box of ±dx, ±dy degrees around a point, for flying to a case or an alert. */
export function aroundPoint(lon: number, lat: number, dx: number, dy: number): BBox {
  return [lon - dx, lat - dy, lon + dx, lat + dy]
}
