#!/usr/bin/env bash
# Serves the built app on 127.0.0.1 with a fresh database, for Playwright.
set -euo pipefail
source "$(dirname "$0")/offline-env.sh"
port="${1:-3210}"
dir="$(mktemp -d /tmp/aco-e2e-XXXXXX)"
export DATABASE_URL="file:${dir}/e2e.db"
# Standard input a pipe from Playwright: the lifeline ends the server if Playwright dies without
# stopping it (it kills the server's process group itself when it can).
lifeline=()
if [ -p /dev/stdin ]; then lifeline=(--import ./tests/support/system/lifeline.mjs); fi
# Store orders run instant here unless a spec picks a pace (a person gets real time by default).
export STORE_DEFAULT_PACE="${STORE_DEFAULT_PACE:-instant}"
# A larger young generation: see lib/trace/README.md "Figures" (the recorder's batches).
exec node --max-semi-space-size=64 "${lifeline[@]}" server.mjs -H 127.0.0.1 -p "$port"
