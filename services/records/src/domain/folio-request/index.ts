// The FolioRequest aggregate: commands, events, state, decide, evolve, and how its state and contact-queue
// entries look on Kafka.
export * from './state.js';
export * from './events.js';
export * from './commands.js';
export * from './errors.js';
export * from './validation.js';
export * from './decide.js';
export * from './evolve.js';
export * from './snapshot.js';
export * from './contact-queue.js';
export * from './contact-history.js';
export * from './delivery.js';
