// Entry point of the inbox service.
import { runService } from '@folio/runtime';
import { inboxService } from './service.js';

await runService(inboxService());
