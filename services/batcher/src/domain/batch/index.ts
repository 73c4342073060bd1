// The Batch aggregate: one open batch per hotel, oldest first, within the call budget.
export * from './estimate.js';
export * from './state.js';
export * from './events.js';
export * from './commands.js';
export * from './decide.js';
export * from './evolve.js';
