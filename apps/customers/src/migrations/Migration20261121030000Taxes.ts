import { Migration } from '@mikro-orm/migrations';

export class Migration20261121030000Taxes extends Migration {
  override async up(): Promise<void> {
    // Taxes are owned by invoicing; this copy (from billing.taxes.v1 and the gateway's
    // resolution) lets customer objects carry current tax objects.
    this.addSql(`create table tax_replicas (
      id uuid primary key,
      organization_id uuid not null,
      code text not null,
      snapshot jsonb not null,
      version timestamptz not null,
      deleted_at timestamptz
    )`);
    this.addSql(`create table customer_taxes (
      customer_id uuid not null references customers (id) on delete cascade,
      tax_id uuid not null,
      created_at timestamptz not null,
      primary key (customer_id, tax_id)
    )`);
    this.addSql('create index customer_taxes_tax_idx on customer_taxes (tax_id)');
  }
}
