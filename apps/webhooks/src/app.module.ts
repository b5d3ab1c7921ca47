import { type DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { HealthController, MessagingModule } from '@app/messaging';
import type { WebhooksEnv } from './config/webhooks.env';
import { webhooksOrmConfig } from './config/mikro-orm.config';
import { DELIVERY_OPTIONS } from './delivery/delivery-options';
import { DeliveryRunner, MAILER } from './delivery/delivery-runner';
import { Mailer } from './email/mailer';
import { WebhookEndpoints } from './endpoints/webhook-endpoints.service';
import { PublicEventsConsumer } from './events/public-events.consumer';
import { CONFIGURED_PRIVATE_KEY, SigningKeys } from './signing/signing-keys';
import { WebhooksRpcController } from './transport/webhooks.rpc-controller';

@Module({})
export class AppModule {
  static register(env: WebhooksEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MikroOrmModule.forRoot({ ...webhooksOrmConfig(env.databaseUrl, env.dbPoolMax), registerRequestContext: false }),
        MessagingModule.forService({ service: 'webhooks', kafka: env.kafka, relay: { enabled: env.outboxRelayEnabled } }),
      ],
      controllers: [PublicEventsConsumer, WebhooksRpcController, HealthController],
      providers: [
        { provide: DELIVERY_OPTIONS, useValue: env.delivery },
        { provide: CONFIGURED_PRIVATE_KEY, useValue: env.privateKeyPem },
        { provide: 'WEBHOOK_ISSUER', useValue: env.issuer },
        { provide: MAILER, useFactory: () => new Mailer(env.mail) },
        SigningKeys,
        DeliveryRunner,
        WebhookEndpoints,
      ],
    };
  }
}
