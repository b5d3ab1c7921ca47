import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PaymentProviderType } from '@app/contracts';
import type { ProviderCredentials } from '../providers/payment-provider';
import type { ProviderConnection } from './provider-connection.entity';
import { ProviderConnectionRepository } from './provider-connection.repository';
import { SecretBox } from './secret-box';

/** A live connection with its secrets opened, for one provider call. */
export interface OpenConnection {
  connection: ProviderConnection;
  credentials: ProviderCredentials;
}

/** Opens a connection's secrets for the provider calls; nothing here is logged or returned to callers outside payment-sync. */
@Injectable()
export class ConnectionCredentials {
  constructor(private readonly box: SecretBox) {}

  /** The live connection with `code`, or null (deleted since, or never there). */
  async open(em: EntityManager, organizationId: string, code: string): Promise<OpenConnection | null> {
    const connection = await new ProviderConnectionRepository(em).findLiveWithSecrets(organizationId, code);
    return connection ? this.opened(connection) : null;
  }

  /** The connection a webhook addresses (`ProviderConnectionRepository.lookup`), opened. */
  async forWebhook(em: EntityManager, organizationId: string, type: PaymentProviderType, code: string | null): Promise<OpenConnection | 'not_found' | 'code_missing'> {
    const match = await new ProviderConnectionRepository(em).lookup(organizationId, type, code, true);
    return typeof match === 'string' ? match : this.opened(match);
  }


  private opened(connection: ProviderConnection): OpenConnection {
    const settings = Object.fromEntries(Object.entries(connection.settings).filter((e): e is [string, string] => typeof e[1] === 'string'));
    return {
      connection,
      credentials: {
        type: connection.providerType,
        secrets: this.box.open(connection.sealedSecrets, connection.secretBinding),
        settings,
        successRedirectUrl: connection.successRedirectUrl,
      },
    };
  }
}
