// The mailer as a real process that kills itself (SIGKILL) the moment the SMTP server has accepted an email,
// before the send intent is marked sent and before the offset is committed: the crash a redelivery must survive.
// Run by mailer-crash.e2e.test.ts from the built service (dist/).
import { runService } from '@folio/runtime';
import { mailerService } from '../dist/service.js';

await runService(mailerService({ afterAccepted: () => process.kill(process.pid, 'SIGKILL') }));
