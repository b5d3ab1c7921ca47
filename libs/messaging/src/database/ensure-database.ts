import { Client } from 'pg';

/** The database name of a URL, and a URL of the same server's `postgres` database. */
function split(url: string): { name: string; adminUrl: string } {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`refusing unusual database name "${name}"`);
  target.pathname = '/postgres';
  return { name, adminUrl: target.toString() };
}

async function onServer<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the database named in `url` if it does not exist; returns whether it created it. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const { name, adminUrl } = split(url);
  return onServer(adminUrl, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`create database "${name}"`);
    return true;
  });
}

/** Drops the database named in `url` if it exists (tests only). */
export async function dropDatabase(url: string): Promise<void> {
  const { name, adminUrl } = split(url);
  await onServer(adminUrl, (client) => client.query(`drop database if exists "${name}" with (force)`));
}
