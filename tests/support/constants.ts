/** Scale of the test data set: all 30 towns and 419 villages, ~1/50 of the households and incidents. */
export const TEST_SCALE = 0.02
/** A fixed end of history so every run sees the same incidents. */
export const TEST_END_DATE = new Date('2026-06-30T16:00:00Z')
