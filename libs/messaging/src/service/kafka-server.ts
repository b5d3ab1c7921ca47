import type { Logger } from '@nestjs/common';
import { ServerKafka, type KafkaContext, type KafkaOptions } from '@nestjs/microservices';
import type { Consumer, ConsumerRunConfig, EachBatchPayload, KafkaMessage, Message, RecordMetadata } from 'kafkajs';
import { RPC_TOPICS } from '@app/contracts';
import { BatchTransaction, currentBatch, withinBatch, type HeldReply } from '../batch/batch-transaction';
import { chunksWithin, PRODUCE_REQUEST_BYTES, valueBytes } from '../kafka/byte-chunks';
import { coalesceSends } from '../kafka/coalescing-send';
import { restartAfterFatalCrash } from '../kafka/crash-restart';

type OutgoingResponse = Parameters<ServerKafka['sendMessage']>[0];

/** How the server groups the messages of a fetched batch into transactions. */
export interface BatchingOptions {
  /** Most messages per transaction; 1 executes every message on its own (default 100). */
  maxMessages?: number;
  /**
   * How long one message may take inside a batch transaction before the batch is given up and
   * re-run message by message (default 2000 ms): a guard against work that waits, outside the
   * batch's transaction, for a lock the batch itself holds.
   */
  stallMs?: number;
}

/**
 * Nest's Kafka server, with four changes.
 *
 * Batches: it consumes with `eachBatch` and executes the messages of a fetched batch in one
 * database transaction (`BatchTransaction`), so a loaded service pays one BEGIN/COMMIT, one
 * offset commit and one produce of replies per batch instead of per message. A batch that
 * cannot complete as one (a refusal, a failure, a poison message, a stall) is rolled back and
 * executed message by message exactly as before; the inbox and the command log make the second
 * execution of anything the first one did harmless. A batch of one message takes that path
 * directly.
 *
 * Replies: a reply it cannot send is logged instead of crashing the process. Nest sends
 * replies from a `process.nextTick` callback whose rejection nobody handles, so a broker that
 * goes away while a reply is on its way (a broker restart) would end the service with an
 * unhandled rejection. The request was executed and its reply is stored with the command; the
 * caller, past its deadline, has answered 503, and a retry with the same Idempotency-Key gets
 * the stored reply.
 *
 * Crashes: a consumer crash kafkajs does not restart by itself is restarted here
 * (`restartAfterFatalCrash`); Nest only records it as a status.
 *
 * Subscriptions: a new group starts the RPC topics at their end (see `bindEvents`).
 */
export class KafkaServer extends ServerKafka {
  private readonly maxMessages: number;
  private readonly stallMs: number;
  private readonly commitIntervalMs: number;
  private runConfig: ConsumerRunConfig | null = null;
  private closing = false;
  /** The latest batch handled: its consumer group commits what is resolved and not committed. */
  private latest: EachBatchPayload | null = null;
  private commitTimer: NodeJS.Timeout | null = null;

  constructor(options: Required<KafkaOptions>['options'] & { batching?: BatchingOptions }) {
    const { batching, ...kafka } = options;
    super(kafka);
    this.maxMessages = Math.max(1, batching?.maxMessages ?? 100);
    this.stallMs = batching?.stallMs ?? 2_000;
    this.commitIntervalMs = kafka.run?.autoCommitInterval ?? 1_000;
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    const commands = topics.filter(isRpcTopic);
    const events = topics.filter((topic) => !isRpcTopic(topic));
    if (events.length > 0) await consumer.subscribe({ ...(this.options.subscribe ?? {}), topics: events });
    // A new group starts an RPC topic at its end, whatever the options say: the commands sent
    // before it existed were answered by another group (another deployment sharing the broker,
    // with its own database) or have given up waiting; executing them again would apply another
    // deployment's writes here. kafkajs keeps `fromBeginning` per topic.
    if (commands.length > 0) await consumer.subscribe({ ...(this.options.subscribe ?? {}), topics: commands, fromBeginning: false });
    const run = this.options.run ?? {};
    this.runConfig = {
      ...run,
      // Offsets are committed here (see `settleCommits`), not by kafkajs after every partition batch.
      autoCommit: false,
      autoCommitInterval: this.commitIntervalMs,
      autoCommitThreshold: run.autoCommitThreshold ?? 100,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    };
    await consumer.run(this.runConfig);
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    const consumer = this.consumer;
    if (!consumer) return;
    restartAfterFatalCrash(consumer, () => consumer.run(this.runConfig ?? undefined), this.logger as Logger, () => this.closing);
  }

  /** Replies sent while one produce request is in flight go out together in the next (`coalesceSends`). */
  protected override registerProducerEventListeners(): void {
    super.registerProducerEventListeners();
    if (this.producer) coalesceSends(this.producer);
  }

  override async close(): Promise<void> {
    this.closing = true;
    // What was processed before the stop is committed while the consumer is still in its group;
    // a batch still running commits its own when it ends (it sees `closing`).
    if (this.commitTimer) clearTimeout(this.commitTimer);
    await this.commitResolved();
    await super.close();
  }

  /** Executes a fetched batch in chunks of `maxMessages`, resolving each offset once its work is committed. */
  async handleBatch(payload: EachBatchPayload): Promise<void> {
    try {
      await this.executeBatch(payload);
    } finally {
      await this.settleCommits(payload);
    }
  }

  private async executeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    for (let start = 0; start < batch.messages.length; start += this.maxMessages) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(start, start + this.maxMessages);
      if (!(chunk.length > 1 && (await this.executeTogether(payload, chunk)))) {
        for (const message of chunk) {
          if (!isRunning() || isStale()) return;
          await this.handleMessage(this.messagePayload(payload, message));
          resolveOffset(message.offset);
          await heartbeat();
        }
      } else {
        for (const message of chunk) resolveOffset(message.offset);
      }
      await commitOffsetsIfNecessary();
    }
  }

  /**
   * After a batch: offsets resolved but not yet committed (the interval or threshold was not
   * reached) are committed at once when the server is stopping, else by a timer one interval
   * later, so a partition that goes quiet does not keep its last offsets uncommitted. kafkajs
   * itself committed after every partition batch: an OffsetCommit request and a write to
   * `__consumer_offsets` per batch, most of them for one or two messages under load. A crash or
   * a rebalance now re-delivers at most about a second of messages, which the inbox and the
   * command log make harmless.
   */
  private async settleCommits(payload: EachBatchPayload): Promise<void> {
    this.latest = payload;
    if (this.closing || !payload.isRunning()) return this.commitResolved();
    if (this.commitTimer || payload.uncommittedOffsets().topics.length === 0) return;
    this.commitTimer = setTimeout(() => {
      this.commitTimer = null;
      void this.commitResolved();
    }, this.commitIntervalMs);
    this.commitTimer.unref();
  }

  /** Commits every offset resolved and not yet committed (nothing before the first batch). */
  private async commitResolved(): Promise<void> {
    const payload = this.latest;
    if (!payload) return;
    try {
      await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets());
    } catch (error) {
      this.logger.warn(`offsets not committed: ${describe(error)}`);
    }
  }

  /** One transaction for the chunk; false (nothing kept, no reply sent) when it must be run message by message. */
  private async executeTogether(payload: EachBatchPayload, chunk: KafkaMessage[]): Promise<boolean> {
    const transaction = new BatchTransaction();
    try {
      await withinBatch(transaction, async () => {
        for (const message of chunk) {
          await this.withinStallLimit(transaction, this.handleMessage(this.messagePayload(payload, message)));
          if (transaction.givenUp || payload.isStale()) return;
          await payload.heartbeat();
        }
        // Replies are handed over from a nextTick; let them all arrive before committing.
        await new Promise((resolve) => setImmediate(resolve));
      });
      if (transaction.givenUp || payload.isStale()) throw new Error(transaction.aborted ?? 'rebalanced');
      await transaction.commit();
    } catch (error) {
      await transaction.rollback();
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.debug(`batch of ${chunk.length} on ${payload.batch.topic}[${payload.batch.partition}] runs message by message: ${reason}`);
      return false;
    }
    // Like Nest's own replies, they are not waited for: the next batch need not wait on the broker.
    void this.sendReplies(transaction.replies);
    return true;
  }

  /** Waits for `work`; past `stallMs` the batch is rolled back, which frees whatever lock the work waits for. */
  private async withinStallLimit(transaction: BatchTransaction, work: Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        transaction.abort(`a message took over ${this.stallMs} ms`);
        void transaction.rollback().then(resolve);
      }, this.stallMs);
    });
    try {
      await Promise.race([work, stalled]);
      await work;
    } finally {
      clearTimeout(timer);
    }
  }

  private messagePayload(payload: EachBatchPayload, message: KafkaMessage) {
    return { topic: payload.batch.topic, partition: payload.batch.partition, message, heartbeat: payload.heartbeat, pause: payload.pause };
  }

  /**
   * Sends a batch's replies in as few produce requests as the broker's message size allows, one
   * after another. A request that fails loses only its own replies (their callers answer 503, and
   * a retry with the same Idempotency-Key gets the stored reply).
   */
  private async sendReplies(replies: HeldReply[]): Promise<void> {
    let unsent = 0;
    let firstError: unknown;
    for (const chunk of chunksWithin(replies, (r) => valueBytes(r.message), PRODUCE_REQUEST_BYTES)) {
      try {
        if (!this.producer) throw new Error('the producer is not connected');
        await this.producer.sendBatch({ topicMessages: chunk.map(({ topic, message }) => ({ topic, messages: [message] })) });
      } catch (error) {
        unsent += chunk.length;
        firstError ??= error;
      }
    }
    if (unsent > 0) this.logger.warn(`${unsent} of ${replies.length} replies not sent: ${describe(firstError)}`);
  }

  override async sendMessage(message: OutgoingResponse, replyTopic: string, replyPartition: string | undefined | null, correlationId: string, context: KafkaContext): Promise<RecordMetadata[]> {
    const batch = currentBatch();
    // An answer from a batch given up (a failure caused by the batch's own broken transaction, a
    // success that was rolled back) must never reach the caller: the message's second run answers.
    if (batch?.givenUp) return [];
    if (batch?.open) {
      batch.replies.push({ topic: replyTopic, message: await this.replyMessage(message, replyPartition, correlationId) });
      return [];
    }
    try {
      return await super.sendMessage(message, replyTopic, replyPartition, correlationId, context);
    } catch (error) {
      this.logger.warn(`reply ${correlationId} to ${replyTopic} not sent: ${describe(error)}`);
      return [];
    }
  }

  /** The reply as Nest's `sendMessage` would produce it. */
  private async replyMessage(message: OutgoingResponse, replyPartition: string | undefined | null, correlationId: string): Promise<Message> {
    const outgoing = await this.serializer.serialize(message.response);
    this.assignReplyPartition(replyPartition, outgoing);
    this.assignCorrelationIdHeader(correlationId, outgoing);
    this.assignErrorHeader(message, outgoing);
    this.assignIsDisposedHeader(message, outgoing);
    return outgoing as Message;
  }
}

const RPC_TOPIC_NAMES: readonly string[] = Object.values(RPC_TOPICS);
function isRpcTopic(topic: string): boolean {
  return RPC_TOPIC_NAMES.includes(topic);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
