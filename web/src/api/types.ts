/**
 * Shapes the web app receives, by name, from their one definition: the database's queries (which the API's routes
 * answer with, and which the live stream carries). Nothing here is declared by hand.
 */
export type { AlertDetail, AlertSummary, AreaCollection, AreaFeature, AreaProps, IncidentSummary } from '@gridsight/db'
export type { Severity } from '@gridsight/contract'
