// @folio/runtime: what every Folio service is built on.
export * from './kafka/wire-format.js';
export * from './kafka/avro-serde.js';
export * from './kafka/client.js';
export * from './kafka/message.js';
export * from './kafka/kafka-metrics.js';
export * from './kafka/producer.js';
export * from './kafka/state-store.js';
export * from './kafka/restore.js';
export * from './kafka/consumer.js';
export * from './kafka/kafka-runtime.js';
export * from './http-server.js';
export * from './service.js';
export * from './kafka/timers.js';
export * from './kafka/co-partitioned-assigner.js';
export * from './kafka/global-table.js';
