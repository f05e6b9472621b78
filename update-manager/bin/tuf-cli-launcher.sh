# Shared by bin/tuf-client and bin/patchbay-repo (sourced, not run): starts the JVM tuned for a short-lived
# command: C1 only, serial GC, and an application class-data-sharing archive of the classes the command
# loads (target/NAME-jdkN.jsa), written by the first run after a build and mapped by later runs: most of a
# call is JVM start and class loading. One archive per JDK feature version, so switching JAVA does not
# make each run rewrite it. (JDK 25's AOT cache was measured too: it cannot hold picocli's Java 5 classes
# and its training run prints to stdout, so the CDS archive stays the choice on every JDK.)
# Which java: $JAVA if set, else java on PATH. PATCHBAY_NO_CDS=1 turns the archive off (to measure without).
# Usage: launch_tuf_cli NAME MAIN_CLASS ARGS...

# The feature version of a java executable, read from its JDK's release file (no JVM started); 0 if unknown.
java_feature_version() {
  local home release version
  home="$(cd "$(dirname "$(readlink -f "$(command -v "$1")")")/.." 2>/dev/null && pwd)" || { echo 0; return; }
  release="$home/release"
  version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" 2>/dev/null | head -n 1)"
  echo "${version:-0}"
}


launch_tuf_cli() {
  local name="$1" main="$2"
  shift 2
  local here target jar classes main_cp archive java version
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  target="$here/../tuf-cli/target"
  classes="$target/classes/io/patchbay/tuf/cli/TufClientMain.class"
  jar="$(ls "$target"/patchbay-tuf-cli-*.jar 2>/dev/null | grep -v -e '-sources' -e '-tests' | head -n 1 || true)"
  if [ -n "$jar" ] && { [ ! -f "$classes" ] || [ ! "$jar" -ot "$classes" ]; }; then
    main_cp="$jar"
  elif [ -f "$classes" ]; then
    main_cp="$target/classes"
  fi
  if [ -z "${main_cp:-}" ] || [ ! -d "$target/lib" ]; then
    echo "$name: not built yet; run 'mvn install' in $(cd "$here/../.." && pwd)" >&2
    return 1
  fi
  java="${JAVA:-java}"
  version="$(java_feature_version "$java")"
  local -a opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData)
  local cp="$main_cp:$target/lib/*"
  # Archives only hold classes from jars, so there is nothing to gain when running from target/classes.
  if [ "$main_cp" = "$jar" ] && [ -z "${PATCHBAY_NO_CDS:-}" ]; then
    local use create
    archive="$target/$name-jdk$version.jsa"
    use=(-Xshare:auto -XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
    create=(-Xshare:auto -XX:ArchiveClassesAtExit="$archive.$$.tmp" -Xlog:cds=off -Xlog:cds+dynamic=off)
    if [ -f "$archive" ] && [ -z "$(find "$jar" "$target/lib" -newer "$archive" 2>/dev/null | head -n 1)" ]; then
      opts+=("${use[@]}")
    elif [ -w "$target" ]; then
      # This run writes the archive as it exits (into a temporary name, so a concurrent run never maps a
      # half-written one), then it is moved into place.
      local rc=0
      "$java" "${opts[@]}" "${create[@]}" ${PATCHBAY_JAVA_OPTS:-} -cp "$cp" "$main" "$@" || rc=$?
      if [ -s "$archive.$$.tmp" ]; then mv -f "$archive.$$.tmp" "$archive"; else rm -f "$archive.$$.tmp"; fi
      return "$rc"
    fi
  fi
  exec "$java" "${opts[@]}" ${PATCHBAY_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
}
