#!/usr/bin/env bash
# Push fan-out (issue 8): N light SSE clients hold GET /device/v1/push on one node (loopback, pinned TLS, signed
# requests); CHECK_NOW to all through the admin API; delivery time to each client (p50, p99, last), heap per idle
# stream, server CPU while idle. Not run by any test. Compiles the server module's test classes without installing.
# Usage: bench/push.sh [clients=1000] [rounds=3] [idle-s=30] [db=h2|postgres]
# 10,000 clients need ~10,000 threads here: raise `ulimit -u` / `ulimit -n` first if they are low.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cp_file="update-manager/server/target/bench.classpath"
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -s "$cp_file" ]; then
  mvn -o -q -pl update-manager/server -am test-compile
  mvn -o -q -pl update-manager/server dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/$cp_file"
fi
cd update-manager/server
exec java -Xms1g -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.patchbay.server.bench.PushBench "$@"
