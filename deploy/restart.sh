#!/usr/bin/env bash
# Restarts one service of the running local stack (SIGTERM, start, wait until ready); the others keep running.
#   deploy/restart.sh SERVICE          e.g.  deploy/restart.sh collections-service
#   deploy/restart.sh SERVICE --kill   kill -9 it instead of stopping it politely, then start it (crash recovery)
#   deploy/restart.sh --list           what runs, with pid and memory
# After a rebuild (./mvnw -pl collections-service -am package -DskipTests) the restart runs the new jar.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/stack-control.sh"

case "${1:-}" in
  ""|-h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; [ -n "${1:-}" ] && exit 0 || exit 2 ;;
  --list) ledgerline_control GET /services; exit ;;
esac
service=$1
if [ "${2:-}" = "--kill" ]; then
  ledgerline_control POST "/services/$service/kill"
  ledgerline_control POST "/services/$service/start"
else
  echo "restarting $service ..."
  ledgerline_control POST "/services/$service/restart"
fi
