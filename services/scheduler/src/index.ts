export { schedulerService } from './service.js';
export { TimerQueue } from './domain/timer-queue.js';
// The scheduling domain lives in @folio/scheduling; re-exported so existing importers keep working.
export * from '@folio/scheduling';
