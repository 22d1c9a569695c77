import { ScatterplotLayer } from '@deck.gl/layers'
import type { Feature, FeatureCollection, Point } from 'geojson'
import { PLACE_KINDS } from './colors'

import type { PlaceProps } from '@gridsight/db'

export type { PlaceProps }

/** Schools, hospitals, mediation organisations … coloured by kind. */
export function placeLayer(o: { data: FeatureCollection<Point, PlaceProps> }) {
  return new ScatterplotLayer<Feature<Point, PlaceProps>>({
    id: 'places',
    data: o.data.features,
    getPosition: (f) => f.geometry.coordinates as [number, number],
    getFillColor: (f) => (PLACE_KINDS[f.properties.kind] ?? PLACE_KINDS.other!).color,
    getRadius: 4,
    radiusUnits: 'pixels',
    stroked: true,
    getLineColor: [10, 20, 30, 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
    pickable: true,
  })
}

/** A place under the pointer: its name and kind. */
export function placeTooltip(f: { properties: PlaceProps }): string {
  return `${f.properties.name}\n${PLACE_KINDS[f.properties.kind]?.name ?? ''}`
}
