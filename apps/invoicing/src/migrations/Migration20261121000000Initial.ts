import { Migration } from '@mikro-orm/migrations';
import { MESSAGING_TABLES_SQL } from '@app/messaging';

export class Migration20261121000000Initial extends Migration {
  override async up(): Promise<void> {
    for (const statement of MESSAGING_TABLES_SQL) this.addSql(statement);
    // What invoicing needs of a customer to bill it: currency, terms, time zone; plus the
    // full Lago object to embed in invoices and payment requests.
    this.addSql(`create table customer_replicas (
      id uuid primary key,
      organization_id uuid not null,
      external_id text not null,
      currency char(3),
      net_payment_term integer,
      applicable_timezone text not null,
      snapshot jsonb not null,
      source_updated_at timestamptz not null,
      deleted_at timestamptz,
      replicated_at timestamptz not null default now()
    )`);
    this.addSql('create index customer_replicas_org_external_idx on customer_replicas (organization_id, external_id) where deleted_at is null');
  }
}
