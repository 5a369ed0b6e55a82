#!/usr/bin/env bash
# Debian's Chromium for the browser tests (tests/browser): Playwright drives this binary, never a
# browser build of its own. Run as root (CI is root); does nothing when chromium is already there.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: chromium is missing and apt-get cannot run here (not root, or not Debian);" \
       "the browser tests will be skipped. Install the Debian package 'chromium' to run them." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# Another apt run (a second worktree, unattended upgrades) may hold the lock: wait for it.
apt_get() { apt-get -o DPkg::Lock::Timeout=300 "$@"; }
apt_get update -qq
# fonts-liberation: metric-compatible Arial, so text renders (and is measured) as GOV.UK intends.
apt_get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
chromium --version
