#!/usr/bin/env bash
# Ends the app servers a test run left behind: processes that carry the run's mark (the
# ACO_TEST_RUN value given, inherited by everything the run started) and serve a throw-away
# database under /tmp/aco-system-*, /tmp/aco-e2e-* or /tmp/aco-big-trace-* (system tests,
# Playwright's web server, the big-trace bench). Another run's servers, and anything else on the
# machine, are left alone. SIGTERM first (server.mjs shuts down cleanly), SIGKILL after 5 s.
#
#   bash scripts/stop-test-servers.sh <ACO_TEST_RUN value>
set -uo pipefail
mark="${1:?usage: stop-test-servers.sh <ACO_TEST_RUN value>}"

leftovers() {
  local environ pid
  # environ files are NUL-separated: -z reads each variable as a line.
  for environ in $(grep -lzxF "ACO_TEST_RUN=${mark}" /proc/[0-9]*/environ 2>/dev/null); do
    pid="${environ#/proc/}"; pid="${pid%/environ}"
    [ "$pid" = "$$" ] && continue
    grep -qzE '^DATABASE_URL=file:/tmp/aco-(system|e2e|big-trace)-' "$environ" 2>/dev/null && echo "$pid"
  done
}

pids="$(leftovers)"
[ -z "$pids" ] && exit 0
echo "==> stopping test servers left running: $(echo $pids)"
kill -TERM $pids 2>/dev/null
for _ in $(seq 50); do
  sleep 0.1
  pids="$(for pid in $pids; do kill -0 "$pid" 2>/dev/null && echo "$pid"; done)"
  [ -z "$pids" ] && exit 0
done
kill -KILL $pids 2>/dev/null
exit 0
