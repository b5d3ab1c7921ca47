import { Migration } from '@mikro-orm/migrations';
import { MESSAGING_TABLES_SQL } from '@app/messaging';

export class Migration20261121000000Initial extends Migration {
  override async up(): Promise<void> {
    for (const statement of MESSAGING_TABLES_SQL) this.addSql(statement);
    this.addSql(`create table customers (
      id uuid primary key,
      organization_id uuid not null,
      billing_entity_code text not null,
      external_id text not null,
      sequential_id integer not null,
      slug text not null,
      account_type text not null default 'customer',
      name text, firstname text, lastname text, customer_type text,
      country text, address_line1 text, address_line2 text, state text, zipcode text, city text,
      email text, url text, phone text, logo_url text, legal_name text, legal_number text,
      currency char(3), tax_identification_number text, timezone text,
      net_payment_term integer, external_salesforce_id text,
      finalize_zero_amount_invoice text not null default 'inherit',
      skip_invoice_custom_sections boolean not null default false,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      deleted_at timestamptz
    )`);
    // external_id is unique among live customers only: a deleted customer's id can be reused.
    this.addSql('create unique index customers_org_external_id_live_idx on customers (organization_id, external_id) where deleted_at is null');
    this.addSql('create unique index customers_org_sequential_id_idx on customers (organization_id, sequential_id)');
    this.addSql('create index customers_org_created_idx on customers (organization_id, created_at desc, id)');
    // Sequential ids come from one sequence per organization (customer_seq_<org id hex>),
    // created on the organization's first customer (see CustomerRepository.nextSequentialId).
  }
}
