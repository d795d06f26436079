#!/usr/bin/env bash
# bench/run.sh BUILD_DIR - load benchmarks for samsyn (see bench/README.md).
#
# Starts the bare libmicrohttpd server (bench_hello) and samsyn on a fresh demo database,
# then runs wrk against, in sequence:
#   (a) bench_hello  GET /                 the bare server: the ceiling
#   (b) samsyn       GET /healthz          routing, headers, log line; SELECT 1, no tx, no auth
#   (c) samsyn       GET /api/v1/users/3   bearer token, access-logged read, one durable commit
#   (d) samsyn       GET /admin/users/3    session cookie, HTML page, access-logged, one commit
#   (g) samsyn       filing a report       as the demo school counsellor with a bearer token:
#                                          POST /api/v1/reports + POST .../{id}/submit
#                                          (bench/file_report.lua), for BENCH_FILE_SECONDS
# with bench_insert (raw durable SQLite insert, one row per commit) on the same disk just
# before and after (g), then
# samsyn on a second database with BENCH_REPORTS (100,000) reports seeded by bench/seed.py:
#   (h) GET /api/v1/intake/inbox?limit=200  the intake dashboard, as the intake worker
#   (i) GET /mottagning                     the same as an HTML page (300 lines)
# and (e), (f), (j), (k), (l): (c), (d), (g), (h), (i) with samsyn on PostgreSQL, a
# throwaway cluster (tools/pg.sh) on a Unix socket, fsync on.  It prints req/s, latency
# and shares of (a), ending with the RATIO lines:
#   RATIO authenticated access-logged read / bare server: NN.N %
#   RATIO (postgresql) authenticated access-logged read / bare server: NN.N %
#   RATIO filing a report / raw durable insert: N.NN
#   RATIO (postgresql) filing a report / raw durable insert: N.NN
#   DASHBOARD p99 ms with 100000 reports: API N, page N; (postgresql) API N, page N
#
# Environment: BENCH_SECONDS (default 10) per run, BENCH_THREADS (2), BENCH_CONNECTIONS (16),
# BENCH_TIMEOUT (15 s: wrk drops answers slower than this from its latency figures and
# counts them as timeouts; above samsyn's 10 s SQLite busy timeout, so slow answers count),
# BENCH_FILE_SECONDS (20) for (g) and (j), BENCH_INSERT_SECONDS (5) for bench_insert,
# BENCH_REPORTS (100000) seeded for the dashboard, BENCH_INBOX_CONNECTIONS (4) for (h), (i),
# (k), (l).  Exits non-zero when a server fails, a probe is not 200, wrk fails or reports
# non-2xx/3xx responses, or a filing is refused.  Everything it starts is stopped, and its
# temp dir removed, on any exit.
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
FILE_SECONDS=${BENCH_FILE_SECONDS:-20}
INSERT_SECONDS=${BENCH_INSERT_SECONDS:-5}
REPORTS=${BENCH_REPORTS:-100000}
INBOX_CONNS=${BENCH_INBOX_CONNECTIONS:-4}
ADMIN_EMAIL=admin@demoby.example
ADMIN_PASSWORD=demo-admin-2026
# The reporter who files (g) and the intake worker who reads the dashboard (h), (i).
REPORTER_EMAIL=kurator@demoby.example
REPORTER_PASSWORD=demo-kurator-2026
INTAKE_EMAIL=socialsekreterare@demoby.example
INTAKE_PASSWORD=demo-social-2026
INBOX_LIMIT=200 # the API's default; the page shows 300
PNR_FILE=$HERE/../tests/data/testpersonnummer.txt

for v in BENCH_SECONDS:SECONDS_EACH BENCH_THREADS:THREADS BENCH_CONNECTIONS:CONNS \
	BENCH_TIMEOUT:TIMEOUT BENCH_FILE_SECONDS:FILE_SECONDS BENCH_INSERT_SECONDS:INSERT_SECONDS \
	BENCH_REPORTS:REPORTS BENCH_INBOX_CONNECTIONS:INBOX_CONNS; do
	value=${v#*:}
	[[ ${!value} =~ ^[1-9][0-9]*$ ]] ||
		{ echo "bench: ${v%%:*} must be a positive integer" >&2; exit 2; }
done
for tool in wrk curl python3 psql; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (tools/deps.sh bench)" >&2; exit 1; }
done
[[ -x $BUILD/samsyn ]] || { echo "bench: $BUILD/samsyn is not built" >&2; exit 1; }
[[ -r $PNR_FILE ]] || { echo "bench: $PNR_FILE is missing" >&2; exit 1; }

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

# The binaries run from copies in the temp dir: a rebuild of BUILD_DIR during the run (a
# test suite in another shell) must neither break a start nor mix two versions.
SAMSYN=$TMP/samsyn
cp "$BUILD/samsyn" "$SAMSYN" || die "cannot copy $BUILD/samsyn"

# bench_hello comes from meson; build it here when this build dir does not have it.
HELLO=$BUILD/bench_hello
if [[ -x $HELLO ]]; then
	cp "$HELLO" "$TMP/bench_hello" && HELLO=$TMP/bench_hello
else
	echo "bench: $HELLO not built; compiling bench/hello.c" >&2
	HELLO=$TMP/bench_hello
	# shellcheck disable=SC2046
	${CC:-cc} -std=c17 -O2 -o "$HELLO" "$HERE/hello.c" \
		$(pkg-config --cflags --libs libmicrohttpd) -lpthread || die "cannot compile bench/hello.c"
fi
INSERT=$BUILD/bench_insert
if [[ -x $INSERT ]]; then
	cp "$INSERT" "$TMP/bench_insert" && INSERT=$TMP/bench_insert
else
	echo "bench: $INSERT not built; compiling bench/insert.c" >&2
	INSERT=$TMP/bench_insert
	# shellcheck disable=SC2046
	${CC:-cc} -std=c17 -O2 -o "$INSERT" "$HERE/insert.c" \
		$(pkg-config --cflags --libs sqlite3) || die "cannot compile bench/insert.c"
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

# login EMAIL PASSWORD: a session; sets LOGIN_COOKIE, LOGIN_CSRF and LOGIN_ID (the user's id).
login() {
	local status
	status=$(curl -sS -o "$TMP/session.json" -D "$TMP/session.headers" -w '%{http_code}' \
		-H 'Content-Type: application/json' \
		--data "{\"email\":\"$1\",\"password\":\"$2\"}" \
		"$SAMSYN_URL/api/v1/session") || die "login request failed"
	[[ $status == 200 ]] || die "login as $1: HTTP $status"
	LOGIN_COOKIE=$(tr -d '\r' <"$TMP/session.headers" | sed -n 's/^[Ss]et-[Cc]ookie: *\(samsyn=[^;]*\).*/\1/p' | head -1)
	LOGIN_CSRF=$(sed -n 's/.*"csrf_token" *: *"\([^"]*\)".*/\1/p' "$TMP/session.json")
	LOGIN_ID=$(grep -o '"user" *: *{ *"id" *: *[0-9]*' "$TMP/session.json" | grep -o '[0-9]*$')
	[[ -n $LOGIN_COOKIE && -n $LOGIN_CSRF && -n $LOGIN_ID ]] ||
		die "login as $1: no session cookie, CSRF token or user id"
}

# token_for USER_ID: a bearer token for that user, issued by the admin (COOKIE, CSRF).
token_for() {
	local status secret
	status=$(curl -sS -o "$TMP/token.json" -w '%{http_code}' -H "Cookie: $COOKIE" \
		-H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
		--data '{"name":"bench"}' "$SAMSYN_URL/api/v1/users/$1/tokens") || die "token request failed"
	[[ $status == 201 ]] || die "token for user $1: HTTP $status"
	secret=$(sed -n 's/.*"secret" *: *"\([^"]*\)".*/\1/p' "$TMP/token.json")
	[[ -n $secret ]] || die "token: no secret in the answer"
	echo "$secret"
}

# start_samsyn DB LOG [seed]: demo data (and, with "seed", BENCH_REPORTS reports from
# bench/seed.py), serve, log in; sets SAMSYN_PID, SAMSYN_URL, COOKIE and BEARER (the admin),
# REPORTER_BEARER (the school counsellor), INTAKE_BEARER and INTAKE_COOKIE (the intake
# worker).
start_samsyn() {
	local db=$1 log=$2 seed=${3:-} port
	"$SAMSYN" demo --db "$db" >"$TMP/demo.out" 2>&1 ||
		die "samsyn demo failed: $(tail -5 "$TMP/demo.out")"
	if [[ $seed == seed ]]; then
		echo "bench: seeding $REPORTS reports (bench/seed.py)" >&2
		python3 "$HERE/seed.py" --db "$db" --reports "$REPORTS" >"$TMP/seed.out" 2>&1 ||
			die "bench/seed.py failed: $(tail -5 "$TMP/seed.out")"
		SEEDED=$(cat "$TMP/seed.out")
		echo "$SEEDED" >&2
		# The seed's pages go to disk now, not in the kernel's writeback during (h).
		if [[ $db == postgres* ]]; then
			psql -X -q "$db" -c CHECKPOINT >/dev/null || die "CHECKPOINT failed"
		fi
		sync
	fi
	"$SAMSYN" serve --db "$db" --listen 127.0.0.1:0 2>"$log" &
	PIDS+=($!)
	SAMSYN_PID=${PIDS[-1]}
	SAMSYN_LOG=$log
	port=$(wait_for "$log" 'listening on http://127\.0\.0\.1:([0-9]+)' "$SAMSYN_PID") ||
		die "samsyn did not start: $(tail -5 "$log")"
	SAMSYN_URL=http://127.0.0.1:$port

	login "$ADMIN_EMAIL" "$ADMIN_PASSWORD"
	COOKIE=$LOGIN_COOKIE CSRF=$LOGIN_CSRF
	BEARER=$(token_for "$LOGIN_ID")
	login "$REPORTER_EMAIL" "$REPORTER_PASSWORD"
	REPORTER_BEARER=$(token_for "$LOGIN_ID")
	login "$INTAKE_EMAIL" "$INTAKE_PASSWORD"
	INTAKE_COOKIE=$LOGIN_COOKIE
	INTAKE_BEARER=$(token_for "$LOGIN_ID")
}

stop_samsyn() {
	kill -TERM "$SAMSYN_PID" 2>/dev/null || true
	wait "$SAMSYN_PID" 2>/dev/null || true
}

HELLO_URL=http://127.0.0.1:$HELLO_PORT

# Converts wrk's latency ("812.00us", "1.23ms", "1.02s", "2.00m") to milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
		printf "%.2f", n }'
}

FAILED=0
declare -A RPS P50 P99 NOTE FILED WHAT
# run KEY LABEL URL [header [connections]]
run() {
	local key=$1 label=$2 url=$3 header=${4:-} conns=${5:-$CONNS} out=$TMP/wrk.$1 status threads
	local -a h=()
	[[ -n $header ]] && h=(-H "$header")
	threads=$((THREADS < conns ? THREADS : conns))
	WHAT[$key]="wrk -t$threads -c$conns -d${SECONDS_EACH}s"

	# One probe first: the exact status, since wrk lumps 3xx (a login redirect) with 2xx.
	status=$(curl -sS -o /dev/null -w '%{http_code}' "${h[@]}" "$url") || status=000
	if [[ $status != 200 ]]; then
		echo "bench: ($key) $label: probe got HTTP $status, not 200" >&2
		FAILED=1
		RPS[$key]=0 P50[$key]=0 P99[$key]=0 NOTE[$key]="probe HTTP $status"
		return
	fi
	echo "bench: ($key) $label: ${WHAT[$key]} $url" >&2
	# In the background, so that a signal to this script stops it at once (see cleanup).
	wrk -t"$threads" -c"$conns" -d"${SECONDS_EACH}s" --timeout "${TIMEOUT}s" --latency \
		"${h[@]}" "$url" >"$out" 2>&1 &
	WRK_PID=$!
	if ! wait "$WRK_PID"; then
		echo "bench: ($key) wrk failed:" >&2
		cat "$out" >&2
		FAILED=1
	fi
	WRK_PID=
	wrk_figures "$key" "$out"
}

# wrk_figures KEY OUT: req/s, p50, p99 and errors from wrk's output.
wrk_figures() {
	local key=$1 out=$2 bad
	RPS[$key]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	P50[$key]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	P99[$key]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	RPS[$key]=${RPS[$key]:-0}
	NOTE[$key]=""
	if grep -q '^ *Socket errors:' "$out"; then
		NOTE[$key]=$(sed -n 's/^ *Socket errors: *//p' "$out")
		echo "bench: ($key) WARNING: socket errors: ${NOTE[$key]}" >&2
	fi
	if grep -q '^ *Non-2xx or 3xx responses:' "$out"; then
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

# run_filing KEY LABEL: reports filed by the school counsellor (bench/file_report.lua) for
# FILE_SECONDS; FILED[KEY] is complete filings (draft + submit) per second.
run_filing() {
	local key=$1 label=$2 out=$TMP/wrk.$1 line
	WHAT[$key]="wrk -t$THREADS -c$CONNS -d${FILE_SECONDS}s -s bench/file_report.lua"
	echo "bench: ($key) $label: ${WHAT[$key]} $SAMSYN_URL" >&2
	BENCH_BEARER=$REPORTER_BEARER BENCH_PNR_FILE=$PNR_FILE \
		wrk -t"$THREADS" -c"$CONNS" -d"${FILE_SECONDS}s" --timeout "${TIMEOUT}s" --latency \
		-s "$HERE/file_report.lua" "$SAMSYN_URL" >"$out" 2>&1 &
	WRK_PID=$!
	if ! wait "$WRK_PID"; then
		echo "bench: ($key) wrk failed:" >&2
		cat "$out" >&2
		FAILED=1
	fi
	WRK_PID=
	wrk_figures "$key" "$out"
	# FILED <submitted> DRAFTS <created> FAILED <other answers> SECONDS <s> RATE <submitted/s>
	line=$(grep -m1 '^FILED ' "$out" || true)
	if [[ -z $line ]]; then
		echo "bench: ($key) no FILED line from bench/file_report.lua:" >&2
		cat "$out" >&2
		FAILED=1
		FILED[$key]=0
		return
	fi
	read -r _ filed _ drafts _ refused _ _ _ rate <<<"$line"
	FILED[$key]=$rate
	NOTE[$key]="${NOTE[$key]:+${NOTE[$key]}; }$filed filed, $drafts drafts"
	if [[ $refused != 0 ]]; then
		echo "bench: ($key) $refused requests were refused (see the messages above)" >&2
		NOTE[$key]="${NOTE[$key]}; $refused refused"
		FAILED=1
	fi
}

# inside LOG PATH: "p50 p99 max n" in ms of the time inside samsyn for requests to PATH
# (numbers in paths read as {id}), from samsyn's log; "- - - 0" when there are none.
inside() {
	awk -v want="$2" '$1 == "samsyn:" && $2 ~ /^(GET|POST|PATCH|PUT|DELETE|HEAD)$/ &&
		$5 ~ /us$/ { p = $3; gsub(/\/[0-9]+/, "/{id}", p); if ($2 " " p == want) print $5 + 0 }' \
		"$1" | sort -n | awk '{ v[++n] = $1 }
		END { if (n == 0) { print "- - - 0"; exit }
			i50 = int(n * 0.5); i99 = int(n * 0.99); if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1
			printf "%.2f %.2f %.2f %d\n", v[i50] / 1000, v[i99] / 1000, v[n] / 1000, n }'
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
start_samsyn "$TMP/samsyn.db" "$TMP/samsyn.log"
run a "bare libmicrohttpd" "$HELLO_URL/"
run b "samsyn /healthz" "$SAMSYN_URL/healthz"
run c "API read, bearer token" "$SAMSYN_URL/api/v1/users/3" "Authorization: Bearer $BEARER"
run d "HTML page, cookie" "$SAMSYN_URL/admin/users/3" "Cookie: $COOKIE"
# bench_insert just before and just after the filing run, on the same disk; the ratio
# takes the mean of the two, which evens out a disk that gets busier or quieter.
insert_rate() {
	local line rate
	echo "bench: bench_insert -t $INSERT_SECONDS (raw durable insert, same disk)" >&2
	line=$(TMPDIR=$TMP "$INSERT" -t "$INSERT_SECONDS") || die "bench_insert failed"
	rate=$(sed -n 's/.*: \([0-9.]*\) rows\/s.*/\1/p' <<<"$line")
	[[ -n $rate ]] || die "bench_insert: no rate in '$line'"
	echo "$rate"
}
INSERT_BEFORE=$(insert_rate)
run_filing g "filing a report (draft + submit), bearer token"
INSERT_AFTER=$(insert_rate)
INSERT_RATE=$(awk -v a="$INSERT_BEFORE" -v b="$INSERT_AFTER" 'BEGIN { printf "%.0f", (a + b) / 2 }')
stop_samsyn

# The dashboard on a database with BENCH_REPORTS reports.
start_samsyn "$TMP/inbox.db" "$TMP/samsyn-inbox.log" seed
SEEDED_SQLITE=$SEEDED
run h "intake inbox API, $REPORTS reports" "$SAMSYN_URL/api/v1/intake/inbox?limit=$INBOX_LIMIT" \
	"Authorization: Bearer $INTAKE_BEARER" "$INBOX_CONNS"
run i "intake inbox page, $REPORTS reports" "$SAMSYN_URL/mottagning" "Cookie: $INTAKE_COOKIE" \
	"$INBOX_CONNS"
stop_samsyn

# The same with samsyn on PostgreSQL.
PG_BASE=$("$HERE/../tools/pg.sh" start "$TMP/pg") || die "the throwaway PostgreSQL did not start"
"$HERE/../tools/pg.sh" createdb "$TMP/pg" bench || die "createdb failed"
start_samsyn "${PG_BASE/\/postgres\?/\/bench?}" "$TMP/samsyn-pg.log"
run e "API read, bearer token, PostgreSQL" "$SAMSYN_URL/api/v1/users/3" "Authorization: Bearer $BEARER"
run f "HTML page, cookie, PostgreSQL" "$SAMSYN_URL/admin/users/3" "Cookie: $COOKIE"
run_filing j "filing a report, PostgreSQL"
stop_samsyn
"$HERE/../tools/pg.sh" createdb "$TMP/pg" inbox || die "createdb failed"
start_samsyn "${PG_BASE/\/postgres\?/\/inbox?}" "$TMP/samsyn-pg-inbox.log" seed
SEEDED_PG=$SEEDED
run k "intake inbox API, $REPORTS reports, PostgreSQL" \
	"$SAMSYN_URL/api/v1/intake/inbox?limit=$INBOX_LIMIT" "Authorization: Bearer $INTAKE_BEARER" \
	"$INBOX_CONNS"
run l "intake inbox page, $REPORTS reports, PostgreSQL" "$SAMSYN_URL/mottagning" \
	"Cookie: $INTAKE_COOKIE" "$INBOX_CONNS"

pct() {
	awk -v x="$1" -v a="$2" 'BEGIN { if (a > 0) printf "%.1f", 100 * x / a; else print "n/a" }'
}
ratio() {
	awk -v x="$1" -v a="$2" 'BEGIN { if (a > 0) printf "%.2f", x / a; else print "n/a" }'
}

echo
echo "samsyn bench: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, wrk -t$THREADS -c$CONNS -d${SECONDS_EACH}s --timeout ${TIMEOUT}s, keep-alive"
echo "load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"
printf '%-44s %12s %10s %9s  %s\n' "run" "req/s" "p99 ms" "% of (a)" "errors"
row() {
	printf '%-44s %12s %10s %9s  %s\n' "$2" "${RPS[$1]}" "${P99[$1]}" "$(pct "${RPS[$1]}" "${RPS[a]}")" "${NOTE[$1]}"
}
row a "(a) bare libmicrohttpd GET /"
row b "(b) samsyn GET /healthz"
row c "(c) samsyn GET /api/v1/users/3 (bearer)"
row d "(d) samsyn GET /admin/users/3 (cookie)"
row e "(e) (c) on PostgreSQL"
row f "(f) (d) on PostgreSQL"

# What samsyn itself logged: time inside samsyn per request (from the handler's first call
# to completion; a pool thread blocked on the database shows here), any status other than
# 200/201, aborted requests and any other log line.
for log in "$TMP/samsyn.log" "$TMP/samsyn-pg.log"; do
	[[ $log == *-pg.log ]] && where=" (postgresql)" || where=""
	for path in "GET /api/v1/users/{id}" "GET /admin/users/{id}"; do
		read -r p50 p99 max n <<<"$(inside "$log" "$path")"
		if [[ $n -ge 100 ]]; then
			printf '  samsyn%s %-24s %8d requests, inside samsyn: p50 %s ms, p99 %s ms, max %s ms\n' \
				"$where" "$path" "$n" "$p50" "$p99" "$max"
		fi
	done
done

echo
echo "Filing a report (POST /api/v1/reports + POST /api/v1/reports/{id}/submit, bearer token, $REPORTER_EMAIL), ${WHAT[g]}:"
printf '%-44s %12s %12s %10s  %s\n' "run" "reports/s" "req/s" "p99 ms" "errors"
printf '%-44s %12s %12s %10s  %s\n' "(g) SQLite" "${FILED[g]}" "${RPS[g]}" "${P99[g]}" "${NOTE[g]}"
printf '%-44s %12s %12s %10s  %s\n' "(j) PostgreSQL" "${FILED[j]}" "${RPS[j]}" "${P99[j]}" "${NOTE[j]}"
echo "bench_insert (WAL, synchronous=FULL, 1 row per commit, ${INSERT_SECONDS} s each): $INSERT_BEFORE rows/s before (g), $INSERT_AFTER rows/s after, mean $INSERT_RATE rows/s"
for key in g j; do
	log=$TMP/samsyn.log
	[[ $key == j ]] && log=$TMP/samsyn-pg.log
	for path in "POST /api/v1/reports" "POST /api/v1/reports/{id}/submit"; do
		read -r p50 p99 max n <<<"$(inside "$log" "$path")"
		if [[ $n -ge 100 ]]; then
			printf '  (%s) %-34s %8d requests, inside samsyn: p50 %s ms, p99 %s ms, max %s ms\n' \
				"$key" "$path" "$n" "$p50" "$p99" "$max"
		fi
	done
done

echo
echo "Intake dashboard as $INTAKE_EMAIL with $REPORTS seeded reports, ${WHAT[h]}:"
echo "  SQLite:     $SEEDED_SQLITE"
echo "  PostgreSQL: $SEEDED_PG"
printf '%-44s %9s %9s %9s %11s %11s  %s\n' "run" "req/s" "p50 ms" "p99 ms" "in p50 ms" "in p99 ms" "errors"
dash() {
	local p50 p99 max n
	read -r p50 p99 max n <<<"$(inside "$3" "$4")"
	printf '%-44s %9s %9s %9s %11s %11s  %s\n' "$2" "${RPS[$1]}" "${P50[$1]}" "${P99[$1]}" "$p50" "$p99" "${NOTE[$1]}"
}
dash h "(h) GET /api/v1/intake/inbox?limit=$INBOX_LIMIT" "$TMP/samsyn-inbox.log" "GET /api/v1/intake/inbox"
dash i "(i) GET /mottagning" "$TMP/samsyn-inbox.log" "GET /mottagning"
dash k "(k) (h) on PostgreSQL" "$TMP/samsyn-pg-inbox.log" "GET /api/v1/intake/inbox"
dash l "(l) (i) on PostgreSQL" "$TMP/samsyn-pg-inbox.log" "GET /mottagning"
echo "  (in p50/p99: time inside samsyn, from its log; p50/p99: as wrk saw it)"

awk '$1 == "samsyn:" && $2 ~ /^(GET|POST|PATCH|PUT|DELETE|HEAD)$/ {
		n++; if ($4 != 200 && $4 != 201) { p = $3; gsub(/\/[0-9]+/, "/{id}", p); bad[$2 " " p " " $4]++ }
		if ($NF == "aborted") ab++; next }
	$1 == "samsyn:" && !/listening on|mail_command is not set|stopping on signal|^samsyn: stopped$/ {
		other[$0]++ }
	END {
		if (ab) printf "  samsyn: %d requests aborted\n", ab
		for (k in bad) printf "  samsyn: HTTP %s: %d\n", k, bad[k]
		m = 0; for (k in other) if (m++ < 10) printf "  samsyn log: %s (x%d)\n", k, other[k]
	}' "$TMP"/samsyn*.log

echo
echo "RATIO authenticated access-logged read / bare server: $(pct "${RPS[c]}" "${RPS[a]}") %"
echo "RATIO (postgresql) authenticated access-logged read / bare server: $(pct "${RPS[e]}" "${RPS[a]}") %"
echo "RATIO filing a report / raw durable insert: $(ratio "${FILED[g]}" "$INSERT_RATE") (${FILED[g]} reports/s / $INSERT_RATE rows/s)"
echo "RATIO (postgresql) filing a report / raw durable insert: $(ratio "${FILED[j]}" "$INSERT_RATE") (${FILED[j]} reports/s / $INSERT_RATE rows/s)"
echo "DASHBOARD p99 ms with $REPORTS reports: API ${P99[h]}, page ${P99[i]}; (postgresql) API ${P99[k]}, page ${P99[l]}"
if [[ $FAILED != 0 ]]; then
	echo "bench: FAILED (see the messages above)" >&2
	exit 1
fi
