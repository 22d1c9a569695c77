import type { api, InferResponseType } from '../api/client'

/** The case views' shapes: GET /api/incidents, /api/incidents/{id} and /api/incidents/{id}/nearby, as the API answers. */
export type CaseItem = InferResponseType<typeof api.incidents.$get>['items'][number]
export type CaseDetail = InferResponseType<(typeof api.incidents)[':id']['$get'], 200>
export type TimelineStep = CaseDetail['timeline'][number]
export type CaseNearby = InferResponseType<(typeof api.incidents)[':id']['nearby']['$get'], 200>
