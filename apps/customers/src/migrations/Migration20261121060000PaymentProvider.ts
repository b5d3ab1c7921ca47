import { Migration } from '@mikro-orm/migrations';

export class Migration20261121060000PaymentProvider extends Migration {
  override async up(): Promise<void> {
    // The customer's provider and connection, and its accounts per provider type (see ProviderLink).
    this.addSql('alter table customers add column payment_provider text, add column payment_provider_code text');
    this.addSql(`alter table customers add column provider_links jsonb not null default '[]'::jsonb`);
  }
}
