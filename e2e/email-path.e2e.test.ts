// The email path end to end, every service in one process (e2e/system.ts): a call that cannot finish (the front
// desk puts Folio on hold for good) overflows its requests to email; the mailer asks the hotel; the simulated front
// desk answers with the folios as PDFs; the inbox matches them, the extractor reads and validates them, records
// sends each to its destination, and the requests end delivered with the extracted figures. An email-only hotel's
// requests take the same path without a call.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { readInbox, testMailAddress, uniqueName, waitFor } from '@folio/testkit';
import { apiClient, startSystem, type System } from './system.js';

let system: System;
let api: ReturnType<typeof apiClient>;
const destination = testMailAddress('email-path-ap');

beforeAll(async () => {
  system = await startSystem({ timeScale: 0.05, zone: 'America/New_York' });
  api = apiClient(system);
}, 240_000);

afterAll(async () => {
  await system?.stop();
});

interface RecordView {
  status: string;
  history: { type: string; reason: { code: string } | null }[];
  folio: { guestName: string | null; confirmationNumber: string | null; totalMinor: number | null; currency: string | null } | null;
  lastChannel: string | null;
}

async function request(hotelPhone: string, guest: string, confirmation: string): Promise<string> {
  const [first, last] = guest.split(' ') as [string, string];
  return api.post({ externalId: uniqueName('email-path', '-'), guestFirstName: first, guestLastName: last, confirmationNumber: confirmation, checkIn: '2026-11-10', checkOut: '2026-11-12', hotelPhone, destinationEmail: destination });
}

async function until(ids: readonly string[], label: string, done: (r: RecordView) => boolean, timeoutMs = 300_000): Promise<RecordView[]> {
  let last: RecordView[] = [];
  try {
    await waitFor(
      label,
      async () => {
        last = await Promise.all(ids.map((id) => api.get<RecordView>(id)));
        return last.every((r) => r && done(r));
      },
      { timeoutMs, intervalMs: 1_000 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen ${JSON.stringify(last.map((r) => [r.status, r.history?.map((h) => h.reason?.code)]))}`);
  }
  return last;
}

describe('the email path', () => {
  it('a batch that overflowed its call ends with its emailed folios delivered, the figures extracted', async () => {
    // +15550100012 puts every caller on hold for 240 s: the caller gives up at 180 s and overflows the batch.
    const ids = [await request('+15550100012', 'Vera Rubin', 'CC7001'), await request('+15550100012', 'Chien Wu', 'CC7002')];
    const done = await until(ids, 'overflowed requests delivered', (r) => r.status === 'delivered');
    for (const r of done) {
      const codes = r.history.map((h) => h.reason?.code);
      expect(codes).toEqual(expect.arrayContaining(['CALL_PLACED', 'EMAIL_SENT']));
      expect(r.folio).toEqual(expect.objectContaining({ totalMinor: expect.any(Number), currency: expect.any(String) }));
    }
    expect(done.map((r) => r.folio!.confirmationNumber?.replace(/\W/g, '')).sort()).toEqual(['CC7001', 'CC7002']);
    // The overflow asked the hotel by email, once for both.
    const asked = system.seen.filter((m) => m.type === 'SendEmail' && m.value.purpose === 'FOLIO_REQUEST' && (m.value.entries as { recordId: string }[]).some((e) => ids.includes(e.recordId)));
    expect(asked).toHaveLength(1);
    // Each folio reached its destination as an attachment.
    const mails = await readInbox(destination, { atLeast: 2, timeoutMs: 60_000 });
    const delivered = mails.filter((m) => /CC700[12]/.test(m.source));
    expect(delivered.length).toBeGreaterThanOrEqual(2);
    expect(delivered.every((m) => m.source.includes('application/pdf'))).toBe(true);
  }, 400_000);

  it("an email-only hotel's requests are asked by email and end delivered", async () => {
    // +15550100019 prefers email and answers every request with the folios.
    const ids = [await request('+15550100019', 'Ada Lovelace', 'LB8001'), await request('+15550100019', 'Alan Turing', 'LB8002')];
    const done = await until(ids, 'email-only requests delivered', (r) => r.status === 'delivered');
    for (const r of done) {
      const codes = r.history.map((h) => h.reason?.code);
      expect(codes).toContain('EMAIL_SENT');
      expect(codes).not.toContain('CALL_PLACED');
      expect(r.folio?.guestName).toBeTruthy();
    }
  }, 400_000);
});
