#!/usr/bin/env bash
# A private RabbitMQ node for the fleet's tests and for a local fleet (docs/fleet.md):
#   rabbitmq-node.sh start DIR PORT [DIST_PORT]
#                                     installs rabbitmq-server when missing, starts a node
#                                     whose data, logs and cookie live in DIR, listening on
#                                     PORT (AMQP, localhost; user guest/guest), and waits
#                                     until it accepts connections
#   rabbitmq-node.sh stop DIR         stops that node
# The node's name comes from PORT, and its Erlang distribution port is DIST_PORT (default
# PORT + 20000), so nodes on other ports (another test's, the system's own) are left alone.
# The node registers with epmd, the Erlang port mapper, which starts with the first node
# and stays up after it (on port 4369, as for every Erlang node).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command="${1:?start or stop}"
dir="$(mkdir -p "${2:?data directory}" && cd "$2" && pwd)"
rabbit_bin=/usr/lib/rabbitmq/bin

node_env() {
  local port="$1" dist="$2"
  export HOME="$dir"
  export RABBITMQ_NODENAME="hotreload-$port@localhost"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$port"
  export RABBITMQ_DIST_PORT="$dist"
  export RABBITMQ_MNESIA_BASE="$dir/mnesia"
  export RABBITMQ_LOG_BASE="$dir/log"
  export RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
  export RABBITMQ_CONFIG_FILE="$dir/rabbitmq"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config"
  export RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf"
}

case "$command" in
  start)
    port="${3:?AMQP port}"
    dist="${4:-$((port + 20000))}"
    "$here/install-rabbitmq.sh"
    mkdir -p "$dir/mnesia" "$dir/log"
    echo "[]." > "$dir/enabled_plugins"
    # No management plugin and a small footprint: this node serves a test.
    printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users.guest = true\n' "$port" > "$dir/rabbitmq.conf"
    echo "$port $dist" > "$dir/port"
    node_env "$port" "$dist"
    # As root the /usr/sbin wrapper switches to user rabbitmq, which cannot write DIR.
    nohup "$rabbit_bin/rabbitmq-server" > "$dir/log/console.log" 2>&1 &
    echo $! > "$dir/server.pid"
    # Up when the node answers and AMQP accepts a connection.
    # The AMQP listener opens last in the node's boot: wait for it with a connect, which
    # costs nothing, then ask rabbitmqctl (an Erlang VM of its own, about a CPU second each)
    # once that the boot is complete.
    for _ in $(seq 1 600); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null \
          && "$rabbit_bin/rabbitmqctl" -n "$RABBITMQ_NODENAME" await_startup --timeout 60 >/dev/null 2>&1; then
        echo "RabbitMQ node $RABBITMQ_NODENAME listens on 127.0.0.1:$port (data in $dir)"
        exit 0
      fi
      if ! kill -0 "$(cat "$dir/server.pid")" 2>/dev/null; then
        echo "RabbitMQ node $RABBITMQ_NODENAME did not start; its console:" >&2
        tail -50 "$dir/log/console.log" >&2
        exit 1
      fi
      sleep 0.5
    done
    echo "RabbitMQ node $RABBITMQ_NODENAME did not start within 300 s" >&2
    exit 1
    ;;
  stop)
    [ -f "$dir/port" ] || exit 0
    read -r port dist < "$dir/port"
    node_env "$port" "$dist"
    "$rabbit_bin/rabbitmqctl" -n "$RABBITMQ_NODENAME" stop >/dev/null 2>&1 || true
    if [ -f "$dir/server.pid" ]; then
      pid="$(cat "$dir/server.pid")"
      for _ in $(seq 1 120); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
      done
      kill "$pid" 2>/dev/null || true
    fi
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
