#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or out of date with the lock file.
# (npm's postinstall generates the Prisma client offline.)
set -euo pipefail
source "$(dirname "$0")/offline-env.sh"
cd "$(dirname "$0")/.."
stamp=node_modules/.install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "==> installing npm dependencies"
  npm ci --no-audit --no-fund
  touch "$stamp"
fi
if [ ! -f lib/db/generated/client.ts ] || [ prisma/schema.prisma -nt lib/db/generated/client.ts ] \
  || [ ! -f lib/db/generated-pg/client.ts ] || [ prisma/postgresql/schema.prisma -nt lib/db/generated-pg/client.ts ]; then
  npm run db:generate
fi
