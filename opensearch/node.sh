#!/usr/bin/env bash
# A real OpenSearch 2.19 on this machine, for steppe's integration tests and for trying the
# OpenSearch backend: built with Maven on first use, bound to 127.0.0.1.
#   opensearch/node.sh start [1|2]   one node, or a cluster of two; waits until it is healthy
#   opensearch/node.sh stop-node N   stops node N (1 or 2) only
#   opensearch/node.sh stop          stops every node this script started, and only those
# Ports: HTTP 9250 and 9251, transport 9350 and 9351 (STEPPE_OPENSEARCH_PORT moves the first).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
home="${STEPPE_OPENSEARCH_HOME:-${TMPDIR:-/tmp}/steppe-opensearch}"
http="${STEPPE_OPENSEARCH_PORT:-9250}"
transport=$((http + 100))
heap="${STEPPE_OPENSEARCH_HEAP:-512m}"

build() {
  local jar="$here/target/opensearch-node-1.0.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$here/src" "$here/pom.xml" -newer "$jar" -print -quit)" ]; then
    mvn -q -B -Dstyle.color=never -f "$here/pom.xml" package -DskipTests
  fi
}

start_node() { # n seeds managers
  local n=$1 dir="$home/node$1"
  mkdir -p "$dir"
  local args=("n$n" "$dir" $((http + n - 1)) $((transport + n - 1)))
  [ -n "${2:-}" ] && args+=("$2" "$3")
  java -Xms"$heap" -Xmx"$heap" -cp "$here/target/classes:$here/target/lib/*" \
    steppe.opensearch.EmbeddedNode "${args[@]}" >"$dir/out.log" 2>&1 &
  echo $! >"$home/node$n.pid"
}

wait_healthy() { # nodes
  local url="http://127.0.0.1:$http" i
  for i in $(seq 1 240); do
    if curl -fs "$url/_cluster/health?wait_for_nodes=$1&wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
      echo "opensearch: $1 node(s) healthy at $url"
      return 0
    fi
    for pid in "$home"/node*.pid; do
      kill -0 "$(cat "$pid")" 2>/dev/null || { echo "opensearch: a node exited; see $home/node*/out.log" >&2; return 1; }
    done
    sleep 0.5
  done
  echo "opensearch: not healthy after 120 s; see $home/node*/out.log" >&2
  return 1
}

stop_node() {
  local pid_file="$home/node$1.pid"
  [ -f "$pid_file" ] || return 0
  local pid
  pid="$(cat "$pid_file")"
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}

case "${1:-}" in
  start)
    nodes="${2:-1}"
    command -v java >/dev/null && command -v mvn >/dev/null || { echo "opensearch: needs java and mvn" >&2; exit 3; }
    for pid in "$home"/node*.pid; do
      [ -f "$pid" ] && kill -0 "$(cat "$pid")" 2>/dev/null &&
        { echo "opensearch: already running (opensearch/node.sh stop first)" >&2; exit 1; }
    done
    build
    rm -rf "$home" && mkdir -p "$home"
    if [ "$nodes" = 1 ]; then
      start_node 1
    else
      start_node 1 "$transport,$((transport + 1))" n1
      start_node 2 "$transport,$((transport + 1))" n1
    fi
    wait_healthy "$nodes" || { "$0" stop; exit 1; }
    ;;
  stop-node) stop_node "$2" ;;
  stop) for pid in "$home"/node*.pid; do [ -f "$pid" ] && stop_node "$(basename "$pid" .pid | tr -dc 0-9)"; done; true ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
