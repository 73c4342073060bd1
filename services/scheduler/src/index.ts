export { schedulerService } from './service.js';
export { TimerQueue } from './domain/timer-queue.js';
