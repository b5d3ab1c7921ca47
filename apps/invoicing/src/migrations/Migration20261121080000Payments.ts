import { Migration } from '@mikro-orm/migrations';

export class Migration20261121080000Payments extends Migration {
  override async up(): Promise<void> {
    // Invoice metadata is part of the invoice aggregate: at most five entries, replaced as a whole.
    this.addSql(`alter table invoices add column metadata jsonb not null default '[]'`);
    // Lago's payments: manual payments recorded here, and provider payments as payment-sync reports
    // them on billing.payments.v1, so GET /api/v1/payments serves both.
    this.addSql(`create table payments (
      id uuid primary key,
      organization_id uuid not null,
      customer_id uuid not null,
      external_customer_id text not null,
      payable_type text not null check (payable_type in ('Invoice', 'PaymentRequest')),
      payable_id uuid not null,
      invoice_ids uuid[] not null,
      payment_type text not null check (payment_type in ('manual', 'provider')),
      amount_cents bigint not null check (amount_cents >= 0),
      amount_currency char(3) not null,
      status text not null,
      payable_payment_status text not null,
      reference text check (char_length(reference) <= 40),
      provider_payment_id text,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql('create index payments_org_created on payments (organization_id, created_at desc, id)');
    this.addSql('create index payments_payable on payments (payable_id)');
    this.addSql('create index payments_customer on payments (organization_id, external_customer_id)');
    this.addSql('create index payments_invoice_ids on payments using gin (invoice_ids)');
  }
}
