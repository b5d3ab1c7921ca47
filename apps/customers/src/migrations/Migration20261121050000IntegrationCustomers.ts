import { Migration } from '@mikro-orm/migrations';

export class Migration20261121050000IntegrationCustomers extends Migration {
  override async up(): Promise<void> {
    // One link per integration type and customer (Lago refuses two of a type in one request).
    this.addSql(`create table integration_customers (
      id uuid primary key,
      customer_id uuid not null references customers (id) on delete cascade,
      integration_type text not null,
      integration_code text,
      code text,
      external_customer_id text,
      settings jsonb not null default '{}'::jsonb,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint integration_customers_type_unique unique (customer_id, integration_type) deferrable initially deferred
    )`);
  }
}
