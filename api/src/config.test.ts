import { describe, expect, it } from 'vitest'
import { readApiConfig } from './config.js'

describe('readApiConfig', () => {
  it('defaults to port 8080, full demo data and the offline base map', () => {
    expect(readApiConfig({})).toMatchObject({ port: 8080, demoScale: 1, basemap: null })
  })

  it('takes a WGS-84 tile service', () => {
    const c = readApiConfig({ GRIDSIGHT_BASEMAP_URL: 'https://t0.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=k' })
    expect(c.basemap).toMatchObject({ crs: 'WGS84' })
  })

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ GRIDSIGHT_DEMO_SCALE: '2' }, /GRIDSIGHT_DEMO_SCALE/],
    [{ GRIDSIGHT_BASEMAP_URL: 'ftp://tiles' }, /GRIDSIGHT_BASEMAP_URL/],
    [{ GRIDSIGHT_BASEMAP_URL: 'https://tiles/{z}/{x}/{y}.png', GRIDSIGHT_BASEMAP_CRS: 'GCJ02' }, /WGS84/],
  ])('fails fast on %j', (env, message) => {
    expect(() => readApiConfig(env)).toThrow(message)
  })
})
