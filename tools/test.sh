#!/usr/bin/env bash
# The test command: unit tests and integration tests (real Docker Engine, real docker CLI,
# Shoal daemons as separate processes). Starts the Docker Engine the tests need first.
#
#   tools/test.sh                 # everything: ./mvnw -B verify
#   tools/test.sh -pl shoal-it    # extra arguments go to Maven
#
# Exits non-zero when the build or any test fails.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
. tools/lib/java.sh
shoal_find_java

start=$(date +%s)
say() { printf '\n=== test.sh: %s\n' "$*"; }

say "JDK: $JAVA_HOME ($("$JAVA_HOME/bin/java" -version 2>&1 | head -1))"

say "starting the Docker Engine for the tests (tools/dockerd-up.sh)"
DOCKER_HOST=$(tools/dockerd-up.sh)
export DOCKER_HOST
say "DOCKER_HOST=$DOCKER_HOST"

say "./mvnw -B verify $*"
status=0
./mvnw -B -ntp -fae verify "$@" || status=$?

elapsed=$(( $(date +%s) - start ))
if [ "$status" -eq 0 ]; then
  say "PASSED in $((elapsed / 60))m$((elapsed % 60))s"
else
  say "FAILED (mvnw exit $status) after $((elapsed / 60))m$((elapsed % 60))s; reports in */target/surefire-reports and */target/failsafe-reports, daemon logs in shoal-it/target/it-logs"
fi
exit "$status"
