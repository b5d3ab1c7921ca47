import { Migration } from '@mikro-orm/migrations';

export class Migration20261121070000InvoiceAmounts extends Migration {
  override async up(): Promise<void> {
    // Invoices are owned by invoicing; this copy (from billing.invoices.v1) gives each customer
    // ChargeOver's total, paid, balance and overdue. No foreign key to customers: the event is
    // applied whether or not the customer is still here.
    this.addSql(`create table invoice_amounts (
      invoice_id uuid primary key,
      organization_id uuid not null,
      customer_id uuid not null,
      currency char(3) not null,
      status text not null,
      payment_status text not null,
      total_amount_cents bigint not null,
      total_paid_amount_cents bigint not null,
      payment_overdue boolean not null,
      source_time timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql('create index invoice_amounts_customer_idx on invoice_amounts (customer_id)');
  }
}
