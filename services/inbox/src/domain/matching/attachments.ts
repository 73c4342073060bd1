// Which attachments are documents Folio can extract: PDF, JPEG and PNG up to a size limit. Everything else
// (signatures, calendar invites, Word files, inline logos) is ignored with a reason that is logged and counted.

export type DocumentType = 'application/pdf' | 'image/jpeg' | 'image/png';

export type AttachmentVerdict =
  | { readonly keep: true; readonly contentType: DocumentType }
  | { readonly keep: false; readonly reason: 'UNSUPPORTED_TYPE' | 'TOO_LARGE' | 'EMPTY' | 'INLINE_IMAGE' };

/** Magic numbers: what the bytes really are, whatever the sender's MIME type says. */
export function sniff(head: Uint8Array): DocumentType | null {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0x25 && b(1) === 0x50 && b(2) === 0x44 && b(3) === 0x46) return 'application/pdf'; // %PDF
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'image/png';
  return null;
}

export interface AttachmentFacts {
  readonly filename: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  /** Content-Disposition inline with a Content-ID: part of the HTML body (a logo), not a document. */
  readonly inlineWithContentId: boolean;
  /** The first bytes. */
  readonly head: Uint8Array;
}

export function judgeAttachment(facts: AttachmentFacts, maxBytes: number): AttachmentVerdict {
  if (facts.sizeBytes === 0) return { keep: false, reason: 'EMPTY' };
  if (facts.sizeBytes > maxBytes) return { keep: false, reason: 'TOO_LARGE' };
  // The bytes decide: a PDF sent as application/octet-stream is kept, a .exe named folio.pdf is not.
  const actual = sniff(facts.head);
  if (!actual) return { keep: false, reason: 'UNSUPPORTED_TYPE' };
  if (facts.inlineWithContentId && actual !== 'application/pdf') return { keep: false, reason: 'INLINE_IMAGE' };
  return { keep: true, contentType: actual };
}
