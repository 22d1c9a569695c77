import type { Kysely } from 'kysely'
import type { Database } from '@gridsight/db'
import type { DistrictData } from './sources/district.js'
import type { DistrictExtras } from './sources/extras.js'

export interface GenerateOptions {
  /** 6-digit code of the district whose data set (data/districts/<code>/) is generated (default: Hechuan, DEFAULT_DISTRICT). */
  district: string
  /** PRNG seed: the same seed gives the same data. */
  seed: number
  /** 1 = the full district (Hechuan: ~450 k households, ~200 k incidents a year); 0.02 gives a fast set for tests. */
  scale: number
  /** Last day of the year of historical incidents (defaults to now). */
  endDate: Date
}

export interface GenerateContext extends GenerateOptions {
  db: Kysely<Database>
  /** The district's data set: facts and outline. */
  data: DistrictData
  /** What the district's own sources add (none for most districts). */
  extras: DistrictExtras
}

export type ProgressReporter = (step: string, done: number, total: number, detail?: string) => void
