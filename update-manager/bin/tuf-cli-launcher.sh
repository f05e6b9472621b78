# Shared by bin/tuf-client and bin/patchbay-repo (sourced, not run): starts the JVM tuned for a short-lived
# command: C1 only, serial GC, and an application class-data-sharing archive (target/NAME-JAVA.jsa, one per
# JDK, named after its java binary's real path, so switching JAVA does not make each run rewrite it). For tuf-client the archive is written
# once after a build by a training run (io.patchbay.tuf.cli.CdsTraining: init, refresh and download against
# a throw-away repository on loopback), so it holds the classes of every command whichever comes first; for
# patchbay-repo by its first run. A JDK upgraded in place after the archive was written makes the launcher
# write a new one. (JDK 25's AOT cache was measured too: it cannot hold picocli's Java 5
# classes, so the CDS archive stays the choice on every JDK.)
# Only one subprocess (readlink) is started on the way to java: a call is short, and each fork of ls, sed or
# find showed in its time.
# Which java: $JAVA if set, else java on PATH. PATCHBAY_NO_CDS=1 turns the archive off (to measure without).
# Usage: launch_tuf_cli NAME MAIN_CLASS ARGS...
# bin/patchbay uses the same mechanism for another module:
#   launch_module_cli MODULE_DIR ARTIFACT_ID PROBE_CLASS_FILE NAME MAIN_CLASS ARGS...
# (its archive is written by its first run, except for 'patchbay server ...', which is long-running and must
# receive SIGTERM itself: that runs exec'd, without writing an archive).

launch_tuf_cli() {
  launch_module_cli tuf-cli patchbay-tuf-cli io/patchbay/tuf/cli/TufClientMain.class "$@"
}

launch_module_cli() {
  local module="$1" artifact="$2" probe="$3" name="$4" main="$5"
  shift 5
  local here target jar="" classes main_cp="" java javabin f
  case "${BASH_SOURCE[0]}" in
    */*) here="${BASH_SOURCE[0]%/*}" ;;
    *) here=. ;;
  esac
  target="$here/../$module/target"
  classes="$target/classes/$probe"
  for f in "$target"/"$artifact"-*.jar; do
    case "$f" in
      *-sources.jar | *-tests.jar) ;;
      *) [ -f "$f" ] && { jar="$f"; break; } ;;
    esac
  done
  if [ -n "$jar" ] && { [ ! -f "$classes" ] || [ ! "$jar" -ot "$classes" ]; }; then
    main_cp="$jar"
  elif [ -f "$classes" ]; then
    main_cp="$target/classes"
  fi
  # Dependencies: target/lib/* (copied by the build), else the one-line class path a module's build wrote to
  # target/runtime.classpath (operator-cli: dependency:build-classpath, which also works in a reactor's test
  # phase, before sibling modules are packaged). Read with the read builtin: no subprocess.
  local deps=""
  if [ -d "$target/lib" ]; then
    deps="$target/lib/*"
  elif [ -f "$target/runtime.classpath" ]; then
    IFS= read -r deps < "$target/runtime.classpath" || true
  fi
  if [ -z "$main_cp" ] || [ -z "$deps" ]; then
    echo "$name: not built yet; run 'mvn install' (or 'mvn package' of $module) in $here/../.." >&2
    return 1
  fi
  java="${JAVA:-java}"
  case "$java" in
    */*) javabin="$java" ;;
    *) hash "$java" 2>/dev/null && javabin="${BASH_CMDS[$java]}" || javabin="$java" ;;
  esac
  # The one subprocess: the java binary's real path (through /etc/alternatives) names the archive.
  javabin="$(readlink -f "$javabin" 2>/dev/null || echo "$javabin")"
  local -a opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData)
  # A server is long-running: the full JIT and the default GC.
  [ "$name ${1:-}" = "patchbay server" ] && opts=(-XX:-UsePerfData)
  local cp="$main_cp:$deps" cds=1 entry
  # Archives only hold classes from jars, so there is nothing to gain when running from target/classes; and the
  # JVM refuses to start at all (not just to archive) when a class path to archive names a non-empty directory,
  # as a reactor build's runtime.classpath does for a sibling module not packaged yet.
  [ "$main_cp" = "$jar" ] || cds=""
  if [ -n "$cds" ] && [ ! -d "$target/lib" ]; then
    local IFS=:
    for entry in $deps; do [ -d "$entry" ] && { cds=""; break; }; done
    unset IFS
  fi
  if [ -n "$cds" ] && [ -z "${PATCHBAY_NO_CDS:-}" ]; then
    local archive="$target/$name-${javabin//[^A-Za-z0-9._-]/_}.jsa" fresh=1
    if [ -f "$archive" ]; then
      # A JDK upgraded in place rewrites its bin directory; a newer build means a new archive.
      for f in "${javabin%/*}" "$jar" "$target/lib" "$target"/lib/*; do
        [ "$f" -nt "$archive" ] && { fresh=""; break; }
      done
    else
      fresh=""
    fi
    local -a quiet=(-Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
    if [ -n "$fresh" ]; then
      opts+=("${quiet[@]}" -XX:SharedArchiveFile="$archive")
    elif [ -w "$target" ] && [ "$name ${1:-}" != "patchbay server" ]; then
      # Written into a temporary name (so a concurrent run never maps a half-written one), then moved.
      local tmp="$archive.$$.tmp" rc=0
      if [ "$name" = tuf-client ]; then
        "$java" "${opts[@]}" "${quiet[@]}" -XX:ArchiveClassesAtExit="$tmp" -cp "$cp" \
          io.patchbay.tuf.cli.CdsTraining >/dev/null 2>&1 || true
        if [ -s "$tmp" ]; then
          mv -f "$tmp" "$archive"
          opts+=("${quiet[@]}" -XX:SharedArchiveFile="$archive")
        else
          rm -f "$tmp"
        fi
      else
        "$java" "${opts[@]}" "${quiet[@]}" -XX:ArchiveClassesAtExit="$tmp" ${PATCHBAY_JAVA_OPTS:-} -cp "$cp" "$main" "$@" || rc=$?
        if [ -s "$tmp" ]; then mv -f "$tmp" "$archive"; else rm -f "$tmp"; fi
        return "$rc"
      fi
    fi
  fi
  exec "$java" "${opts[@]}" ${PATCHBAY_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
}
