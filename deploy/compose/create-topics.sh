#!/bin/sh
# Creates every Ledgerline topic with the partitions and settings of deploy/README.md ("Topics"); the Strimzi
# KafkaTopics in deploy/k8s/kafka/topics.yaml say the same, and a test in deploy/manifests holds the two in step.
# Run by the kafka-topics service of deploy/compose.yaml once the broker answers; safe to run again.
set -eu

BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
REPLICATION="${LEDGERLINE_TOPIC_REPLICATION:-1}"
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"

# topic NAME PARTITIONS [CONFIG=VALUE ...]
topic() {
  name="$1"; partitions="$2"; shift 2
  configs=""
  for config in "$@"; do configs="$configs --config $config"; done
  # shellcheck disable=SC2086 # each --config is its own word on purpose
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor "$REPLICATION" $configs
}

# Ingest: receivables keeps what it accepted in its event store; a week lets it replay after an outage.
topic ledgerline.ingest.customers 12 cleanup.policy=delete retention.ms=604800000
topic ledgerline.ingest.invoices 12 cleanup.policy=delete retention.ms=604800000
topic ledgerline.ingest.payments 12 cleanup.policy=delete retention.ms=604800000
# Rejections are read by operators and the sending systems: a month to look.
topic ledgerline.ingest.rejected 3 cleanup.policy=delete retention.ms=2592000000
# Domain events are kept for good: a new service reads its upstream topics from the beginning (flows.md).
topic ledgerline.receivables.events 12 cleanup.policy=delete retention.ms=-1
topic ledgerline.credit.events 12 cleanup.policy=delete retention.ms=-1
topic ledgerline.collections.events 12 cleanup.policy=delete retention.ms=-1
topic ledgerline.disputes.events 12 cleanup.policy=delete retention.ms=-1
# The latest aging snapshot per <customerId>/<currency>; tombstones go after a day.
topic ledgerline.reporting.aging 12 cleanup.policy=compact delete.retention.ms=86400000 min.cleanable.dirty.ratio=0.1
topic ledgerline.reporting.kpis 3 cleanup.policy=delete retention.ms=-1

"$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --list
