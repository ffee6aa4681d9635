# syntax=docker/dockerfile:1
#
# Gotong application image: one image, five commands (see docker-compose.yml):
#   node dist/apps/api/src/main.js              HTTP API (default)
#   node dist/apps/worker/src/main.js           Temporal worker
#   node dist/apps/notifier/src/main.js         notifications (BullMQ) and digests
#   node dist/libs/database/src/migrate.cli.js  apply prisma/migrations, then exit
#   node dist/scripts/bootstrap.js              migrations, reference data and the first ADMIN (one-time
#                                               password on stdout), then exit; never demo users
#
#   docker build --target runtime -t gotong:local .

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- deps: every dependency, dev ones included (TypeScript, Prisma CLI, bundler) ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV SCARF_ANALYTICS=false \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    CHECKPOINT_DISABLE=1
COPY package.json package-lock.json ./
# `npm ci`: exactly the lockfile, and the build fails if package.json and the lockfile disagree. The lockfile
# lists every platform's native binding (e.g. @swc/core-linux-x64-gnu, -linux-x64-musl, -darwin-arm64) as
# optional packages; npm ci installs the one that matches this image and skips the rest.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund --loglevel=error

# ---- build: Prisma client, TypeScript, Temporal workflow bundle, the web app (dist/web, served at /app) ----
FROM deps AS build
COPY . .
# `prisma generate` needs no schema engine, but the CLI looks for one; point it at
# a stub so that generation works offline (migrations use our own runner).
RUN PRISMA_SCHEMA_ENGINE_BINARY=/app/scripts/no-schema-engine.sh npx prisma generate \
 && npx tsc -p tsconfig.build.json \
 && npx tsc-alias -p tsconfig.build.json \
 && node dist/scripts/build-workflow-bundle.js \
 && test -s dist/workflow-bundle.js \
 && npx vite build apps/web \
 && test -s dist/web/index.html

# ---- runtime: production dependencies and compiled output only ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    SCARF_ANALYTICS=false
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no install script is needed at runtime (native bindings come
# as platform packages), and it stops the Prisma CLI (an optional peer of
# @prisma/client) from downloading engines into the image.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
COPY --from=build /app/dist ./dist
# Read from <cwd>/prisma/migrations by migrate.cli.js and bootstrap.js (the reference data is compiled into dist/).
COPY prisma/migrations ./prisma/migrations
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
