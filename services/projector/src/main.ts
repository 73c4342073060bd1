// Entry point of the projector service.
import { runService } from '@folio/runtime';
import { projectorService } from './service.js';

await runService(projectorService());
