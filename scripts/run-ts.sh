#!/usr/bin/env bash
# Runs one of the project's TypeScript entry points (e.g. prisma/seed.ts) from
# the compiled output, building first. Usage: scripts/run-ts.sh <file.ts> [args]
source "$(dirname "$0")/lib.sh"
ensure_node
ensure_deps
cd "$GOTONG_ROOT"
npx tsc -p tsconfig.build.json
# The `@gotong/…` import aliases become relative paths in dist/ (node does not read tsconfig.json).
npx tsc-alias -p tsconfig.build.json
file="$1"; shift
exec node --enable-source-maps "dist/${file%.ts}.js" "$@"
