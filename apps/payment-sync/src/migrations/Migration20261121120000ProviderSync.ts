import { Migration } from '@mikro-orm/migrations';

export class Migration20261121120000ProviderSync extends Migration {
  override async up(): Promise<void> {
    // A customer's account at one provider type (Lago's payment_provider_customers).
    this.addSql(`create table provider_customers (
      id uuid primary key,
      organization_id uuid not null,
      customer_id uuid not null,
      external_customer_id text not null,
      provider_type text not null check (provider_type in ('stripe', 'adyen', 'gocardless')),
      connection_code text not null,
      provider_customer_id text,
      sync_with_provider boolean not null default false,
      payment_method_id text,
      sync_state text not null check (sync_state in ('linked', 'creating', 'awaiting_authorisation', 'failed')),
      checkout_url text,
      last_error jsonb,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql('create unique index provider_customers_customer_type on provider_customers (customer_id, provider_type)');
    this.addSql('create index provider_customers_provider_id on provider_customers (organization_id, provider_type, provider_customer_id)');
    this.addSql('create index provider_customers_external_id on provider_customers (organization_id, provider_type, external_customer_id)');

    // Provider payments of payables (Lago's payments with payment_type provider).
    this.addSql(`create table payments (
      id uuid primary key,
      organization_id uuid not null,
      customer_id uuid not null,
      payable_type text not null check (payable_type in ('PaymentRequest', 'Invoice')),
      payable_id uuid not null,
      provider_type text not null,
      connection_code text not null,
      provider_customer_id text not null,
      amount_cents bigint not null check (amount_cents >= 0),
      amount_currency char(3) not null,
      status text not null,
      payable_payment_status text not null,
      provider_payment_id text,
      payment_method_id text,
      error_code text,
      error_message text,
      provider_payment_data jsonb,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    // Lago's two rules: one provider payment in flight per payable, one row per provider payment.
    this.addSql("create unique index payments_one_in_flight on payments (payable_id) where payable_payment_status in ('pending', 'processing')");
    this.addSql('create unique index payments_provider_payment on payments (organization_id, connection_code, provider_payment_id) where provider_payment_id is not null');

    // Durable provider calls: retried with backoff until they get an answer.
    this.addSql(`create table provider_jobs (
      id bigserial primary key,
      kind text not null,
      organization_id uuid not null,
      subject_id uuid not null,
      payload jsonb not null default '{}',
      attempts int not null default 0,
      run_at timestamptz not null default now(),
      last_error text,
      done_at timestamptz,
      created_at timestamptz not null default now()
    )`);
    this.addSql('create index provider_jobs_due on provider_jobs (run_at) where done_at is null');
    this.addSql('create unique index provider_jobs_one_open on provider_jobs (kind, subject_id) where done_at is null');

    // Provider webhook events already applied (a replay changes nothing).
    this.addSql(`create table processed_webhooks (
      organization_id uuid not null,
      connection_code text not null,
      event_id text not null,
      processed_at timestamptz not null default now(),
      primary key (organization_id, connection_code, event_id)
    )`);
  }
}
