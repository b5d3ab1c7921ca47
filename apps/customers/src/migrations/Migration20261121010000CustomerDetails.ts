import { Migration } from '@mikro-orm/migrations';

export class Migration20261121010000CustomerDetails extends Migration {
  override async up(): Promise<void> {
    // Unique per customer, checked at commit: replacing a set may move a key between rows.
    this.addSql(`create table customer_metadata (
      id uuid primary key,
      customer_id uuid not null references customers (id) on delete cascade,
      key text not null,
      value text not null,
      display_in_invoice boolean not null default false,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint customer_metadata_customer_key_unique unique (customer_id, key) deferrable initially deferred
    )`);
    this.addSql('create index customer_metadata_key_value_idx on customer_metadata (key, value)');
    this.addSql(`alter table customers
      add column shipping_address_line1 text, add column shipping_address_line2 text, add column shipping_city text,
      add column shipping_zipcode text, add column shipping_state text, add column shipping_country text`);
  }
}
