#!/usr/bin/env bash
# Host tools some tests need beside Node: Debian's python3 with pytest (the attesting launcher's
# tests run it directly). Quick when already present.
set -euo pipefail
if /usr/bin/python3 -m pytest --version >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "ensure-host-tools: /usr/bin/python3 -m pytest is missing; run: apt-get install -y python3-pytest" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pytest >/dev/null
/usr/bin/python3 -m pytest --version
