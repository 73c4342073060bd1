// Entry point of the scheduler service.
import { runService } from '@folio/runtime';
import { schedulerService } from './service.js';

await runService(schedulerService());
