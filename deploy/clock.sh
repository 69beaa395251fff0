#!/usr/bin/env bash
# Shows or moves the business date ("today") of every service in the running local stack, without restarting them.
#   deploy/clock.sh                 prints it ("system" when the services follow the system date)
#   deploy/clock.sh 2026-11-17      every service decides as of 2026-11-17 from now on
#   deploy/clock.sh system          back to the system date
# Time-driven runs (delinquency, dunning, SLA, credit's day, reporting) take the new date at their next run; call them
# with ?asOf= to run them now. LEDGERLINE_CLOCK_TODAY=DATE deploy/run-local.sh starts the stack on a date.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/stack-control.sh"

case "${1:-}" in
  "") ledgerline_control GET /clock ;;
  -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) ledgerline_control POST "/clock?today=$1" ;;
esac
