#!/usr/bin/env bash
# A throw-away PostgreSQL server in a folder of its own, on 127.0.0.1 only, for tests and
# scripts/cluster.sh. initdb and pg_ctl refuse to run as root: as root they run as the unprivileged
# `postgres` user (created by Debian's package), which is given the folder.
#
#   bash scripts/postgres-server.sh start <folder> <port>   # prints the DATABASE_URL (database "postgres")
#   bash scripts/postgres-server.sh stop <folder>           # stops it (immediate mode) and removes the folder
set -euo pipefail
cmd="${1:?usage: postgres-server.sh start <folder> <port> | stop <folder>}"
dir="${2:?folder}"
bindir="$(bash "$(dirname "$0")/ensure-postgres.sh")"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    port="${3:?port}"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir" && chmod 700 "$dir"
    password="$(head -c 18 /dev/urandom | base64 | tr '+/' 'xy')"
    printf '%s\n' "$password" >"$dir/pwfile"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pwfile"
    as_owner "$bindir/initdb" -D "$dir/data" -U aco --pwfile="$dir/pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    rm -f "$dir/pwfile"
    # Sized for tests on a small shared machine: durability off (a crash loses only a throw-away
    # cluster), connections enough for a few app instances with their pools.
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://aco:${password}@127.0.0.1:${port}/postgres"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: postgres-server.sh start <folder> <port> | stop <folder>" >&2
    exit 2
    ;;
esac
