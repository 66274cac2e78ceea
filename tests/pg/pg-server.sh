#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (and bench/store.sh).
#
#   pg-server.sh start DIR   initdb into DIR/data, start the server on a
#                            Unix socket in DIR only (no TCP), print the URL
#                            of a fresh database "chitieu" on it
#   pg-server.sh restart DIR stop and start the same server (its sessions end)
#   pg-server.sh stop DIR    stop it (the caller removes DIR)
#
# Run as root, the cluster belongs to an unprivileged user (nobody, or
# $CT_PG_USER): PostgreSQL refuses to run as root; DIR's parents must let
# that user through (chmod 755 a mktemp -d). Exit status: 0 started
# or stopped; 77 no PostgreSQL server binaries here (a laptop: the tests
# skip); 1 anything else, and also no binaries when $CI is set (CI must
# not pass on skipped PostgreSQL tests: scripts/deps.sh installs them).
set -u
verb=${1:-}
dir=${2:-}
[[ ($verb == start || $verb == stop || $verb == restart) && -n $dir ]] ||
  { echo "usage: pg-server.sh start|stop|restart DIR" >&2; exit 1; }

bindir=""
if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
  bindir=$(dirname "$(command -v pg_ctl)")
else
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x $d/pg_ctl && -x $d/initdb ]]; then bindir=$d; break; fi
  done
fi
if [[ -z $bindir ]]; then
  if [[ -n ${CI:-} ]]; then
    echo "pg-server: no PostgreSQL server binaries (initdb, pg_ctl) and CI is set: install postgresql (scripts/deps.sh)" >&2
    exit 1
  fi
  echo "pg-server: no PostgreSQL server binaries (initdb, pg_ctl): PostgreSQL tests skipped" >&2
  exit 77
fi

as_owner() { # run a server program as the cluster's owner
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "${CT_PG_USER:-nobody}" -- "$@"
  else
    "$@"
  fi
}

if [[ $verb == restart ]]; then # the same cluster, the server stopped and started again
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 30 -m fast restart >/dev/null 2>&1 ||
    { echo "pg-server: restart failed" >&2; exit 1; }
  exit 0
fi
if [[ $verb == stop ]]; then
  [[ -d $dir/data ]] || exit 0
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  exit 0
fi

mkdir -p "$dir/data" "$dir/sock" || exit 1
if [[ $(id -u) -eq 0 ]]; then
  chmod 755 "$dir"
  chown "${CT_PG_USER:-nobody}" "$dir/data" "$dir/sock" || exit 1
fi
if ! as_owner test -w "$dir/data"; then
  echo "pg-server: $dir is out of reach of ${CT_PG_USER:-nobody} (its parents need o+x)" >&2; exit 1
fi
if ! as_owner "$bindir/initdb" -D "$dir/data" -U chitieu -A trust -E UTF8 --no-locale --no-sync \
    >"$dir/initdb.log" 2>&1; then
  echo "pg-server: initdb failed:" >&2; tail -5 "$dir/initdb.log" >&2; exit 1
fi
# the socket only (listen_addresses empty: no TCP port); no fsync (a test
# cluster: a crash of the machine loses it, which is fine)
if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 30 \
    -o "-c listen_addresses= -k $dir/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60" \
    start >/dev/null 2>&1; then
  echo "pg-server: the server did not start:" >&2; tail -5 "$dir/data/server.log" >&2; exit 1
fi
psql=$bindir/psql
[[ -x $psql ]] || psql=psql
if ! "$psql" -X -q -h "$dir/sock" -U chitieu -d postgres -c "CREATE DATABASE chitieu" >/dev/null 2>"$dir/createdb.log"; then
  echo "pg-server: CREATE DATABASE failed:" >&2; cat "$dir/createdb.log" >&2
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
  exit 1
fi
echo "postgresql:///chitieu?host=$dir/sock&user=chitieu"
