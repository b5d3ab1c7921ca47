import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { lagoTime, type SignatureAlgo, type WebhookEndpointV1 } from '@app/contracts';

/** Where an organization's webhooks are delivered (Lago's webhook endpoint). */
@Entity({ tableName: 'webhook_endpoints' })
export class WebhookEndpoint {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'text' })
  webhookUrl!: string;

  @Property({ type: 'text' })
  signatureAlgo: SignatureAlgo = 'jwt';

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt: Date = new Date();

  toV1(): WebhookEndpointV1 {
    return {
      lago_id: this.id,
      lago_organization_id: this.organizationId,
      webhook_url: this.webhookUrl,
      signature_algo: this.signatureAlgo,
      created_at: lagoTime(this.createdAt),
    };
  }
}
