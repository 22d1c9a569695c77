import { describe, expect, it } from 'vitest'
import { actionBody, actionName, canMerge, emptyActionForm, offeredActions } from './case-actions'

describe('case workflow actions', () => {
  it('offers the actions the API lists, in its words, merging beside the duplicates only', () => {
    expect(offeredActions(['accept', 'escalate', 'merge'])).toEqual([{ action: 'accept', label: '受理' }, { action: 'escalate', label: '上报上级' }])
    expect(offeredActions([])).toEqual([])
  })

  const form = { departmentCode: 'heyang', hours: 48, note: '', level: 'red' as const, satisfaction: 'basically' as const, grade: 'fair' as const, reason: 'duplicate' as const }
  it.each([
    ['accept', [], { action: 'accept', version: 3 }],
    ['dispatch', [], { action: 'dispatch', version: 3, department_code: 'heyang', hours: 48 }],
    ['extend', [], { action: 'extend', version: 3, hours: 48 }],
    ['request_extension', [], { action: 'request_extension', version: 3, hours: 48 }],
    ['refuse', [], { action: 'refuse', version: 3, reason: 'duplicate' }],
    ['register', [], { action: 'register', version: 3 }],
    ['supervise', [], { action: 'supervise', version: 3, level: 'red' }],
    ['evaluate', [], { action: 'evaluate', version: 3, satisfaction: 'basically', grade: 'fair' }],
    ['feedback', ['data:image/jpeg;base64,x'], { action: 'feedback', version: 3, photos: ['data:image/jpeg;base64,x'] }],
  ])('%s posts only the fields it needs', (action, photos, expected) => {
    expect(JSON.parse(JSON.stringify(actionBody(action, form, 3, photos)))).toEqual(expected)
  })

  it('sends the note when there is one, and the default department when none is picked', () => {
    const body = actionBody('dispatch', { ...emptyActionForm(), note: '请尽快处置' }, 1, [])
    expect(body).toMatchObject({ note: '请尽快处置', hours: 24 })
    expect(body.department_code).toBeUndefined()
  })

  it('names actions in Chinese and merges only open cases', () => {
    expect([actionName('dispatch'), actionName('unknown')]).toEqual(['派遣', 'unknown'])
    expect([canMerge('reported', 'accepted'), canMerge('closed', 'accepted'), canMerge('reported', 'evaluated')]).toEqual([true, false, false])
  })
})
