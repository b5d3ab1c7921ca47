import { Migration } from '@mikro-orm/migrations';

export class Migration20261121040000BillingConfiguration extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table customers
      add column invoice_grace_period integer, add column document_locale text,
      add column subscription_invoice_issuing_date_anchor text, add column subscription_invoice_issuing_date_adjustment text`);
  }
}
