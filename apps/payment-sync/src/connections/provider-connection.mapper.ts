import { lagoTime, type PaymentProviderV1 } from '@app/contracts';
import type { ProviderConnection } from './provider-connection.entity';

/** The API view of a connection: no secret values, only which ones are set. */
export function toPaymentProviderV1(c: ProviderConnection): PaymentProviderV1 {
  return {
    lago_id: c.id,
    code: c.code,
    name: c.name,
    provider_type: c.providerType,
    success_redirect_url: c.successRedirectUrl,
    settings: { ...c.settings },
    secrets_set: [...c.secretNames].sort(),
    created_at: lagoTime(c.createdAt),
    updated_at: lagoTime(c.updatedAt),
  };
}
