#!/usr/bin/env bash
# Installs what the tests and samples need besides the .NET SDK, and does nothing that is already done:
#   (a) Debian packages chromium (browser tests), redis-server (SignalR backplane tests), a C toolchain and zlib
#       (gcc, zlib1g-dev: the Native AOT publish links with them), and Node.js with npm;
#       as root they are installed, otherwise the one command to run is printed and the script fails;
#   (b) npm ci in every folder of the repository that has a package-lock.json, unless its node_modules was
#       installed after the lockfile last changed.
# Safe to run non-interactively (CI=true, no stdin). A second run takes about a second.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[prerequisites] %s\n' "$*" >&2; }

# --- (a) system packages --------------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v gcc >/dev/null 2>&1 || command -v clang >/dev/null 2>&1 || missing+=(gcc)
if command -v dpkg-query >/dev/null 2>&1 && ! dpkg-query -W -f='${Status}' zlib1g-dev 2>/dev/null | grep -q "ok installed"; then
  missing+=(zlib1g-dev)
fi
if ! command -v node >/dev/null 2>&1; then
  missing+=(nodejs npm)
elif ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi

if ((${#missing[@]} > 0)); then
  if ! command -v apt-get >/dev/null 2>&1; then
    log "Missing: ${missing[*]}. Install them with your system's package manager, then run this script again."
    exit 1
  fi
  if [[ "$(id -u)" != 0 ]]; then
    log "Missing: ${missing[*]}. Run this, then run this script again:"
    echo "sudo apt-get install -y --no-install-recommends ${missing[*]}"
    exit 1
  fi
  log "Installing ${missing[*]} ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq </dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
fi

# --- (b) npm dependencies from the committed lockfiles ------------------------------------------------------
# npm writes node_modules/.package-lock.json at the end of every install: if it is not older than
# package-lock.json, the folder is up to date (ProgressKit.LocalServers.NpmDependencies uses the same rule).
while IFS= read -r -d '' lockfile; do
  dir="$(dirname "$lockfile")"
  marker="$dir/node_modules/.package-lock.json"
  if [[ -f "$marker" && ! "$lockfile" -nt "$marker" ]]; then
    continue
  fi
  log "npm ci in $dir ..."
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error </dev/null)
done < <(find . -name node_modules -prune -o -name .git -prune -o -name package-lock.json -type f -print0)
