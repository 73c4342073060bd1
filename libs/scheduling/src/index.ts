// The scheduling domain, pure: business hours, public holidays, a hotel's time zone and calendar, and the
// contact policies (retries, callbacks, verifications, email fallback). Used by the scheduler, the batcher
// and the records service.
export * from './business-hours.js';
export * from './holidays.js';
export * from './hotel-time-zone.js';
export * from './hotel-calendar.js';
export * from './hotel-profile-calendar.js';
export { zoneForAreaCode, AREA_CODE_COUNTRIES } from './area-code-zones.js';
export * from './policies.js';
