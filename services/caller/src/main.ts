// Entry point of the caller service.
import { runService } from '@folio/runtime';
import { callerService } from './service.js';

await runService(callerService());
