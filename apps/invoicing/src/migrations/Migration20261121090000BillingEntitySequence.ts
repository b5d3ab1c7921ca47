import { Migration } from '@mikro-orm/migrations';

export class Migration20261121090000BillingEntitySequence extends Migration {
  override async up(): Promise<void> {
    // Lago's billing_entity_sequential_id: one counter per billing entity over its finalized and
    // voided invoices, kept whatever the numbering scheme so a switch to per_billing_entity goes on
    // from the right value. Existing invoices are numbered in issue order.
    this.addSql('alter table invoices add column billing_entity_sequential_id integer');
    this.addSql(`update invoices i set billing_entity_sequential_id = s.n
      from (select id, row_number() over (partition by organization_id, billing_entity_code order by created_at, id) as n
            from invoices where status in ('finalized', 'voided')) s
      where s.id = i.id`);
    this.addSql('create unique index invoices_billing_entity_sequence on invoices (organization_id, billing_entity_code, billing_entity_sequential_id)');
  }
}
