// Entry point of the mailer service.
import { runService } from '@folio/runtime';
import { mailerService } from './service.js';

await runService(mailerService());
