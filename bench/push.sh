#!/usr/bin/env bash
# Push fan-out (issue 8): light clients holding GET /device/v1/push streams to one node on H2, or to two nodes on
# one PostgreSQL (private loopback cluster from Debian's binaries, see PostgresServer); each node in its own JVM.
# Memory per idle connection, CPU while idle, and CHECK_NOW delivery to every client (p50/p99/max).
# Usage: bench/push.sh [clients=1000,10000] [configs=h2,postgres2] [rounds=3] [idle-seconds=20]
# Compiles the server module's test classes (harnesses in io.patchbay.server.bench) without installing anything;
# SKIP_BUILD=1 reuses a build. The clients read their streams through NIO + SSLEngine; to compare with the JDK
# HttpClient (what agents use), run with JAVA_TOOL_OPTIONS=-Dpatchbay.bench.pushClient=jdk.
# Needs `ulimit -n` above the client count (each side holds one socket per client).
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
exec java -Xms512m -Xmx3g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.patchbay.server.bench.PushBench "$@"
