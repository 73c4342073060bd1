// @folio/contracts: the message types and Avro schemas generated from schemas/, the topic catalog, and
// the small amount of code every producer and consumer shares around them (logical types, subjects).
export * from './generated/index.js';
export * from './avro-schema.js';
export * from './message.js';
export * from './topic-spec.js';
export * from './avro.js';
