#!/usr/bin/env bash
# See ResourceSlot work: starts a resource-slot-sandboxer on temporary paths, runs a pod with two containers
# through its whole lifecycle with resource-slot-ctl, prints what the daemon recorded (resources.json), and
# cleans everything up again, also when interrupted. Needs Node.js 20 and `npm ci` in the repository.
#
#   docs/examples/test-sandbox.sh
set -euo pipefail

examples="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$examples/../.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/resource-slot-example.XXXXXX")"
socket="$tmp/sandboxer.sock"
state="$tmp/state"
daemon_pid=""
watch_pid=""

cleanup() {
  local status=$?
  if [[ -n "$watch_pid" ]]; then kill -TERM "$watch_pid" 2>/dev/null || true; wait "$watch_pid" 2>/dev/null || true; fi
  if [[ -n "$daemon_pid" ]]; then kill -TERM "$daemon_pid" 2>/dev/null || true; wait "$daemon_pid" 2>/dev/null || true; fi
  if [[ $status -ne 0 && -f "$tmp/daemon.log" ]]; then
    echo "--- daemon log ($tmp/daemon.log) ---" >&2
    cat "$tmp/daemon.log" >&2
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ctl_bin="$repo/src/cli/bin/resource-slot-ctl.js"
ctl() { node "$ctl_bin" --socket "$socket" "$@"; }
# Prints the command, then runs it: the output reads like a terminal session.
show() {
  echo
  echo "\$ resource-slot-ctl $*"
  ctl "$@"
}
wait_for() {
  local what="$1" test="$2"
  for _ in $(seq 1 200); do
    if eval "$test"; then return 0; fi
    if ! kill -0 "$daemon_pid" 2>/dev/null; then echo "the daemon exited while waiting for $what" >&2; return 1; fi
    sleep 0.1
  done
  echo "timed out waiting for $what" >&2
  return 1
}

echo "Starting resource-slot-sandboxer: --listen $socket --dir $state"
node "$repo/src/cli/bin/resource-slot-sandboxer.js" --listen "$socket" --dir "$state" --log-level warn \
  >"$tmp/daemon.log" 2>&1 &
daemon_pid=$!
wait_for "the daemon's socket" '[[ -S "$socket" ]]'
show version

# Follow the transitions in the background (node itself, not the ctl function, so $! is its pid); they are
# printed at the end.
node "$ctl_bin" --socket "$socket" watch >"$tmp/watch.out" 2>"$tmp/watch.err" &
watch_pid=$!
# -s: the background job may not have created watch.err yet.
wait_for "the watch to subscribe" 'grep -qs Watching "$tmp/watch.err"'

echo
echo "\$ resource-slot-ctl runp docs/examples/pod.yaml"
pod="$(ctl runp "$examples/pod.yaml")"
echo "$pod"
echo
echo "\$ resource-slot-ctl create ${pod:0:13} docs/examples/container-web.yaml"
web="$(ctl create "${pod:0:13}" "$examples/container-web.yaml")"
echo "$web"
echo
echo "\$ resource-slot-ctl create ${pod:0:13} docs/examples/container-log-shipper.yaml"
shipper="$(ctl create "${pod:0:13}" "$examples/container-log-shipper.yaml")"
echo "$shipper"
show start "${web:0:13}" "${shipper:0:13}"
show pods
show ps
show resources
show resources --pod "${pod:0:13}"
show inspect -o table "${web:0:13}"

echo
echo "==> resources.json of pod $pod"
cat "$state/$pod/resources.json"

show stop "${web:0:13}" "${shipper:0:13}"
show rm "${web:0:13}" "${shipper:0:13}"
show stopp "${pod:0:13}"
show rmp "${pod:0:13}"
show pods

# (Background jobs of a script ignore SIGINT, so the watch is ended with SIGTERM, which it also takes as "stop".)
kill -TERM "$watch_pid"
wait "$watch_pid"
watch_pid=""
echo
echo "==> transitions seen by resource-slot-ctl watch"
cat "$tmp/watch.out"
echo
echo "Done: the pod and its containers went through their whole lifecycle; cleaning up $tmp"
