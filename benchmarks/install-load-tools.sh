#!/usr/bin/env bash
# Installs the load tools the reload tests drive, from Debian's packages, when missing:
# wrk (HTTP/1.1 keep-alive), hey (HTTP/1.1, a status and error distribution) and
# nghttp2-client (h2load and nghttp, HTTP/2 over h2c and TLS).
# Called by the load tests; safe to run again.
set -euo pipefail
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v hey >/dev/null 2>&1 || missing+=(hey)
if ! command -v h2load >/dev/null 2>&1 || ! command -v nghttp >/dev/null 2>&1; then
  missing+=(nghttp2-client)
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
command -v wrk >/dev/null && command -v hey >/dev/null && command -v h2load >/dev/null && command -v nghttp >/dev/null
