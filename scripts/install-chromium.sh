#!/usr/bin/env bash
# Installs Debian's chromium for the report's browser test (playwright-core drives it; no
# browser download from the network beyond the Debian registry). Needs root; idempotent.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "chromium present: $(command -v chromium)"
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "install-chromium: not root, cannot apt-get install chromium; the browser test will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; then
  echo "chromium installed: $(command -v chromium)"
else
  echo "install-chromium: apt-get install chromium failed; the browser test will skip" >&2
fi
