// @folio/inbox: the service definition and the matching domain, for main.ts and in-process tests.
export { inboxService, type InboxOptions } from './service.js';
export { inboxEnv } from './config.js';
export type { InboundOutcome } from './handlers/inbound-mail.js';
export * from './domain/matching/index.js';
