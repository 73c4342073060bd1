// The in-process shape of a Kafka message, `{ type, data, metadata }`, and the headers every message carries.

/** Header carrying the id that ties together everything caused by one outside request. */
export const HEADER_CORRELATION_ID = 'correlation-id';
/** Header carrying the id of the message that caused this one. */
export const HEADER_CAUSATION_ID = 'causation-id';
/** Header carrying the tenant the message belongs to. */
export const HEADER_TENANT_ID = 'tenant-id';

/** What a message says about itself besides its data; carried in Kafka headers, not in the Avro value. */
export interface MessageMetadata {
  /** Header correlation-id: every message caused by one outside request shares it. */
  correlationId: string;
  /** Header causation-id: the id of the message (or HTTP request) that caused this one; null for the first. */
  causationId: string | null;
  /** Header tenant-id: the client company; null for messages that belong to no tenant (e.g. hotel profiles). */
  tenantId: string | null;
}

/**
 * A decoded message. `type` is the Avro record name of the value's writer schema (e.g. 'RecordCreated'),
 * so a union of messages is narrowed with `switch (message.type)`; `data` is the decoded Avro value.
 */
export interface Message<Type extends string, Data, Metadata = MessageMetadata> {
  type: Type;
  data: Data;
  metadata: Metadata;
}
