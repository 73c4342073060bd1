// Entry point of the api service.
import { runService } from '@folio/runtime';
import { apiService } from './service.js';

await runService(apiService());
