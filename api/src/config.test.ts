import { describe, expect, it } from 'vitest'
import { readApiConfig } from './config.js'

describe('readApiConfig', () => {
  it('defaults to port 8080, full demo data and the offline base map', () => {
    expect(readApiConfig({})).toMatchObject({ port: 8080, demoScale: 1, basemap: null })
  })

  it('keeps the demo actor off unless asked for, and never on with DATABASE_URL unless explicitly on', () => {
    const server = 'postgres://u@db:5432/gridsight'
    expect(readApiConfig({}).simulator).toBe(false)
    expect(readApiConfig({ DATABASE_URL: server }).simulator).toBe(false)
    expect(readApiConfig({ GRIDSIGHT_SIMULATOR: 'off' }).simulator).toBe(false)
    expect(readApiConfig({ GRIDSIGHT_SIMULATOR: '' }).simulator).toBe(false)
    // `npm start` sets demo when the variable is unset: on for the embedded demo database only.
    expect(readApiConfig({ GRIDSIGHT_SIMULATOR: 'demo' }).simulator).toBe(true)
    expect(readApiConfig({ GRIDSIGHT_SIMULATOR: 'demo', DATABASE_URL: server }).simulator).toBe(false)
    expect(readApiConfig({ GRIDSIGHT_SIMULATOR: ' ON ' }).simulator).toBe(true)
    expect(readApiConfig({ GRIDSIGHT_SIMULATOR: 'on', DATABASE_URL: server }).simulator).toBe(true)
  })

  it('takes a WGS-84 tile service', () => {
    const c = readApiConfig({ GRIDSIGHT_BASEMAP_URL: 'https://t0.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=k' })
    expect(c.basemap).toMatchObject({ crs: 'WGS84' })
  })

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ GRIDSIGHT_DEMO_SCALE: '2' }, /GRIDSIGHT_DEMO_SCALE/],
    [{ GRIDSIGHT_SIMULATOR: 'yes please' }, /GRIDSIGHT_SIMULATOR/],
    [{ GRIDSIGHT_BASEMAP_URL: 'ftp://tiles' }, /GRIDSIGHT_BASEMAP_URL/],
    [{ GRIDSIGHT_BASEMAP_URL: 'https://tiles/{z}/{x}/{y}.png', GRIDSIGHT_BASEMAP_CRS: 'GCJ02' }, /WGS84/],
  ])('fails fast on %j', (env, message) => {
    expect(() => readApiConfig(env)).toThrow(message)
  })
})
