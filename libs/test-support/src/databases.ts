import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

/** Prefix of every database the tests create, so a run can clear what an aborted run left. */
export const TEST_DB_PREFIX = 'bt_';

/** The services with a database, and the name of their migrated template. */
export const SERVICES = ['gateway', 'customers', 'invoicing', 'payment-sync', 'webhooks'] as const;
export type Service = (typeof SERVICES)[number];
export const templateName = (service: Service) => `${TEST_DB_PREFIX}tpl_${service.replace('-', '_')}`;

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (global setup provides it)');
  return url;
}

/** The URL of database `name` on the test server (or on the server of `server`, a URL of any of its databases). */
export function databaseUrl(name: string, server = serverUrl()): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withServer<T>(fn: (client: Client) => Promise<T>, server = serverUrl()): Promise<T> {
  const client = new Client({ connectionString: server });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database cloned from the service's migrated template (fast: no migrations to run), on
 * the test server or on `server` (whose templates `migrateTemplates` made).
 */
export async function createServiceDatabase(service: Service, server = serverUrl()): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${TEST_DB_PREFIX}${service.replace('-', '_')}_${randomBytes(5).toString('hex')}`;
  await withServer((c) => c.query(`create database "${name}" template "${templateName(service)}"`), server);
  return {
    name,
    url: databaseUrl(name, server),
    drop: () => withServer((c) => c.query(`drop database if exists "${name}" with (force)`), server).then(() => undefined),
  };
}

/**
 * Creates and migrates every service's template database on a server, through each app's
 * compiled migrate entrypoint in a child process (the real migration step, which also keeps
 * MikroORM's global entity metadata out of the caller). Needs `dist/` (the global setup builds it).
 */
export async function migrateTemplates(server = serverUrl()): Promise<void> {
  const root = resolve(__dirname, '../../..');
  await Promise.all(
    SERVICES.map((service) =>
      promisify(execFile)(process.execPath, [resolve(root, `dist/apps/${service}/src/migrate.js`)], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl(templateName(service), server) },
      }),
    ),
  );
}

/** Drops every test database, including templates (global setup, before migrating anew). */
export async function dropAllTestDatabases(): Promise<void> {
  await withServer(async (c) => {
    const { rows } = await c.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${TEST_DB_PREFIX}%`]);
    for (const { datname } of rows) {
      await c.query(`update pg_database set datistemplate = false where datname = $1`, [datname]);
      await c.query(`drop database if exists "${datname}" with (force)`);
    }
  });
}

/** Runs SQL on a database and returns its rows. */
export async function query<T extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
