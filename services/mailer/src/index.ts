// @folio/mailer: the service definition, for main.ts and in-process tests.
export { mailerService, type MailerOptions } from './service.js';
export { mailerEnv } from './config.js';
export { parseDeliveryStatus, bounceOf } from './domain/bounce/dsn.js';
