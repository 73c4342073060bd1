// @folio/contracts/tooling: what acts on infrastructure with the contracts (registering subjects, creating
// topics, the local compatibility check); kept out of the main entry so domain code never loads it.
export * from './compatibility.js';
export * from './registry.js';
export * from './kafka-topics.js';
