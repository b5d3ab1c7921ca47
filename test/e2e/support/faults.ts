import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { AssignerProtocol, Kafka, type Admin, type Consumer } from 'kafkajs';
import { CUSTOMER_EVENTS, INVOICE_EVENTS, PAYMENT_REQUEST_EVENTS, TOPICS } from '@app/contracts';
import { kafkaClientConfig, parseBrokers } from '@app/messaging';
import { expectEventually, query, type Service } from '@app/test-support';
import { lagoWebhooksFor } from '../../../apps/webhooks/src/delivery/lago-webhooks';
import type { TestStack } from './test-stack';

/** Lago's 503: what the gateway answers when an owner, the broker or a database is down. */
export const UNAVAILABLE = { status: 503, body: { status: 503, error: 'Service Unavailable' } };

/** One HTTP exchange of a workload: its answer, or the transport error that replaced it. */
export interface Exchange {
  label: string;
  /** The Idempotency-Key sent (the RPC request id of a command). */
  requestId: string;
  status: number | null;
  body: any;
  error: string | null;
  /** When the answer (or the error) arrived. */
  at: number;
}

/**
 * Sends requests to the gateway and records every exchange; a request that gets no answer within
 * `timeoutMs` (well past the gateway's RPC deadline) is recorded as an error, never waited for.
 */
export class GatewayTraffic {
  readonly exchanges: Exchange[] = [];

  constructor(
    private readonly baseUrl: () => string,
    private readonly apiKey: string,
    private readonly timeoutMs = 20_000,
  ) {}

  async send(label: string, method: string, path: string, body?: unknown): Promise<Exchange> {
    const requestId = randomUUID();
    let exchange: Exchange;
    try {
      const res = await fetch(`${this.baseUrl()}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json', 'idempotency-key': requestId },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      let json: unknown = text;
      try {
        json = JSON.parse(text);
      } catch {
        // kept as text: an assertion shows it
      }
      exchange = { label, requestId, status: res.status, body: json, error: null, at: Date.now() };
    } catch (error) {
      exchange = { label, requestId, status: null, body: null, error: String((error as Error).cause ?? error), at: Date.now() };
    }
    this.exchanges.push(exchange);
    return exchange;
  }

  /** Runs `tasks` with at most `concurrency` in flight; resolves when all are answered. */
  static async run(tasks: (() => Promise<unknown>)[], concurrency: number): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < tasks.length) await tasks[next++]!();
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  ok(label?: string): Exchange[] {
    return this.exchanges.filter((e) => e.status === 200 && (label === undefined || e.label === label));
  }

  /** Every exchange got an answer, and each is a 200 or Lago's 503: no reset, no hang, no 500. */
  expectAnsweredCleanly(): void {
    const unclean = this.exchanges.filter((e) => !(e.status === 200 || (e.status === UNAVAILABLE.status && equalJson(e.body, UNAVAILABLE.body))));
    expect(unclean.map(({ label, status, body, error }) => ({ label, status, body, error }))).toEqual([]);
  }
}

function equalJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` (a fresh connection, never a pooled one). */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A webhook as the sink received it. */
export interface ReceivedWebhook {
  /** `X-Lago-Unique-Key`: the webhook's id. */
  uniqueKey: string;
  headers: IncomingHttpHeaders;
  json: Record<string, any>;
}

/**
 * An HTTP endpoint for the stack's webhooks that answers 200 and records each delivery. While
 * `hold()` is on, deliveries wait unanswered (in flight at the sender) until `release()`.
 */
export class WebhookSink {
  readonly received: ReceivedWebhook[] = [];
  private held: ServerResponse[] | null = null;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookSink> {
    const server = createServer();
    const sink = new WebhookSink(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        sink.received.push({ uniqueKey: String(req.headers['x-lago-unique-key']), headers: req.headers, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        if (sink.held) sink.held.push(res);
        else res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** Deliveries waiting for an answer. */
  get waiting(): number {
    return this.held?.length ?? 0;
  }

  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const res of held) res.writeHead(200).end('ok');
  }

  async close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A message read from a topic, value and headers as text. */
export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/**
 * Reads topics from their beginning with a consumer group of its own and keeps every message,
 * until stopped; `caughtUp()` waits until it has read everything the topics held when called.
 */
export class TopicReader {
  readonly messages: ReadMessage[] = [];
  private readonly seen = new Map<string, bigint>();

  private constructor(
    private readonly consumer: Consumer,
    private readonly admin: Admin,
    private readonly topics: string[],
  ) {}

  static async start(brokers: string, topics: string[]): Promise<TopicReader> {
    const kafka = new Kafka(kafkaClientConfig({ brokers: parseBrokers(brokers), clientId: `e2e-reader-${randomUUID().slice(0, 8)}` }));
    const consumer = kafka.consumer({ groupId: `e2e-reader-${randomUUID()}`, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    const admin = kafka.admin();
    const reader = new TopicReader(consumer, admin, topics);
    await Promise.all([consumer.connect(), admin.connect()]);
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        reader.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value: message.value?.toString('utf8') ?? '',
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)])),
        });
        reader.seen.set(`${topic}:${partition}`, BigInt(message.offset));
      },
    });
    return reader;
  }

  /** Waits (bounded) until every message the topics hold now has been read. */
  async caughtUp(timeoutMs = 30_000): Promise<ReadMessage[]> {
    const ends = await Promise.all(this.topics.map(async (topic) => ({ topic, partitions: await this.admin.fetchTopicOffsets(topic) })));
    await expectEventually(
      () => {
        for (const { topic, partitions } of ends) {
          for (const { partition, high, low } of partitions) {
            if (BigInt(high) === BigInt(low)) continue;
            expect({ topic, partition, read: (this.seen.get(`${topic}:${partition}`) ?? -1n) >= BigInt(high) - 1n }).toEqual({ topic, partition, read: true });
          }
        }
      },
      { timeoutMs, intervalMs: 100 },
    );
    return this.messages;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.consumer.disconnect(), this.admin.disconnect()]);
  }
}

/** A kafkajs admin client on the stack's broker, for offsets and group descriptions. */
export async function kafkaAdmin(brokers: string): Promise<Admin> {
  const admin = new Kafka(kafkaClientConfig({ brokers: parseBrokers(brokers), clientId: `e2e-admin-${randomUUID().slice(0, 8)}` })).admin();
  await admin.connect();
  return admin;
}

/** Where a consumer group has committed its offsets, by `topic:partition` (-1 when never). */
export async function committedOffsets(admin: Admin, groupId: string, topics: string[]): Promise<Map<string, bigint>> {
  const committed = new Map<string, bigint>();
  for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
    for (const { partition, offset } of partitions) committed.set(`${topic}:${partition}`, BigInt(offset));
  }
  return committed;
}

/**
 * What the broker knows of consumer groups, for a failure message: each group's state, its
 * members and their partitions, and every partition where its committed offset trails the end.
 */
export async function consumerGroupsReport(admin: Admin, groupIds: string[]): Promise<string> {
  const { groups } = await admin.describeGroups(groupIds);
  const lines: string[] = [];
  for (const group of groups) {
    lines.push(`group ${group.groupId}: ${group.state}, ${group.members.length} member(s)`);
    for (const member of group.members) {
      const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      const partitions = Object.entries(assignment?.assignment ?? {}).map(([topic, ps]) => `${topic}[${ps.join(',')}]`);
      lines.push(`  ${member.clientId} ${member.memberId.slice(-8)}: ${partitions.join(' ') || 'nothing assigned'}`);
    }
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId: group.groupId })) {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]));
      const behind = partitions.filter((p) => BigInt(p.offset) < BigInt(ends.get(p.partition) ?? '0'));
      if (behind.length > 0) lines.push(`  behind on ${topic}: ${behind.map((p) => `[${p.partition}] ${p.offset} of ${ends.get(p.partition)}`).join(', ')}`);
    }
  }
  return lines.join('\n');
}

type Row = Record<string, any>;

/** An event in an owner's outbox. */
interface OwnerEvent {
  event_id: string;
  topic: string;
  key: string;
  event_type: string;
  published_at: Date | null;
  envelope: Row;
}

/** Events an owner committed for an organization, oldest first, with their envelopes. */
async function ownerEvents(stack: TestStack, owner: Service, topics: string[], organizationId: string): Promise<OwnerEvent[]> {
  const rows = await query<Row>(
    stack.databases[owner].url,
    `select event_id::text, topic, key, event_type, value, published_at from outbox
      where topic = any($1::text[]) and (value::jsonb ->> 'organization_id') = $2 order by seq`,
    [`{${topics.join(',')}}`, organizationId],
  );
  return rows.map((row) => ({ event_id: row.event_id, topic: row.topic, key: row.key, event_type: row.event_type, published_at: row.published_at, envelope: JSON.parse(row.value) as Row }));
}

/** The ids of `eventIds` that consumer `consumer` of `service` has no inbox row for. */
async function notApplied(stack: TestStack, service: Service, consumer: string, eventIds: string[]): Promise<string[]> {
  const rows = await query<{ event_id: string }>(stack.databases[service].url, 'select event_id::text from inbox where consumer = $1 and event_id = any($2::uuid[])', [
    consumer,
    `{${eventIds.join(',')}}`,
  ]);
  const applied = new Set(rows.map((r) => r.event_id));
  return eventIds.filter((id) => !applied.has(id));
}

const byId = <T extends Row>(rows: T[], map: (row: T) => unknown = (row) => row) => Object.fromEntries(rows.map((row) => [row.id, map(row)]));

/**
 * Asserts that every replica of an organization's data matches its owner, and that every event
 * was applied once by every consumer and became its webhooks and emails once:
 * - customers (owner) → the invoicing and payment-sync customer replicas (each snapshot is the
 *   last published customer), the webhooks service's known customers;
 * - invoices (invoicing) → the customers service's invoice amounts;
 * - payment requests (invoicing) → the webhooks service's copy;
 * - every published event has an inbox row in each of its consumers;
 * - each event queued exactly the Lago webhooks it stands for, each delivered (succeeded) and
 *   received exactly once by the sink (at least once with `at-least-once`: after a database
 *   outage, a delivery whose outcome could not be recorded is made again); each payment request's
 *   email was sent and received once (or at least once).
 */
export async function expectReplicasMatchOwners(stack: TestStack, organizationId: string, sink: WebhookSink, deliveries: 'once' | 'at-least-once' = 'once'): Promise<void> {
  const org = [organizationId];
  // Customers.
  const customers = await query<Row>(stack.databases.customers.url, 'select id::text, external_id, name, email, deleted_at from customers where organization_id = $1', org);
  const customerEvents = await ownerEvents(stack, 'customers', [TOPICS.customers], organizationId);
  expect(customerEvents.filter((e) => e.published_at === null).map((e) => e.event_id)).toEqual([]);
  const lastCustomer = new Map(customerEvents.map((e) => [e.key, e.envelope.payload as Row]));
  expect(byId(customers, (c) => ({ external_id: c.external_id, name: c.name, email: c.email, deleted: c.deleted_at !== null }))).toEqual(
    Object.fromEntries([...lastCustomer].map(([id, p]) => [id, { external_id: p.external_id, name: p.name, email: p.email, deleted: p.deleted_at !== null && p.deleted_at !== undefined }])),
  );
  for (const service of ['invoicing', 'payment-sync'] as const) {
    const replicas = await query<Row>(stack.databases[service].url, 'select id::text, snapshot from customer_replicas where organization_id = $1', org);
    expect({ service, replicas: byId(replicas, (r) => r.snapshot) }).toEqual({ service, replicas: Object.fromEntries(lastCustomer) });
  }
  const known = await query<Row>(stack.databases.webhooks.url, 'select customer_id::text as id from known_customers where organization_id = $1', org);
  expect(known.map((k) => k.id).sort()).toEqual(customers.map((c) => c.id).sort());

  // Invoices and payment requests.
  const invoices = await query<Row>(
    stack.databases.invoicing.url,
    'select id::text, status, payment_status, total_amount_cents::text as total, total_paid_amount_cents::text as paid, payment_overdue from invoices where organization_id = $1',
    org,
  );
  const amounts = await query<Row>(
    stack.databases.customers.url,
    'select invoice_id::text as id, status, payment_status, total_amount_cents::text as total, total_paid_amount_cents::text as paid, payment_overdue from invoice_amounts where organization_id = $1',
    org,
  );
  expect(byId(amounts)).toEqual(byId(invoices));
  const requests = await query<Row>(stack.databases.invoicing.url, 'select id::text, payment_status from payment_requests where organization_id = $1', org);
  const requestCopies = await query<Row>(stack.databases.webhooks.url, "select id::text, payload ->> 'payment_status' as payment_status from payment_requests where organization_id = $1", org);
  expect(byId(requestCopies)).toEqual(byId(requests));
  const invoicingEvents = await ownerEvents(stack, 'invoicing', [TOPICS.invoices, TOPICS.paymentRequests], organizationId);
  expect(invoicingEvents.filter((e) => e.published_at === null).map((e) => e.event_id)).toEqual([]);

  // Every event applied by each of its consumers.
  const ids = (events: OwnerEvent[], types?: string[]) => events.filter((e) => !types || types.includes(e.event_type)).map((e) => e.event_id);
  const invoiceEvents = invoicingEvents.filter((e) => e.topic === TOPICS.invoices);
  const requestEvents = invoicingEvents.filter((e) => e.topic === TOPICS.paymentRequests);
  const expected: [Service, string, string[]][] = [
    ['invoicing', 'invoicing.customer-replica', ids(customerEvents)],
    ['payment-sync', 'payment-sync.customer-replica', ids(customerEvents)],
    ['webhooks', 'webhooks.customers', ids(customerEvents, [CUSTOMER_EVENTS.upserted])],
    ['customers', 'customers.invoice-amounts', ids(invoiceEvents)],
    ['customers', 'customers.invoice-currency', ids(invoiceEvents, [INVOICE_EVENTS.created])],
    ['webhooks', 'webhooks.invoices', ids(invoiceEvents)],
    ['payment-sync', 'payment-sync.charges', ids(requestEvents, [PAYMENT_REQUEST_EVENTS.created])],
    ['webhooks', 'webhooks.payment-requests', ids(requestEvents)],
  ];
  for (const [service, consumer, eventIds] of expected) {
    expect({ consumer, missing: await notApplied(stack, service, consumer, eventIds) }).toEqual({ consumer, missing: [] });
  }

  // Webhooks: what each event stands for, for each endpoint, queued once, delivered once.
  const webhooks = await query<Row>(stack.databases.webhooks.url, 'select id::text, event_id::text, webhook_type, status from webhooks where organization_id = $1', org);
  const endpoints = (await query(stack.databases.webhooks.url, 'select id from webhook_endpoints where organization_id = $1', org)).length;
  const queued = new Map<string, string[]>();
  for (const w of webhooks) queued.set(w.event_id, [...(queued.get(w.event_id) ?? []), w.webhook_type].sort());
  const stands = new Map<string, string[]>();
  for (const e of [...customerEvents, ...invoicingEvents]) {
    // A change another service's event caused is no customer.updated (as in the webhooks consumer).
    const types = e.event_type === CUSTOMER_EVENTS.upserted && e.envelope.caused_by ? [] : lagoWebhooksFor(e.event_type, e.envelope.payload, {}).map((w) => w.webhook_type);
    // customer.created or customer.updated depends on what the consumer had seen: compare the object.
    const each = types.flatMap((t) => Array.from({ length: endpoints }, () => t.replace('customer.created', 'customer.updated')));
    if (each.length > 0) stands.set(e.event_id, each.sort());
  }
  const normalized = new Map([...queued].map(([id, types]) => [id, types.map((t) => t.replace('customer.created', 'customer.updated'))]));
  expect(Object.fromEntries(normalized)).toEqual(Object.fromEntries(stands));
  expect(webhooks.filter((w) => w.status !== 'succeeded')).toEqual([]);
  const mine = new Set(webhooks.map((w) => w.id));
  const received = sink.received.filter((r) => mine.has(r.uniqueKey)).map((r) => r.uniqueKey);
  expect(deliveries === 'once' ? received.sort() : [...new Set(received)].sort()).toEqual([...mine].sort());

  // Emails: one per payment request of a customer without a provider, sent and received once.
  const emails = await query<Row>(stack.databases.webhooks.url, 'select event_id::text, status, subject from emails where organization_id = $1', org);
  const asking = requestEvents.filter((e) => e.event_type === PAYMENT_REQUEST_EVENTS.created && !e.envelope.payload.customer?.billing_configuration?.payment_provider && e.envelope.payload.email);
  expect(emails.map((e) => e.event_id).sort()).toEqual(asking.map((e) => e.event_id).sort());
  expect(emails.filter((e) => e.status !== 'sent')).toEqual([]);
  const recipients = asking.map((e) => String(e.envelope.payload.email));
  const mailed = stack.mail.messages.filter((m) => m.to.some((to) => recipients.includes(to))).flatMap((m) => m.to);
  expect(deliveries === 'once' ? mailed.sort() : [...new Set(mailed)].sort()).toEqual(deliveries === 'once' ? recipients.sort() : [...new Set(recipients)].sort());
}

/** `extra` spread evenly through `tasks`, so both kinds are in flight all along. */
export function interleave<T>(tasks: T[], extra: T[]): T[] {
  const out = [...tasks];
  extra.forEach((task, i) => out.splice(Math.floor(((i + 1) * out.length) / (extra.length + 1)), 0, task));
  return out;
}

/** Lines of an app's output worth reading after a failed fault test: warnings, errors, kafkajs' crashes and restarts. */
const NOTEWORTHY = /WARN|ERROR|Crash|Restarting|\[kafkajs\]/;
/** Noise of an outage that every app prints many times over. */
const OUTAGE_NOISE = /ECONNREFUSED|ECONNRESET|Failed to connect to seed broker|LagoError|503 Service Unavailable|connection terminated|terminating connection/i;

/** How many noteworthy lines of each app a failure message carries. */
const LINES_PER_APP = 25;

/**
 * Runs a step of a fault test; when it fails, its error also carries `report` (the state of the
 * moment, e.g. the consumer groups) and the last noteworthy lines of every app's output (CI
 * shows only the failure message, and a stuck consumer says why there).
 */
export async function withAppLogs<T>(stack: TestStack, report: () => Promise<string>, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const state = await report().catch((e: unknown) => `(no report: ${String(e)})`);
    const logs = [state, ...Object.values(stack.apps).map((app) => {
      const noteworthy = app.logs
        .replace(/\x1b\[[0-9;]*m/g, '')
        .split('\n')
        .filter((line) => NOTEWORTHY.test(line) && !OUTAGE_NOISE.test(line))
        .slice(-LINES_PER_APP);
      return `--- ${app.name} (${app.running ? 'running' : 'not running'}) ---\n${noteworthy.join('\n')}`;
    })];
    if (error instanceof Error) {
      error.message = `${error.message}\n${logs.join('\n')}`;
      throw error;
    }
    throw new Error(`${String(error)}\n${logs.join('\n')}`);
  }
}
