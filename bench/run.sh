#!/usr/bin/env bash
# bench/run.sh BUILD_DIR - load benchmarks for samsyn (see bench/README.md).
#
# Starts the bare libmicrohttpd server (bench_hello) and samsyn on a fresh demo database,
# then runs wrk against, in sequence:
#   (a) bench_hello  GET /                 the bare server: the ceiling
#   (b) samsyn       GET /healthz          routing, headers, log line; SELECT 1, no tx, no auth
#   (c) samsyn       GET /api/v1/users/3   bearer token, access-logged read, one durable commit
#   (d) samsyn       GET /admin/users/3    session cookie, HTML page, access-logged, one commit
#   (e), (f)         the same as (c) and (d) with samsyn on PostgreSQL: a throwaway cluster
#                    (tools/pg.sh) on a Unix socket, fsync on
# and prints req/s, p99 latency and each figure as a share of (a), ending with
#   RATIO authenticated access-logged read / bare server: NN.N %
#   RATIO (postgresql) authenticated access-logged read / bare server: NN.N %
#
# Environment: BENCH_SECONDS (default 10) per run, BENCH_THREADS (2), BENCH_CONNECTIONS (16),
# BENCH_TIMEOUT (15 s: wrk drops answers slower than this from its latency figures and
# counts them as timeouts; above samsyn's 10 s SQLite busy timeout, so slow answers count).
# Exits non-zero when a server fails, a probe is not 200, wrk fails or reports non-2xx/3xx
# responses.  Everything it starts is stopped, and its temp dir removed, on any exit.
set -euo pipefail

if [[ $# -ne 1 || ! -d $1 ]]; then
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
fi
BUILD=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SECONDS_EACH=${BENCH_SECONDS:-10}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-16}
TIMEOUT=${BENCH_TIMEOUT:-15}
ADMIN_EMAIL=admin@demoby.example
ADMIN_PASSWORD=demo-admin-2026

for v in BENCH_SECONDS:SECONDS_EACH BENCH_THREADS:THREADS BENCH_CONNECTIONS:CONNS \
	BENCH_TIMEOUT:TIMEOUT; do
	value=${v#*:}
	[[ ${!value} =~ ^[1-9][0-9]*$ ]] ||
		{ echo "bench: ${v%%:*} must be a positive integer" >&2; exit 2; }
done
for tool in wrk curl; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (tools/deps.sh bench)" >&2; exit 1; }
done
[[ -x $BUILD/samsyn ]] || { echo "bench: $BUILD/samsyn is not built" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/samsyn-bench.XXXXXX")
chmod 711 "$TMP" # the PostgreSQL cluster in $TMP/pg runs as another user when we are root
PIDS=()
WRK_PID=
cleanup() {
	local rc=$? pid
	trap - EXIT INT TERM
	if [[ -n ${WRK_PID:-} ]]; then
		kill -TERM "$WRK_PID" 2>/dev/null || true
		wait "$WRK_PID" 2>/dev/null || true
	fi
	for pid in "${PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]}"; do
		# samsyn finishes requests in flight (up to 30 s); do not wait for ever.
		for _ in $(seq 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	if [[ -d $TMP/pg/data ]]; then
		"$HERE/../tools/pg.sh" stop "$TMP/pg" >/dev/null 2>&1 || true
	fi
	rm -rf "$TMP"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

die() {
	echo "bench: $*" >&2
	exit 1
}

# bench_hello comes from meson; build it here when this build dir does not have it.
HELLO=$BUILD/bench_hello
if [[ ! -x $HELLO ]]; then
	echo "bench: $HELLO not built; compiling bench/hello.c" >&2
	HELLO=$TMP/bench_hello
	# shellcheck disable=SC2046
	${CC:-cc} -std=c17 -O2 -o "$HELLO" "$HERE/hello.c" \
		$(pkg-config --cflags --libs libmicrohttpd) -lpthread || die "cannot compile bench/hello.c"
fi

# Waits up to 10 s for a regex on a file; prints the first capture group.
wait_for() {
	local file=$1 re=$2 pid=$3 line
	for _ in $(seq 100); do
		if line=$(grep -m1 -oE "$re" "$file" 2>/dev/null); then
			[[ $line =~ $re ]] && { echo "${BASH_REMATCH[1]}"; return 0; }
		fi
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

"$HELLO" 0 >"$TMP/hello.out" 2>"$TMP/hello.err" &
PIDS+=($!)
HELLO_PORT=$(wait_for "$TMP/hello.out" '^([0-9]+)$' "${PIDS[-1]}") ||
	die "bench_hello did not start: $(cat "$TMP/hello.err")"

# start_samsyn DB LOG: demo data, serve, log in; sets SAMSYN_PID, SAMSYN_URL, COOKIE, BEARER.
start_samsyn() {
	local db=$1 log=$2 port status csrf
	"$BUILD/samsyn" demo --db "$db" >"$TMP/demo.out" 2>&1 ||
		die "samsyn demo failed: $(tail -5 "$TMP/demo.out")"
	"$BUILD/samsyn" serve --db "$db" --listen 127.0.0.1:0 2>"$log" &
	PIDS+=($!)
	SAMSYN_PID=${PIDS[-1]}
	SAMSYN_LOG=$log
	port=$(wait_for "$log" 'listening on http://127\.0\.0\.1:([0-9]+)' "$SAMSYN_PID") ||
		die "samsyn did not start: $(tail -5 "$log")"
	SAMSYN_URL=http://127.0.0.1:$port

	# Session cookie and CSRF token, then a bearer token for the admin.
	status=$(curl -sS -o "$TMP/session.json" -D "$TMP/session.headers" -w '%{http_code}' \
		-H 'Content-Type: application/json' \
		--data "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" \
		"$SAMSYN_URL/api/v1/session") || die "login request failed"
	[[ $status == 200 ]] || die "login: HTTP $status"
	COOKIE=$(tr -d '\r' <"$TMP/session.headers" | sed -n 's/^[Ss]et-[Cc]ookie: *\(samsyn=[^;]*\).*/\1/p' | head -1)
	csrf=$(sed -n 's/.*"csrf_token" *: *"\([^"]*\)".*/\1/p' "$TMP/session.json")
	[[ -n $COOKIE && -n $csrf ]] || die "login: no session cookie or CSRF token"
	status=$(curl -sS -o "$TMP/token.json" -w '%{http_code}' -H "Cookie: $COOKIE" \
		-H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
		--data '{"name":"bench"}' "$SAMSYN_URL/api/v1/users/1/tokens") || die "token request failed"
	[[ $status == 201 ]] || die "token: HTTP $status"
	BEARER=$(sed -n 's/.*"secret" *: *"\([^"]*\)".*/\1/p' "$TMP/token.json")
	[[ -n $BEARER ]] || die "token: no secret in the answer"
}

HELLO_URL=http://127.0.0.1:$HELLO_PORT
start_samsyn "$TMP/samsyn.db" "$TMP/samsyn.log"

# Converts wrk's latency ("812.00us", "1.23ms", "1.02s", "2.00m") to milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
		printf "%.2f", n }'
}

FAILED=0
declare -A RPS P99 NOTE
# run KEY LABEL URL [curl/wrk header]
run() {
	local key=$1 label=$2 url=$3 header=${4:-} out=$TMP/wrk.$1 status
	local -a h=()
	[[ -n $header ]] && h=(-H "$header")

	# One probe first: the exact status, since wrk lumps 3xx (a login redirect) with 2xx.
	status=$(curl -sS -o /dev/null -w '%{http_code}' "${h[@]}" "$url") || status=000
	if [[ $status != 200 ]]; then
		echo "bench: ($key) $label: probe got HTTP $status, not 200" >&2
		FAILED=1
		RPS[$key]=0 P99[$key]=0 NOTE[$key]="probe HTTP $status"
		return
	fi
	echo "bench: ($key) $label: wrk -t$THREADS -c$CONNS -d${SECONDS_EACH}s $url" >&2
	# In the background, so that a signal to this script stops it at once (see cleanup).
	wrk -t"$THREADS" -c"$CONNS" -d"${SECONDS_EACH}s" --timeout "${TIMEOUT}s" --latency \
		"${h[@]}" "$url" >"$out" 2>&1 &
	WRK_PID=$!
	if ! wait "$WRK_PID"; then
		echo "bench: ($key) wrk failed:" >&2
		cat "$out" >&2
		FAILED=1
	fi
	WRK_PID=
	RPS[$key]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	P99[$key]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	RPS[$key]=${RPS[$key]:-0}
	NOTE[$key]=""
	if grep -q '^ *Socket errors:' "$out"; then
		NOTE[$key]=$(sed -n 's/^ *Socket errors: *//p' "$out")
		echo "bench: ($key) WARNING: socket errors: ${NOTE[$key]}" >&2
	fi
	if grep -q '^ *Non-2xx or 3xx responses:' "$out"; then
		local bad
		bad=$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$out")
		echo "bench: ($key) non-2xx/3xx responses: $bad" >&2
		NOTE[$key]="${NOTE[$key]:+${NOTE[$key]}; }$bad non-2xx"
		FAILED=1
	fi
	if ! kill -0 "$SAMSYN_PID" 2>/dev/null; then
		echo "bench: samsyn died during ($key); last log lines:" >&2
		tail -20 "$SAMSYN_LOG" >&2
		exit 1
	fi
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
run a "bare libmicrohttpd" "$HELLO_URL/"
run b "samsyn /healthz" "$SAMSYN_URL/healthz"
run c "API read, bearer token" "$SAMSYN_URL/api/v1/users/3" "Authorization: Bearer $BEARER"
run d "HTML page, cookie" "$SAMSYN_URL/admin/users/3" "Cookie: $COOKIE"

# The same reads with samsyn on PostgreSQL.
kill -TERM "$SAMSYN_PID" 2>/dev/null || true
wait "$SAMSYN_PID" 2>/dev/null || true
PG_BASE=$("$HERE/../tools/pg.sh" start "$TMP/pg") || die "the throwaway PostgreSQL did not start"
"$HERE/../tools/pg.sh" createdb "$TMP/pg" bench || die "createdb failed"
start_samsyn "${PG_BASE/\/postgres\?/\/bench?}" "$TMP/samsyn-pg.log"
run e "API read, bearer token, PostgreSQL" "$SAMSYN_URL/api/v1/users/3" "Authorization: Bearer $BEARER"
run f "HTML page, cookie, PostgreSQL" "$SAMSYN_URL/admin/users/3" "Cookie: $COOKIE"

pct() {
	awk -v x="$1" -v a="$2" 'BEGIN { if (a > 0) printf "%.1f", 100 * x / a; else print "n/a" }'
}

echo
echo "samsyn bench: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, wrk -t$THREADS -c$CONNS -d${SECONDS_EACH}s --timeout ${TIMEOUT}s, keep-alive"
echo "load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"
printf '%-44s %12s %10s %9s  %s\n' "run" "req/s" "p99 ms" "% of (a)" "errors"
printf '%-44s %12s %10s %9s  %s\n' "(a) bare libmicrohttpd GET /" "${RPS[a]}" "${P99[a]}" "$(pct "${RPS[a]}" "${RPS[a]}")" "${NOTE[a]}"
printf '%-44s %12s %10s %9s  %s\n' "(b) samsyn GET /healthz" "${RPS[b]}" "${P99[b]}" "$(pct "${RPS[b]}" "${RPS[a]}")" "${NOTE[b]}"
printf '%-44s %12s %10s %9s  %s\n' "(c) samsyn GET /api/v1/users/3 (bearer)" "${RPS[c]}" "${P99[c]}" "$(pct "${RPS[c]}" "${RPS[a]}")" "${NOTE[c]}"
printf '%-44s %12s %10s %9s  %s\n' "(d) samsyn GET /admin/users/3 (cookie)" "${RPS[d]}" "${P99[d]}" "$(pct "${RPS[d]}" "${RPS[a]}")" "${NOTE[d]}"
printf '%-44s %12s %10s %9s  %s\n' "(e) (c) on PostgreSQL" "${RPS[e]}" "${P99[e]}" "$(pct "${RPS[e]}" "${RPS[a]}")" "${NOTE[e]}"
printf '%-44s %12s %10s %9s  %s\n' "(f) (d) on PostgreSQL" "${RPS[f]}" "${P99[f]}" "$(pct "${RPS[f]}" "${RPS[a]}")" "${NOTE[f]}"

# What samsyn itself logged: time inside samsyn per request (from the handler's first call
# to completion; a pool thread blocked on the database shows here), any status other than
# 200/201, aborted requests and any other log line.
awk '$1 == "samsyn:" && $2 ~ /^(GET|POST|PATCH|PUT|DELETE|HEAD)$/ && $5 ~ /us$/ {
		print $2 " " $3, $5 + 0 }' "$TMP/samsyn.log" | sort -k1,2 -k3,3n |
	awk '{ k = $1 " " $2 } k != p { if (p != "") out(); p = k; n = 0 } { v[++n] = $3 }
	function out() { if (n >= 100) printf "  samsyn %-24s %8d requests, inside samsyn: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		p, n, v[int(n * 0.5)] / 1000, v[int(n * 0.99)] / 1000, v[n] / 1000 }
	END { if (p != "") out() }'
awk '$1 == "samsyn:" && $2 ~ /^(GET|POST|PATCH|PUT|DELETE|HEAD)$/ {
		n++; if ($4 != 200 && $4 != 201) bad[$2 " " $3 " " $4]++; if ($NF == "aborted") ab++; next }
	$1 == "samsyn:" && !/listening on/ { other[$0]++ }
	END {
		if (ab) printf "  samsyn: %d requests aborted\n", ab
		for (k in bad) printf "  samsyn: HTTP %s: %d\n", k, bad[k]
		m = 0; for (k in other) if (m++ < 10) printf "  samsyn log: %s (x%d)\n", k, other[k]
	}' "$TMP/samsyn.log" "$TMP/samsyn-pg.log"

echo "RATIO authenticated access-logged read / bare server: $(pct "${RPS[c]}" "${RPS[a]}") %"
echo "RATIO (postgresql) authenticated access-logged read / bare server: $(pct "${RPS[e]}" "${RPS[a]}") %"
if [[ $FAILED != 0 ]]; then
	echo "bench: FAILED (see the messages above)" >&2
	exit 1
fi
