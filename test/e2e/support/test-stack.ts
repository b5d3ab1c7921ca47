import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { startProviderStubs, type ProviderStubs } from '@app/provider-stubs';
import { AppProcess, createServiceDatabase, freePort, startSmtpSink, type Service, type SmtpSink } from '@app/test-support';
import { gatewayOrmConfig } from '../../../apps/gateway/src/config/mikro-orm.config';
import { CreateOrganization } from '../../../apps/gateway/src/organizations/use-cases/create-organization.use-case';
import { IssueApiKey } from '../../../apps/gateway/src/organizations/use-cases/issue-api-key.use-case';
import { Organization } from '../../../apps/gateway/src/organizations/organization.entity';
import type { ApiKeyPermissions } from '../../../apps/gateway/src/organizations/api-key.entity';

type Db = Awaited<ReturnType<typeof createServiceDatabase>>;

/** An organization seeded in the stack's gateway database, with an API key. */
export interface SeededOrganization {
  id: string;
  name: string;
  documentNumberPrefix: string;
  apiKey: string;
  /** The key's id: the username of ChargeOver's HTTP Basic authentication. */
  apiKeyId: string;
}

/** Where a stack runs, when not on the shared test broker and server, and how its apps are set. */
export interface TestStackOptions {
  /** Brokers of a broker of the caller's own (then no stack lock is taken: no topic is shared). */
  kafkaBrokers?: string;
  /** A PostgreSQL server of the caller's own, with the service templates (`migrateTemplates`). */
  databaseServerUrl?: string;
  /** Extra environment per app (overrides the stack's settings). */
  env?: Partial<Record<Service, Record<string, string>>>;
}

/**
 * The five apps as separate processes, each with its own fresh database, against the test
 * broker. Stacks of different test files share the RPC topics, so only one stack runs at a time
 * (a PostgreSQL advisory lock held for the stack's life); consumer groups are unique per stack.
 * A stack on a broker of its own (`TestStackOptions.kafkaBrokers`) shares nothing and takes no lock.
 */
export class TestStack {
  private constructor(
    readonly runId: string,
    readonly databases: Record<Service, Db>,
    readonly apps: Record<Service, AppProcess>,
    /** The local Stripe, Adyen and GoCardless stand-ins payment-sync calls. */
    readonly stubs: ProviderStubs,
    /** The SMTP server the webhooks app sends its emails to. */
    readonly mail: SmtpSink,
    /** payment-sync's PAYMENT_SECRETS_KEY (it seals provider secrets; it must never leave the app). */
    readonly paymentSecretsKey: string,
    private readonly lock: Client | null,
  ) {}

  static async start(options: TestStackOptions = {}): Promise<TestStack> {
    let lock: Client | null = null;
    if (!options.kafkaBrokers) {
      lock = new Client({ connectionString: process.env.TEST_DATABASE_URL });
      await lock.connect();
      await lock.query('select pg_advisory_lock(hashtextextended($1, 0))', ['billing-e2e-stack']);
    }
    const server = options.databaseServerUrl;
    const databases = {
      gateway: await createServiceDatabase('gateway', server),
      customers: await createServiceDatabase('customers', server),
      invoicing: await createServiceDatabase('invoicing', server),
      'payment-sync': await createServiceDatabase('payment-sync', server),
      webhooks: await createServiceDatabase('webhooks', server),
    };
    const runId = randomBytes(4).toString('hex');
    const stubs = await startProviderStubs();
    const mail = await startSmtpSink();
    // Short provider timeouts and retries, so outages and their recovery fit in a test.
    const providers = {
      STRIPE_API_BASE: stubs.endpoints.stripe,
      ADYEN_CHECKOUT_BASE: stubs.endpoints.adyen,
      GOCARDLESS_API_BASE: stubs.endpoints.gocardless,
      PROVIDER_TIMEOUT_MS: '1500',
      PROVIDER_RETRY_BASE_MS: '200',
      PROVIDER_RETRY_MAX_MS: '1000',
      PROVIDER_JOB_POLL_MS: '200',
    };
    const paymentSecretsKey = randomBytes(32).toString('base64');
    const kafka = { KAFKA_BROKERS: options.kafkaBrokers ?? process.env.TEST_KAFKA_BROKERS ?? '' };
    const app = async (name: Service, extra: Record<string, string> = {}) =>
      new AppProcess(name, await freePort(), { ...kafka, DATABASE_URL: databases[name].url, ...extra, ...options.env?.[name] });
    const apps = {
      customers: await app('customers', { KAFKA_GROUP_ID: `e2e-customers-${runId}` }),
      invoicing: await app('invoicing', { KAFKA_GROUP_ID: `e2e-invoicing-${runId}`, OVERDUE_SWEEP_INTERVAL_MS: '300' }),
      'payment-sync': await app('payment-sync', { KAFKA_GROUP_ID: `e2e-payment-sync-${runId}`, PAYMENT_SECRETS_KEY: paymentSecretsKey, ...providers }),
      // Short webhook timeouts and retries, so a dead receiver and a recovery fit in a test.
      webhooks: await app('webhooks', {
        KAFKA_GROUP_ID: `e2e-webhooks-${runId}`,
        SMTP_URL: mail.url,
        WEBHOOK_TIMEOUT_MS: '1500',
        WEBHOOK_RETRY_BASE_MS: '200',
        WEBHOOK_RETRY_MAX_MS: '1000',
        WEBHOOK_POLL_MS: '100',
        WEBHOOK_ISSUER: 'http://lago.test',
      }),
      gateway: await app('gateway', { RPC_TIMEOUT_MS: '10000' }),
    };
    const stack = new TestStack(runId, databases, apps, stubs, mail, paymentSecretsKey, lock);
    try {
      await Promise.all([apps.customers.start(), apps.invoicing.start(), apps['payment-sync'].start(), apps.webhooks.start()]);
      await apps.gateway.start();
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  get gatewayUrl(): string {
    return this.apps.gateway.url;
  }

  /** Creates an organization and an API key directly in the gateway database. */
  seedOrganization(name = `Org ${randomUUID().slice(0, 8)}`): Promise<SeededOrganization> {
    return this.withGatewayEm(async (em) => {
      const organization = await new CreateOrganization(em).execute(name);
      const key = await new IssueApiKey(em).execute(organization, 'e2e');
      return { id: organization.id, name, documentNumberPrefix: organization.documentNumberPrefix, apiKey: key.value, apiKeyId: key.id };
    });
  }

  /** Runs the gateway CLI (from dist) against the stack's gateway database; resolves to its stdout. */
  async cli(...args: string[]): Promise<string> {
    const { stdout } = await promisify(execFile)(process.execPath, [resolve(__dirname, '../../../dist/apps/gateway/src/cli/cli.js'), ...args], {
      env: { ...process.env, DATABASE_URL: this.databases.gateway.url, GATEWAY_URL: this.gatewayUrl },
    });
    return stdout;
  }

  /** Issues another API key of a seeded organization, limited to `permissions` (Lago's shape). */
  issueApiKey(organizationId: string, permissions: ApiKeyPermissions): Promise<string> {
    return this.issueApiKeyWithId(organizationId, permissions).then((key) => key.value);
  }

  /** `issueApiKey`, also returning the key's id (for HTTP Basic). */
  issueApiKeyWithId(organizationId: string, permissions: ApiKeyPermissions): Promise<{ id: string; value: string }> {
    return this.withGatewayEm(async (em) => {
      const organization = await em.findOneOrFail(Organization, { id: organizationId });
      const key = await new IssueApiKey(em).execute(organization, 'e2e-limited', null, permissions);
      return { id: key.id, value: key.value };
    });
  }

  /** Runs work on the gateway database with a short-lived ORM of one connection. */
  private async withGatewayEm<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const orm = await MikroORM.init({ ...gatewayOrmConfig(this.databases.gateway.url), pool: { min: 0, max: 1 } });
    try {
      return await work(orm.em.fork());
    } finally {
      await orm.close(true);
    }
  }

  /** Stops the apps, drops the databases and closes the rest, all of it even when a step fails. */
  async stop(): Promise<void> {
    const steps = [
      () => Promise.all(Object.values(this.apps).map((a) => a.stop())),
      () => Promise.all(Object.values(this.databases).map((d) => d.drop())),
      () => this.stubs.close(),
      () => this.mail.close(),
      async () => this.lock?.end(),
    ];
    const failures: unknown[] = [];
    for (const step of steps) await step().catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw failures[0];
  }
}

/** A small HTTP client for the gateway. */
export function gatewayClient(baseUrl: string, apiKey?: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, body: json as Record<string, any> };
  };
}

/** Lago's 422 response (status and body) with these `error_details`, as `gatewayClient` returns it. */
export function lagoInvalid(error_details: unknown) {
  return { status: 422, body: { status: 422, error: 'Unprocessable Entity', code: 'validation_errors', error_details } };
}
