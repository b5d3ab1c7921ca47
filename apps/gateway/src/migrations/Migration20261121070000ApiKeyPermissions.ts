import { Migration } from '@mikro-orm/migrations';

export class Migration20261121070000ApiKeyPermissions extends Migration {
  override async up(): Promise<void> {
    // Lago's per-key permissions: resource -> subset of ["read","write"]; null allows everything.
    this.addSql('alter table api_keys add column permissions jsonb');
  }
}
