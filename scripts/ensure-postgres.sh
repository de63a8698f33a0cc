#!/usr/bin/env bash
# Makes sure PostgreSQL's server binaries are on this machine (initdb, pg_ctl, postgres): the
# PostgreSQL tests and scripts/cluster.sh start a throw-away server of their own. Installs Debian's
# `postgresql` package when they are missing (needs root, as CI runs). Prints the binaries' folder.
set -euo pipefail

find_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    dir="$(pg_config --bindir 2>/dev/null || true)"
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  fi
  # Debian keeps the server binaries per major version, off the PATH; the newest wins.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

if bindir="$(find_bindir)"; then
  echo "$bindir"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-postgres: PostgreSQL's server is not installed and this is not root: apt-get install postgresql" >&2
  exit 1
fi
echo "==> installing Debian's postgresql" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update >&2
apt-get install -y --no-install-recommends postgresql >&2
# The package starts a cluster of its own on 5432; the tests do not use it.
bindir="$(find_bindir)" || { echo "ensure-postgres: installed, but initdb/pg_ctl were not found" >&2; exit 1; }
echo "$bindir"
