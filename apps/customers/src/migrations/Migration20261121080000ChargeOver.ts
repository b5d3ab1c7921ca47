import { Migration } from '@mikro-orm/migrations';
import { COUNTRY_CODES, countryName } from '@app/contracts';

export class Migration20261121080000ChargeOver extends Migration {
  override async up(): Promise<void> {
    // What a ChargeOver customer holds beyond Lago's columns, and whether external_id was made up.
    this.addSql(`alter table customers add column chargeover jsonb not null default '{}'::jsonb`);
    this.addSql('alter table customers add column external_id_generated boolean not null default false');
    // ChargeOver never reuses an external key, deleted customers' included: that check reads every row.
    this.addSql('create index customers_org_external_id_all_idx on customers (organization_id, external_id)');
    // Customers written before this show their countries by name to ChargeOver clients.
    const names = (column: string) =>
      `case ${column} ${COUNTRY_CODES.map((code) => `when '${code}' then '${(countryName(code) ?? code).replace(/'/g, "''")}'`).join(' ')} end`;
    this.addSql(
      `update customers set chargeover = jsonb_strip_nulls(jsonb_build_object('bill_country', ${names('country')}, 'ship_country', ${names('shipping_country')}))`,
    );
  }
}
