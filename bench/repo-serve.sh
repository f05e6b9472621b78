#!/usr/bin/env bash
# Update checks per second (conditional GET of metadata/timestamp.json, 304 path, keep-alive, loopback):
# the server's repository handler on Jetty vs nginx serving the same directory, in the same run (issue 7).
# Needs Debian's nginx package. Usage: bench/repo-serve.sh [connections=8] [seconds-per-round=5] [rounds=3]
# Compiles the server module's test classes (the harness is io.patchbay.server.bench.RepoCheckBench) without
# installing anything; SKIP_BUILD=1 reuses a build.
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
exec java -Xms256m -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.patchbay.server.bench.RepoCheckBench "$@"
