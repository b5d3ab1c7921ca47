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

  /**
   * Lago's `PaymentProviders::FindService` for a webhook: the connection of the type with `code`,
   * or without a code the only one of the type.
   */
  async forWebhook(em: EntityManager, organizationId: string, type: PaymentProviderType, code: string | null): Promise<OpenConnection | 'not_found' | 'code_missing'> {
    const connections = new ProviderConnectionRepository(em);
    if (code) {
      const found = await connections.findLiveWithSecrets(organizationId, code);
      return found && found.providerType === type ? this.opened(found) : 'not_found';
    }
    const ofType = await connections.findLiveOfType(organizationId, type);
    if (ofType.length === 0) return 'not_found';
    if (ofType.length > 1) return 'code_missing';
    return this.open(em, organizationId, ofType[0]!.code).then((o) => o ?? 'not_found');
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
