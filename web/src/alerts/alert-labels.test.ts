import { describe, expect, it } from 'vitest'
import { alertStateText } from './alert-labels'

describe('alert labels', () => {
  it.each([
    [{ status: 'raised', acknowledged_by: null }, '待签收'],
    [{ status: 'acknowledged', acknowledged_by: '指挥中心值班员' }, '指挥中心值班员 已签收'],
    [{ status: 'closed', acknowledged_by: '指挥中心值班员' }, '已关闭'],
  ])('states %j as %s', (a, text) => {
    expect(alertStateText(a)).toBe(text)
  })
})
