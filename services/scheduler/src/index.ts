export { schedulerService } from './service.js';
export { TimerQueue } from './domain/timer-queue.js';
export * from './domain/business-hours.js';
export * from './domain/holidays.js';
export * from './domain/hotel-time-zone.js';
export * from './domain/hotel-calendar.js';
export { zoneForAreaCode, AREA_CODE_COUNTRIES } from './domain/area-code-zones.js';
export * from './domain/policies.js';
