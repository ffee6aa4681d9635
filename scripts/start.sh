#!/usr/bin/env bash
# `npm start`: the whole system on this machine with demo data.
#   Temporal dev server (unless TEMPORAL_ADDRESS points at one), database
#   migrations, the reference data (the same step as `npm run bootstrap`) with
#   the demo users on top, the Temporal worker, the HTTP API and the notifier
#   (BullMQ; emails go to a local mail catcher, see .data/mail/).
#   A regency going live runs `npm run bootstrap` instead: no demo users.
# A component that dies is restarted (scripts/supervisor.ts); Ctrl-C stops everything. State persists under .data/.
source "$(dirname "$0")/lib.sh"
ensure_node
ensure_deps
cd "$GOTONG_ROOT"
mkdir -p .data

export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/gotong}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export API_HOST="${API_HOST:-127.0.0.1}" API_PORT="${API_PORT:-3000}"
export NOTIFIER_HOST="${NOTIFIER_HOST:-127.0.0.1}" NOTIFIER_PORT="${NOTIFIER_PORT:-3001}"
MAIL_CATCHER_PORT="${MAIL_CATCHER_PORT:-1025}"
TEMPORAL_PORT="${TEMPORAL_PORT:-7233}" TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"

# A per-machine signing secret for development, never committed.
if [ -z "${JWT_SECRET:-}" ]; then
  [ -s .data/jwt-secret ] || (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" > .data/jwt-secret)
  JWT_SECRET="$(cat .data/jwt-secret)"; export JWT_SECRET
fi
# The same for the key Temporal payloads are encrypted with (PAYLOAD_ENCRYPTION_KEYS, "<id>:<base64>"): kept, since
# the dev server's history in .data/temporal.db stays readable only with it.
if [ -z "${PAYLOAD_ENCRYPTION_KEYS:-}" ]; then
  [ -s .data/payload-keys ] || (umask 077 && node -e "process.stdout.write('dev1:' + require('crypto').randomBytes(32).toString('base64'))" > .data/payload-keys)
  PAYLOAD_ENCRYPTION_KEYS="$(cat .data/payload-keys)"; export PAYLOAD_ENCRYPTION_KEYS
fi

log "building"
build_dist
ensure_web_build # the browser app, served by the API under /app

node -e "
  const net = require('net'); const u = new URL(process.env.REDIS_URL);
  const s = net.connect(+u.port || 6379, u.hostname, () => { s.end(); process.exit(0); });
  s.on('error', () => { console.error('Redis is not reachable at ' + process.env.REDIS_URL + ' (set REDIS_URL)'); process.exit(1); });
" || exit 1

node dist/libs/database/src/migrate.cli.js
# Reference data (prisma/seed.ts seedReference, as in scripts/bootstrap.ts), then the demo users and their logins.
node dist/prisma/seed.js

# Every long-running process runs under the supervisor (scripts/supervisor.ts): each in its own process group
# with its output prefixed, restarted when it dies (it gives up and stops everything after repeated crashes),
# and all of them stopped, whole process groups, on Ctrl-C. The Procfile lists them in start order; one with a
# --ready check must pass it before the next starts.
procfile=.data/Procfile
ready=()
: > "$procfile"
if [ -z "${TEMPORAL_ADDRESS:-}" ]; then
  ensure_temporal
  export TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT"
  log "starting the Temporal dev server on $TEMPORAL_ADDRESS (history in .data/temporal.db)"
  # The UI decodes payloads through the API's codec endpoint (sign in at $API_URL/codec first, see README).
  # SQLite in WAL mode, synced at checkpoints: the raw Update baseline goes from about 20 to 34 per second here
  # (docs/benchmarks.md); a crash of the machine may lose the last moments of dev history, never the process's.
  echo "temporal: \"\$TEMPORAL_CLI\" server start-dev --ip 127.0.0.1 --port $TEMPORAL_PORT --ui-port $TEMPORAL_UI_PORT --ui-codec-endpoint http://$API_HOST:$API_PORT/codec --db-filename .data/temporal.db --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal --log-level warn" >> "$procfile"
  export CODEC_CORS_ORIGINS="${CODEC_CORS_ORIGINS:-http://127.0.0.1:$TEMPORAL_UI_PORT,http://localhost:$TEMPORAL_UI_PORT}"
  ready+=(--ready "temporal=\"$TEMPORAL_CLI\" operator cluster health --address $TEMPORAL_ADDRESS")
  TEMPORAL_UI="http://127.0.0.1:$TEMPORAL_UI_PORT"
else
  TEMPORAL_UI="(the UI of your Temporal server at $TEMPORAL_ADDRESS)"
fi

API_URL="http://$API_HOST:$API_PORT"
NOTIFIER_URL="http://$NOTIFIER_HOST:$NOTIFIER_PORT"
cat >> "$procfile" <<PROCS
worker: node --enable-source-maps --max-old-space-size=1024 dist/apps/worker/src/main.js
api: node --enable-source-maps dist/apps/api/src/main.js
PROCS
ready+=(--ready "api=$API_URL/health")
# Without a real SMTP server, email goes to a local catcher that keeps each message as .eml in .data/mail.
if [ -z "${SMTP_URL:-}" ]; then
  echo "mail: node dist/scripts/mail-catcher.js $MAIL_CATCHER_PORT .data/mail" >> "$procfile"
  export SMTP_URL="smtp://127.0.0.1:$MAIL_CATCHER_PORT"
  MAIL_INFO="emails saved in .data/mail/ (local catcher on port $MAIL_CATCHER_PORT)"
else
  MAIL_INFO="emails through $SMTP_URL"
fi
echo "notifier: node --enable-source-maps dist/apps/notifier/src/main.js" >> "$procfile"
ready+=(--ready "notifier=$NOTIFIER_URL/health")

cat > .data/start-banner.txt <<INFO

  Gotong is running.
    Web app       $API_URL/app/
    API           $API_URL
    OpenAPI docs  $API_URL/docs
    Health        $API_URL/health
    Temporal UI   $TEMPORAL_UI
    Notifier      $NOTIFIER_URL/health ($MAIL_INFO)
  Demo logins are printed above by the seed (and kept in .data/demo-credentials.json).
  Try:  curl -s -X POST $API_URL/auth/login -H 'content-type: application/json' \\
          -d '{"username":"lead.bappeda","password":"<from the list>"}'
  A component that dies is restarted. Ctrl-C stops everything.

INFO
exec node dist/scripts/supervisor.js "${ready[@]}" --banner .data/start-banner.txt "$procfile"
