import { Migration } from '@mikro-orm/migrations';

export class Migration20261121010000EndpointInFlight extends Migration {
  override async up(): Promise<void> {
    // The delivery claim asks, per candidate, whether its endpoint already has a webhook in flight.
    this.addSql(`create index webhooks_endpoint_waiting_idx on webhooks (endpoint_id) where status in ('pending', 'retrying')`);
  }
}
