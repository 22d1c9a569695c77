/** The case views' shapes of GET /api/incidents, /api/incidents/{id} and /api/incidents/{id}/nearby. */
export interface CaseItem {
  id: number; title: string; status: string; overdue: boolean; reported_at: string; priority: number; category_name: string
  lon: number; lat: number; department_code: string | null; supervision: string
}

export interface TimelineStep {
  action: string; actor: string; organisation: string | null; note: string | null; at: string; elapsed_minutes: number | null
  to_status: string | null; attachments: { id: number }[]
}

export interface CaseDetail {
  incident: CaseItem & { description: string; people_involved: number; deadline: string | null; version: number }
  timeline: TimelineStep[]
}

interface NearbyCamera { id: string; name: string; status: string; metres: number; lon: number; lat: number }
export interface CaseNearby {
  cameras: NearbyCamera[]
  workers: { display_name: string; own_grid: boolean }[]
  duplicates: { id: number; title: string; status: string; metres: number }[]
}
