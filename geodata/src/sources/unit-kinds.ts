/** A town's kind from its official name: 街道 (street), 乡 (township, also 民族乡) or 镇. */
export function townKind(name: string): '街道' | '镇' | '乡' {
  return name.endsWith('街道') ? '街道' : name.endsWith('乡') ? '乡' : '镇'
}

/** A village's kind from its name: 村 (rural village) or 社区 (urban community). */
export function villageKind(name: string): '社区' | '村' {
  return name.endsWith('村') ? '村' : '社区'
}

/** The short name of a village committee: 龙苑社区居民委员会 → 龙苑社区, 福寿村村民委员会 → 福寿村. */
export function villageShortName(fullName: string): string {
  return fullName.replace(/(居民委员会|村民委员会|居委会|村委会)$/, '')
}

/** A district's kind from its official name: 区, 县 (also 自治县) or 市 (a county-level city). */
export function districtKind(name: string): '区' | '县' | '市' {
  return name.endsWith('县') ? '县' : name.endsWith('市') ? '市' : '区'
}
