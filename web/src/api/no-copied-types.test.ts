import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The web app never re-declares what the API answers: response shapes come from the typed client (AppType) and the
 * database's own types. API fields are snake_case (reported_at, category_code); a web type with such a field is a
 * hand-written copy of an API shape, and this test names it.
 */
const root = join(import.meta.dirname, '..')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return files(p)
    return /\.(ts|vue)$/.test(name) && !/\.test\.ts$/.test(name) ? [p] : []
  })
}

/** The bodies of `interface X {…}` and `type X = {…}` declarations. */
function declarations(text: string): { name: string; body: string }[] {
  const out: { name: string; body: string }[] = []
  for (const m of text.matchAll(/(?:interface\s+(\w+)[^{=]*|type\s+(\w+)(?:<[^>]*>)?\s*=\s*)\{/g)) {
    let depth = 1
    let i = m.index! + m[0].length
    const start = i
    while (depth && i < text.length) {
      if (text[i] === '{') depth++
      else if (text[i] === '}') depth--
      i++
    }
    out.push({ name: m[1] ?? m[2]!, body: text.slice(start, i - 1) })
  }
  return out
}

describe('web types', () => {
  it('declares no copy of an API response shape (no snake_case fields in web types)', () => {
    const copies: string[] = []
    for (const f of files(root)) {
      for (const d of declarations(readFileSync(f, 'utf8'))) {
        const fields = [...d.body.matchAll(/(?:^|[;,{])\s*(?:readonly\s+)?([a-z]+(?:_[a-z0-9]+)+)\??\s*:/gm)].map((x) => x[1])
        if (fields.length) copies.push(`${relative(root, f)}: ${d.name} { ${fields.join(', ')} }`)
      }
    }
    expect(copies, 'take these types from the typed client (InferResponseType) or @gridsight/db instead').toEqual([])
  })
})
