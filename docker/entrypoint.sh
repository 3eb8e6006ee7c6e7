#!/bin/sh
# Entry point of the codex-lb container image (see Dockerfile and docs/operations.md).
#
#   entrypoint.sh [flags...]            starts the server: exec java $JAVA_OPTS -jar codex-lb.jar
#   entrypoint.sh healthcheck           exits 0 when /health/ready of the dashboard listener is 200
#   entrypoint.sh keys create --name x  any other codex-lb command line (accounts, keys, --help)
#
# The server replaces this shell (exec), so it is PID 1 of the container and receives Docker's
# SIGTERM itself: it drains and exits 0 (docs/operations.md, "Drain").
set -eu

CODEX_LB_JAR="${CODEX_LB_JAR:-/opt/codex-lb/codex-lb.jar}"
JAVA="${JAVA:-java}"
# Container-sized memory by default: the heap follows the container's memory limit; an
# OutOfMemoryError ends the process so that the restart policy starts a clean one. Override as a
# whole with JAVA_OPTS; JAVA_TOOL_OPTIONS works too, but would also reach the health check's JVM.
# A JAVA_OPTS without any heap option lets codex-lb choose its own in a child JVM
# (docs/operations.md, "JVM options codex-lb chooses").
JAVA_OPTS="${JAVA_OPTS:--XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError}"

if [ "${1:-}" = "healthcheck" ]; then
  # A JRE image has neither curl nor wget; a small JVM asks instead.
  exec "$JAVA" -Xmx16m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto \
    -cp "$CODEX_LB_JAR" io.codexlb.HealthCheck \
    "http://127.0.0.1:${CODEX_LB_DASHBOARD_PORT:-3000}${CODEX_LB_HEALTHCHECK_PATH:-/health/ready}"
fi

# JAVA_OPTS is a list of options: split on spaces on purpose.
# shellcheck disable=SC2086
exec "$JAVA" $JAVA_OPTS -jar "$CODEX_LB_JAR" "$@"
