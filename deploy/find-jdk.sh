#!/usr/bin/env bash
# Prints the home of a JDK >= 21 for building and running Ledgerline; exits 1 with a message if there is none.
# Order: $JAVA_HOME if new enough, then `java` on PATH, then the newest JDK under /usr/lib/jvm.
# Usable both as a command (JAVA_HOME=$(deploy/find-jdk.sh)) and sourced (defines ledgerline_find_jdk).

LEDGERLINE_MIN_JAVA=21

# Feature version (17, 21, 25, ...) of the java binary $1, or nothing if it doesn't run.
ledgerline_java_version() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

ledgerline_find_jdk() {
  local candidate version best="" best_version=0

  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    version=$(ledgerline_java_version "$JAVA_HOME/bin/java")
    if [ -n "$version" ] && [ "$version" -ge "$LEDGERLINE_MIN_JAVA" ]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi

  if command -v java >/dev/null 2>&1; then
    candidate=$(command -v java)
    version=$(ledgerline_java_version "$candidate")
    if [ -n "$version" ] && [ "$version" -ge "$LEDGERLINE_MIN_JAVA" ]; then
      # java.home is the JDK itself, however many symlinks (alternatives) lead to the binary.
      "$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p' | head -n 1
      return 0
    fi
  fi

  for candidate in /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    version=$(ledgerline_java_version "$candidate")
    if [ -n "$version" ] && [ "$version" -ge "$LEDGERLINE_MIN_JAVA" ] && [ "$version" -gt "$best_version" ]; then
      best=${candidate%/bin/java}
      best_version=$version
    fi
  done
  if [ -n "$best" ]; then
    echo "$best"
    return 0
  fi

  echo "No JDK $LEDGERLINE_MIN_JAVA or newer found (checked JAVA_HOME, java on PATH, /usr/lib/jvm)." \
       "Install one (e.g. Temurin 21 or 25) and point JAVA_HOME at it." >&2
  return 1
}

# Run directly (not sourced): print the JDK home.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  ledgerline_find_jdk
fi
