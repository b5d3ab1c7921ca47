import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { allTopicSpecs } from '@app/contracts';
import { ensureTopics, parseBrokers } from '@app/messaging';
import { dropAllTestDatabases, migrateTemplates, provideInfrastructure } from '@app/test-support';

const log = (line: string) => process.stdout.write(`[test-setup] ${line}\n`);

/**
 * Runs once before all test files: provides PostgreSQL and Kafka (see provideInfrastructure),
 * compiles the apps the end-to-end tests start as processes, creates the topics, and migrates
 * one template database per service that each test file clones. Migrations run through each
 * app's compiled migrate entrypoint in a child process: that is the real migration step, and
 * it keeps MikroORM's global entity metadata out of Jest's parent realm.
 */
export default async function globalSetup(): Promise<void> {
  const infra = await provideInfrastructure(log);
  (globalThis as { __BILLING_INFRA__?: unknown }).__BILLING_INFRA__ = infra;
  process.env.TEST_DATABASE_URL = infra.databaseUrl;
  process.env.TEST_KAFKA_BROKERS = infra.kafkaBrokers;
  log(`PostgreSQL: ${infra.source.database}, Kafka: ${infra.source.kafka} (${infra.kafkaBrokers})`);

  const root = resolve(__dirname, '..');
  execFileSync(process.execPath, [resolve(root, 'node_modules/@swc/cli/bin/swc.js'), 'apps', 'libs', 'scripts', '-d', 'dist', '-q'], {
    cwd: root,
    stdio: 'inherit',
  });

  await ensureTopics(parseBrokers(infra.kafkaBrokers), allTopicSpecs());
  await dropAllTestDatabases();
  await migrateTemplates();
}
