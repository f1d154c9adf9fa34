#!/usr/bin/env bash
# Makes sure a Docker engine answers, installing and starting Debian's engine if needed.
# Idempotent and quick when an engine already answers (or DOCKER_HOST points at one).
# Needs root only when it has something to install or start.
set -euo pipefail

log() { printf 'ensure-engine: %s\n' "$*" >&2; }

if docker info >/dev/null 2>&1; then
  exit 0
fi
if [ -n "${DOCKER_HOST:-}" ]; then
  log "DOCKER_HOST=$DOCKER_HOST does not answer; not starting a local engine"
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  log "no Docker engine answers and installing one needs root; start dockerd or set DOCKER_HOST"
  exit 1
fi

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]} from Debian's archive"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! pgrep -x dockerd >/dev/null 2>&1; then
  log "starting dockerd (no iptables, no default bridge: sandboxes use --network none)"
  mkdir -p /var/log
  setsid dockerd --iptables=false --bridge=none >/var/log/crucible-dockerd.log 2>&1 < /dev/null &
fi

for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    log "engine ready: $(docker version --format '{{.Server.Version}}' 2>/dev/null)"
    exit 0
  fi
  sleep 1
done
log "dockerd did not answer within 60 s; last lines of /var/log/crucible-dockerd.log:"
tail -n 20 /var/log/crucible-dockerd.log >&2 || true
exit 1
