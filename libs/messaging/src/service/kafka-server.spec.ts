import { Logger } from '@nestjs/common';
import { KafkaJSConnectionError, type ProducerRecord } from 'kafkajs';
import { expectEventually } from '@app/test-support';
import { fakeKafkaContext } from '@app/test-support/kafka-context';
import type { BatchTransaction } from '../batch/batch-transaction';
import { currentBatch } from '../batch/batch-transaction';
import { KafkaServer } from './kafka-server';

/** The server with a stand-in producer (the real one connects in `listen`). */
function serverWith(send: (record: ProducerRecord) => Promise<unknown>): KafkaServer {
  const server = new KafkaServer({ client: { clientId: 'kafka-server-spec', brokers: ['127.0.0.1:1'] } });
  Object.assign(server, { producer: { send } });
  return server;
}

const context = () => fakeKafkaContext('{}', { topic: 'billing.rpc.spec.v1' });
const reply = { id: 'correlation', response: { value: { ok: true, value: 'pong' } }, isDisposed: true };

describe('KafkaServer', () => {
  afterEach(() => jest.restoreAllMocks());

  it('sends a reply to the requested topic and partition with the correlation id, as Nest does', async () => {
    const sent: ProducerRecord[] = [];
    const server = serverWith(async (record) => {
      sent.push(record);
      return [{ topicName: record.topic, partition: 2, errorCode: 0 }];
    });

    const result = await server.sendMessage(reply, 'billing.rpc.spec.v1.reply', '2', 'correlation-1', context());

    expect(result).toEqual([{ topicName: 'billing.rpc.spec.v1.reply', partition: 2, errorCode: 0 }]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.topic).toBe('billing.rpc.spec.v1.reply');
    expect(sent[0]!.messages[0]).toMatchObject({ partition: 2, value: JSON.stringify({ ok: true, value: 'pong' }), headers: { kafka_correlationId: Buffer.from('correlation-1') } });
  });

  it('logs a reply the broker did not take instead of rejecting (Nest would let the rejection end the process)', async () => {
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const server = serverWith(async () => {
      throw new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1');
    });

    await expect(server.sendMessage(reply, 'billing.rpc.spec.v1.reply', '0', 'correlation-2', context())).resolves.toEqual([]);
    expect(warned).toHaveBeenCalledWith(expect.stringMatching(/reply correlation-2 to billing\.rpc\.spec\.v1\.reply not sent: .*ECONNREFUSED/));
  });
});

describe('KafkaServer subscriptions', () => {
  it('subscribes event topics as configured, and RPC topics so that a new group starts at their end', async () => {
    const server = new KafkaServer({ client: { clientId: 'kafka-server-spec', brokers: ['127.0.0.1:1'] }, subscribe: { fromBeginning: true } });
    const handler = Object.assign(async () => undefined, { isEventHandler: true });
    for (const topic of ['billing.customers.v1', 'billing.rpc.customers.v1', 'billing.invoices.v1']) server.addHandler(topic, handler);
    const subscribed: { topics: string[]; fromBeginning?: boolean }[] = [];
    const runs: Record<string, unknown>[] = [];
    const consumer = { subscribe: async (s: { topics: string[]; fromBeginning?: boolean }) => void subscribed.push(s), run: async (r: Record<string, unknown>) => void runs.push(r) };

    await server.bindEvents(consumer as never);

    // kafkajs would commit after every partition batch; the server commits (see its commit tests).
    expect(runs).toEqual([expect.objectContaining({ autoCommit: false, autoCommitInterval: 1_000, eachBatchAutoResolve: false })]);

    expect(subscribed).toEqual([
      { topics: ['billing.customers.v1', 'billing.invoices.v1'], fromBeginning: true },
      { topics: ['billing.rpc.customers.v1'], fromBeginning: false },
    ]);
  });
});

describe('KafkaServer batches', () => {
  type Step = (offset: string, batch: BatchTransaction | undefined) => Promise<void>;

  /** A server whose handler for every message is `step`, replying to RPC requests through `sendMessage`. */
  function batchServer(step: Step, batching: { maxMessages?: number; stallMs?: number } = {}) {
    const server = new KafkaServer({ client: { clientId: 'kafka-server-spec', brokers: ['127.0.0.1:1'] }, batching });
    const sent: { topic: string; messages: unknown[] }[][] = [];
    const single: ProducerRecord[] = [];
    Object.assign(server, {
      producer: {
        sendBatch: async ({ topicMessages }: { topicMessages: { topic: string; messages: unknown[] }[] }) => (sent.push(topicMessages), []),
        send: async (record: ProducerRecord) => void single.push(record),
      },
    });
    const handled: { offset: string; batched: boolean }[] = [];
    jest.spyOn(server, 'handleMessage').mockImplementation(async ({ message }) => {
      const batch = currentBatch();
      handled.push({ offset: message.offset, batched: batch !== undefined });
      await step(message.offset, batch);
      // As Nest does: the reply is handed over on the next tick, after the handler resolved.
      process.nextTick(() => void server.sendMessage({ response: { value: { ok: true, value: message.offset } }, isDisposed: true } as never, 'replies', '0', `c-${message.offset}`, context()));
    });
    return { server, sent, single, handled };
  }

  /**
   * A fetched batch of `count` messages. `commitOffsetsIfNecessary()` commits when `due()` says
   * so (kafkajs: the interval or threshold reached); given offsets, it commits them whatever `due`
   * says. `commits` records what each commit covered.
   */
  function fetched(count: number, due = () => true) {
    const resolved: string[] = [];
    const commits: string[][] = [];
    let committed = 0;
    const commit = () => {
      commits.push([...resolved]);
      committed = resolved.length;
    };
    const payload = {
      batch: { topic: 'billing.rpc.spec.v1', partition: 0, messages: Array.from({ length: count }, (_, i) => ({ offset: String(i), key: null, value: Buffer.from('{}'), headers: {} })) },
      resolveOffset: (offset: string) => void resolved.push(offset),
      heartbeat: async () => undefined,
      uncommittedOffsets: () => ({ topics: resolved.length > committed ? [{ topic: 'billing.rpc.spec.v1', partitions: [{ partition: 0, offset: String(Number(resolved.at(-1)) + 1) }] }] : [] }),
      commitOffsetsIfNecessary: async (offsets?: { topics: unknown[] }) => {
        if (offsets ? offsets.topics.length > 0 : due()) commit();
      },
      isRunning: () => true,
      isStale: () => false,
      pause: () => () => undefined,
    };
    return { payload: payload as never, resolved, commits };
  }

  const replyOffsets = (records: { messages: unknown[] }[]) => records.flatMap((r) => r.messages.map((m) => JSON.parse(String((m as { value: string }).value)).value));

  it('executes a fetched batch as one transaction: replies held until the commit, then sent in one request, offsets resolved after', async () => {
    const { server, sent, single, handled } = batchServer(async () => undefined);
    const { payload, resolved, commits } = fetched(3);

    await server.handleBatch(payload);

    expect(handled).toEqual([
      { offset: '0', batched: true },
      { offset: '1', batched: true },
      { offset: '2', batched: true },
    ]);
    expect(single).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.map((t) => t.topic)).toEqual(['replies', 'replies', 'replies']);
    expect(replyOffsets(sent[0]!)).toEqual(['0', '1', '2']);
    expect(resolved).toEqual(['0', '1', '2']);
    expect(commits).toEqual([['0', '1', '2']]);
  });

  it('sends the replies in requests the broker takes (at most 512 KB each), and a failed request loses only its own', async () => {
    const big = 'x'.repeat(300 * 1024);
    const server = new KafkaServer({ client: { clientId: 'kafka-server-spec', brokers: ['127.0.0.1:1'] } });
    const requests: number[] = [];
    Object.assign(server, {
      producer: {
        sendBatch: async ({ topicMessages }: { topicMessages: { messages: unknown[] }[] }) => {
          requests.push(topicMessages.length);
          if (requests.length === 2) throw new Error('broker said no');
          return [];
        },
      },
    });
    jest.spyOn(server, 'handleMessage').mockImplementation(async ({ message }) => {
      process.nextTick(() => void server.sendMessage({ response: { value: { ok: true, value: big } }, isDisposed: true } as never, 'replies', '0', `c-${message.offset}`, context()));
    });
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

    await server.handleBatch(fetched(3).payload);
    await new Promise((resolve) => setImmediate(resolve));

    expect(requests).toEqual([1, 1, 1]);
    expect(warned).toHaveBeenCalledWith('1 of 3 replies not sent: broker said no');
  });

  it('runs an aborted batch again message by message: no reply of the aborted run is sent, each message answers once', async () => {
    const { server, sent, single, handled } = batchServer(async (offset, batch) => {
      if (offset === '1') batch?.abort('refused');
    });
    const { payload, resolved } = fetched(3);

    await server.handleBatch(payload);

    expect(handled).toEqual([
      { offset: '0', batched: true },
      { offset: '1', batched: true },
      { offset: '0', batched: false },
      { offset: '1', batched: false },
      { offset: '2', batched: false },
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([]);
    expect(replyOffsets(single)).toEqual(['0', '1', '2']);
    expect(resolved).toEqual(['0', '1', '2']);
  });

  it('sends no reply of a message that failed inside a batch: only its run on its own answers (a database restart gave the gateway 500s)', async () => {
    const { server, single, sent } = batchServer(async () => undefined);
    // As the RPC handler does when its work throws: the unit of work aborts the batch, the handler
    // answers with an error, and Nest hands that answer over while the batch is not rolled back yet.
    jest.spyOn(server, 'handleMessage').mockImplementation(async ({ message }) => {
      const batch = currentBatch();
      const failed = batch !== undefined && message.offset === '1';
      if (failed) batch.abort('Error: Transaction query already complete');
      await server.sendMessage({ response: { value: failed ? { ok: false, error: { code: 'internal_error' } } : { ok: true, value: message.offset } }, isDisposed: true } as never, 'replies', '0', `c-${message.offset}`, context());
    });
    const { payload, resolved } = fetched(3);

    await server.handleBatch(payload);
    await new Promise((resolve) => setImmediate(resolve));

    expect(sent).toEqual([]);
    expect(replyOffsets(single)).toEqual(['0', '1', '2']);
    expect(resolved).toEqual(['0', '1', '2']);
  });

  it('gives up a batch whose message stalls, rolling it back (which frees what the message waits for)', async () => {
    const { server, single, handled } = batchServer(
      async (offset, batch) => {
        if (offset !== '1' || !batch) return;
        // Waits, like a statement blocked by the batch's own lock, until the batch is rolled back.
        const rollback = batch.rollback.bind(batch);
        await new Promise<void>((resolve) => {
          batch.rollback = () => rollback().then(resolve);
        });
        expect(batch.rolledBack).toBe(true);
      },
      { stallMs: 20 },
    );
    const { payload, resolved } = fetched(2);

    await server.handleBatch(payload);
    await new Promise((resolve) => setImmediate(resolve));

    expect(handled.map((h) => [h.offset, h.batched])).toEqual([
      ['0', true],
      ['1', true],
      ['0', false],
      ['1', false],
    ]);
    expect(replyOffsets(single)).toEqual(['0', '1']);
    expect(resolved).toEqual(['0', '1']);
  });

  it('splits a fetched batch into transactions of at most maxMessages, and runs a lone message on its own', async () => {
    const { server, sent, handled } = batchServer(async () => undefined, { maxMessages: 2 });
    const { payload, commits } = fetched(3);

    await server.handleBatch(payload);
    await new Promise((resolve) => setImmediate(resolve));

    expect(handled.map((h) => h.batched)).toEqual([true, true, false]);
    expect(sent.map(replyOffsets)).toEqual([['0', '1']]);
    expect(commits).toEqual([['0', '1'], ['0', '1', '2']]);
  });

  it('resolves nothing it has not committed when the consumer stops mid-batch', async () => {
    let running = true;
    const { server, handled } = batchServer(async (offset) => {
      if (offset === '0') running = false;
    }, { maxMessages: 1 });
    const { payload, resolved } = fetched(3);
    Object.assign(payload, { isRunning: () => running });

    await server.handleBatch(payload);

    expect(handled.map((h) => h.offset)).toEqual(['0']);
    expect(resolved).toEqual(['0']);
  });

  it('commits offsets a batch left uncommitted (interval not reached) one interval later, once, when no batch follows', async () => {
    const { server } = batchServer(async () => undefined);
    Object.assign(server, { commitIntervalMs: 20 });
    const { payload, commits } = fetched(3, () => false);

    await server.handleBatch(payload);
    expect(commits).toEqual([]);

    await expectEventually(() => expect(commits).toEqual([['0', '1', '2']]));
  });

  it('commits at the end of a batch, interval or not, when the consumer is stopping', async () => {
    let running = true;
    const { server } = batchServer(async (offset) => {
      if (offset === '1') running = false;
    });
    const { payload, commits } = fetched(2, () => false);
    Object.assign(payload, { isRunning: () => running });

    await server.handleBatch(payload);

    expect(commits).toEqual([['0', '1']]);
  });

  it('on close, commits what earlier batches left uncommitted before the consumer leaves its group', async () => {
    const { server } = batchServer(async () => undefined);
    const steps: string[] = [];
    const { payload, commits } = fetched(2, () => false);
    await server.handleBatch(payload);
    Object.assign(server, {
      consumer: { disconnect: async () => void steps.push(`consumer left, commits: ${JSON.stringify(commits)}`) },
      producer: { disconnect: async () => undefined },
    });

    await server.close();

    expect(steps).toEqual(['consumer left, commits: [["0","1"]]']);
  });
});
