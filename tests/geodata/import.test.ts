import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { Db } from '@gridsight/db'
import { importBoundaries, loadDistrictOutline } from '@gridsight/geodata'
import { backends } from '../support/backends.js'
import { fc, feature, square } from '../support/geojson.js'


describe.each(backends())('boundary import on $name PostGIS', (backend) => {
  let db: Db
  beforeAll(async () => {
    db = await backend.openEmpty('import')
    await loadDistrictOutline(db.kysely)
  })
  afterAll(async () => { await db?.close() })
  const count = async (table: 'admin_unit' | 'grid') =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db.kysely)).rows[0]!.n

  it('imports towns, then villages and grids under them', async () => {
    const towns = await importBoundaries(db.kysely, 'town', fc(
      feature('500117001', '合阳城街道', square(106.24, 29.98)),
      feature('500117002', '钓鱼城街道', square(106.26, 29.98)),
    ))
    expect(towns).toMatchObject({ ok: true, inserted: 2, updated: 0, problems: [] })
    const villages = await importBoundaries(db.kysely, 'village', fc(feature('500117001016', '龙苑社区', square(106.24, 29.98, 0.01))))
    expect(villages).toMatchObject({ ok: true, inserted: 1 })
    const grids = await importBoundaries(db.kysely, 'grid', fc(feature('500117001016001', '龙苑社区第1网格', square(106.24, 29.98, 0.005))))
    expect(grids).toMatchObject({ ok: true, inserted: 1 })
    const again = await importBoundaries(db.kysely, 'town', fc(feature('500117001', '合阳城街道', square(106.24, 29.98, 0.03))))
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 1 })
    const area = await sql<{ km2: number }>`select area_km2 as km2 from admin_unit where code = '500117001'`.execute(db.kysely)
    expect(area.rows[0]!.km2).toBeGreaterThan(8)
  })

  it.each([
    ['an invalid (self-intersecting) polygon', 'town',
      fc(feature('500117003', '南津街街道', square(106.3, 30)), feature('500117004', '盐井街道',
        { type: 'Polygon', coordinates: [[[106.3, 29.9], [106.32, 29.92], [106.32, 29.9], [106.3, 29.92], [106.3, 29.9]]] })),
      /invalid geometry/],
    ['a projected CRS', 'town',
      { ...fc(feature('500117003', '南津街街道', square(106.3, 30))), crs: { type: 'name', properties: { name: 'EPSG:3857' } } },
      /WGS-84/],
    ['metre coordinates without a CRS', 'town', fc(feature('500117003', '南津街街道', square(11830000, 3500000, 1000))), /out of range/],
    ['a village whose town does not exist', 'village', fc(feature('500117105225', '龙窝村', square(106.1, 30.2, 0.01))), /parent 500117105 does not exist/],
    ['a code of the wrong length', 'grid', fc(feature('5001170010160012', '网格', square(106.24, 29.98, 0.005))), /15 digits/],
    ['a point where a polygon belongs', 'town', fc(feature('500117003', '南津街街道', { type: 'Point', coordinates: [106.3, 30] })), /Polygon/],
    ['something that is not GeoJSON', 'town', { hello: 'world' }, /FeatureCollection/],
  ])('rejects %s with a clear report and writes nothing', async (_what, level, input, message) => {
    const before = [await count('admin_unit'), await count('grid')]
    const report = await importBoundaries(db.kysely, level as 'town', input)
    expect(report.ok).toBe(false)
    expect(report.inserted + report.updated).toBe(0)
    expect(report.problems.map((p) => p.message).join('; ')).toMatch(message)
    expect([await count('admin_unit'), await count('grid')]).toEqual(before)
  })
})
