#!/usr/bin/env bash
# `npm run chaos`: the chaos suite (bench/chaos/run.ts) against the production topology on loopback
# (scripts/production/topology.ts): PostgreSQL, Redis, the Temporal server, 2 API replicas, 2 workers and
# 2 notifiers of its own, in a data directory per checkout under the system temp directory. Kills processes and stops services while a load of joint projects
# runs, then prints what was lost, duplicated, answered 5xx or hung, and keeps the table in docs/chaos.md.
#   npm run chaos                     the full run (about a quarter of an hour on 2 cores)
#   npm run chaos -- --short          the short variant npm test runs (a few minutes; artifacts/chaos-short.md)
#   npm run chaos -- --only R1,R3     some scenarios;  --fresh: a new data directory
# Exits non-zero when anything was lost, duplicated, left unfinished, answered 500 or hung.
source "$(dirname "$0")/lib.sh"
ensure_node
ensure_deps
ensure_temporal_server
cd "$GOTONG_ROOT"

log "building"
npx tsc -p tsconfig.build.json
# The `@gotong/…` import aliases become relative paths in dist/ (node does not read tsconfig.json).
npx tsc-alias -p tsconfig.build.json
node dist/scripts/build-workflow-bundle.js dist/workflow-bundle.js

exec node --enable-source-maps dist/bench/chaos/run.js "$@"
