import pg from 'pg'

/** Drops and creates a database beside the one in adminUrl; returns its URL. */
export async function createServerDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(`drop database if exists ${name} with (force)`)
    await client.query(`create database ${name}`)
  } finally {
    await client.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** Drops the databases whose names start with prefix (a run's own, per process id). */
export async function dropServerDatabases(adminUrl: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const r = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${prefix}%`])
    for (const { datname } of r.rows) await client.query(`drop database if exists ${datname} with (force)`)
  } finally {
    await client.end()
  }
}
