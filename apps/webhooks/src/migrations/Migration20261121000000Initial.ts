import { Migration } from '@mikro-orm/migrations';
import { MESSAGING_TABLES_SQL } from '@app/messaging';

export class Migration20261121000000Initial extends Migration {
  override async up(): Promise<void> {
    for (const statement of MESSAGING_TABLES_SQL) this.addSql(statement);
    // Where an organization's webhooks go (Lago's webhook endpoints).
    this.addSql(`create table webhook_endpoints (
      id uuid primary key,
      organization_id uuid not null,
      webhook_url text not null,
      signature_algo text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql('create unique index webhook_endpoints_org_url_idx on webhook_endpoints (organization_id, webhook_url)');
    // Each organization's HMAC key and the name it was last seen with (for emails).
    this.addSql(`create table organizations (
      id uuid primary key,
      hmac_key text not null,
      name text,
      created_at timestamptz not null
    )`);
    // The RSA key that signs jwt webhooks when none is configured: made once, shared by replicas.
    this.addSql(`create table signing_keys (
      id smallint primary key check (id = 1),
      private_key_pem text not null,
      created_at timestamptz not null
    )`);
    // One webhook: one event for one endpoint, with the exact body and its delivery state.
    this.addSql(`create table webhooks (
      id uuid primary key,
      organization_id uuid not null,
      endpoint_id uuid,
      webhook_url text not null,
      signature_algo text not null,
      event_id uuid not null,
      webhook_type text not null,
      object_type text not null,
      body text not null,
      status text not null,
      attempts integer not null default 0,
      attempts_allowed integer not null,
      http_status integer,
      next_attempt_at timestamptz,
      lease_until timestamptz,
      last_attempt_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql('create unique index webhooks_event_endpoint_type_idx on webhooks (event_id, endpoint_id, webhook_type)');
    this.addSql(`create index webhooks_due_idx on webhooks (next_attempt_at) where status in ('pending', 'retrying')`);
    this.addSql('create index webhooks_org_created_idx on webhooks (organization_id, created_at desc)');
    this.addSql(`create table webhook_attempts (
      webhook_id uuid not null references webhooks (id) on delete cascade,
      attempt integer not null,
      started_at timestamptz not null,
      duration_ms integer not null,
      http_status integer,
      error text,
      response text,
      primary key (webhook_id, attempt)
    )`);
    // Customers seen before: Lago's customer.created vs customer.updated.
    this.addSql('create table known_customers (customer_id uuid primary key, organization_id uuid not null)');
    // Payment requests as last published (the failure event names only ids; its email shows the invoices).
    this.addSql(`create table payment_requests (
      id uuid primary key,
      organization_id uuid not null,
      payload jsonb not null,
      updated_at timestamptz not null
    )`);
    // Emails to send, with the same durable retry as webhooks.
    this.addSql(`create table emails (
      id uuid primary key,
      organization_id uuid not null,
      event_id uuid not null unique,
      kind text not null,
      recipients text not null,
      subject text not null,
      text_body text not null,
      html_body text not null,
      status text not null,
      attempts integer not null default 0,
      attempts_allowed integer not null,
      last_error text,
      message_id text,
      next_attempt_at timestamptz,
      lease_until timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql(`create index emails_due_idx on emails (next_attempt_at) where status in ('pending', 'retrying')`);
  }
}
