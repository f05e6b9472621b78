#!/usr/bin/env bash
# Builds what the benchmarks need and runs them: bench/run.sh [swap|multi|access|leak|verify|hostile|entitlements|all] [options]
# See bench/RESULTS.md for recorded numbers.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # package in the reactor, not install: the local repository is shared, and nothing here needs to be in it
  mvn -q package -DskipTests -pl bench -am
fi
exec java -Xms512m -Xmx2g -cp "bench/target/classes:bench/target/lib/*" \
  -Dpatchbay.bench.bundles="$root/bench/target/bundles" \
  -Dpatchbay.bench.trust="$root/target/signing/publisher-trust.p12" \
  io.patchbay.bench.BenchMain "${@:-all}"
