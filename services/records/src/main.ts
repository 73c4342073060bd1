// Entry point of the records service.
import { runService } from '@folio/runtime';
import { recordsService } from './service.js';

await runService(recordsService());
