import { describe, expect, it } from 'vitest'
import { readDbConfig } from './config.js'

describe('database settings', () => {
  it('bounds API reads on a server by a statement timeout of 15 s unless set; 0 turns it off', () => {
    expect(readDbConfig({}).statementTimeoutMs).toBe(15_000)
    expect(readDbConfig({ GRIDSIGHT_STATEMENT_TIMEOUT_SECONDS: '2.5' }).statementTimeoutMs).toBe(2500)
    expect(readDbConfig({ GRIDSIGHT_STATEMENT_TIMEOUT_SECONDS: '0' }).statementTimeoutMs).toBe(0)
  })

  it.each(['-1', 'soon', '7200'])('refuses GRIDSIGHT_STATEMENT_TIMEOUT_SECONDS=%s with a clear message', (value) => {
    expect(() => readDbConfig({ GRIDSIGHT_STATEMENT_TIMEOUT_SECONDS: value })).toThrow(/GRIDSIGHT_STATEMENT_TIMEOUT_SECONDS must be within 0\.\.3600/)
  })
})
