#!/usr/bin/env bash
# Ends the app servers a test run left behind: processes that carry the run's mark (the
# ACO_TEST_RUN value given, inherited by everything the run started) and serve a throw-away
# database under /tmp/aco-system-*, /tmp/aco-e2e-* or /tmp/aco-big-trace-* (system tests,
# Playwright's web server, the big-trace bench), and the throw-away PostgreSQL servers of its
# PostgreSQL tests (a /tmp/aco-pg-test-* folder marked with the run's value). Another run's servers,
# and anything else on the machine, are left alone. SIGTERM first (server.mjs shuts down cleanly),
# SIGKILL after 5 s.
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
    grep -qzE '^DATABASE_URL=(file:/tmp/aco-(system|e2e|big-trace)-|postgresql://[^@]*@127\.0\.0\.1:[0-9]+/aco_system_)' "$environ" 2>/dev/null && echo "$pid"
  done
}

# PostgreSQL servers: postgres runs as its own user without the run's environment, so the folder's
# mark says whose it is; pg_ctl stops it and the folder goes.
for mark_file in /tmp/aco-pg-test-*/aco-test-run; do
  [ -f "$mark_file" ] || continue
  [ "$(cat "$mark_file" 2>/dev/null)" = "$mark" ] || continue
  folder="$(dirname "$mark_file")"
  echo "==> stopping the PostgreSQL test server left in $folder"
  bash "$(dirname "$0")/postgres-server.sh" stop "$folder" || true
done

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
