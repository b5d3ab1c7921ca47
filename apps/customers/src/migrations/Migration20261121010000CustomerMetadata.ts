import { Migration } from '@mikro-orm/migrations';

export class Migration20261121010000CustomerMetadata extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table customer_metadata (
      id uuid primary key,
      customer_id uuid not null references customers (id) on delete cascade,
      key text not null,
      value text not null,
      display_in_invoice boolean not null default false,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql('create unique index customer_metadata_customer_key_idx on customer_metadata (customer_id, key)');
    this.addSql('create index customer_metadata_key_value_idx on customer_metadata (key, value)');
  }
}
