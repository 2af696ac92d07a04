#!/usr/bin/env bash
# Installs Debian packages for the commands the tests and benchmarks drive, when missing:
#   install-packages.sh COMMAND=PACKAGE ...   (e.g. wrk=wrk h2load=nghttp2-client)
# Safe to run again, and at the same time from several test JVMs: installs take turns
# under one lock, since apt and dpkg refuse to run twice at once.
set -euo pipefail
missing() {
  local wanted=()
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null 2>&1 || wanted+=("${pair#*=}")
  done
  printf '%s\n' "${wanted[@]}" | sort -u | grep . || true
}
[ -n "$(missing "$@")" ] || exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
exec 9>"${TMPDIR:-/tmp}/hotreload-install-packages.lock"
flock -w 600 9
# Another run may have installed them while this one waited.
mapfile -t packages < <(missing "$@")
if [ ${#packages[@]} -gt 0 ]; then
  $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
  $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
still=$(missing "$@")
if [ -n "$still" ]; then
  echo "Still missing after the install: $still" >&2
  exit 1
fi
