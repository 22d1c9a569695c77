#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 + PostGIS cluster on 127.0.0.1:${PGPORT:-54329} for the tests and prints
# its URL. Needs Debian's postgresql-15-postgis-3. Runs the server as the 'postgres' user (it refuses root).
set -euo pipefail
port=${PGPORT:-54329}
dir=${PGDATA_DIR:-/tmp/gridsight-pg}
bin=/usr/lib/postgresql/15/bin
if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null; then
  rm -rf "$dir" && mkdir -p "$dir" && chown postgres:postgres "$dir"
  su postgres -c "$bin/initdb -D $dir -U postgres --auth=trust" >/dev/null
  su postgres -c "$bin/pg_ctl -D $dir -l $dir/server.log -o '-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c shared_buffers=512MB' start" >/dev/null
  for _ in $(seq 1 30); do "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" && break; sleep 1; done
fi
echo "postgres://postgres@127.0.0.1:$port/postgres"
