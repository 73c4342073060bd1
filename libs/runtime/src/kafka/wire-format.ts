// The Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then the Avro binary body.
import { PoisonMessageError } from '@folio/errors';

export const MAGIC_BYTE = 0;
const HEADER_LENGTH = 5;

/** Prefixes an Avro body with the wire-format header for `schemaId`. */
export function encodeWire(schemaId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}

/** Splits wire-format bytes into schema id and Avro body; bytes of any other shape are a poison message. */
export function decodeWire(bytes: Buffer): { schemaId: number; body: Buffer } {
  if (bytes.length < HEADER_LENGTH) {
    throw new PoisonMessageError('UNDECODABLE_MESSAGE', `value has ${bytes.length} bytes, fewer than the 5-byte wire-format header`);
  }
  const magic = bytes.readUInt8(0);
  if (magic !== MAGIC_BYTE) {
    throw new PoisonMessageError('UNDECODABLE_MESSAGE', `value starts with byte ${magic}, not the wire-format magic byte 0`);
  }
  return { schemaId: bytes.readInt32BE(1), body: bytes.subarray(HEADER_LENGTH) };
}

/** Subject name under TopicRecordNameStrategy: `<topic>-<fully.qualified.RecordName>`. */
export function topicRecordSubject(topic: string, recordFullName: string): string {
  return `${topic}-${recordFullName}`;
}
