export { generateAll, hasDemoData, defaultOptions, loadDistrictOutline, DEFAULT_DISTRICT, DEFAULT_SEED } from './generate.js'
export type { GenerateOptions, ProgressReporter } from './context.js'
export { importBoundaries, type BoundaryLevel, type ImportReport } from './importers/boundaries.js'
export { availableDistricts, loadDistrict, type DistrictData } from './sources/district.js'
export { CATEGORIES, DEPARTMENTS } from './generators/reference.js'
export { cameraCentreCode } from './generators/cameras.js'
/** The seed stories of the default district (Hechuan). */
export { STORIES } from './sources/hechuan/index.js'
export { DEMO_PASSWORD, demoUsers, ensureDemoUsers, type DemoUser } from './generators/users.js'
