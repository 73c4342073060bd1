// The folio_* Kafka metrics every service exposes; bounded labels only (topic, partition, group, code).
import { counter, gauge, histogram, type Registry } from '@folio/metrics';

export function kafkaMetrics(registry: Registry) {
  return {
    consumed: counter(registry, 'folio_messages_consumed_total', 'Messages handled, by topic and group.', ['topic', 'group']),
    produced: counter(registry, 'folio_messages_produced_total', 'Messages produced, by topic.', ['topic']),
    failed: counter(registry, 'folio_messages_failed_total', 'Handler attempts that failed, by retriable or not.', ['topic', 'group', 'retriable']),
    deadLettered: counter(registry, 'folio_messages_dead_lettered_total', 'Messages sent to the dead-letter topic, by error code.', ['topic', 'group', 'code']),
    handlerDuration: histogram(registry, 'folio_handler_duration_seconds', 'Time a handler took for one message.', ['topic', 'group']),
    lagMessages: gauge(registry, 'folio_consumer_lag_messages', 'Messages behind the partition high watermark.', ['topic', 'partition', 'group']),
    lagSeconds: gauge(registry, 'folio_consumer_lag_seconds', 'Age of the newest handled message while the consumer is behind; 0 when caught up.', ['topic', 'group']),
    rebalances: counter(registry, 'folio_consumer_rebalances_total', 'Group joins (rebalances) of this consumer.', ['group']),
    transactions: counter(registry, 'folio_kafka_transactions_total', 'Kafka transactions by result (commit, abort).', ['result']),
    restoreDuration: histogram(registry, 'folio_state_restore_duration_seconds', 'Time to restore a partition of state from its changelog.', ['topic'], [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60]),
    restoredRecords: counter(registry, 'folio_state_restored_records_total', 'Changelog records read while restoring state.', ['topic']),
  };
}

export type KafkaMetrics = ReturnType<typeof kafkaMetrics>;
