import { Migration } from '@mikro-orm/migrations';

export class Migration20261121000000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table organizations (
      id uuid primary key,
      name text not null,
      document_number_prefix text not null,
      default_billing_entity_code text not null,
      created_at timestamptz not null
    )`);
    // Only a SHA-256 of each key is stored; keys are random 128-bit values, so a fast hash is enough.
    this.addSql(`create table api_keys (
      id uuid primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      name text,
      value_sha256 bytea not null unique,
      value_last4 text not null,
      created_at timestamptz not null,
      expires_at timestamptz,
      revoked_at timestamptz
    )`);
    this.addSql('create index api_keys_organization_idx on api_keys (organization_id)');
  }
}
