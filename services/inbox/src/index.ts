// @folio/inbox: the matching domain (and, once wired, the service definition) for main.ts and tests.
export * from './domain/matching/index.js';
