// The recordId of a folio request derived from (tenantId, externalId): a UUID v5 (RFC 9562, SHA-1), so every
// producer that knows the pair names the same request, and the records service deduplicates by recordId alone
// (docs/adr/0008-record-id-dedupe.md).
import { createHash } from 'node:crypto';

/** Namespace UUID of Folio request ids (fixed forever: changing it renames every request). */
export const RECORD_ID_NAMESPACE = '0f3a7c52-5d1e-4f0b-9a43-6b1c2e8d9f70';

/** UUID v5 of `name` (UTF-8) in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new TypeError(`not a UUID: ${namespace}`);
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The recordId of the request `externalId` of `tenantId`: UUID v5 of `${tenantId}\n${externalId}` in
 * RECORD_ID_NAMESPACE. Reproducible in any language, e.g. Python:
 * `uuid.uuid5(uuid.UUID(RECORD_ID_NAMESPACE), f"{tenant_id}\n{external_id}")`.
 */
export function recordIdFor(tenantId: string, externalId: string): string {
  return uuidV5(RECORD_ID_NAMESPACE, `${tenantId}\n${externalId}`);
}
