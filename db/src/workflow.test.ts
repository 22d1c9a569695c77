import { describe, expect, it } from 'vitest'
import { type Actor, type CaseAtLevel, levelAfter, offeredActions, refusal } from './workflow.js'

const dispatcher: Actor = { id: 1, role: 'dispatcher', department_code: null, display_name: '值班员' }
const police: Actor = { id: 2, role: 'department', department_code: 'police', display_name: '民警' }
const worker: Actor = { id: 3, role: 'grid_worker', department_code: null, display_name: '网格员' }
const town: Actor = { id: 4, role: 'town_desk', department_code: null, display_name: '合阳城街道综治中心', unit_code: '500117001' }
const village: Actor = { id: 5, role: 'village_desk', department_code: null, display_name: '龙苑社区工作站', unit_code: '500117001016' }
const otherTown: Actor = { ...town, id: 6, unit_code: '500117002' }
const otherVillage: Actor = { ...village, id: 7, unit_code: '500117001017' }

const at = (status: CaseAtLevel['status'], department: string | null, level: CaseAtLevel['level'] = 'district'): CaseAtLevel =>
  ({ status, department_code: department, level, town_code: '500117001', village_code: '500117001016' })

describe('workflow rules', () => {
  it.each([
    ['accept', at('reported', null), dispatcher, null],
    ['dispatch', at('registered', null), dispatcher, null],
    ['dispatch', at('accepted', null), dispatcher, 'conflict'],
    ['register', at('accepted', null), dispatcher, null],
    ['refuse', at('reported', null), dispatcher, null],
    ['refuse', at('registered', null), dispatcher, 'conflict'],
    ['feedback', at('dispatched', 'police'), police, null],
    ['close', at('verified', 'police'), dispatcher, null],
    ['close', at('fed_back', 'police'), dispatcher, 'conflict'],
    ['close', at('closed', 'police'), dispatcher, 'conflict'],
    ['accept', at('closed', null), dispatcher, 'conflict'],
    ['feedback', at('dispatched', 'urban_mgmt'), police, 'forbidden'],
    ['accept', at('reported', null), worker, 'forbidden'],
    ['dispatch', at('accepted', null), police, 'forbidden'],
    ['supervise', at('handling', 'police'), dispatcher, null],
    ['supervise', at('closed', 'police'), dispatcher, 'conflict'],
  ] as const)('%s on %j by %j → %s', (action, c, actor, expected) => {
    expect(refusal(action, c, actor)?.kind ?? null).toBe(expected)
  })
})

describe('a department\'s applications', () => {
  const working = at('handling', 'police', 'town')
  const pending = (request: 'extend' | 'return') => ({ ...working, request })
  it.each([
    ['the department applies for more time', 'request_extension', working, police, null],
    ['or to send it back', 'request_return', working, police, null],
    ['not for another department\'s case', 'request_return', at('handling', 'urban_mgmt', 'town'), police, 'forbidden'],
    ['not twice before an answer', 'request_extension', pending('extend'), police, 'conflict'],
    ['the town desk answers', 'approve', pending('return'), town, null],
    ['and may deny', 'deny', pending('extend'), town, null],
    ['the district above it too', 'approve', pending('extend'), dispatcher, null],
    ['another town may not', 'approve', pending('extend'), otherTown, 'forbidden'],
    ['a village desk does not answer a town case', 'approve', pending('extend'), village, 'forbidden'],
    ['nothing to answer', 'approve', working, town, 'conflict'],
    ['a department does not return a case on its own', 'approve', pending('return'), police, 'forbidden'],
  ] as const)('%s', (_what, action, c, actor, expected) => {
    expect(refusal(action, c, actor, 'reason')?.kind ?? null).toBe(expected)
  })
})

describe('three levels of command', () => {
  it.each([
    ['a village desk accepts its village report', 'accept', at('reported', null, 'village'), village, null],
    ['another village desk may not', 'accept', at('reported', null, 'village'), otherVillage, 'forbidden'],
    ['another town desk may not', 'accept', at('reported', null, 'village'), otherTown, 'forbidden'],
    ['a town desk takes over a village report', 'accept', at('reported', null, 'village'), town, null],
    ['a village desk may not touch a town case', 'accept', at('reported', null, 'town'), village, 'forbidden'],
    ['a town desk may not work a district case', 'dispatch', at('accepted', null, 'district'), town, 'forbidden'],
    ['a village desk escalates its own', 'escalate', at('accepted', null, 'village'), village, null],
    ['a town desk escalates its own', 'escalate', at('accepted', null, 'town'), town, null],
    ['a town desk cannot escalate a village case it has not taken', 'escalate', at('accepted', null, 'village'), town, 'forbidden'],
    ['the district assigns down', 'assign', at('accepted', null, 'district'), dispatcher, null],
    ['a village desk cannot assign down', 'assign', at('accepted', null, 'village'), village, 'forbidden'],
    ['a village desk does not dispatch to departments', 'dispatch', at('accepted', null, 'village'), village, 'forbidden'],
    ['a village desk handles its case itself', 'handle', at('registered', null, 'village'), village, null],
    ['and feeds back on it', 'feedback', at('handling', null, 'village'), village, null],
    ['but not on a department case', 'feedback', at('handling', 'police', 'village'), village, 'forbidden'],
    ['escalating once work began', 'escalate', at('dispatched', 'police', 'village'), village, 'conflict'],
  ] as const)('%s', (_what, action, c, actor, expected) => {
    expect(refusal(action, c, actor, 'reason')?.kind ?? null).toBe(expected)
  })

  it('lets the grid worker of the case\'s grid verify it in the field, and no one else in the field', () => {
    const fedBack = { ...at('fed_back', 'police', 'town'), grid_code: '500117001016001' }
    expect(refusal('verify', fedBack, { ...worker, grid_code: '500117001016001' })).toBeNull()
    expect(refusal('rework', fedBack, { ...worker, grid_code: '500117001016001' })).toBeNull()
    expect(refusal('verify', fedBack, { ...worker, grid_code: '500117001016002' })?.code).toBe('not_your_case')
    expect(refusal('close', { ...fedBack, status: 'verified' }, { ...worker, grid_code: '500117001016001' })?.kind).toBe('forbidden')
    expect(levelAfter('verify', fedBack, worker)).toBe('town')
  })

  it('escalating needs a reason', () => {
    expect(refusal('escalate', at('accepted', null, 'village'), village, '')?.code).toBe('note_required')
  })

  it('moves the case between levels', () => {
    expect(levelAfter('escalate', at('accepted', null, 'village'), village)).toBe('town')
    expect(levelAfter('escalate', at('accepted', null, 'town'), town)).toBe('district')
    expect(levelAfter('assign', at('accepted', null, 'district'), dispatcher)).toBe('town')
    expect(levelAfter('assign', at('accepted', null, 'town'), town)).toBe('village')
    expect(levelAfter('accept', at('reported', null, 'village'), town)).toBe('town')
    expect(levelAfter('accept', at('reported', null, 'village'), village)).toBe('village')
    expect(levelAfter('supervise', at('handling', 'police', 'village'), dispatcher)).toBe('village')
  })

  it('offers a desk only what it may do', () => {
    expect(offeredActions(at('reported', null, 'village'), village)).toEqual(expect.arrayContaining(['accept', 'escalate', 'merge']))
    expect(offeredActions(at('reported', null, 'village'), village)).not.toContain('dispatch')
    expect(offeredActions(at('accepted', null, 'village'), otherVillage)).toEqual([])
  })
})
