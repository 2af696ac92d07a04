#!/usr/bin/env bash
# Installs the load tools the reload tests drive, from Debian's packages, when missing:
# wrk (HTTP/1.1 keep-alive), hey (HTTP/1.1, a status and error distribution) and
# nghttp2-client (h2load and nghttp, HTTP/2 over h2c and TLS).
# Called by the load tests; safe to run again.
set -euo pipefail
exec "$(dirname "$0")/install-packages.sh" wrk=wrk hey=hey h2load=nghttp2-client nghttp=nghttp2-client
