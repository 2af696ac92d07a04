#!/usr/bin/env bash
# Installs RabbitMQ (Debian's rabbitmq-server) when it is missing. Called by the fleet's
# end-to-end tests through rabbitmq-node.sh; safe to run again.
set -euo pipefail
exec "$(dirname "$0")/../../benchmarks/install-packages.sh" rabbitmq-server=rabbitmq-server
