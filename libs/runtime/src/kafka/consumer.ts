// The consumer every service uses: decode once, handle each message with bounded retries, dead-letter
// poison, and produce outputs either exactly once (one transaction per chunk: outputs, state changelog,
// dead letters and offsets) or at least once (idempotent producer, then commit).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer, EachBatchPayload, Producer, Message, KafkaMessage } from 'kafkajs';
import { DeadLetterSchema, HEADER_CORRELATION_ID, HEADER_TENANT_ID, fullNameOf, type DeadLetter } from '@folio/contracts';
import { DomainError, causeMessage, errorCode, errorMessage, isRetriable } from '@folio/errors';
import { withCorrelation, type Logger } from '@folio/logger';
import { folioPartitioner, type Kafka } from './client.js';
import type { AvroSerde, RecordSchema } from './avro-serde.js';
import { encodeOutbound } from './producer.js';
import { headersToStrings, type InboundMessage, type OutboundMessage } from './message.js';
import type { KafkaMetrics } from './kafka-metrics.js';
import { PartitionedStateStore, type StateAccess } from './state-store.js';
import { readChangelog } from './restore.js';
import { CoPartitionedAssigner } from './co-partitioned-assigner.js';

export const DEAD_LETTER_TOPIC = 'folio.dlq.v1';

export interface HandlerContext<S> {
  readonly logger: Logger;
  /** The processor's state for the message's partition; only for consumers with `state`. */
  readonly state: StateAccess<S>;
}

export type Handler<T, S> = (
  message: InboundMessage<T>,
  context: HandlerContext<S>,
) => Promise<readonly OutboundMessage[] | void> | readonly OutboundMessage[] | void;

export interface StateOptions<S> {
  /** Compacted topic holding the state, co-partitioned with the input topics (same key, same partition count). */
  readonly changelogTopic: string;
  /** Schema of the state values (tombstone = deleted). */
  readonly schema: RecordSchema;
  /** Called after a partition's state is restored or changed by a committed transaction. */
  readonly onCommitted?: (partition: number, store: PartitionedStateStore<S>) => void;
  /**
   * The input topic is the changelog itself (e.g. timers): each message is applied to the state as it
   * arrives, what the restore already read is skipped, and nothing is written back.
   */
  readonly inputIsChangelog?: boolean;
  /** Called for every key a restore or an applied change sets (value) or removes (null). */
  readonly onChange?: (partition: number, key: string, value: S | null) => void;
  /** Called when a partition is taken away in a rebalance; its state is dropped. */
  readonly onRevoked?: (partition: number) => void;
}

export interface ConsumerOptions<T, S> {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Value schemas this consumer reads; a value written as any other record type is dead-lettered. */
  readonly readers: readonly RecordSchema[];
  readonly handler: Handler<T, S>;
  /** 'exactly-once' runs each chunk in a Kafka transaction (required for `state`). Default 'exactly-once'. */
  readonly delivery?: 'exactly-once' | 'at-least-once';
  readonly state?: StateOptions<S>;
  /** Handler attempts after the first one for errors that may be transient. Default 3. */
  readonly maxRetries?: number;
  /** Backoff before the first retry, doubled each time up to 10 s. Default 200 ms. */
  readonly retryBackoffMs?: number;
  /** Messages per transaction or commit. Default 200. */
  readonly chunkSize?: number;
  /** Outputs buffered before they are sent into the open transaction. Default 500. */
  readonly maxBufferedOutputs?: number;
  readonly fromBeginning?: boolean;
  readonly sessionTimeoutMs?: number;
  readonly deadLetterTopic?: string;
}

export interface ConsumerDeps {
  readonly kafka: Kafka;
  readonly serde: AvroSerde;
  readonly metrics: KafkaMetrics;
  readonly logger: Logger;
  readonly service: string;
  /** Shared idempotent producer for at-least-once delivery. */
  readonly producer: () => Promise<Producer>;
}

/** Retriable failures outlasted the retries: the chunk is rolled back and read again from its first message. */
class RedeliverError extends Error {}

function backoff(base: number, attempt: number): number {
  return Math.min(base * 2 ** (attempt - 1), 10_000);
}

export class FolioConsumer<T = unknown, S = never> {
  private readonly consumer: Consumer;
  private readonly delivery: 'exactly-once' | 'at-least-once';
  private readonly readers: ReadonlyMap<string, RecordSchema>;
  private readonly stateReaders: ReadonlyMap<string, RecordSchema>;
  private readonly txProducers = new Map<string, Promise<Producer>>();
  private readonly log: Logger;
  readonly store = new PartitionedStateStore<S>();
  private assigned = new Set<number>();
  private topicAssignment: Record<string, number[]> = {};
  private restoring = new Map<number, Promise<void>>();
  /** Per partition, the offset the last restore read up to; a changelog input skips what lies before it. */
  private readonly restoredEnd = new Map<number, bigint>();
  private joined = false;
  private crashed = false;
  private running = false;

  constructor(
    private readonly deps: ConsumerDeps,
    private readonly options: ConsumerOptions<T, S>,
  ) {
    this.delivery = options.delivery ?? 'exactly-once';
    if (options.state && !options.state.inputIsChangelog && this.delivery !== 'exactly-once') {
      throw new Error('a consumer with state needs exactly-once delivery');
    }
    if (options.state?.inputIsChangelog && (options.topics.length !== 1 || options.topics[0] !== options.state.changelogTopic)) {
      throw new Error('a consumer whose input is its changelog reads exactly that one topic');
    }
    this.readers = new Map(options.readers.map((s) => [fullNameOf(s), s]));
    this.stateReaders = new Map(options.state ? [[fullNameOf(options.state.schema), options.state.schema]] : []);
    this.log = deps.logger.child({ group: options.groupId });
    this.consumer = deps.kafka.consumer({
      groupId: options.groupId,
      readUncommitted: false,
      // Partition p of every input topic goes to one member, as co-partitioned state requires.
      partitionAssigners: [CoPartitionedAssigner],
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3_000,
      retry: { retries: 10 },
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => this.onJoin(payload.memberAssignment));
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.crashed = !payload.restart;
      this.joined = false;
      this.log.error({ err: payload.error, restart: payload.restart }, 'consumer crashed');
    });
    this.consumer.on(this.consumer.events.STOP, () => {
      this.joined = false;
    });
  }

  get groupId(): string {
    return this.options.groupId;
  }

  /** The partitions of each input topic assigned to this consumer at its last group join. */
  assignment(): Readonly<Record<string, readonly number[]>> {
    return this.topicAssignment;
  }

  /** Whether `partition` of the input is assigned to this consumer now. */
  owns(partition: number): boolean {
    return this.joined && this.assigned.has(partition);
  }

  /** The transactional producer that fences other owners of `partition` (of the first input topic). */
  transactionalProducer(partition: number): Promise<Producer> {
    return this.txProducer(this.options.topics[0]!, partition);
  }

  /** Ready when the group is joined and every assigned partition's state is restored. */
  isReady(): boolean {
    if (!this.running || !this.joined || this.crashed) return false;
    return !this.options.state || [...this.assigned].every((p) => this.store.hasPartition(p));
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning ?? true });
    this.running = true;
    await this.consumer.run({
      autoCommit: this.delivery === 'at-least-once',
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  /** Stops fetching, lets the batch in hand finish its current chunk, commits, and disconnects. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.consumer.disconnect();
    const producers = await Promise.allSettled(this.txProducers.values());
    await Promise.all(producers.map((p) => (p.status === 'fulfilled' ? p.value.disconnect() : undefined)));
    this.txProducers.clear();
  }

  private onJoin(memberAssignment: Record<string, number[]>): void {
    this.deps.metrics.rebalances.inc({ group: this.options.groupId });
    this.topicAssignment = memberAssignment;
    const next = new Set<number>();
    for (const t of this.options.topics) for (const p of memberAssignment[t] ?? []) next.add(p);
    for (const p of this.assigned) {
      if (!next.has(p)) {
        this.store.dropPartition(p);
        this.restoring.delete(p);
        this.restoredEnd.delete(p);
        this.options.state?.onRevoked?.(p);
      }
    }
    this.assigned = next;
    this.joined = true;
    this.crashed = false;
    this.log.info({ partitions: [...next].sort((a, b) => a - b) }, 'partitions assigned');
    if (this.options.state) for (const p of next) void this.ensureRestored(p).catch(() => undefined);
  }

  /** Restores a partition's state once per assignment; the transactional producer is fenced in first. */
  private ensureRestored(partition: number): Promise<void> {
    const state = this.options.state;
    if (!state || this.store.hasPartition(partition)) return Promise.resolve();
    let pending = this.restoring.get(partition);
    if (!pending) {
      pending = this.restorePartition(state, partition).catch((error: unknown) => {
        this.restoring.delete(partition);
        this.log.error({ err: error, partition }, 'state restore failed');
        throw error;
      });
      this.restoring.set(partition, pending);
    }
    return pending;
  }

  private async restorePartition(state: StateOptions<S>, partition: number): Promise<void> {
    const started = Date.now();
    // Fence a previous owner of this partition first so its open transaction cannot hide behind the restore.
    for (const topic of this.options.topics) await this.txProducer(topic, partition);
    const entries = new Map<string, S>();
    const { count, ends } = await readChangelog(this.deps.kafka, this.log, state.changelogTopic, [partition], async (record) => {
      if (record.key === null) return;
      if (record.value === null) {
        entries.delete(record.key);
        return;
      }
      const decoded = await this.deps.serde.decode<S>(record.value, this.stateReaders);
      entries.set(record.key, decoded.value);
    });
    this.store.setPartition(partition, entries);
    this.restoredEnd.set(partition, ends.get(partition) ?? 0n);
    if (state.onChange) for (const [key, value] of entries) state.onChange(partition, key, value);
    this.deps.metrics.restoreDuration.observe({ topic: state.changelogTopic }, (Date.now() - started) / 1000);
    this.deps.metrics.restoredRecords.inc({ topic: state.changelogTopic }, count);
    this.log.info({ partition, records: count, keys: entries.size, ms: Date.now() - started }, 'state restored');
    state.onCommitted?.(partition, this.store);
  }

  private txProducer(topic: string, partition: number): Promise<Producer> {
    const id = `${this.options.groupId}.${topic}.${partition}`;
    let producer = this.txProducers.get(id);
    if (!producer) {
      const p = this.deps.kafka.producer({ createPartitioner: folioPartitioner, transactionalId: id, idempotent: true, maxInFlightRequests: 1, transactionTimeout: 60_000 });
      producer = p.connect().then(() => p);
      producer.catch(() => this.txProducers.delete(id));
      this.txProducers.set(id, producer);
    }
    return producer;
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    if (this.options.state) await this.ensureRestored(partition);
    const chunkSize = this.options.chunkSize ?? 200;
    for (let i = 0; i < batch.messages.length; i += chunkSize) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(i, i + chunkSize);
      try {
        if (this.delivery === 'exactly-once') await this.runTransaction(topic, partition, chunk);
        else await this.runAtLeastOnce(topic, partition, chunk);
      } catch (error) {
        if (!(error instanceof RedeliverError)) throw error;
        const first = chunk[0]!.offset;
        this.log.warn({ topic, partition, offset: first, err: error.cause }, 'chunk rolled back; it will be read again');
        this.consumer.seek({ topic, partition, offset: first });
        return;
      }
      const last = chunk[chunk.length - 1]!;
      resolveOffset(last.offset);
      if (this.delivery === 'at-least-once') await commitOffsetsIfNecessary();
      this.recordLag(topic, partition, batch.highWatermark, last);
      await heartbeat();
    }
  }

  private recordLag(topic: string, partition: number, highWatermark: string, last: KafkaMessage): void {
    const lag = Math.max(0, Number(BigInt(highWatermark) - BigInt(last.offset) - 1n));
    const group = this.options.groupId;
    this.deps.metrics.lagMessages.set({ topic, partition: String(partition), group }, lag);
    this.deps.metrics.lagSeconds.set({ topic, group }, lag > 0 ? Math.max(0, (Date.now() - Number(last.timestamp)) / 1000) : 0);
  }

  /**
   * Handles a chunk's messages in order and hands their outputs to `send` every maxBufferedOutputs messages and
   * at the end, so a large chunk never sits in memory whole and no message costs its own round trip.
   */
  private async processChunk(
    topic: string,
    partition: number,
    chunk: KafkaMessage[],
    send: (topicMessages: { topic: string; messages: Message[] }[]) => Promise<void>,
  ): Promise<void> {
    const flushAt = this.options.maxBufferedOutputs ?? 500;
    let buffered: { topic: string; messages: Message[] }[] = [];
    let count = 0;
    const flush = async () => {
      if (buffered.length === 0) return;
      const topicMessages = mergeByTopic(buffered);
      buffered = [];
      count = 0;
      await send(topicMessages);
    };
    for (const m of chunk) {
      const out = await this.process(topic, partition, m);
      buffered.push(...out);
      count += out.reduce((n, t) => n + t.messages.length, 0);
      if (count >= flushAt) await flush();
    }
    await flush();
  }

  private async runTransaction(topic: string, partition: number, chunk: KafkaMessage[]): Promise<void> {
    const producer = await this.txProducer(topic, partition);
    const produced: { topic: string; messages: Message[] }[] = [];
    this.store.beginChunk(partition);
    const tx = await producer.transaction();
    try {
      // Outputs stream into the open transaction; they count as produced only once it commits.
      await this.processChunk(topic, partition, chunk, async (topicMessages) => {
        await tx.sendBatch({ topicMessages, acks: -1 });
        produced.push(...topicMessages);
      });
      const next = (BigInt(chunk[chunk.length - 1]!.offset) + 1n).toString();
      await tx.sendOffsets({ consumerGroupId: this.options.groupId, topics: [{ topic, partitions: [{ partition, offset: next }] }] });
      await tx.commit();
    } catch (error) {
      this.deps.metrics.transactions.inc({ result: 'abort' });
      this.store.abortChunk();
      await tx.abort().catch((e: unknown) => this.log.warn({ err: e }, 'transaction abort failed'));
      throw isRetriable(error) ? new RedeliverError('transaction failed', { cause: error }) : error;
    }
    this.deps.metrics.transactions.inc({ result: 'commit' });
    this.store.commitChunk();
    if (this.options.state) this.options.state.onCommitted?.(partition, this.store);
    this.countProduced(produced);
  }

  private async runAtLeastOnce(topic: string, partition: number, chunk: KafkaMessage[]): Promise<void> {
    const producer = await this.deps.producer();
    // The chunk's offsets are resolved only after its outputs are acknowledged.
    await this.processChunk(topic, partition, chunk, async (topicMessages) => {
      await producer.sendBatch({ topicMessages, acks: -1 });
      this.countProduced(topicMessages);
    });
  }

  private countProduced(out: readonly { topic: string; messages: readonly Message[] }[]): void {
    for (const t of out) this.deps.metrics.produced.inc({ topic: t.topic }, t.messages.length);
  }

  /** Handles one message with retries; returns its encoded outputs (or its dead letter). */
  private async process(topic: string, partition: number, m: KafkaMessage): Promise<{ topic: string; messages: Message[] }[]> {
    const headers = headersToStrings(m.headers as Record<string, unknown>);
    const correlationId = headers[HEADER_CORRELATION_ID] ?? `${topic}/${partition}/${m.offset}`;
    const ctx = { correlationId, causationId: `${topic}/${partition}/${m.offset}`, tenantId: headers[HEADER_TENANT_ID] };
    const labels = { topic, group: this.options.groupId };
    return withCorrelation(ctx, async () => {
      const maxRetries = this.options.maxRetries ?? 3;
      for (let attempt = 1; ; attempt++) {
        const stopTimer = this.deps.metrics.handlerDuration.startTimer(labels);
        try {
          const state = this.options.state;
          if (state?.inputIsChangelog && BigInt(m.offset) < (this.restoredEnd.get(partition) ?? 0n)) return [];
          const inbound = await this.decode(topic, partition, m, headers, correlationId);
          const outputs = [...((await this.options.handler(inbound, { logger: this.log, state: this.store.access() })) ?? [])];
          if (state?.inputIsChangelog) {
            this.store.discardMessageWrites();
            if (inbound.key !== null) {
              this.store.applyCommitted(partition, inbound.key, inbound.value as S | null);
              state.onChange?.(partition, inbound.key, inbound.value as S | null);
            }
          } else if (state) {
            for (const [key, value] of this.store.takeMessageWrites()) {
              outputs.push({ topic: state.changelogTopic, key, schema: state.schema, value, partition });
            }
          }
          const encoded = await encodeOutbound(this.deps.serde, outputs);
          this.deps.metrics.consumed.inc(labels);
          return encoded;
        } catch (error) {
          this.store.discardMessageWrites();
          const retriable = isRetriable(error);
          this.deps.metrics.failed.inc({ ...labels, retriable: String(retriable) });
          const where = { topic, partition, offset: m.offset, attempt, err: error };
          if (error instanceof DomainError) {
            this.log.warn(where, 'message rejected; dead-lettered');
            return this.deadLetter(topic, partition, m, headers, error, attempt);
          }
          if (attempt > maxRetries) {
            if (retriable) throw new RedeliverError('retries exhausted', { cause: error });
            this.log.error(where, 'handler kept failing; dead-lettered');
            return this.deadLetter(topic, partition, m, headers, error, attempt);
          }
          this.log.warn(where, 'handler failed; retrying');
          await sleep(backoff(this.options.retryBackoffMs ?? 200, attempt));
        } finally {
          stopTimer();
        }
      }
    });
  }

  private async decode(topic: string, partition: number, m: KafkaMessage, headers: Record<string, string>, correlationId: string): Promise<InboundMessage<T>> {
    const base = { topic, partition, offset: m.offset, key: m.key?.toString('utf8') ?? null, timestamp: Number(m.timestamp), headers, correlationId };
    if (m.value === null) return { ...base, type: null, value: null };
    const decoded = await this.deps.serde.decode<T>(m.value, this.readers);
    return { ...base, type: decoded.typeName, value: decoded.value };
  }

  private async deadLetter(
    topic: string,
    partition: number,
    m: KafkaMessage,
    headers: Record<string, string>,
    error: unknown,
    attempts: number,
  ): Promise<{ topic: string; messages: Message[] }[]> {
    const code = errorCode(error, 'HANDLER_FAILED');
    this.deps.metrics.deadLettered.inc({ topic, group: this.options.groupId, code });
    const letter: DeadLetter = {
      sourceTopic: topic,
      sourcePartition: partition,
      sourceOffset: Number(m.offset),
      sourceTimestamp: new Date(Number(m.timestamp)),
      consumerGroup: this.options.groupId,
      service: this.deps.service,
      errorCode: code,
      errorMessage: errorMessage(error),
      errorCause: causeMessage(error),
      attempts,
      failedAt: new Date(),
      originalKey: m.key ?? null,
      originalValue: m.value ?? null,
      originalHeaders: headers,
    };
    const dlq = this.options.deadLetterTopic ?? DEAD_LETTER_TOPIC;
    return encodeOutbound(this.deps.serde, [{ topic: dlq, key: m.key?.toString('utf8') ?? `${topic}/${partition}/${m.offset}`, schema: DeadLetterSchema, value: letter }]);
  }
}

function mergeByTopic(parts: readonly { topic: string; messages: Message[] }[]): { topic: string; messages: Message[] }[] {
  const byTopic = new Map<string, Message[]>();
  for (const p of parts) {
    const list = byTopic.get(p.topic);
    if (list) list.push(...p.messages);
    else byTopic.set(p.topic, [...p.messages]);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
