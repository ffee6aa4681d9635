#!/usr/bin/env bash
# `npm run production`: the production topology on this machine, without Docker, with the demo users:
#   a private PostgreSQL cluster (least-privilege roles: deploy/postgres/init-roles.sh) and Redis, the real
#   Temporal server (PostgreSQL persistence and visibility in databases of its own), 2 API replicas, 2 workers,
#   2 notifiers and a mail catcher, all on 127.0.0.1 under one supervisor (scripts/production/topology.ts).
# State persists under .data/production/ (secrets.json holds its generated passwords); Ctrl-C stops everything.
# Ports: PostgreSQL 25432, Redis 25379, Temporal 25233, APIs 3100/3101, notifiers 25101/25102, worker metrics 25464/25465.
# Arguments go to scripts/production/main.ts: --base-port, --api-port, --api N, --worker N, --notifier N, --quiet.
source "$(dirname "$0")/lib.sh"
ensure_node
ensure_deps
ensure_temporal_server
cd "$GOTONG_ROOT"
command -v initdb >/dev/null && command -v postgres >/dev/null ||
  die "PostgreSQL's server programs (initdb, postgres) must be on PATH, e.g. /usr/lib/postgresql/15/bin"
command -v redis-server >/dev/null || die "redis-server must be on PATH (Debian package redis-server)"

log "building"
build_dist
ensure_web_build # the browser app, served by the API under /app
exec node --enable-source-maps dist/scripts/production/main.js "$@"
