#!/usr/bin/env bash
# Runs Jest on Node 24 with the Temporal CLI available. Arguments go to Jest:
#   npm run jest -- test/joint-project.e2e.spec.ts
source "$(dirname "$0")/lib.sh"
ensure_node
ensure_deps
ensure_temporal
# The browser tests (test/web) need Chromium and the built web app.
ensure_chromium
ensure_web_build
cd "$GOTONG_ROOT"
exec node --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js "$@"
