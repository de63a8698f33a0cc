#!/usr/bin/env bash
# Try scale-out on one machine: a throw-away PostgreSQL server in a temp folder (initdb and pg_ctl
# on 127.0.0.1, as the unprivileged postgres user when run as root; Debian's postgresql installed
# if missing) and N app instances on consecutive ports, all on one database. Ctrl-C stops them all
# and removes the folder. Builds the app first if it has not been built.
#
#   bash scripts/cluster.sh [instances=3] [first port=3000] [postgres port=55432]
set -euo pipefail
source "$(dirname "$0")/offline-env.sh"
cd "$(dirname "$0")/.."
instances="${1:-3}"
first_port="${2:-3000}"
pg_port="${3:-55432}"

[ -f .next/BUILD_ID ] || { bash scripts/ensure-deps.sh; echo "==> building"; npx next build; }

folder="$(mktemp -d /tmp/aco-cluster-XXXXXX)"
pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  bash scripts/postgres-server.sh stop "$folder/pg"
  rm -rf "$folder"
  echo "==> cluster stopped"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> PostgreSQL on 127.0.0.1:$pg_port (in $folder/pg)"
server_url="$(bash scripts/postgres-server.sh start "$folder/pg" "$pg_port")"
node -e 'const pg = require("pg"); const c = new pg.Client(process.argv[1]); c.connect().then(() => c.query("CREATE DATABASE observatory")).then(() => c.end())' "$server_url"
export DATABASE_URL="${server_url%/postgres}/observatory"

for i in $(seq 0 $((instances - 1))); do
  port=$((first_port + i))
  echo "==> instance $((i + 1)) on http://127.0.0.1:$port"
  PORT="$port" node --max-semi-space-size=64 server.mjs -H 127.0.0.1 -p "$port" > >(sed -u "s/^/[instance $((i + 1))] /") 2>&1 &
  pids+=("$!")
done
echo "==> $instances instances on one database; put any HTTP load balancer in front (SSE needs no sticky sessions). Ctrl-C to stop."
wait -n "${pids[@]}" || true
