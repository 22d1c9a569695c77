/** The children with most incidents in the window (none without incidents): listed and outlined on the map. */
export function topHotspots<T extends { incidents: number }>(rows: T[], n = 5): T[] {
  return rows.filter((r) => r.incidents > 0).sort((a, b) => b.incidents - a.incidents).slice(0, n)
}
