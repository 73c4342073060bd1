// Typed producer: encodes outbound messages with Avro, adds correlation headers, counts what it sends.
import type { Message, Producer, Transaction } from 'kafkajs';
import { currentCorrelation } from '@folio/logger';
import type { AvroSerde } from './avro-serde.js';
import { fullNameOf, HEADER_CAUSATION_ID, HEADER_CORRELATION_ID, HEADER_TENANT_ID } from '@folio/contracts';
import { HEADER_MESSAGE_TYPE, type OutboundMessage } from './message.js';
import type { KafkaMetrics } from './kafka-metrics.js';

/** Encodes outbound messages into kafkajs messages grouped by topic, in the order given. */
export async function encodeOutbound(
  serde: AvroSerde,
  messages: readonly OutboundMessage[],
): Promise<{ topic: string; messages: Message[] }[]> {
  const ctx = currentCorrelation();
  const byTopic = new Map<string, Message[]>();
  for (const m of messages) {
    const headers: Record<string, string> = {
      ...(ctx ? { [HEADER_CORRELATION_ID]: ctx.correlationId } : {}),
      ...(ctx?.causationId ? { [HEADER_CAUSATION_ID]: ctx.causationId } : {}),
      ...(ctx?.tenantId ? { [HEADER_TENANT_ID]: ctx.tenantId } : {}),
      [HEADER_MESSAGE_TYPE]: fullNameOf(m.schema),
      ...m.headers,
    };
    const value = m.value === null ? null : await serde.encode(m.topic, m.schema, m.value);
    const list = byTopic.get(m.topic) ?? [];
    list.push({
      key: m.key,
      value,
      headers,
      ...(m.partition !== undefined ? { partition: m.partition } : {}),
      ...(m.timestamp !== undefined ? { timestamp: String(m.timestamp) } : {}),
    });
    byTopic.set(m.topic, list);
  }
  return [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs }));
}

/** Sends typed messages through a kafkajs producer or an open transaction. */
export class TypedProducer {
  constructor(
    private readonly serde: AvroSerde,
    private readonly metrics: KafkaMetrics,
  ) {}

  async send(target: Producer | Transaction, messages: readonly OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const topicMessages = await this.encode(messages);
    await target.sendBatch({ topicMessages, acks: -1 });
    this.count(topicMessages);
  }

  encode(messages: readonly OutboundMessage[]) {
    return encodeOutbound(this.serde, messages);
  }

  count(topicMessages: readonly { topic: string; messages: readonly Message[] }[]): void {
    for (const t of topicMessages) this.metrics.produced.inc({ topic: t.topic }, t.messages.length);
  }
}
