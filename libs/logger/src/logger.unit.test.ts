import { Writable } from 'node:stream';
import { describe, it, expect } from '@jest/globals';
import { createLogger, withCorrelation } from './index.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'test', destination }) };
}

describe('logger', () => {
  it('redacts guest names, emails, phone numbers and secrets at any depth up to three levels', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        guestLastName: 'Müller',
        request: { hotelPhone: '+15015551234', destinationEmail: 'ap@acme.test', confirmation: 'ABC123' },
        twilio: { params: { From: '+15015550000' } },
        authToken: 'secret-token',
      },
      'request received',
    );
    const line = JSON.stringify(lines[0]);
    for (const secret of ['Müller', '+15015551234', 'ap@acme.test', '+15015550000', 'secret-token']) expect(line).not.toContain(secret);
    expect(line).toContain('ABC123');
    expect(lines[0]).toMatchObject({ level: 'info', service: 'test', msg: 'request received' });
  });

  it('adds the correlation id of the current unit of work', () => {
    const { lines, logger } = capture();
    withCorrelation({ correlationId: 'corr-1', tenantId: 'tenant-9' }, () => logger.info('inside'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({ correlationId: 'corr-1', tenantId: 'tenant-9' });
    expect(lines[1]).not.toHaveProperty('correlationId');
  });
});
