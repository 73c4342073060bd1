// @folio/contracts: the message types and Avro schemas generated from schemas/, the topic catalog, and the
// little code every producer and consumer shares around them (logical types, subjects, samples).
// Registration, topic creation and the compatibility check live in '@folio/contracts/tooling'.
export * from './generated/index.js';
export * from './avro-schema.js';
export * from './avro.js';
export * from './message.js';
export * from './topic-spec.js';
export * from './topics.js';
export * from './samples.js';
export * from './record-id.js';
export * from './phone.js';
