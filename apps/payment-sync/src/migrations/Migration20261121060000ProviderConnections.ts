import { Migration } from '@mikro-orm/migrations';

export class Migration20261121060000ProviderConnections extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table provider_connections (
      id uuid primary key,
      organization_id uuid not null,
      code text not null,
      name text not null,
      provider_type text not null check (provider_type in ('stripe', 'adyen', 'gocardless')),
      success_redirect_url text,
      settings jsonb not null default '{}',
      sealed_secrets text not null,
      secret_names jsonb not null default '[]',
      created_at timestamptz not null,
      updated_at timestamptz not null,
      deleted_at timestamptz
    )`);
    this.addSql('create unique index provider_connections_org_code_live on provider_connections (organization_id, code) where deleted_at is null');
    this.addSql('create index provider_connections_org_type on provider_connections (organization_id, provider_type) where deleted_at is null');
  }
}
