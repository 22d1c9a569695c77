import { TextLayer } from '@deck.gl/layers'
import type { AreaFeature } from '../api/types'

/** Local CJK fonts first: labels must render offline (Debian: fonts-noto-cjk). */
export const CJK_FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

export interface UnitLabelOptions {
  id: string
  data: AreaFeature[]
  size?: number
}

/** Unit names at their label points, drawn by deck.gl so no glyph server is needed. */
export function unitLabelLayer(o: UnitLabelOptions) {
  return new TextLayer<AreaFeature>({
    id: o.id,
    data: o.data,
    getPosition: (f) => f.properties.label,
    getText: (f) => f.properties.name,
    getSize: o.size ?? 13,
    getColor: [225, 242, 255, 255],
    outlineWidth: 4,
    outlineColor: [5, 15, 30, 255],
    fontFamily: CJK_FONT_FAMILY,
    fontWeight: 'bold',
    fontSettings: { sdf: true, fontSize: 40, buffer: 4 },
    characterSet: 'auto',
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
  })
}
