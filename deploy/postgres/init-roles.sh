#!/usr/bin/env bash
# Least-privilege roles and databases for Gotong and Temporal in one PostgreSQL cluster. Idempotent: run it
# again after a password change or on an existing cluster. Used in two places:
#   - docker-compose mounts it into the postgres service's /docker-entrypoint-initdb.d (first start only);
#   - scripts/production/topology.ts runs it against its private cluster on every start.
# Connects with the libpq environment (PGHOST, PGPORT, PGUSER, PGPASSWORD) as a superuser; in the
# postgres image's init phase PGUSER falls back to POSTGRES_USER and the local socket.
#
#   gotong_owner  owns database gotong: the migrations (DDL) and the bootstrap/seed run as this role.
#   gotong_app    what the API, the worker and the notifier log in as: reads and writes rows, nothing else
#                 (no CREATE on schema public, so no DDL; tables it does not own cannot be altered).
#   temporal      owns databases temporal and temporal_visibility (Temporal's schema tool and server).
set -euo pipefail

: "${GOTONG_OWNER_PASSWORD:?set GOTONG_OWNER_PASSWORD (the role that migrates)}"
: "${GOTONG_APP_PASSWORD:?set GOTONG_APP_PASSWORD (the role the applications use)}"
: "${TEMPORAL_DB_PASSWORD:?set TEMPORAL_DB_PASSWORD (the role of Temporal)}"
export PGUSER="${PGUSER:-${POSTGRES_USER:-postgres}}"

run() { psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet "$@"; }

run --dbname postgres \
  -v owner_password="$GOTONG_OWNER_PASSWORD" \
  -v app_password="$GOTONG_APP_PASSWORD" \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I', name)
  FROM unnest(ARRAY['gotong_owner', 'gotong_app', 'temporal']) AS name
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name) \gexec
ALTER ROLE gotong_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
ALTER ROLE gotong_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
ALTER ROLE temporal LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'temporal_password';

SELECT format('CREATE DATABASE %I OWNER %I', db, owner)
  FROM (VALUES ('gotong', 'gotong_owner'), ('temporal', 'temporal'), ('temporal_visibility', 'temporal'))
       AS wanted(db, owner)
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = db) \gexec
-- The postgres image creates POSTGRES_DB itself, owned by the superuser: hand it over.
ALTER DATABASE gotong OWNER TO gotong_owner;
ALTER DATABASE temporal OWNER TO temporal;
ALTER DATABASE temporal_visibility OWNER TO temporal;
REVOKE ALL ON DATABASE temporal, temporal_visibility FROM PUBLIC;
REVOKE ALL ON DATABASE gotong FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE gotong TO gotong_app;
SQL

run --dbname gotong <<'SQL'
-- Only the owner creates objects (PostgreSQL 15+ already denies PUBLIC; older clusters do not).
ALTER SCHEMA public OWNER TO gotong_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO gotong_app;
-- Tables and sequences the migrations create from now on...
ALTER DEFAULT PRIVILEGES FOR ROLE gotong_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO gotong_app;
ALTER DEFAULT PRIVILEGES FOR ROLE gotong_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO gotong_app;
-- ...and those that already exist (a re-run on a migrated database).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO gotong_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO gotong_app;
-- The audit trail is append-only for the applications: the grant above must not give back what the migration
-- 20261207010000_append_only_audit revoked (its trigger refuses the same for every role).
DO $$
BEGIN
  IF to_regclass('public.audit_event') IS NOT NULL THEN
    REVOKE UPDATE, DELETE, TRUNCATE ON public.audit_event FROM gotong_app;
  END IF;
END $$;
SQL
