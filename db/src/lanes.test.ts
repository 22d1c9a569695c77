import { describe, expect, it } from 'vitest'
import { heavyConnections, RESERVED_CONNECTIONS } from './connect.js'
import { currentLane, FAIRNESS, inLane, LaneGate } from './lanes.js'

/** Takes the gate in a lane, records the order of grants, holds it until released by the test. */
function taker(gate: LaneGate, order: string[]) {
  const releases: (() => void)[] = []
  const take = (lane: 'first' | 'light' | 'heavy', name: string) => gate.acquire(lane).then((release) => { order.push(name); releases.push(release) })
  const releaseNext = async () => { releases.shift()!(); await new Promise((r) => setImmediate(r)) }
  return { take, releaseNext }
}

describe('lanes in front of the database connections', () => {
  it('serves a waiting write before heavy reads queued ahead of it, in arrival order within a lane', async () => {
    const gate = new LaneGate(1)
    const order: string[] = []
    const { take, releaseNext } = taker(gate, order)
    void take('heavy', 'h1')
    await new Promise((r) => setImmediate(r))
    void take('heavy', 'h2')
    void take('heavy', 'h3')
    void take('light', 'l1')
    void take('first', 'w1')
    void take('first', 'w2')
    expect(gate.waiting).toEqual({ first: 2, light: 1, heavy: 2 })
    for (let i = 0; i < 5; i++) await releaseNext()
    expect(order).toEqual(['h1', 'w1', 'w2', 'l1', 'h2', 'h3'])
  })

  it('keeps connections of a pool free of heavy reads for the other lanes', async () => {
    const gate = new LaneGate(3, 2)
    const order: string[] = []
    const { take } = taker(gate, order)
    for (const name of ['h1', 'h2', 'h3']) void take('heavy', name)
    await new Promise((r) => setImmediate(r))
    expect(order).toEqual(['h1', 'h2'])
    await take('first', 'w1')
    expect(order).toEqual(['h1', 'h2', 'w1'])
    expect(gate.waiting.heavy).toBe(1)
  })

  it('does not starve a lower lane for good', async () => {
    const gate = new LaneGate(1)
    const order: string[] = []
    const { take, releaseNext } = taker(gate, order)
    void take('first', 'w0')
    await new Promise((r) => setImmediate(r))
    void take('heavy', 'h')
    for (let i = 1; i <= FAIRNESS + 2; i++) void take('first', `w${i}`)
    for (let i = 0; i < FAIRNESS + 2; i++) await releaseNext()
    expect(order.indexOf('h')).toBe(FAIRNESS + 1)
  })

  it('carries the lane of the code running, light outside any', async () => {
    expect(currentLane().lane).toBe('light')
    await inLane({ lane: 'heavy', bounded: true }, async () => {
      await new Promise((r) => setTimeout(r, 1))
      expect(currentLane()).toEqual({ lane: 'heavy', bounded: true })
      await inLane('first', async () => expect(currentLane()).toEqual({ lane: 'first', bounded: true }))
    })
  })
})

describe('heavy reads on a server pool', () => {
  it('run no more at once than the machine has cores, and never in the reserved connections', () => {
    expect(heavyConnections(10, 2)).toBe(2)
    expect(heavyConnections(10, 32)).toBe(10 - RESERVED_CONNECTIONS)
    expect(heavyConnections(3, 8)).toBe(1)
    expect(heavyConnections(2, 8)).toBe(1) // a pool too small to reserve still lets one heavy read through
  })
})
