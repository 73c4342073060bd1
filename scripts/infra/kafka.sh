#!/usr/bin/env bash
# Single-node Apache Kafka 4.x in KRaft combined mode (broker + controller), from Maven Central jars.
# Usage: kafka.sh up|down|status. State lives under .infra/kafka; `down --wipe` removes it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
NAME=kafka
DIR="$INFRA_DIR/kafka"

write_config() {
  mkdir -p "$DIR/data"
  cat >"$DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DIR/data
num.partitions=3
auto.create.topics.enable=false
# One node: internal topics must be creatable and transactions must work with a single replica.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
min.insync.replicas=1
default.replication.factor=1
group.initial.rebalance.delay.ms=0
# Compaction runs often enough for tests to observe it.
log.cleaner.backoff.ms=1000
log.segment.bytes=16777216
delete.topic.enable=true
PROPS
  cat >"$DIR/log4j2.properties" <<'PROPS'
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRefs = stdout
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.kafkaserver.name = kafka.server.KafkaRaftServer
logger.kafkaserver.level = INFO
logger.apache.name = org.apache.kafka
logger.apache.level = WARN
PROPS
}

up() {
  if running $NAME; then say "kafka already running on 127.0.0.1:$KAFKA_PORT"; return 0; fi
  port_open "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another process; set KAFKA_PORT"
  local cp; cp=$(maven_classpath kafka)
  write_config
  local java_opts=(-Xms256m -Xmx768m -XX:+UseG1GC -Djava.awt.headless=true
    "-Dlog4j2.configurationFile=$DIR/log4j2.properties")
  if [ ! -f "$DIR/data/meta.properties" ]; then
    say "formatting kafka storage"
    java "${java_opts[@]}" -cp "$cp" kafka.tools.StorageTool format \
      -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)" \
      -c "$DIR/server.properties" >"$INFRA_DIR/kafka-format.log" 2>&1 \
      || { cat "$INFRA_DIR/kafka-format.log" >&2; die "kafka storage format failed"; }
  fi
  say "starting kafka on 127.0.0.1:$KAFKA_PORT"
  start_bg $NAME java "${java_opts[@]}" -cp "$cp" kafka.Kafka "$DIR/server.properties"
  wait_for $NAME 120 grep -q "Kafka Server started" "$INFRA_DIR/$NAME.log"
  wait_for $NAME 30 port_open "$KAFKA_PORT"
  say "kafka ready"
}

case "${1:-}" in
  up) up ;;
  down) stop_bg $NAME; [ "${2:-}" = "--wipe" ] && rm -rf "$DIR" || true ;;
  status) running $NAME && echo "kafka: running (127.0.0.1:$KAFKA_PORT)" || echo "kafka: stopped" ;;
  *) echo "usage: $0 up|down [--wipe]|status" >&2; exit 2 ;;
esac
