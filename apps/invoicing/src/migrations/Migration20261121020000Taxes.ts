import { Migration } from '@mikro-orm/migrations';

export class Migration20261121020000Taxes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table taxes (
      id uuid primary key,
      organization_id uuid not null,
      name text not null,
      code text not null,
      rate numeric(12, 6) not null,
      description text,
      applied_to_organization boolean not null default false,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      deleted_at timestamptz
    )`);
    // A code is unique among live taxes; a deleted tax's code can be used again.
    this.addSql('create unique index taxes_org_code_live_idx on taxes (organization_id, code) where deleted_at is null');
    this.addSql('create index taxes_org_created_idx on taxes (organization_id, created_at desc, id)');
  }
}
