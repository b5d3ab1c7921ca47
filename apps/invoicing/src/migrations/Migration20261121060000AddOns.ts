import { Migration } from '@mikro-orm/migrations';

export class Migration20261121060000AddOns extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table add_ons (
      id uuid primary key,
      organization_id uuid not null,
      code text not null,
      name text not null,
      invoice_display_name text,
      description text,
      amount_cents bigint not null check (amount_cents > 0),
      amount_currency char(3) not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      deleted_at timestamptz
    )`);
    this.addSql('create unique index add_ons_org_code_live on add_ons (organization_id, code) where deleted_at is null');
    this.addSql(`create table add_on_taxes (
      add_on_id uuid not null references add_ons (id) on delete cascade,
      tax_id uuid not null references taxes (id),
      primary key (add_on_id, tax_id)
    )`);
  }
}
