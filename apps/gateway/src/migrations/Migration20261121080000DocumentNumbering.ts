import { Migration } from '@mikro-orm/migrations';

export class Migration20261121080000DocumentNumbering extends Migration {
  override async up(): Promise<void> {
    // Lago's billing-entity `document_numbering`: per_customer (default) or per_billing_entity.
    this.addSql(`alter table organizations add column document_numbering text not null default 'per_customer'
      check (document_numbering in ('per_customer', 'per_billing_entity'))`);
  }
}
