/** A json/jsonb value as the driver hands it over: parsed from the server (pg), as text from the embedded database. */
export const fromJson = <T>(v: T | string): T => (typeof v === 'string' ? JSON.parse(v) as T : v)
