#!/usr/bin/env bash
# Installs the Prometheus server and promtool from Debian's packages when they are missing.
# Called by the end-to-end test; safe to run again.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# No recommends: the exporters and the web console are not needed to scrape and alert.
$sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null
command -v prometheus >/dev/null && command -v promtool >/dev/null
