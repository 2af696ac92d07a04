#!/usr/bin/env bash
# Installs the Prometheus server and promtool from Debian's packages when they are missing.
# Called by the end-to-end test; safe to run again.
set -euo pipefail
# No recommends (install-packages.sh): the exporters and the web console are not needed
# to scrape and alert.
exec "$(dirname "$0")/../benchmarks/install-packages.sh" prometheus=prometheus promtool=prometheus
