import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../..');

/** Where the tests find PostgreSQL and Kafka, and how to release them. */
export interface TestInfrastructure {
  /** URL of a PostgreSQL server database the tests may create databases from (`.../postgres`). */
  databaseUrl: string;
  /** Comma-separated Kafka brokers. */
  kafkaBrokers: string;
  /** How they were provided. */
  source: { database: 'env' | 'testcontainers' | 'local'; kafka: 'env' | 'testcontainers' | 'local' };
  /** Releases what this run started. */
  stop(): Promise<void>;
}

/** Ports of the broker the local fallback starts for tests (the dev stack uses 9092). */
export const LOCAL_TEST_KAFKA = { port: 19092, controllerPort: 19093, stateDir: resolve(ROOT, '.local/kafka-test') };

/**
 * Provides PostgreSQL and Kafka for the tests, in this order: `TEST_DATABASE_URL` /
 * `TEST_KAFKA_BROKERS` from the environment; Testcontainers when a Docker engine answers; else
 * the project's own local stack (the machine's PostgreSQL, started if down, and a broker from
 * Maven Central on 127.0.0.1:19092). Nothing is ever skipped: if none works, this throws.
 */
export async function provideInfrastructure(log: (line: string) => void = () => undefined): Promise<TestInfrastructure> {
  const stops: (() => Promise<void>)[] = [];
  let databaseUrl = process.env.TEST_DATABASE_URL;
  let kafkaBrokers = process.env.TEST_KAFKA_BROKERS;
  const source: TestInfrastructure['source'] = { database: 'env', kafka: 'env' };

  if (!databaseUrl || !kafkaBrokers) {
    const docker = await dockerAvailable();
    if (docker) {
      if (!databaseUrl) {
        const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
        const pg = await new PostgreSqlContainer('postgres:16-alpine').withDatabase('postgres').start();
        stops.push(async () => void (await pg.stop()));
        databaseUrl = pg.getConnectionUri();
        source.database = 'testcontainers';
      }
      if (!kafkaBrokers) {
        const { KafkaContainer } = await import('@testcontainers/kafka');
        const kafka = await new KafkaContainer('confluentinc/cp-kafka:8.2.0').start();
        stops.push(async () => void (await kafka.stop()));
        kafkaBrokers = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
        source.kafka = 'testcontainers';
      }
    } else {
      log('no Docker engine answers: using the local stack (PostgreSQL on 127.0.0.1:5432, Kafka from Maven on 127.0.0.1:19092)');
      if (!databaseUrl) {
        databaseUrl = 'postgresql://postgres@127.0.0.1:5432/postgres';
        await ensureLocalPostgres(databaseUrl);
        source.database = 'local';
      }
      if (!kafkaBrokers) {
        const started = await startLocalKafka(log);
        if (started) stops.push(stopLocalKafka);
        kafkaBrokers = `127.0.0.1:${LOCAL_TEST_KAFKA.port}`;
        source.kafka = 'local';
      }
    }
  }
  await assertPostgres(databaseUrl);
  return {
    databaseUrl,
    kafkaBrokers,
    source,
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

async function dockerAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('docker probe timed out')), 5_000).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

async function ensureLocalPostgres(url: string): Promise<void> {
  if (await canConnect(url)) return;
  await run('bash', [resolve(ROOT, 'scripts/stack.sh'), 'postgres'], { cwd: ROOT, timeout: 300_000 });
}

async function assertPostgres(url: string): Promise<void> {
  if (!(await canConnect(url))) throw new Error('PostgreSQL for the tests is not reachable (TEST_DATABASE_URL or 127.0.0.1:5432)');
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function kafkaEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KAFKA_STATE_DIR: LOCAL_TEST_KAFKA.stateDir,
    KAFKA_PORT: String(LOCAL_TEST_KAFKA.port),
    KAFKA_CONTROLLER_PORT: String(LOCAL_TEST_KAFKA.controllerPort),
  };
}

/** Starts the test broker; returns false when it was already running (then it is left running). */
async function startLocalKafka(log: (line: string) => void): Promise<boolean> {
  const script = resolve(ROOT, 'scripts/kafka.sh');
  const status = await run('bash', [script, 'status'], { env: kafkaEnv() }).then(
    () => 'running',
    () => 'stopped',
  );
  if (status === 'running') return false;
  const { stdout } = await run('bash', [script, 'start'], { env: kafkaEnv(), timeout: 300_000 });
  log(stdout.trim());
  return true;
}

async function stopLocalKafka(): Promise<void> {
  await run('bash', [resolve(ROOT, 'scripts/kafka.sh'), 'stop'], { env: kafkaEnv(), timeout: 60_000 });
}
