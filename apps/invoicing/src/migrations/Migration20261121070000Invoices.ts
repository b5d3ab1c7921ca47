import { Migration } from '@mikro-orm/migrations';

export class Migration20261121070000Invoices extends Migration {
  override async up(): Promise<void> {
    // An invoice is one aggregate: its fees and applied taxes are immutable once issued, so they
    // are stored with it as Lago JSON; the columns are what queries, sweeps and payments change.
    this.addSql(`create table invoices (
      id uuid primary key,
      organization_id uuid not null,
      customer_id uuid not null,
      external_customer_id text not null,
      billing_entity_code text not null,
      sequential_id integer,
      number text not null,
      purchase_order_number text,
      invoice_type text not null,
      status text not null,
      payment_status text not null,
      payment_overdue boolean not null default false,
      ready_for_payment_processing boolean not null default true,
      payment_dispute_lost_at timestamptz,
      voided_at timestamptz,
      issuing_date date not null,
      payment_due_date date not null,
      net_payment_term integer not null,
      currency char(3) not null,
      fees_amount_cents bigint not null,
      taxes_amount_cents bigint not null,
      sub_total_excluding_taxes_amount_cents bigint not null,
      sub_total_including_taxes_amount_cents bigint not null,
      total_amount_cents bigint not null check (total_amount_cents >= 0),
      total_paid_amount_cents bigint not null default 0,
      taxes_rate numeric(30, 5) not null,
      fees jsonb not null,
      applied_taxes jsonb not null,
      customer_snapshot jsonb not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql('create unique index invoices_customer_sequence on invoices (customer_id, billing_entity_code, sequential_id)');
    this.addSql('create index invoices_org_created on invoices (organization_id, created_at desc, id)');
    // What the overdue sweep scans.
    this.addSql(`create index invoices_overdue_candidates on invoices (payment_due_date)
      where status = 'finalized' and payment_status <> 'succeeded' and not payment_overdue and payment_dispute_lost_at is null`);
    this.addSql(`create table payment_requests (
      id uuid primary key,
      organization_id uuid not null,
      customer_id uuid not null,
      external_customer_id text not null,
      amount_cents bigint not null,
      amount_currency char(3) not null,
      email text,
      payment_status text not null default 'pending',
      payment_attempts integer not null default 0,
      ready_for_payment_processing boolean not null default true,
      customer_snapshot jsonb not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql('create index payment_requests_org_created on payment_requests (organization_id, created_at desc, id)');
    this.addSql(`create table invoices_payment_requests (
      payment_request_id uuid not null references payment_requests (id) on delete cascade,
      invoice_id uuid not null references invoices (id),
      position integer not null,
      primary key (invoice_id, payment_request_id)
    )`);
    this.addSql('create index invoices_payment_requests_request on invoices_payment_requests (payment_request_id)');
  }
}
