// Entry point of the batcher service.
import { runService } from '@folio/runtime';
import { batcherService } from './service.js';

await runService(batcherService());
