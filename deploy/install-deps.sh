#!/usr/bin/env bash
# Install the Debian 12 packages Anquan needs to build, run and test, then the
# npm devDependencies (test and lint tools). Idempotent: when everything is
# present it changes nothing, runs no apt-get update, and exits at once.
# Usage: deploy/install-deps.sh        (as root, or as a user with sudo)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PACKAGES=(
  build-essential pkg-config
  libcivetweb-dev libpq-dev libjansson-dev libjwt-dev libssl-dev libargon2-dev libxlsxwriter-dev zlib1g-dev libqrencode-dev
  postgresql postgresql-contrib
  chromium fonts-noto-cjk
  wrk curl ca-certificates
  # make fuzz: libFuzzer is in libclang-rt-14-dev, only a Recommends of clang (not installed here)
  clang libclang-rt-14-dev
  # make test checks the C formatting
  clang-format
)
# Node may come from elsewhere (NodeSource, nvm): only ask Debian for it when absent.
if ! command -v node >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
fi

missing=()
for p in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
  if [ "$status" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

did=()
if [ "${#missing[@]}" -gt 0 ]; then
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  did+=("apt installed: ${missing[*]}")
fi

# npm devDependencies: install when node_modules is missing or the manifests changed.
if [ -f package.json ] && command -v npm >/dev/null 2>&1; then
  stamp=node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ package.json -nt "$stamp" ] \
     || { [ -f package-lock.json ] && [ package-lock.json -nt "$stamp" ]; }; then
    npm install --no-audit --no-fund --loglevel=error >/dev/null
    # npm leaves the stamp untouched when nothing changed; mark it fresh.
    [ -f "$stamp" ] && touch "$stamp"
    did+=("npm install done")
  fi
fi

if [ "${#did[@]}" -eq 0 ]; then
  echo "install-deps: all present (${#PACKAGES[@]} Debian packages, node_modules up to date)"
else
  msg="${did[0]}"
  for d in "${did[@]:1}"; do msg="$msg; $d"; done
  echo "install-deps: $msg"
fi
