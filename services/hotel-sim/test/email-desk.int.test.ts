// The email desks against the real local mail server (GreenMail): request emails written and sent the way the
// mailer sends them (its templates, Reply-To token, Message-ID) to simulated hotels' mailboxes; the answers
// read back over IMAP at the reply address, their folio PDFs read with pdf.js. hotel-sim runs in-process on a
// virtual clock (HOTEL_SIM_TIME_SCALE=0: the persona delay is no wait); its own poll timer is set far out and
// the tests poll the desks themselves.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { simpleParser, type ParsedMail } from 'mailparser';
import { startService, type RunningService } from '@folio/runtime';
import { readInbox, serviceEnv, testMailAddress } from '@folio/testkit';
import { hotelSimService, type Hotel, type HotelSimHandle } from '../src/index.js';
import { DEFAULT_EMAIL_DESK, type EmailDesk } from '../src/domain/hotel/persona.js';
import { parseHotels } from '../src/adapters/persona-file.js';
import { createLocalExtractor, createTesseractOcr } from '@folio/extractor';
import { renderRequest, sendAsMailer, type RequestedStay } from './support/mailer-request.js';

const smtp = { host: process.env.SMTP_HOST ?? '127.0.0.1', port: Number(process.env.SMTP_PORT ?? 13025) };

function hotel(phone: string, name: string, desk: Partial<EmailDesk>): Hotel {
  const [parsed] = parseHotels({ hotels: [{ phone, name, address: `${name} Street 1`, email: testMailAddress(name.toLowerCase().replace(/\W+/g, '-')) }] });
  return { ...parsed!, persona: { ...parsed!.persona, nightlyRate: 120, emailDesk: { ...DEFAULT_EMAIL_DESK, ...desk } } };
}

const allAtOnce = hotel('+15550199001', 'Inbox Hotel', {});
const someSeparately = hotel('+15550199002', 'Partial Inn', { replies: 'some', oneEmailPerFolio: true });
const silent = hotel('+15550199003', 'Silent Lodge', { replies: 'never' });
const scanning = hotel('+15550199004', 'Paper Mill', { scanned: true });

const STAYS: RequestedStay[] = [
  { firstName: 'John', lastName: 'Smith', confirmation: 'ABC12345', checkIn: '2026-03-03', checkOut: '2026-03-05', reference: 'FOL-1001' },
  { firstName: 'Marie', lastName: 'Lefèvre', confirmation: 'ZX-40922', checkIn: '2026-09-28', checkOut: '2026-10-01', reference: 'FOL-1002' },
  { firstName: 'Ana', lastName: 'García', confirmation: '7730041', checkIn: '2026-12-30', checkOut: '2027-01-02', reference: 'FOL-1003' },
];

let sim: RunningService;
let handle: HotelSimHandle;

beforeAll(async () => {
  sim = await startService(
    hotelSimService({ hotels: [allAtOnce, someSeparately, silent, scanning] }, (h) => (handle = h)),
    { env: simEnv() },
  );
});

function simEnv(): Record<string, string> {
  return serviceEnv({
    HOTEL_SIM_TIME_SCALE: '0',
    HOTEL_SIM_EMAIL_DESK: 'true',
    HOTEL_SIM_EMAIL_POLL_MS: '600000',
    SMTP_HOST: smtp.host,
    SMTP_PORT: String(smtp.port),
    IMAP_HOST: process.env.IMAP_HOST ?? '127.0.0.1',
    IMAP_PORT: process.env.IMAP_PORT ?? '13143',
  });
}

afterAll(async () => {
  await sim?.stop();
});

/** Sends a mailer-written request to `to`; returns it with the base address its plus-addressed Reply-To lands in. */
async function request(to: Hotel, options: { purpose?: 'FOLIO_REQUEST' | 'FOLLOW_UP'; language: 'en' | 'de' | 'fr' | 'es'; stays: RequestedStay[]; inbox?: string }) {
  const inbox = options.inbox ?? testMailAddress('folios');
  const email = await renderRequest({ purpose: options.purpose ?? 'FOLIO_REQUEST', language: options.language, stays: options.stays, inbox, emailId: `${inbox.split('@')[0]}-${options.purpose ?? 'r'}`, batchId: `batch-${inbox}` });
  await sendAsMailer(smtp, email, to.email);
  return { email, inbox };
}

/** Polls the desks once (every request already delivered is read) and waits for the answers to go out. */
async function answered(): Promise<void> {
  await handle.emailDesk!.pollOnce();
  await handle.emailDesk!.idle();
}

async function pdfText(content: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(content), isEvalSupported: false, verbosity: 0 }).promise;
  const page = await doc.getPage(1);
  const content_ = await page.getTextContent();
  const text = (content_.items as { str?: string }[]).map((i) => i.str ?? '').join(' ');
  await doc.destroy();
  return text;
}

async function parsed(inbox: string, atLeast: number): Promise<ParsedMail[]> {
  const messages = await readInbox(inbox, { atLeast, timeoutMs: 15_000 });
  return Promise.all(messages.map((m) => simpleParser(m.source)));
}

async function scrape(): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${sim.port}/metrics`);
  return response.text();
}

function emailsMetric(metrics: string, result: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith('folio_hotel_sim_emails_total{') && l.includes(`result="${result}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('the email desk', () => {
  it('answers a German request at its Reply-To, threaded under it, with one PDF per folio naming guest, confirmation and stay; a second poll does not answer again', async () => {
    const before = await scrape();
    const { email, inbox } = await request(allAtOnce, { language: 'de', stays: STAYS.slice(0, 2) });
    expect(email.replyTo).toMatch(/\+[A-Za-z0-9_-]+@/);
    await answered();

    const [reply, ...others] = await parsed(inbox, 1);
    expect(others).toHaveLength(0);
    expect(reply!.from?.value[0]?.address).toBe(allAtOnce.email);
    expect(reply!.to && !Array.isArray(reply!.to) ? reply!.to.value[0]?.address : undefined).toBe(email.replyTo);
    expect(reply!.inReplyTo).toBe(email.messageId);
    expect([reply!.references].flat()).toContain(email.messageId);
    expect(reply!.subject).toBe(`Re: ${email.subject}`);
    const pdfs = reply!.attachments.filter((a) => a.contentType === 'application/pdf');
    expect(pdfs).toHaveLength(2);
    const texts = await Promise.all(pdfs.map((a) => pdfText(a.content)));
    expect(texts[0]).toMatch(/John Smith[\s\S]*ABC12345[\s\S]*2026-03-03[\s\S]*2026-03-05/);
    expect(texts[1]).toMatch(/Marie Lefèvre[\s\S]*ZX-40922[\s\S]*2026-09-28[\s\S]*2026-10-01/);
    expect(texts[0]).toContain(allAtOnce.name);

    // Answered once: the message is flagged, so neither another poll nor a restarted simulator answers it again.
    await answered();
    let restartedHandle: HotelSimHandle | undefined;
    const restarted = await startService(hotelSimService({ hotels: [allAtOnce] }, (h) => (restartedHandle = h)), { env: simEnv() });
    try {
      await restartedHandle!.emailDesk!.pollOnce();
      await restartedHandle!.emailDesk!.idle();
    } finally {
      await restarted.stop();
    }
    expect(await readInbox(inbox)).toHaveLength(1);
    const after = await scrape();
    expect(emailsMetric(after, 'replied') - emailsMetric(before, 'replied')).toBe(1);
  });

  it('answers some folios of a French request, one email each, and says the rest were not found; a reminder gets the same answer', async () => {
    const { email, inbox } = await request(someSeparately, { language: 'fr', stays: STAYS });
    await answered();
    const replies = await parsed(inbox, 2);
    expect(replies).toHaveLength(2);
    for (const reply of replies) expect(reply.inReplyTo).toBe(email.messageId);
    const guests = await Promise.all(replies.map(async (r) => (await pdfText(r.attachments[0]!.content)).match(/John Smith|Marie Lefèvre|Ana García/g)?.[0]));
    expect(guests.sort()).toEqual(['Ana García', 'John Smith']);
    expect(replies.map((r) => r.text ?? '').join('\n')).toMatch(/could not find a reservation for:\n- Marie Lefèvre, confirmation number ZX-40922/);
    for (const reply of replies) expect(reply.attachments).toHaveLength(1);

    const reminder = await request(someSeparately, { purpose: 'FOLLOW_UP', language: 'fr', stays: STAYS, inbox });
    await answered();
    const all = await parsed(inbox, 4);
    const toReminder = all.filter((r) => r.inReplyTo === reminder.email.messageId);
    expect(toReminder).toHaveLength(2);
    expect(toReminder.flatMap((r) => r.attachments).length).toBe(2);
  });

  it('a never-replying desk leaves the request unanswered (and counts it)', async () => {
    const before = await scrape();
    const { inbox } = await request(silent, { language: 'en', stays: STAYS.slice(0, 1) });
    // A request to an answering hotel sent after it: once its answer is in, the silent one has had its chance.
    const { inbox: control } = await request(allAtOnce, { language: 'es', stays: STAYS.slice(2) });
    await answered();
    const [controlReply] = await parsed(control, 1);
    expect(await pdfText(controlReply!.attachments[0]!.content)).toMatch(/Ana García[\s\S]*7730041[\s\S]*2026-12-30[\s\S]*2027-01-02/);
    expect(await readInbox(inbox)).toHaveLength(0);
    expect(emailsMetric(await scrape(), 'ignored') - emailsMetric(before, 'ignored')).toBe(1);
  });

  it('a scanning desk answers with an image-only PDF that OCR reads: guest, confirmation and stay', async () => {
    const { email, inbox } = await request(scanning, { language: 'en', stays: STAYS.slice(0, 1) });
    await answered();
    const [reply] = await parsed(inbox, 1);
    expect(reply!.inReplyTo).toBe(email.messageId);
    const [scan, ...more] = reply!.attachments;
    expect(more).toHaveLength(0);
    expect(scan!.contentType).toBe('application/pdf');
    expect((await pdfText(scan!.content)).trim()).toBe('');
    const extractor = createLocalExtractor({ ocr: await createTesseractOcr(['eng']) });
    try {
      const result = await extractor.extract(new Uint8Array(scan!.content));
      expect(result.status).toBe('read');
      if (result.status !== 'read') return;
      expect(result.folio.ocrPages).toBe(1);
      expect(result.folio.document).toMatchObject({ guestName: 'John Smith', confirmationNumber: 'ABC12345', stay: { checkIn: '2026-03-03', checkOut: '2026-03-05' } });
    } finally {
      await extractor.close();
    }
  });
});
