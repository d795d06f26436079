#!/usr/bin/env bash
# Install the Debian packages samsyn needs, and only those that are missing.
#
#   tools/deps.sh [build|test|bench|all]     (default: build)
#
#   build  compiler, Meson/Ninja and the libraries samsyn links against
#   test   build + clang with its sanitizer runtime, Chromium and a font
#          for the browser tests, Node.js/npm when there is no `node`
#   bench  build + wrk
#   all    everything above
#
# Silent and fast (one dpkg-query call) when everything is present; one
# line per action otherwise. apt-get runs through sudo when not root.
set -euo pipefail

prog=${0##*/}
say() { printf '%s: %s\n' "$prog" "$*"; }
die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 1; }

what=${1:-build}
[[ $# -le 1 ]] || die "usage: $prog [build|test|bench|all]"

# libicu-dev and python3: meson.build asks for icu-i18n/icu-uc and python3.
# libzip-dev, libexpat1-dev, libxlsxwriter-dev: reading and writing XLSX (src/util/xlsx.c).
build_pkgs=(gcc make meson ninja-build pkg-config libmicrohttpd-dev libjansson-dev
            libsqlite3-dev libsodium-dev libicu-dev libpq-dev python3 sqlite3 tzdata
            ca-certificates libzip-dev libexpat1-dev libxlsxwriter-dev)
# libclang-rt-14-dev: the ASan/UBSan/LSan runtime for Debian 12's clang 14.
# fonts-dejavu-core: without any font, Chromium renders pages blank.
# postgresql-15 and postgresql-client-15: the tests and benchmarks start a throwaway
# cluster of their own (tools/pg.sh); they never use the system's service.
test_pkgs=(clang libclang-rt-14-dev chromium fonts-dejavu-core postgresql-15
           postgresql-client-15)
bench_pkgs=(wrk postgresql-15 postgresql-client-15)

want=()
need_node=0
case $what in
  build) want=("${build_pkgs[@]}") ;;
  test)  want=("${build_pkgs[@]}" "${test_pkgs[@]}"); need_node=1 ;;
  bench) want=("${build_pkgs[@]}" "${bench_pkgs[@]}") ;;
  all)   want=("${build_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}"); need_node=1 ;;
  -h|--help) sed -n '2,13s/^# \{0,1\}//p' "$0"; exit 0 ;;
  *) die "unknown set '$what' (expected build, test, bench or all)" ;;
esac

# Node.js: a machine may have `node` from elsewhere (e.g. a nodesource
# package, which bundles npm and conflicts with Debian's npm package), so
# Debian's nodejs/npm are only asked for when `node` itself is missing.
want_npm_only=0
if (( need_node )); then
  if ! command -v node >/dev/null 2>&1; then
    want+=(nodejs npm)
  elif ! command -v npm >/dev/null 2>&1; then
    want_npm_only=1
  fi
fi

# Which of the wanted packages are not installed? One dpkg-query call.
declare -A installed=()
while IFS=$'\t' read -r pkg status; do
  [[ $status == "install ok installed" ]] && installed[$pkg]=1
done < <(dpkg-query -W -f='${Package}\t${Status}\n' "${want[@]}" 2>/dev/null || true)

missing=()
declare -A seen=()
for pkg in "${want[@]}"; do
  [[ -n ${seen[$pkg]:-} ]] && continue
  seen[$pkg]=1
  [[ -n ${installed[$pkg]:-} ]] || missing+=("$pkg")
done

if (( ${#missing[@]} == 0 && want_npm_only == 0 )); then
  exit 0
fi

# Something to do: apt-get, as root or through sudo.
sudo=()
if (( EUID != 0 )); then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    die "missing packages (${missing[*]:-npm}) and not root, and sudo is not available; install them as root"
  fi
fi
apt_opts=(-o DPkg::Lock::Timeout=300)

# apt-get's own output goes to a log, shown only when it fails.
log=$(mktemp "${TMPDIR:-/tmp}/deps.XXXXXX")
trap 'rm -f "$log"' EXIT
apt() {
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" "$@" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "apt-get $* failed"
  fi
}

say "apt-get update"
apt update

if (( want_npm_only )); then
  # `node` exists without `npm`. Debian's npm depends on Debian's nodejs;
  # next to another nodejs build it would conflict or replace it. Take it
  # only when a dry run shows it installs without removing anything.
  node_from=$(dpkg-query -S "$(readlink -f "$(command -v node)")" 2>/dev/null | cut -d: -f1 || true)
  sim=$(LC_ALL=C apt-get -s --no-install-recommends install npm 2>&1) && sim_ok=1 || sim_ok=0
  if (( sim_ok )) && ! grep -q '^Remv ' <<<"$sim"; then
    missing+=(npm)
  else
    die "node ($(node --version 2>/dev/null), package ${node_from:-none}) has no npm, and Debian's npm" \
        "cannot be installed next to it without removing it; install npm the way that node was" \
        "installed (a nodesource nodejs package ships npm in /usr/lib/node_modules/npm)"
  fi
fi

say "apt-get install ${missing[*]}"
apt install -y --no-install-recommends "${missing[@]}"

# Verify.
still=()
for pkg in "${missing[@]}"; do
  s=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ $s == "install ok installed" ]] || still+=("$pkg")
done
(( ${#still[@]} == 0 )) || die "still not installed: ${still[*]}"

if (( need_node )); then
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if (( major < 20 )); then
    say "warning: node $(node --version 2>/dev/null) is older than 20; tests/package.json needs Node >= 20 (playwright-core)"
  fi
fi
say "done"
