#!/usr/bin/env bash
# Check-in ingestion per second (issue 7): real signed check-ins (POST /device/v1/check-in, Ed25519 via crypto's
# RequestSigner, fresh nonce each) over HTTPS keep-alive on loopback, into H2 (embedded file) and PostgreSQL
# (private loopback cluster from Debian's binaries, see PostgresServer) in the same run, rounds alternating.
# Usage: bench/checkin.sh [connections=8] [seconds-per-round=10] [rounds=3] [clients=1000] [dbs=h2,postgres]
#        bench/checkin.sh fleet [agents=1000] [seconds=60] [interval-s=10] [connections=32] [dbs=h2,postgres]
# The second form runs FleetSim (simulated agents polling with ±10 % jitter). Compiles the server module's test
# classes (harnesses in io.patchbay.server.bench) without installing anything; SKIP_BUILD=1 reuses a build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cp_file="update-manager/server/target/bench.classpath"
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -s "$cp_file" ]; then
  mvn -o -q -pl update-manager/server -am test-compile
  mvn -o -q -pl update-manager/server dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/$cp_file"
fi
main=io.patchbay.server.bench.CheckInBench
if [ "${1:-}" = fleet ]; then
  main=io.patchbay.server.bench.FleetSim
  shift
fi
cd update-manager/server
exec java -Xms512m -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" "$main" "$@"
