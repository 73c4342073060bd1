// Entry point of the extractor service.
import { runService } from '@folio/runtime';
import { extractorService } from './service.js';

await runService(extractorService());
