import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { linkExpiry, linkTarget, locate, missingObject, withLinks, type LinkedRecord } from './object-links.js';

const RECORD_ID = '6f1c1b3e-2d4a-5b6c-8d7e-9f0a1b2c3d4e';
const buckets = { calls: 'folio-calls', documents: 'folio-documents' };
const record = (over: Partial<LinkedRecord> = {}): LinkedRecord => ({
  recordId: RECORD_ID,
  documentKey: null,
  calls: [
    { callId: 'call-1', recordingKey: 'recordings/call-1.wav' },
    { callId: 'call-2', recordingKey: null },
  ],
  ...over,
});

describe('object links', () => {
  it('puts a plain key in the default bucket and lets s3://bucket/key name its own', () => {
    expect(locate('documents/ab.pdf', 'folio-documents')).toEqual({ bucket: 'folio-documents', key: 'documents/ab.pdf' });
    expect(locate('/documents/ab.pdf', 'folio-documents')).toEqual({ bucket: 'folio-documents', key: 'documents/ab.pdf' });
    expect(locate('s3://archive/2026/ab.pdf', 'folio-documents')).toEqual({ bucket: 'archive', key: '2026/ab.pdf' });
  });

  it('shows the api path of a recording only on calls that have one, and the folio path only once a document arrived', () => {
    const before = withLinks(record());
    expect(before.folioUrl).toBeNull();
    expect(before.calls.map((c) => c.recordingUrl)).toEqual([`/v1/records/${RECORD_ID}/calls/call-1/recording`, null]);
    expect(before.calls[0]!.recordingKey).toBe('recordings/call-1.wav');
    expect(withLinks(record({ documentKey: 'documents/ab.pdf' })).folioUrl).toBe(`/v1/records/${RECORD_ID}/folio`);
  });

  it('escapes a call id in its path', () => {
    const linked = withLinks(record({ calls: [{ callId: 'call/1 ?x', recordingKey: 'recordings/x.wav' }] }));
    expect(linked.calls[0]!.recordingUrl).toBe(`/v1/records/${RECORD_ID}/calls/call%2F1%20%3Fx/recording`);
  });

  it('names the recording in the calls bucket and the transcript next to it', () => {
    expect(linkTarget(record(), 'recording', buckets, 'call-1')).toEqual({ found: true, location: { bucket: 'folio-calls', key: 'recordings/call-1.wav' }, filename: 'recording-call-1.wav' });
    expect(linkTarget(record(), 'transcript', buckets, 'call-1')).toEqual({ found: true, location: { bucket: 'folio-calls', key: 'transcripts/call-1.json' }, filename: 'transcript-call-1.json' });
    const elsewhere = record({ calls: [{ callId: 'call-9', recordingKey: 's3://old-calls/recordings/call-9.wav' }] });
    expect(linkTarget(elsewhere, 'transcript', buckets, 'call-9')).toMatchObject({ location: { bucket: 'old-calls', key: 'transcripts/call-9.json' } });
  });

  it('answers RECORDING_NOT_AVAILABLE and TRANSCRIPT_NOT_AVAILABLE for a call without recording, and null for a call not of the request', () => {
    expect(linkTarget(record(), 'recording', buckets, 'call-2')).toMatchObject({ found: false, code: 'RECORDING_NOT_AVAILABLE' });
    expect(linkTarget(record(), 'transcript', buckets, 'call-2')).toMatchObject({ found: false, code: 'TRANSCRIPT_NOT_AVAILABLE' });
    expect(linkTarget(record(), 'recording', buckets, 'call-of-someone-else')).toBeNull();
    expect(linkTarget(record(), 'recording', buckets, undefined)).toBeNull();
  });

  it('names the folio document in the documents bucket with its extension, or FOLIO_NOT_AVAILABLE before one', () => {
    expect(linkTarget(record(), 'folio', buckets)).toMatchObject({ found: false, code: 'FOLIO_NOT_AVAILABLE' });
    expect(linkTarget(record({ documentKey: 'documents/9f86d0.PDF' }), 'folio', buckets)).toEqual({
      found: true,
      location: { bucket: 'folio-documents', key: 'documents/9f86d0.PDF' },
      filename: `folio-${RECORD_ID}.pdf`,
    });
    expect(missingObject('folio', record())).toMatchObject({ code: 'FOLIO_NOT_AVAILABLE' });
    expect(missingObject('transcript', record(), 'call-1')).toMatchObject({ code: 'TRANSCRIPT_NOT_AVAILABLE' });
  });

  it('gives a download name of safe characters whatever the call id', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), (callId) => {
        const target = linkTarget(record({ calls: [{ callId, recordingKey: 'recordings/x.wav' }] }), 'recording', buckets, callId);
        return target !== null && target.found && /^recording-[A-Za-z0-9._-]+\.wav$/.test(target.filename);
      }),
    );
  });

  it('expires a link at its lifetime, or earlier when the signing credentials expire first', () => {
    const now = new Date('2026-11-25T09:00:00Z');
    expect(linkExpiry(now, 900, null).toISOString()).toBe('2026-11-25T09:15:00.000Z');
    expect(linkExpiry(now, 900, new Date('2026-11-25T10:00:00Z')).toISOString()).toBe('2026-11-25T09:15:00.000Z');
    expect(linkExpiry(now, 900, new Date('2026-11-25T09:05:00Z')).toISOString()).toBe('2026-11-25T09:05:00.000Z');
  });
});
