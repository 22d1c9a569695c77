export type BBox = [number, number, number, number]

/** A box of ±dx, ±dy degrees around a point, for flying to a case or an alert. */
export function aroundPoint(lon: number, lat: number, dx: number, dy: number): BBox {
  return [lon - dx, lat - dy, lon + dx, lat + dy]
}
