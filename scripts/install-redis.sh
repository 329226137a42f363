#!/usr/bin/env bash
# Installs Debian's redis-server for the cluster tests (test/cluster/) and for trying
# `seqpipe worker` locally. Needs root; idempotent. The tests start their own server on a free
# loopback port with no persistence; this script only installs the binary (the Debian package's
# own service is not needed and is not started here).
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  echo "redis-server present: $(command -v redis-server) ($(redis-server --version | head -1))"
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "install-redis: redis-server is missing and this is not root; install it as root" \
       "(apt-get install redis-server) or put a redis-server binary on PATH" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d 101: do not start the package's system service during the install.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
if apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server >/dev/null; then
  echo "redis-server installed: $(command -v redis-server) ($(redis-server --version | head -1))"
else
  echo "install-redis: apt-get install redis-server failed; the cluster tests need it" >&2
  exit 1
fi
