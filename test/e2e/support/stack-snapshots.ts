import { AssignerProtocol, Kafka, type Admin } from 'kafkajs';
import { Client } from 'pg';
import { kafkaClientConfig, parseBrokers } from '@app/messaging';
import { expectEventually, SERVICES, type Service } from '@app/test-support';
import type { TestStack } from './test-stack';

/** Per service database, per table: `<rows>:<sum of row hashes>` over the watched organizations' rows. */
export type Snapshot = Record<Service, Record<string, string>>;

/** Services that consume Kafka, each with the consumer group the stack gave it. */
const CONSUMERS: Service[] = ['customers', 'invoicing', 'payment-sync', 'webhooks'];

/**
 * Fingerprints of every table of the five service databases, limited to a set of organizations'
 * rows (each stack replays the shared broker's history of other stacks' organizations into its
 * replicas, and a test's other organizations write too), and a wait for the stack to be idle.
 * Skipped: `inbox` (consumers record other organizations' replayed events there) and
 * `mikro_orm_migrations`; `outbox.published_at` (the relay sets it after the fact) is left out of
 * the row hash. One query per database.
 */
export class StackSnapshots {
  private constructor(
    private readonly stack: TestStack,
    private readonly clients: Record<Service, Client>,
    private readonly queries: Record<Service, string>,
    private readonly admin: Admin,
    private readonly organizationIds: string[],
  ) {}

  static async open(stack: TestStack, organizationIds: string[]): Promise<StackSnapshots> {
    const clients = {} as Record<Service, Client>;
    const queries = {} as Record<Service, string>;
    for (const service of SERVICES) {
      const client = new Client({ connectionString: stack.databases[service].url });
      await client.connect();
      clients[service] = client;
      const { rows } = await client.query<{ table_name: string; columns: string[] }>(
        `select c.table_name, array_agg(c.column_name::text) as columns
           from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
          where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.table_name not in ('inbox', 'mikro_orm_migrations')
          group by c.table_name order by c.table_name`,
      );
      const { rows: references } = await client.query<ForeignKey>(
        `select kcu.table_name as "table", kcu.column_name as "column", ccu.table_name as parent, ccu.column_name as "parentColumn"
           from information_schema.table_constraints tc
           join information_schema.key_column_usage kcu using (constraint_schema, constraint_name)
           join information_schema.constraint_column_usage ccu using (constraint_schema, constraint_name)
          where tc.constraint_type = 'FOREIGN KEY' and tc.constraint_schema = 'public'`,
      );
      const scoped = new Set(rows.filter((r) => r.columns.includes('organization_id')).map((r) => r.table_name));
      queries[service] = `select coalesce(json_object_agg(name, fingerprint), '{}') as tables from (${rows
        .map(({ table_name, columns }) => tableFingerprint(table_name, columns, references.find((r) => r.table === table_name && scoped.has(r.parent))))
        .join(' union all ')}) f`;
    }
    const admin = new Kafka(kafkaClientConfig({ brokers: parseBrokers(process.env.TEST_KAFKA_BROKERS!), clientId: `e2e-snapshots-${stack.runId}` })).admin();
    await admin.connect();
    return new StackSnapshots(stack, clients, queries, admin, [...organizationIds]);
  }

  /** Watches one more organization's rows from now on (take a new baseline after). */
  watch(organizationId: string): void {
    if (!this.organizationIds.includes(organizationId)) this.organizationIds.push(organizationId);
  }

  async take(): Promise<Snapshot> {
    const patterns = this.organizationIds.map((id) => `%${id}%`);
    const results = await Promise.all(
      SERVICES.map(async (service) => {
        const sql = this.queries[service];
        const params = sql.includes('$2') ? [this.organizationIds, patterns] : [this.organizationIds];
        return [service, (await this.clients[service].query<{ tables: Record<string, string> }>(sql, params)).rows[0]!.tables] as const;
      }),
    );
    return Object.fromEntries(results) as Snapshot;
  }

  /**
   * Waits until the stack is idle (every outbox row published, every consumer group caught up,
   * no webhook, email or provider job of the watched organizations waiting, and two snapshots in
   * a row equal), then returns that snapshot: the baseline after a request that did change things.
   */
  async settle(timeoutMs = 30_000): Promise<Snapshot> {
    let previous: string | undefined;
    return expectEventually(
      async () => {
        const waiting = await this.waitingWork();
        const snapshot = await this.take();
        const text = JSON.stringify(snapshot);
        const stable = text === previous;
        previous = text;
        if (waiting.length > 0 || !stable) throw new Error(`stack not idle: ${waiting.join(', ') || 'snapshot still changing'}`);
        return snapshot;
      },
      { timeoutMs, intervalMs: 50 },
    );
  }

  /** What is still to be done, in words (empty when nothing). */
  private async waitingWork(): Promise<string[]> {
    const orgs = [this.organizationIds];
    const count = async (service: Service, sql: string, params: unknown[] = []) => Number((await this.clients[service].query<{ n: string }>(sql, params)).rows[0]!.n);
    const checks: [string, Promise<number>][] = [
      ...(['customers', 'invoicing', 'payment-sync'] as const).map(
        (service) => [`${service} outbox`, count(service, 'select count(*) as n from outbox where published_at is null')] as [string, Promise<number>],
      ),
      ['webhooks waiting', count('webhooks', "select count(*) as n from webhooks where status in ('pending', 'retrying') and organization_id = any($1::uuid[])", orgs)],
      ['emails waiting', count('webhooks', "select count(*) as n from emails where status in ('pending', 'retrying') and organization_id = any($1::uuid[])", orgs)],
      ['provider jobs open', count('payment-sync', 'select count(*) as n from provider_jobs where done_at is null and organization_id = any($1::uuid[])', orgs)],
      ...CONSUMERS.map((service) => [`${service} consumer lag`, this.lag(`e2e-${service}-${this.stack.runId}`)] as [string, Promise<number>]),
    ];
    const counts = await Promise.all(checks.map(([, n]) => n));
    return checks.flatMap(([label], i) => (counts[i]! > 0 ? [`${label} ${counts[i]}`] : []));
  }

  /** Messages the group's members have been assigned and not yet committed (a group not stable counts as 1). */
  private async lag(groupId: string): Promise<number> {
    const { groups } = await this.admin.describeGroups([groupId]);
    const group = groups[0];
    if (!group || group.state !== 'Stable') return 1;
    const topics = [...new Set(group.members.flatMap((m) => Object.keys(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {})))];
    if (topics.length === 0) return 0;
    const committed = await this.admin.fetchOffsets({ groupId, topics });
    let lag = 0;
    for (const { topic, partitions } of committed) {
      const ends = new Map((await this.admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
      // No commit yet on a partition: nothing consumed there since the group started.
      for (const p of partitions) if (Number(p.offset) >= 0) lag += Math.max(0, (ends.get(p.partition) ?? 0) - Number(p.offset));
    }
    return lag;
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
    await Promise.all(Object.values(this.clients).map((c) => c.end()));
  }
}

/** A foreign key of a table: its column and the parent table and column it references. */
interface ForeignKey {
  table: string;
  column: string;
  parent: string;
  parentColumn: string;
}

/**
 * One `union all` branch: the table's name and `<rows>:<hash sum>` of the watched organizations'
 * rows, found by `organization_id`, by `id` for `organizations`, in the envelope for `outbox`, or
 * through the parent a foreign key names (`customer_metadata` by its customer).
 */
function tableFingerprint(table: string, columns: string[], parent?: ForeignKey): string {
  const scope = columns.includes('organization_id')
    ? 'where organization_id = any($1::uuid[])'
    : table === 'organizations'
      ? 'where id = any($1::uuid[])'
      : table === 'outbox'
        ? 'where value like any($2::text[])'
        : parent
          ? `where exists (select 1 from "${parent.parent}" p where p."${parent.parentColumn}" = x."${parent.column}" and p.organization_id = any($1::uuid[]))`
          : '';
  return `select '${table}' as name, count(*) || ':' || coalesce(sum(hashtext((to_jsonb(x) - 'published_at')::text)), 0) as fingerprint from "${table}" x ${scope}`;
}

/** The tables whose fingerprints differ between two snapshots, as `service.table: before -> after`. */
export function snapshotDiff(before: Snapshot, after: Snapshot): string[] {
  return SERVICES.flatMap((service) => {
    const tables = new Set([...Object.keys(before[service] ?? {}), ...Object.keys(after[service] ?? {})]);
    return [...tables].filter((t) => before[service]?.[t] !== after[service]?.[t]).map((t) => `${service}.${t}: ${before[service]?.[t]} -> ${after[service]?.[t]}`);
  });
}
