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
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses='' -k $dir -c fsync=on -c max_connections=200" start >/dev/null \
      || { cat "$dir/server.log" >&2; die "postgres did not start"; }
    echo "postgresql://samsyn@/postgres?host=$dir"
    ;;
  stop)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null
    ;;
  restart)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null || true
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses='' -k $dir -c fsync=on -c max_connections=200" start >/dev/null
    ;;
  createdb|dropdb)
    name=${3:?database name}
    "$bindir/$cmd" -h "$dir" -U samsyn "$name"
    ;;
  *) die "unknown command $cmd" ;;
esac
