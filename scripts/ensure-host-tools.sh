#!/usr/bin/env bash
# Host tools some tests need beside Node: Debian's python3 with pytest (the attesting launcher's
# tests run it directly) and Debian's chromium (the HTML report and review page are tested in a
# real headless browser through playwright-core). Quick when already present.
set -euo pipefail
missing=()
/usr/bin/python3 -m pytest --version >/dev/null 2>&1 || missing+=(python3-pytest)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "ensure-host-tools: missing ${missing[*]}; run: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
/usr/bin/python3 -m pytest --version
/usr/bin/chromium --version 2>/dev/null || true
