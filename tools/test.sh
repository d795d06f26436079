#!/usr/bin/env bash
# Run every test suite against an already built samsyn and print a summary.
# `make test` calls this after building; it builds nothing itself (meson
# test does bring the unit tests up to date).
#
# Both database back ends: before the suites it starts one throwaway
# PostgreSQL cluster (tools/pg.sh start, in a temp dir, on a Unix socket; as
# `nobody` when run as root) and at the end, also on failure or Ctrl-C, stops
# it and removes its directory.
#
# Suites:
#   unit                  meson test -C "$BUILD_DIR", once, with SAMSYN_TEST_PG_URL
#                         set to a fresh database in the cluster
#   api (sqlite)          node --test tests/api/*.test.mjs      SAMSYN_TEST_BACKEND=sqlite
#   api (postgresql)      the same with SAMSYN_TEST_BACKEND=pg, SAMSYN_TEST_PG_DIR=<cluster>
#   browser (sqlite)      node --test tests/browser/*.test.mjs  likewise
#   browser (postgresql)  only the files in $TEST_BROWSER_PG (default: reports steering
#                         yearly): the pages are the same on both back ends, whose
#                         differences the API suite covers in full; these flows write the most
#                         through the pages
#   extra    one suite per line of $TEST_EXTRA_SUITES, "name=command";
#            its output must end in a "N passed, N failed" line or a node
#            or meson summary
# A cluster that does not start fails the PostgreSQL suites (it does not skip them).
#
# Environment:
#   BUILD_DIR           meson build dir of the unit tests (default build-san)
#   SAMSYN_BIN          binary the api/browser tests run (default $BUILD_DIR/samsyn)
#   TEST_SUITE_TIMEOUT  seconds one suite may take (default 1800)
#   TEST_BACKENDS       back ends of the api and browser suites (default "sqlite pg")
#   TEST_BROWSER_PG     browser test files (names without .test.mjs) run on PostgreSQL;
#                       "all" for every one
#
# Speed: the cluster runs with fsync off (SAMSYN_PG_FSYNC=off, tools/pg.sh), the
# suites' temp files, SQLite databases among them, go to a directory in /dev/shm when
# there is one (the suites test behaviour, the benchmarks durability), and the demo
# database is loaded once per back end and copied for each test server.
#
# Prints one line per suite ("unit: 12 passed, 0 failed"), then exactly one
# "TOTAL: N passed, N failed" line; skipped tests are shown ("…, 1 skipped")
# but counted as neither. Exits 1 when anything failed, a suite crashed or
# timed out, or a suite printed no summary. Full output of each suite:
# tests/out/<suite>.log (api-sqlite.log, api-postgresql.log, …; the cluster's
# own: pg.log).
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo" || exit 1

BUILD_DIR=${BUILD_DIR:-build-san}
SAMSYN_BIN=${SAMSYN_BIN:-$BUILD_DIR/samsyn}
[[ $SAMSYN_BIN == /* ]] || SAMSYN_BIN=$repo/$SAMSYN_BIN
suite_timeout=${TEST_SUITE_TIMEOUT:-1800}
out_dir=$repo/tests/out
mkdir -p "$out_dir"

export BUILD_DIR SAMSYN_BIN
# Later options win, so anything already in the environment is kept on top.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export SAMSYN_PG_FSYNC=off

total_pass=0
total_fail=0
summary=()

say() { printf '%s\n' "$*"; }
banner() { printf '\n==== %s ====\n' "$*"; }

# --- running one command, with a time limit, into a log -------------------

child=
tailer=
on_signal() {
  trap - INT TERM
  [[ -n $child ]] && kill -TERM "$child" 2>/dev/null  # timeout passes it on to the suite
  [[ -n $tailer ]] && kill "$tailer" 2>/dev/null
  wait 2>/dev/null
  say "interrupted"
  exit 130
}
trap on_signal INT TERM

# run_logged LOG CMD... : output goes to LOG (shown as it comes); sets $rc.
run_logged() {
  local log=$1; shift
  : >"$log"
  timeout --kill-after=30 "$suite_timeout" "$@" >"$log" 2>&1 </dev/null &
  child=$!
  tail -n +1 -f --pid="$child" "$log" 2>/dev/null &
  tailer=$!
  wait "$child"; rc=$?
  wait "$tailer" 2>/dev/null
  child='' tailer=''
}

# --- parsing summaries -----------------------------------------------------
# Each sets p (passed), f (failed), s (skipped) and returns 1 when LOG has
# no summary of that kind.

last_num() { # last_num REGEX FILE: the number of the last line matching REGEX
  sed -nE "s/$1/\\1/p" "$2" | tail -n 1
}

parse_meson() {
  local ok fail to xpass xfail skip
  ok=$(last_num '^Ok:[[:space:]]+([0-9]+).*' "$1")
  fail=$(last_num '^Fail:[[:space:]]+([0-9]+).*' "$1")
  [[ -n $ok && -n $fail ]] || return 1
  to=$(last_num '^Timeout:[[:space:]]+([0-9]+).*' "$1")
  xpass=$(last_num '^Unexpected Pass:[[:space:]]+([0-9]+).*' "$1")
  xfail=$(last_num '^Expected Fail:[[:space:]]+([0-9]+).*' "$1")
  skip=$(last_num '^Skipped:[[:space:]]+([0-9]+).*' "$1")
  p=$(( ok + ${xfail:-0} ))
  f=$(( fail + ${to:-0} + ${xpass:-0} ))
  s=${skip:-0}
}

parse_tap() {
  local pass fail cancelled skip todo
  pass=$(last_num '^# pass ([0-9]+)$' "$1")
  fail=$(last_num '^# fail ([0-9]+)$' "$1")
  [[ -n $pass && -n $fail ]] || return 1
  cancelled=$(last_num '^# cancelled ([0-9]+)$' "$1")
  skip=$(last_num '^# skipped ([0-9]+)$' "$1")
  todo=$(last_num '^# todo ([0-9]+)$' "$1")
  p=$pass
  f=$(( fail + ${cancelled:-0} ))
  s=$(( ${skip:-0} + ${todo:-0} ))
}

parse_plain() {
  local line
  line=$(grep -E '^([A-Za-z_-]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$1" | tail -n 1)
  [[ -n $line ]] || return 1
  line=${line#*: }
  p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")
  f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
  s=$(sed -nE 's/.*, ([0-9]+) skipped$/\1/p' <<<"$line")
  s=${s:-0}
}

# record NAME PARSER LOG [SUMMARY_FILE]: count the suite just run ($rc).
record() {
  local name=$1 parser=$2 log=$3 from=${4:-$3} note=''
  p=0 f=0 s=0
  if ! "$parser" "$from"; then
    if (( rc == 124 || rc == 137 )); then note="timed out after ${suite_timeout}s"
    else note="crashed: exit $rc, no test summary"; fi
    p=0 f=1
  elif (( rc != 0 && f == 0 )); then
    note="exit $rc although no test failed"
    f=1
  elif (( p + f + s == 0 )); then
    note="ran no tests"
    f=1
  fi
  total_pass=$(( total_pass + p ))
  total_fail=$(( total_fail + f ))
  local line="$name: $p passed, $f failed"
  (( s > 0 )) && line+=", $s skipped"
  [[ -n $note ]] && line+="  ($note; see ${log#"$repo"/})"
  summary+=("$line")
}

fail_suite() { # fail_suite NAME REASON: a suite that could not run at all
  total_fail=$(( total_fail + 1 ))
  summary+=("$1: 0 passed, 1 failed  ($2)")
}

# --- the throwaway PostgreSQL cluster -------------------------------------

backends=${TEST_BACKENDS:-sqlite pg}
pg_base=''   # temp dir holding the cluster (removed at exit)
pg_dir=''    # the cluster: data/, its socket, server.log
pg_error=''  # why it did not start
pg_log=$out_dir/pg.log

stop_pg() {
  [[ -n $pg_base ]] || return 0
  if [[ -f $pg_dir/data/postmaster.pid ]]; then
    if ! tools/pg.sh stop "$pg_dir" >>"$pg_log" 2>&1; then
      # Not stopping within 30 s: end that postmaster (ours, by its pid).
      local pid
      pid=$(head -n 1 "$pg_dir/data/postmaster.pid" 2>/dev/null)
      [[ $pid =~ ^[0-9]+$ ]] && kill -KILL "$pid" 2>/dev/null
      sleep 1
    fi
  fi
  rm -rf "$pg_base"
  pg_base='' pg_dir=''
}

# Temp files of the node suites (SQLite databases, Chromium profiles), in memory when
# /dev/shm is there; its cache/ holds the demo database made once per run
# (SAMSYN_TEST_CACHE, tests/lib/server.mjs).
node_tmp=''
for base in /dev/shm "${TMPDIR:-/tmp}"; do
  if [[ -d $base && -w $base ]] && node_tmp=$(mktemp -d "$base/samsyn-test.XXXXXX"); then
    chmod 755 "$node_tmp"
    break
  fi
  node_tmp=''
done
cleanup() {
  stop_pg
  [[ -n $node_tmp ]] && rm -rf "$node_tmp"
  node_tmp=''
}
trap cleanup EXIT

start_pg() {
  : >"$pg_log"
  # As root the cluster runs as `nobody`, who must be able to reach it; and a
  # Unix socket path must stay short. Hence /tmp then.
  local tmp=${TMPDIR:-/tmp}
  if [[ $(id -u) -eq 0 || ${#tmp} -gt 60 ]]; then tmp=/tmp; fi
  if ! pg_base=$(mktemp -d "$tmp/samsyn-test-pg.XXXXXX"); then
    pg_base='' pg_error="mktemp in $tmp failed"
    return 1
  fi
  chmod 755 "$pg_base"
  pg_dir=$pg_base/pg
  local url
  if ! url=$(tools/pg.sh start "$pg_dir" 2>>"$pg_log"); then
    pg_error="throwaway PostgreSQL cluster did not start: $(grep -m 1 -i 'error' "$pg_log" || tail -n 1 "$pg_log")"
    stop_pg
    return 1
  fi
  say "PostgreSQL: $url"
  if ! tools/pg.sh createdb "$pg_dir" samsyn_unit >>"$pg_log" 2>&1; then
    pg_error="createdb samsyn_unit failed: $(tail -n 1 "$pg_log")"
    stop_pg
    return 1
  fi
  pg_unit_url="postgresql://samsyn@/samsyn_unit?host=$pg_dir"
}

pg_unit_url=''
if [[ " $backends " == *" pg "* ]] || [[ -f $BUILD_DIR/build.ninja ]]; then
  banner "PostgreSQL (tools/pg.sh start)"
  start_pg || say "$pg_error"
fi

# --- suites ----------------------------------------------------------------

banner "unit (meson test -C $BUILD_DIR)"
if [[ -f $BUILD_DIR/build.ninja ]]; then
  if [[ -n $pg_unit_url ]]; then
    run_logged "$out_dir/unit.log" env SAMSYN_TEST_PG_URL="$pg_unit_url" \
      meson test -C "$BUILD_DIR" --print-errorlogs
  else
    run_logged "$out_dir/unit.log" meson test -C "$BUILD_DIR" --print-errorlogs
  fi
  record unit parse_meson "$out_dir/unit.log"
  [[ -n $pg_unit_url ]] || summary[-1]+="  (PostgreSQL cases not run: ${pg_error:-no cluster})"
else
  say "no meson build dir at $BUILD_DIR"
  fail_suite unit "no meson build dir at $BUILD_DIR"
fi

# node test runner flags this node knows (Node 18 has no --test-timeout).
node_flags=()
node_tap=0
if command -v node >/dev/null 2>&1; then
  for flag in --test-concurrency=1 --test-timeout=120000; do
    node "$flag" -e 0 >/dev/null 2>&1 && node_flags+=("$flag")
  done
  if node --test-reporter=tap --test-reporter-destination=/dev/null -e 0 >/dev/null 2>&1; then
    node_tap=1
  fi
fi

npm_ready=0
ensure_node_modules() {
  (( npm_ready )) && return 0
  npm_ready=1
  local stamp=tests/node_modules/.package-lock.json
  if [[ -f $stamp && ! tests/package-lock.json -nt $stamp ]]; then
    return 0
  fi
  banner "npm ci (tests/)"
  if ! (cd tests && npm ci --no-audit --no-fund); then
    fail_suite npm "npm ci in tests/ failed"
  fi
}

backend_label() { [[ $1 == pg ]] && echo postgresql || echo "$1"; }

run_node_suite() { # run_node_suite NAME DIR BACKEND
  local kind=$1 dir=$2 backend=$3 files=()
  local label name
  label=$(backend_label "$backend")
  name="$kind ($label)"
  shopt -s nullglob
  files=("$dir"/*.test.mjs)
  shopt -u nullglob
  if (( ${#files[@]} == 0 )); then
    say "$name: no tests in $dir"
    return 0
  fi
  if ! command -v node >/dev/null 2>&1; then
    fail_suite "$name" "node not found: run tools/deps.sh test"
    return 0
  fi
  local backend_env=(SAMSYN_TEST_BACKEND="$backend")
  [[ -n $node_tmp ]] && backend_env+=(TMPDIR="$node_tmp" SAMSYN_TEST_CACHE="$node_tmp/cache")
  if [[ $kind == browser && $backend == pg && ${TEST_BROWSER_PG:-} != all ]]; then
    local keep=() f b
    for f in "${files[@]}"; do
      b=$(basename "$f" .test.mjs)
      [[ " ${TEST_BROWSER_PG:-reports steering yearly} " == *" $b "* ]] && keep+=("$f")
    done
    files=("${keep[@]}")
    if (( ${#files[@]} == 0 )); then
      say "$name: no files match TEST_BROWSER_PG"
      return 0
    fi
  fi
  if [[ $backend == pg ]]; then
    if [[ -z $pg_dir ]]; then
      fail_suite "$name" "${pg_error:-no PostgreSQL cluster}; see ${pg_log#"$repo"/}"
      return 0
    fi
    backend_env+=(SAMSYN_TEST_PG_DIR="$pg_dir")
  fi
  ensure_node_modules
  banner "$name (node --test $dir)"
  if [[ ! -x $SAMSYN_BIN ]]; then
    say "warning: SAMSYN_BIN=$SAMSYN_BIN is not an executable file"
  fi
  local log=$out_dir/$kind-$label.log tap=$out_dir/$kind-$label.tap
  rm -f "$tap"
  if (( node_tap )); then
    run_logged "$log" env "${backend_env[@]}" node --test "${node_flags[@]}" \
      --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$tap" "${files[@]}"
    [[ -f $tap ]] || : >"$tap"
    record "$name" parse_tap "$log" "$tap"
  else
    run_logged "$log" env "${backend_env[@]}" node --test "${node_flags[@]}" "${files[@]}"
    record "$name" parse_tap "$log"
  fi
}

for kind in api browser; do
  for backend in $backends; do
    case $backend in
      sqlite|pg) run_node_suite "$kind" "tests/$kind" "$backend" ;;
      *) fail_suite "$kind ($backend)" "unknown back end in TEST_BACKENDS: $backend" ;;
    esac
  done
done

parse_any() { parse_plain "$1" || parse_tap "$1" || parse_meson "$1"; }
if [[ -n ${TEST_EXTRA_SUITES:-} ]]; then
  while IFS= read -r spec; do
    [[ -n ${spec// } ]] || continue
    name=${spec%%=*}
    cmd=${spec#*=}
    if [[ $name == "$spec" || -z $name || -z $cmd ]]; then
      fail_suite extra "bad TEST_EXTRA_SUITES line: $spec"
      continue
    fi
    banner "$name ($cmd)"
    run_logged "$out_dir/$name.log" bash -c "$cmd"
    record "$name" parse_any "$out_dir/$name.log"
  done <<<"$TEST_EXTRA_SUITES"
fi

# --- summary ---------------------------------------------------------------

stop_pg

banner summary
for line in "${summary[@]}"; do say "$line"; done
say "TOTAL: $total_pass passed, $total_fail failed"
(( total_fail == 0 ))
