#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: no system service, no password, no TCP.
#
#   tools/pg.sh start DIR     initdb into DIR (must not exist), start it on a Unix socket
#                             in DIR; prints the base URL: postgresql://samsyn@/?host=DIR
#   tools/pg.sh stop DIR      stop it (fast shutdown)
#   tools/pg.sh restart DIR   stop and start again (for the "database went away" tests)
#   tools/pg.sh createdb DIR NAME / dropdb DIR NAME
#
# initdb and postgres refuse to run as root, so as root they run as `nobody`, and DIR is
# handed to that user.  The cluster trusts local socket connections as user "samsyn";
# nothing listens on the network.
#
# SAMSYN_PG_FSYNC=off at start makes a cluster that does not wait for the disk (the test
# suites use it: they test behaviour, not durability); the default, on, is what the
# benchmarks measure.  A restart keeps the cluster's setting.
set -euo pipefail

prog=${0##*/}
die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 1; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -n $bindir && -x $bindir/initdb ]] || die "PostgreSQL server binaries not found (apt-get install postgresql)"

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u nobody -- "$@"
  else
    "$@"
  fi
}

# pg_start DIR: start the cluster in DIR with the fsync setting it was made with.
pg_start() {
  local fsync sync=on
  fsync=$(cat "$1/fsync" 2>/dev/null || echo on)
  [[ $fsync == off ]] && sync=off
  as_owner "$bindir/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 30 \
    -o "-c listen_addresses='' -k $1 -c fsync=$fsync -c synchronous_commit=$sync -c full_page_writes=$fsync -c max_connections=200" \
    start >/dev/null
}

cmd=${1:-}
dir=${2:-}
[[ -n $cmd && -n $dir ]] || die "usage: $prog start|stop|restart|createdb|dropdb DIR [NAME]"

case $cmd in
  start)
    [[ -e $dir ]] && die "$dir exists"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [[ $(id -u) -eq 0 ]]; then
      chown nobody:nogroup "$dir"
      runuser -u nobody -- test -x "$dir" ||
        die "user nobody cannot reach $dir: make its parent folders searchable (chmod o+x)"
    fi
    as_owner "$bindir/initdb" -D "$dir/data" -U samsyn --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    case ${SAMSYN_PG_FSYNC:-on} in
      on|off) echo "${SAMSYN_PG_FSYNC:-on}" >"$dir/fsync" ;;
      *) die "SAMSYN_PG_FSYNC must be on or off" ;;
    esac
    pg_start "$dir" || { cat "$dir/server.log" >&2; die "postgres did not start"; }
    echo "postgresql://samsyn@/postgres?host=$dir"
    ;;
  stop)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null
    ;;
  restart)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null || true
    pg_start "$dir"
    ;;
  createdb|dropdb)
    name=${3:?database name}
    "$bindir/$cmd" -h "$dir" -U samsyn "$name"
    ;;
  *) die "unknown command $cmd" ;;
esac
