#!/usr/bin/env bash
# Stand-in for Prisma's native schema engine, which cannot be downloaded on
# offline or air-gapped machines. Only its presence is checked by `prisma
# generate`; migrations are applied by libs/database/src/migrator.ts.
echo "Prisma's schema engine is not installed here; use 'npm run db:migrate' (offline migration runner)." >&2
exit 1
