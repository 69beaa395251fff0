#!/bin/sh
# One database per service, each owned by a role of the same name (run once by the postgres image on an empty
# data volume). The password of every role is LEDGERLINE_DB_PASSWORD: fine on a laptop, never in production
# (deploy/k8s gives each service its own Secret).
set -eu
for service in receivables credit collections disputes reporting; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE $service LOGIN PASSWORD '${LEDGERLINE_DB_PASSWORD}';
CREATE DATABASE $service OWNER $service;
SQL
done
