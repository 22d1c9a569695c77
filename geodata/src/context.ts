import type { Kysely } from 'kysely'
import type { Database } from '@gridsight/db'

export interface GenerateOptions {
  /** PRNG seed: the same seed gives the same data. */
  seed: number
  /** 1 = full Hechuan (~450 k households, ~200 k incidents a year); 0.02 gives a fast set for tests. */
  scale: number
  /** Last day of the year of historical incidents (defaults to now). */
  endDate: Date
}

export interface GenerateContext extends GenerateOptions {
  db: Kysely<Database>
}

export type ProgressReporter = (step: string, done: number, total: number, detail?: string) => void
