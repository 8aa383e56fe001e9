#!/usr/bin/env bash
# Installs what test/browser/*.test.ts needs: Debian's chromium at /usr/bin/chromium, driven by playwright-core.
# Idempotent; CI runs it before the tests (the browser test fails under CI=true when chromium is missing).
set -euo pipefail

if [[ -x /usr/bin/chromium ]]; then
  echo "chromium already installed: /usr/bin/chromium"
  exit 0
fi

sudo=()
if [[ "$(id -u)" != 0 ]]; then sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update
"${sudo[@]}" apt-get install -y --no-install-recommends chromium fonts-liberation
/usr/bin/chromium --version
