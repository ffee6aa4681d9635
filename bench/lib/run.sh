#!/usr/bin/env bash
# `npm run bench` (bench/bench.ts): builds what the stack runs (dist/, the workflow bundle) as `npm start`
# does, finds the Temporal CLI (dev topology) or builds the Temporal server (BENCH_TOPOLOGY=production), then
# runs the compiled runner. Options: environment variables, see bench/bench.ts and docs/benchmarks.md.
source "$(dirname "$0")/../../scripts/lib.sh"
ensure_node
ensure_deps
cd "$GOTONG_ROOT"
ensure_temporal
if [ "${BENCH_TOPOLOGY:-dev}" = production ]; then
  ensure_temporal_server
  if ! command -v initdb >/dev/null; then
    for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && PATH="$dir:$PATH"; done
  fi
  command -v initdb >/dev/null && command -v postgres >/dev/null ||
    die "PostgreSQL's server programs (initdb, postgres) must be on PATH, e.g. /usr/lib/postgresql/15/bin"
  command -v redis-server >/dev/null || die "redis-server must be on PATH (Debian package redis-server)"
fi
log "building"
build_dist
exec node --enable-source-maps dist/bench/bench.js "$@"
