// Matching inbound email to folio requests: pure functions, unit tested without servers.
export * from './mail.js';
export * from './text.js';
export * from './match.js';
export * from './attachments.js';
