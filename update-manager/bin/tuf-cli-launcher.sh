# Shared by bin/tuf-client and bin/patchbay-repo (sourced, not run): starts the JVM tuned for a short-lived
# command. C1 only, serial GC, and an application class-data-sharing archive (target/NAME.jsa) that the
# first run after a build writes and later runs map, which roughly halves start-up.
# Usage: launch_tuf_cli NAME MAIN_CLASS ARGS...
launch_tuf_cli() {
  local name="$1" main="$2"
  shift 2
  local here target jar classes main_cp archive
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
  local java="${JAVA:-java}"
  local -a opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -XX:-UsePerfData
                 -Xlog:cds=off -Xlog:cds+dynamic=off)
  archive="$target/$name.jsa"
  # CDS archives only classes from jars, so there is nothing to gain when running from target/classes.
  if [ "$main_cp" = "$jar" ] && [ -z "${PATCHBAY_NO_CDS:-}" ]; then
    if [ -f "$archive" ] && [ -z "$(find "$jar" "$target/lib" -newer "$archive" 2>/dev/null | head -n 1)" ]; then
      opts+=(-XX:SharedArchiveFile="$archive")
    elif [ -w "$target" ]; then
      local tmp_archive="$archive.$$.tmp" rc=0
      "$java" "${opts[@]}" -XX:ArchiveClassesAtExit="$tmp_archive" ${PATCHBAY_JAVA_OPTS:-} \
        -cp "$main_cp:$target/lib/*" "$main" "$@" || rc=$?
      if [ -s "$tmp_archive" ]; then mv -f "$tmp_archive" "$archive"; else rm -f "$tmp_archive"; fi
      return "$rc"
    fi
  fi
  exec "$java" "${opts[@]}" ${PATCHBAY_JAVA_OPTS:-} -cp "$main_cp:$target/lib/*" "$main" "$@"
}
