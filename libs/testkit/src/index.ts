// @folio/testkit: the servers tests talk to, unique names, and bounded waiting.
export * from './names.js';
export * from './net.js';
export * from './wait.js';
export * from './environment.js';
export * from './kafka.js';
export * from './containers.js';
export { schemaRegistryUrl } from './schema-registry/registry-url.js';
export * from './object-store.js';
export * from './mail.js';
