// The runtime against the real broker and registry: Avro round trip, dead letters, transactions, state restore.
import { describe, it, expect, afterAll } from '@jest/globals';
import { loadConfig, kafkaEnv } from '@folio/config';
import { DeadLetterSchema, type DeadLetter } from '@folio/contracts';
import { InfraError } from '@folio/errors';
import { createLogger } from '@folio/logger';
import { createRegistry } from '@folio/metrics';
import { collectMessages, createTopics, deleteTopics, testKafka, uniqueName, waitFor, type CollectedMessage } from '@folio/testkit';
import { KafkaRuntime } from './kafka-runtime.js';
import { decodeWire, encodeWire } from './wire-format.js';
import type { InboundMessage } from './message.js';
import { AmountAdded, TotalChanged, counterConsumer } from '../../test/fixtures/counter.mjs';

interface Amount { account: string; amount: number; seq: number }
interface Total { account: string; seq: number; total: number; count: number }

const created: string[] = [];
const runtimes: KafkaRuntime[] = [];

function newRuntime(service = 'runtime-test'): KafkaRuntime {
  const env = loadConfig(kafkaEnv, process.env);
  const runtime = new KafkaRuntime({ env, service, logger: createLogger({ service, level: process.env.TEST_LOG_LEVEL ?? 'silent' }), registry: createRegistry(service, { defaultMetrics: false }) });
  runtimes.push(runtime);
  return runtime;
}

async function topicsFor(...specs: Parameters<typeof createTopics>[0]): Promise<string[]> {
  const names = await createTopics(specs);
  created.push(...names);
  return names;
}

function amounts(n: number, accounts = ['a', 'b', 'c', 'd', 'e']): Amount[] {
  return Array.from({ length: n }, (_, i) => ({ account: accounts[i % accounts.length]!, amount: (i % 7) + 1, seq: i + 1 }));
}

/** The totals an uninterrupted run must publish: a running sum per account. */
function expectedTotals(input: readonly Amount[]): Total[] {
  const sums = new Map<string, { total: number; count: number }>();
  return input.map((a) => {
    const s = sums.get(a.account) ?? { total: 0, count: 0 };
    const next = { total: s.total + a.amount, count: s.count + 1 };
    sums.set(a.account, next);
    return { account: a.account, seq: a.seq, ...next };
  });
}

async function decodeAll<T>(runtime: KafkaRuntime, messages: readonly CollectedMessage[], schema = TotalChanged): Promise<T[]> {
  const readers = new Map([[`${schema.namespace}.${schema.name}`, schema]]);
  return Promise.all(messages.map(async (m) => (await runtime.serde.decode<T>(m.value!, readers)).value));
}

const bySeq = (a: { seq: number }, b: { seq: number }) => a.seq - b.seq;

afterAll(async () => {
  await Promise.allSettled(runtimes.map((r) => r.close()));
  await deleteTopics(created);
});

describe('Kafka runtime', () => {
  it('round-trips a typed Avro value through the registry in the Confluent wire format', async () => {
    const [topic] = await topicsFor({ prefix: 'rt.avro' });
    const runtime = newRuntime();
    const value: Amount = { account: 'acme', amount: 42, seq: 1 };
    await runtime.send([{ topic: topic!, key: 'acme', schema: AmountAdded, value }]);

    const received: InboundMessage<Amount>[] = [];
    const consumer = runtime.consumer<Amount>({ groupId: uniqueName('g'), topics: [topic!], readers: [AmountAdded], delivery: 'at-least-once', handler: (m) => void received.push(m) });
    await consumer.start();
    await waitFor('the value to be consumed', () => received.length === 1);
    expect(received[0]).toMatchObject({ type: 'AmountAdded', key: 'acme', value });

    const [raw] = await collectMessages(topic!, 1);
    const { schemaId } = decodeWire(raw!.value!);
    expect(schemaId).toBe(await runtime.serde.registry.getLatestSchemaId(`${topic}-io.folio.test.AmountAdded`));
    expect(raw!.headers['message-type']).toBe('io.folio.test.AmountAdded');
  });

  it('dead-letters undecodable bytes and unknown schema ids with their cause, and carries on', async () => {
    const [input, output, dlq] = await topicsFor({ prefix: 'rt.dlq.in' }, { prefix: 'rt.dlq.out' }, { prefix: 'rt.dlq.dlq' });
    const runtime = newRuntime();
    const producer = testKafka().producer();
    await producer.connect();
    const garbage = Buffer.from('{"account":"a","amount":1}');
    const unknownId = encodeWire(987_654_321, Buffer.from([2, 97, 2, 2]));
    await producer.send({ topic: input!, messages: [{ key: 'bad', value: garbage }, { key: 'unknown', value: unknownId }] });
    await producer.disconnect();
    await runtime.send([{ topic: input!, key: 'good', schema: AmountAdded, value: { account: 'good', amount: 5, seq: 3 } }]);

    const consumer = runtime.consumer<Amount, never>({
      groupId: uniqueName('g'),
      topics: [input!],
      readers: [AmountAdded],
      deadLetterTopic: dlq,
      handler: (m) => [{ topic: output!, key: m.key!, schema: AmountAdded, value: m.value }],
    });
    await consumer.start();

    const outputs = await collectMessages(output!, 1);
    expect((await decodeAll<Amount>(runtime, outputs, AmountAdded)).map((v) => v.account)).toEqual(['good']);
    const letters = await decodeAll<DeadLetter>(runtime, await collectMessages(dlq!, 2), DeadLetterSchema);
    expect(letters).toHaveLength(2);
    const [first, second] = letters.sort((a, b) => a.sourceOffset - b.sourceOffset);
    expect(first).toMatchObject({ sourceTopic: input, sourceOffset: 0, errorCode: 'UNDECODABLE_MESSAGE', service: 'runtime-test', attempts: 1 });
    expect(first!.errorMessage).toContain('magic byte');
    expect(first!.originalValue).toEqual(garbage);
    expect(first!.originalKey).toEqual(Buffer.from('bad'));
    expect(second).toMatchObject({ sourceOffset: 1, errorCode: 'UNKNOWN_SCHEMA_ID' });
    expect(second!.errorMessage).toContain('987654321');
  });

  it('dead-letters values written with a schema that lacks a required field or has a wrong type, and carries on', async () => {
    const [input, output, dlq, elsewhere] = await topicsFor({ prefix: 'rt.bad.in' }, { prefix: 'rt.bad.out' }, { prefix: 'rt.bad.dlq' }, { prefix: 'rt.bad.elsewhere' });
    const runtime = newRuntime();
    // Writers that disagree with the reader's AmountAdded, registered under another topic's subject as an
    // outside producer could: one without the required `seq`, one with `amount` as a string.
    const missingField = { ...AmountAdded, fields: AmountAdded.fields.filter((f) => f.name !== 'seq') };
    const wrongType = { ...AmountAdded, fields: AmountAdded.fields.map((f) => (f.name === 'amount' ? { name: 'amount', type: 'string' } : f)) };
    const raw = testKafka().producer();
    await raw.connect();
    await raw.send({
      topic: input!,
      messages: [
        { key: 'missing', value: await runtime.serde.encode(elsewhere!, missingField, { account: 'x', amount: 1 }) },
        { key: 'wrong', value: await runtime.serde.encode(`${elsewhere}-b`, wrongType, { account: 'y', amount: 'ten', seq: 2 }) },
      ],
    });
    await raw.disconnect();
    await runtime.send([{ topic: input!, key: 'good', schema: AmountAdded, value: { account: 'good', amount: 5, seq: 3 } }]);

    const consumer = runtime.consumer<Amount, never>({
      groupId: uniqueName('g'),
      topics: [input!],
      readers: [AmountAdded],
      deadLetterTopic: dlq,
      handler: (m) => [{ topic: output!, key: m.key!, schema: AmountAdded, value: m.value }],
    });
    await consumer.start();

    expect((await decodeAll<Amount>(runtime, await collectMessages(output!, 1), AmountAdded)).map((v) => v.account)).toEqual(['good']);
    const letters = (await decodeAll<DeadLetter>(runtime, await collectMessages(dlq!, 2), DeadLetterSchema)).sort((a, b) => a.sourceOffset - b.sourceOffset);
    expect(letters.map((l) => [l.sourceOffset, l.errorCode])).toEqual([[0, 'INCOMPATIBLE_SCHEMA'], [1, 'INCOMPATIBLE_SCHEMA']]);
    expect(letters[0]!.errorMessage).toMatch(/cannot be read as io\.folio\.test\.AmountAdded/);
  });

  it('leaves no visible output from a transaction aborted half-way, and processing again yields exactly one output each', async () => {
    const [input, output] = await topicsFor({ prefix: 'rt.tx.in' }, { prefix: 'rt.tx.out' });
    const runtime = newRuntime();
    const input5 = amounts(5, ['a']);
    await runtime.send(input5.map((v) => ({ topic: input!, key: v.account, schema: AmountAdded, value: v })));
    let failedOnce = false;
    const consumer = runtime.consumer<Amount, never>({
      groupId: uniqueName('g'),
      topics: [input!],
      readers: [AmountAdded],
      maxRetries: 0,
      maxBufferedOutputs: 1,
      handler: (m) => {
        if (m.value!.seq === 4 && !failedOnce) {
          failedOnce = true;
          throw new InfraError('TEST_OUTAGE', 'a dependency is down', { retriable: true });
        }
        return [{ topic: output!, key: m.key!, schema: AmountAdded, value: m.value }];
      },
    });
    await consumer.start();

    const committed = await decodeAll<Amount>(runtime, await collectMessages(output!, 5, { settleMs: 2_000 }), AmountAdded);
    expect(failedOnce).toBe(true);
    expect(committed.map((v) => v.seq)).toEqual([1, 2, 3, 4, 5]);
    // The aborted attempt really wrote seq 1-3 before it failed; only read_uncommitted sees them.
    const all = await decodeAll<Amount>(runtime, await collectMessages(output!, 8, { readUncommitted: true }), AmountAdded);
    expect(all.map((v) => v.seq).sort((a, b) => a - b)).toEqual([1, 1, 2, 2, 3, 3, 4, 5]);
  });

  it('gives two replicas the same partition numbers of every co-partitioned input topic', async () => {
    const [a, b] = await topicsFor({ prefix: 'rt.copart.a', partitions: 3 }, { prefix: 'rt.copart.b', partitions: 3 });
    const groupId = uniqueName('copart');
    const options = { groupId, topics: [a!, b!], readers: [AmountAdded], delivery: 'at-least-once' as const, handler: () => undefined };
    const one = newRuntime().consumer(options);
    const two = newRuntime().consumer(options);
    await one.start();
    await two.start();
    await waitFor('both replicas to hold partitions', () => {
      const all = [one, two].flatMap((c) => Object.values(c.assignment()).flat());
      return all.length === 6 && one.isReady() && two.isReady();
    }, { timeoutMs: 60_000 });
    for (const c of [one, two]) expect([...(c.assignment()[a!] ?? [])].sort()).toEqual([...(c.assignment()[b!] ?? [])].sort());
    expect([...(one.assignment()[a!] ?? []), ...(two.assignment()[a!] ?? [])].sort()).toEqual([0, 1, 2]);
  });

  it('restores a stateful processor from its changelog after a restart; output matches an uninterrupted run', async () => {
    const [input, changelog, output, outputRef, changelogRef] = await topicsFor(
      { prefix: 'rt.state.in', partitions: 3 },
      { prefix: 'rt.state.changelog', partitions: 3, compact: true },
      { prefix: 'rt.state.out' },
      { prefix: 'rt.state.out-ref' },
      { prefix: 'rt.state.changelog-ref', partitions: 3, compact: true },
    );
    const data = amounts(60);
    const producer = newRuntime();
    await producer.send(data.slice(0, 30).map((v) => ({ topic: input!, key: v.account, schema: AmountAdded, value: v })));

    const groupId = uniqueName('counter');
    const first = newRuntime().consumer(counterConsumer({ groupId, input: input!, changelog: changelog!, output: output! }));
    await first.start();
    await collectMessages(output!, 30, { settleMs: 0 });
    await first.stop();

    await producer.send(data.slice(30).map((v) => ({ topic: input!, key: v.account, schema: AmountAdded, value: v })));
    const second = newRuntime().consumer(counterConsumer({ groupId, input: input!, changelog: changelog!, output: output! }));
    await second.start();
    await waitFor('the restarted processor to be ready', () => second.isReady());
    expect(second.store.size()).toBeGreaterThan(0);

    const reference = newRuntime().consumer(counterConsumer({ groupId: uniqueName('counter-ref'), input: input!, changelog: changelogRef!, output: outputRef! }));
    await reference.start();

    const restarted = (await decodeAll<Total>(producer, await collectMessages(output!, 60, { settleMs: 2_000 }))).sort(bySeq);
    const uninterrupted = (await decodeAll<Total>(producer, await collectMessages(outputRef!, 60, { settleMs: 2_000 }))).sort(bySeq);
    expect(restarted).toEqual(expectedTotals(data));
    expect(uninterrupted).toEqual(restarted);
  });
});
