import { describe, expect, it } from 'vitest'
import { canFile, emptyFields, flushMessage, locationText, sendResult, toOutgoing } from './filing'

const at = { lon: 106.325, lat: 30.083367, source: 'map' as const }
const fields = { category_code: 'collective.petition', description: ' 120户业主准备集体上访 ', people_involved: 120, settled: null }

describe('filing a report on the phone', () => {
  it.each([
    [emptyFields(), at, false],
    [{ ...fields, description: '   ' }, at, false],
    [fields, null, false],
    [fields, at, true],
  ])('can file %j at %j: %s', (f, where, ok) => {
    expect(canFile(f, where)).toBe(ok)
  })

  it('files a matter settled on the spot only with its result and a photo of it', () => {
    const settled = { ...fields, category_code: 'urban.parking', settled: ' 已联系车主挪车 ' }
    expect(canFile(settled, at, 0)).toBe(false)
    expect(canFile({ ...settled, settled: ' ' }, at, 1)).toBe(false)
    expect(canFile(settled, at, 1)).toBe(true)
    expect(toOutgoing(settled, at, ['data:x'], 'id-3', new Date()).settled).toEqual({ result: '已联系车主挪车' })
    expect(toOutgoing(fields, at, [], 'id-4', new Date())).not.toHaveProperty('settled')
  })

  it('keeps a trimmed report with its id, and photos only when there are some', () => {
    const r = toOutgoing(fields, at, [], 'id-1', new Date('2026-11-24T00:00:00Z'))
    expect(r).toEqual({ client_id: 'id-1', category_code: 'collective.petition', description: '120户业主准备集体上访', lon: 106.325, lat: 30.083367,
      people_involved: 120, createdAt: '2026-11-24T00:00:00.000Z' })
    expect(toOutgoing(fields, at, ['data:x'], 'id-2', new Date()).photos).toEqual(['data:x'])
  })

  it('says where the report is', () => {
    expect(locationText(at)).toBe('位置：106.32500, 30.08337（地图点选）')
    expect(locationText(null)).toBe('请定位或在地图上点选位置')
  })

  it.each([[201, 'sent'], [401, 'retry'], [503, 'retry'], [413, 'rejected'], [422, 'rejected']] as const)('HTTP %i → %s', (status, result) => {
    expect(sendResult(status)).toBe(result)
  })

  it.each([
    [{ sent: 1, waiting: 0 }, { kind: 'ok', text: '已上报 1 条' }],
    [{ sent: 1, waiting: 2 }, { kind: 'ok', text: '已上报 1 条，2 条待网络恢复后发送' }],
    [{ sent: 0, waiting: 1 }, { kind: 'error', text: '网络不可用：1 条已保存在手机上，恢复后自动发送' }],
    [{ sent: 0, waiting: 0 }, null],
  ])('after sending %j says %j', (r, message) => {
    expect(flushMessage(r)).toEqual(message)
  })
})
