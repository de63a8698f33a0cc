#!/usr/bin/env bash
# One command from a fresh clone to a running app on http://localhost:3000 (offline planner
# unless a model is configured; see README "Configuration").
set -euo pipefail
source "$(dirname "$0")/offline-env.sh"
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
echo "==> building"
npx next build
echo "==> starting on http://localhost:${PORT:-3000}"
# A larger young generation: see lib/trace/README.md "Figures" (the recorder's batches).
exec node --max-semi-space-size=64 server.mjs -p "${PORT:-3000}"
