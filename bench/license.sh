#!/usr/bin/env bash
# License server activations and lease renewals per second (issue 9): real instance-signed requests over HTTPS
# keep-alive on loopback into H2 (embedded file) and PostgreSQL (private loopback cluster, see PostgresServer).
# Usage: bench/license.sh [connections=8] [seconds=10] [instances=2000] [dbs=h2,postgres]
# Compiles license-manager/server's test classes (the harness is io.patchbay.license.server.LicenseBench) without
# installing anything; SKIP_BUILD=1 reuses a build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cp_file="license-manager/server/target/bench.classpath"
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -s "$cp_file" ]; then
  # One invocation: sibling modules resolve to their target/classes (none is installed); the license server is the
  # reactor's last module, so the class path file ends up as its own.
  mvn -o -q -pl license-manager/server -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/$cp_file"
fi
cd license-manager/server
exec java -Xms512m -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.patchbay.license.server.LicenseBench "$@"
