#!/usr/bin/env bash
# One command from a fresh Debian machine to a working checkout: the npm packages,
# Debian's Chromium and Firefox ESR for the browser tests and `npm start` (no test tool
# downloads a browser of its own), and `ip`, with which the two browsers' tests run at once
# (scripts/e2e.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v firefox-esr >/dev/null 2>&1 || missing+=(firefox-esr)
command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || [ -x /sbin/ip ] || missing+=(iproute2)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${missing[*]} from Debian's packages…"
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

npm ci
echo "Ready: \`npm start\` shows the demo, \`npm test\` runs every test."
