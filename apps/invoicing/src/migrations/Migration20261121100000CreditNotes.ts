import { Migration } from '@mikro-orm/migrations';

export class Migration20261121100000CreditNotes extends Migration {
  override async up(): Promise<void> {
    // A credit note is immutable once issued except for its statuses and balance; its items and
    // taxes are stored with it as Lago JSON.
    this.addSql(`create table credit_notes (
      id uuid primary key,
      organization_id uuid not null,
      invoice_id uuid not null references invoices (id),
      customer_id uuid not null,
      external_customer_id text not null,
      sequential_id integer not null,
      number text not null,
      status text not null check (status in ('draft', 'finalized')),
      reason text not null,
      description text,
      credit_status text not null check (credit_status in ('available', 'consumed', 'voided')),
      refund_status text check (refund_status in ('pending', 'succeeded', 'failed')),
      currency char(3) not null,
      total_amount_cents bigint not null check (total_amount_cents > 0),
      taxes_amount_cents bigint not null,
      precise_taxes_amount_cents numeric(30, 5) not null,
      sub_total_excluding_taxes_amount_cents bigint not null,
      credit_amount_cents bigint not null check (credit_amount_cents >= 0),
      refund_amount_cents bigint not null check (refund_amount_cents >= 0),
      offset_amount_cents bigint not null check (offset_amount_cents >= 0),
      balance_amount_cents bigint not null check (balance_amount_cents >= 0),
      taxes_rate numeric(30, 5) not null,
      issuing_date date not null,
      items jsonb not null,
      applied_taxes jsonb not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      voided_at timestamptz,
      unique (invoice_id, sequential_id)
    )`);
    this.addSql('create index credit_notes_org_created on credit_notes (organization_id, created_at desc, id)');
    // What finalized credit notes have offset on the invoice (kept with it, in the same transaction).
    this.addSql('alter table invoices add column offset_amount_cents bigint not null default 0 check (offset_amount_cents >= 0)');
  }
}
