import { describe, expect, it } from 'vitest'
import { type Actor, refusal } from './workflow.js'

const dispatcher: Actor = { id: 1, role: 'dispatcher', department_code: null, display_name: '值班员' }
const police: Actor = { id: 2, role: 'department', department_code: 'police', display_name: '民警' }
const worker: Actor = { id: 3, role: 'grid_worker', department_code: null, display_name: '网格员' }

describe('workflow rules', () => {
  it.each([
    ['accept', 'reported', null, dispatcher, null],
    ['dispatch', 'accepted', null, dispatcher, null],
    ['feedback', 'dispatched', 'police', police, null],
    ['close', 'verified', 'police', dispatcher, null],
    ['close', 'fed_back', 'police', dispatcher, 'conflict'],
    ['close', 'closed', 'police', dispatcher, 'conflict'],
    ['accept', 'closed', null, dispatcher, 'conflict'],
    ['feedback', 'dispatched', 'urban_mgmt', police, 'forbidden'],
    ['accept', 'reported', null, worker, 'forbidden'],
    ['dispatch', 'accepted', null, police, 'forbidden'],
    ['supervise', 'handling', 'police', dispatcher, null],
    ['supervise', 'closed', 'police', dispatcher, 'conflict'],
  ] as const)('%s on a %s case of %s by %j → %s', (action, status, dept, actor, expected) => {
    expect(refusal(action, status, dept, actor)?.kind ?? null).toBe(expected)
  })
})
