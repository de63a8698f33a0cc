#!/usr/bin/env bash
# The whole test suite: installs what it needs (npm packages, Debian's Chromium and PostgreSQL), then
# type-checks, checks the formatting, lints, checks the import direction, runs the unit/API tests (and again on a
# throw-away PostgreSQL server those that hold for both engines), builds the
# app, runs the system tests (the built app as a real server: access, fuzz, crash, load)
# and the browser tests against the built app.
set -euo pipefail
source "$(dirname "$0")/offline-env.sh"
cd "$(dirname "$0")/.."
# Everything this run starts inherits the mark; whatever server it left behind (a test that timed
# out, an interrupted run) is ended when the script ends, however it ends.
export ACO_TEST_RUN="test-all-$$-$(date +%s%N)"
trap 'bash scripts/stop-test-servers.sh "$ACO_TEST_RUN"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
bash scripts/ensure-deps.sh
bash scripts/ensure-chromium.sh
bash scripts/ensure-postgres.sh >/dev/null
mkdir -p .reports

echo "==> type-check";        npx tsc --noEmit
echo "==> format";            npx biome format .
echo "==> lint";              npx eslint . --max-warnings=0
echo "==> import direction";  npm run --silent depcheck
echo "==> unit and API tests"
npx vitest run --reporter=default --reporter=json --outputFile.json=.reports/vitest.json
echo "==> PostgreSQL tests (the recorder, history and trace API on a throw-away server)"
npx vitest run -c vitest.postgres.config.ts --reporter=default --reporter=json --outputFile.json=.reports/postgres.json
echo "==> build";             npx next build
echo "==> system tests"
npx vitest run -c vitest.system.config.ts --reporter=default --reporter=json --outputFile.json=.reports/system.json
echo "==> browser tests"
PLAYWRIGHT_JSON_OUTPUT_NAME=.reports/playwright.json npx playwright test --reporter=list,json
node scripts/summarize-tests.mjs .reports/vitest.json .reports/postgres.json .reports/system.json .reports/playwright.json
