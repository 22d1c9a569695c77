import { randomUUID } from 'node:crypto'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { openStream } from '../support/sse.js'
const base = 'http://127.0.0.1:3998/'
const tok = async (u: string) => ((await (await fetch(`${base}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: DEMO_PASSWORD }) })).json()) as { token: string }).token
const token = await tok('dispatcher'); const screen = await tok('screen')
const seen = new Map<number, number>()
const s = openStream(`${base}api/stream`, (e) => { if (e.event.startsWith('incident.')) seen.set(Number(/"id": ?(\d+)/.exec(e.data)![1]), Date.now()) }, undefined, screen)
await s.ready
let late = 0
for (let i = 0; i < 300; i++) {
  const r = await fetch(`${base}api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ client_id: randomUUID(), category_code: 'urban.road', description: '基准测试', lon: 106.27 + Math.random() * 0.05, lat: 29.99, people_involved: 1 }) })
  const id = ((await r.json()) as { id: number }).id
  const t = Date.now()
  while (!seen.has(id) && Date.now() - t < 2000) await new Promise((r) => setTimeout(r, 5))
  if (!seen.has(id)) { late++; console.log('NOT DELIVERED in 2 s:', id, new Date().toISOString()) }
}
console.log('late', late)
await s.close()
