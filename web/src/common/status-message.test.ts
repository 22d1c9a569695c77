import { describe, expect, it } from 'vitest'
import { outcome } from './status-message'

describe('status message after a write', () => {
  it.each([
    [true, '立案', undefined, undefined, { kind: 'ok', text: '已立案' }],
    [false, '派遣', '案件已被他人处理', undefined, { kind: 'error', text: '未能派遣：案件已被他人处理' }],
    [true, '保存燃气隐患', undefined, '已保存：燃气隐患', { kind: 'ok', text: '已保存：燃气隐患' }],
    [false, '合并', 'conflict', '已将 #7 合并到本案', { kind: 'error', text: '未能合并：conflict' }],
  ])('ok=%s verb %s', (ok, verb, reason, done, expected) => {
    expect(outcome(ok, verb, reason, done)).toEqual(expected)
  })
})
