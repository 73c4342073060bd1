export { batcherService, BATCHER_READERS, type BatcherOptions } from './service.js';
export { batcherEnv } from './config.js';
export * from './domain/batch/index.js';
export { PgContactLimits, type ContactLimits, type ContactLimitsOptions } from './adapters/contact-limits.js';
export { hotelCalendar, hotelContact, contactWindowFrom } from './adapters/hotel-calendar.js';
export { batcherHandler, batchFireTimerId, type BatcherInput } from './handlers/batcher-message.js';
