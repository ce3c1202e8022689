#!/usr/bin/env bash
# Run by `./mvnw verify` before the integration tests: the browser tests drive a headless Chromium
# through chromedriver. Where either is missing, install both from the system's packages (Debian:
# chromium and chromium-driver) with apt-get, as root or through sudo. Does nothing when both exist
# or when the tests are skipped (first argument "true").
set -euo pipefail

[ "${1:-false}" = "true" ] && exit 0
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi

packages=(chromium chromium-driver)
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The browser tests need Chromium and chromedriver on the PATH, and this machine has no apt-get:" >&2
  echo "install them with the system's package manager, or run ./mvnw verify -DskipITs for the unit tests only." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "The browser tests need: apt-get install ${packages[*]} (as root; there is no sudo here)." >&2
  exit 1
fi

echo "Installing ${packages[*]} from the system's packages for the browser tests"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null
command -v chromedriver >/dev/null 2>&1 || { echo "chromedriver is still missing after the install" >&2; exit 1; }
