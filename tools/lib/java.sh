# Sourced by Shoal's scripts: finds a JDK >= 21 and exports JAVA_HOME (and puts it first on PATH).
# Order: $JAVA_HOME if it is >= 21, then the newest JDK >= 21 under /usr/lib/jvm, then `java` on PATH.
# Usage: . tools/lib/java.sh && shoal_find_java || exit 1

# Prints the feature version (17, 21, 25, ...) of the JDK in folder $1, or nothing.
shoal_java_feature() {
  local home=$1 v=""
  [ -x "$home/bin/java" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -1)
  fi
  v=${v#1.}          # 1.8.0 -> 8.0
  v=${v%%[.+-]*}
  case "$v" in ''|*[!0-9]*) return 0 ;; esac
  echo "$v"
}

# A JDK, not just a JRE: the build needs javac.
shoal_is_jdk21() {
  local f
  [ -n "$1" ] && [ -x "$1/bin/javac" ] || return 1
  f=$(shoal_java_feature "$1")
  [ -n "$f" ] && [ "$f" -ge 21 ]
}

shoal_find_java() {
  local cand best="" bestf=0 f onpath
  if [ -n "${JAVA_HOME:-}" ] && shoal_is_jdk21 "$JAVA_HOME"; then
    best=$JAVA_HOME
  else
    for cand in "${SHOAL_JVM_DIR:-/usr/lib/jvm}"/*; do
      [ -d "$cand" ] && [ ! -L "$cand" ] || continue
      shoal_is_jdk21 "$cand" || continue
      f=$(shoal_java_feature "$cand")
      if [ "$f" -gt "$bestf" ]; then best=$cand; bestf=$f; fi
    done
    if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
      onpath=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
      shoal_is_jdk21 "$onpath" && best=$onpath
    fi
  fi
  if [ -z "$best" ]; then
    echo "shoal: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, none in ${SHOAL_JVM_DIR:-/usr/lib/jvm}, javac on PATH is $(javac -version 2>&1 | head -1 || echo missing))." >&2
    echo "shoal: install one (e.g. 'apt-get install openjdk-21-jdk-headless' where available) or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
}
