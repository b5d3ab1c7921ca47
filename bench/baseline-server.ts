import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

/**
 * The baseline of the benchmark: the same customer upsert as POST /api/v1/customers, done by a
 * minimal HTTP handler writing straight to PostgreSQL (no auth, no Kafka, no outbox, no replicas).
 */
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const port = Number(process.env.PORT ?? 0);

async function main(): Promise<void> {
  await pool.query(`create table if not exists baseline_customers (
    id uuid primary key, organization_id uuid not null, external_id text not null, name text, email text,
    currency char(3), country text, created_at timestamptz not null, updated_at timestamptz not null,
    unique (organization_id, external_id))`);
  const organizationId = randomUUID();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        try {
          const c = JSON.parse(Buffer.concat(chunks).toString('utf8')).customer;
          const { rows } = await pool.query(
            `insert into baseline_customers (id, organization_id, external_id, name, email, currency, country, created_at, updated_at)
             values ($1, $2, $3, $4, $5, $6, $7, now(), now())
             on conflict (organization_id, external_id) do update set name = excluded.name, email = excluded.email,
               currency = excluded.currency, country = excluded.country, updated_at = now()
             returning id, external_id, name, email, currency, country, created_at, updated_at`,
            [randomUUID(), organizationId, c.external_id, c.name, c.email, c.currency, c.country],
          );
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ customer: rows[0] }));
        } catch (error) {
          res.writeHead(500).end(String(error));
        }
      })();
    });
  });
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : port}\n`);
  });
}

void main();
