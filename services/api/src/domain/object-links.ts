// What a request's links name: the api paths GET /v1/records/:id shows for a call's recording and the folio
// document, and which object in which bucket each link route serves. Pure: the handler reads the request,
// asks the object store whether the object is there and presigns it.

export type LinkKind = 'recording' | 'transcript' | 'folio';

export interface ObjectLocation {
  readonly bucket: string;
  readonly key: string;
}

export interface LinkBuckets {
  /** Bucket of recordings/<callId>.wav and transcripts/<callId>.json (the caller's). */
  readonly calls: string;
  /** Bucket of folio documents (the inbox's and the mailer's). */
  readonly documents: string;
}

/** The parts of a request (GET /v1/records/:id) its links are made of. */
export interface LinkedRecord {
  readonly recordId: string;
  readonly documentKey: string | null;
  readonly calls: readonly { readonly callId: string; readonly recordingKey: string | null }[];
}

/** `s3://bucket/key` names its bucket; a plain key lives in the default bucket (the inbox's and mailer's rule). */
export function locate(storageKey: string, defaultBucket: string): ObjectLocation {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(storageKey);
  return match ? { bucket: match[1]!, key: match[2]! } : { bucket: defaultBucket, key: storageKey.replace(/^\/+/, '') };
}

/** Where the caller stores a call's transcript: next to its recording, in the same bucket. */
export function transcriptKeyOf(callId: string): string {
  return `transcripts/${callId}.json`;
}

export function recordingPath(recordId: string, callId: string): string {
  return `/v1/records/${recordId}/calls/${encodeURIComponent(callId)}/recording`;
}

export function transcriptPath(recordId: string, callId: string): string {
  return `/v1/records/${recordId}/calls/${encodeURIComponent(callId)}/transcript`;
}

export function folioPath(recordId: string): string {
  return `/v1/records/${recordId}/folio`;
}

/**
 * The request with its link paths: `recordingUrl` on each call with a recording, `folioUrl` once a document was
 * received; null where there is nothing to link to. The object-store keys stay as they were.
 */
export function withLinks<R extends LinkedRecord>(
  record: R,
): Omit<R, 'calls'> & { folioUrl: string | null; calls: (R['calls'][number] & { recordingUrl: string | null })[] } {
  return {
    ...record,
    folioUrl: record.documentKey === null ? null : folioPath(record.recordId),
    calls: record.calls.map((call) => ({ ...call, recordingUrl: call.recordingKey === null ? null : recordingPath(record.recordId, call.callId) })),
  };
}

/** What a link route serves: the object, the name a download gets, or why there is nothing (a 404 with `code`). */
export type LinkTarget =
  | { readonly found: true; readonly location: ObjectLocation; readonly filename: string }
  | { readonly found: false; readonly code: 'RECORDING_NOT_AVAILABLE' | 'TRANSCRIPT_NOT_AVAILABLE' | 'FOLIO_NOT_AVAILABLE'; readonly detail: string };

/** The file name a link's download gets: what it is, whose, and the stored object's extension. */
function filenameOf(prefix: string, id: string, key: string, fallbackExtension: string): string {
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(key)?.[1]?.toLowerCase() ?? fallbackExtension;
  return `${prefix}-${id.replace(/[^A-Za-z0-9._-]/g, '_')}.${extension}`;
}

/**
 * The object a link of `kind` names for the request, or null when `callId` is not one of the request's calls
 * (a plain 404, like another tenant's request). A transcript exists only where a recording does.
 */
export function linkTarget(record: LinkedRecord, kind: LinkKind, buckets: LinkBuckets, callId?: string): LinkTarget | null {
  if (kind === 'folio') {
    if (record.documentKey === null) return { found: false, code: 'FOLIO_NOT_AVAILABLE', detail: `Request ${record.recordId} has no folio document yet.` };
    const location = locate(record.documentKey, buckets.documents);
    return { found: true, location, filename: filenameOf('folio', record.recordId, location.key, 'bin') };
  }
  const call = record.calls.find((c) => c.callId === callId);
  if (!call || callId === undefined) return null;
  const recording = call.recordingKey === null ? null : locate(call.recordingKey, buckets.calls);
  switch (kind) {
    case 'recording':
      if (recording === null) return { found: false, code: 'RECORDING_NOT_AVAILABLE', detail: `Call ${callId} has no recording yet.` };
      return { found: true, location: recording, filename: filenameOf('recording', callId, recording.key, 'wav') };
    case 'transcript':
      if (recording === null) return { found: false, code: 'TRANSCRIPT_NOT_AVAILABLE', detail: `Call ${callId} has no transcript: it has no recording yet.` };
      return { found: true, location: { bucket: recording.bucket, key: transcriptKeyOf(callId) }, filename: filenameOf('transcript', callId, 'x.json', 'json') };
    default: {
      const unknown: never = kind;
      throw new Error(`unknown link kind ${String(unknown)}`);
    }
  }
}

/** The 404 a link answers when the target's object is not in the store (not written yet, or removed by retention). */
export function missingObject(kind: LinkKind, record: LinkedRecord, callId?: string): Extract<LinkTarget, { found: false }> {
  switch (kind) {
    case 'recording':
      return { found: false, code: 'RECORDING_NOT_AVAILABLE', detail: `The recording of call ${callId} is not in the object store.` };
    case 'transcript':
      return { found: false, code: 'TRANSCRIPT_NOT_AVAILABLE', detail: `Call ${callId} has no transcript.` };
    case 'folio':
      return { found: false, code: 'FOLIO_NOT_AVAILABLE', detail: `The folio document of request ${record.recordId} is not in the object store.` };
    default: {
      const unknown: never = kind;
      throw new Error(`unknown link kind ${String(unknown)}`);
    }
  }
}

/**
 * When a link stops working: the requested lifetime, or earlier when the signing credentials expire first
 * (temporary credentials from IRSA or Pod Identity; a presigned URL dies with them).
 */
export function linkExpiry(now: Date, ttlSeconds: number, credentialsExpireAt: Date | null): Date {
  const wanted = new Date(now.getTime() + ttlSeconds * 1000);
  return credentialsExpireAt !== null && credentialsExpireAt < wanted ? credentialsExpireAt : wanted;
}
