import { Injectable } from '@nestjs/common';
import {
  fail,
  ok,
  PAYMENT_PROVIDER_FIELDS,
  type PaymentProviderCodeV1,
  type PaymentProviderInputV1,
  type PaymentProviderType,
  type PaymentProviderV1,
  type RpcReplyV1,
  type RpcRequestV1,
  type UpdatePaymentProviderV1,
} from '@app/contracts';
import { UnitOfWork } from '@app/messaging';
import { ProviderConnection } from '../provider-connection.entity';
import { toPaymentProviderV1 } from '../provider-connection.mapper';
import { ProviderConnectionRepository } from '../provider-connection.repository';
import { SecretBox } from '../secret-box';

/** Creates, changes and deletes provider connections. The gateway validated the fields' shapes. */
@Injectable()
export class ConnectionCommands {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly box: SecretBox,
  ) {}

  create(request: RpcRequestV1<PaymentProviderInputV1>): Promise<RpcReplyV1<PaymentProviderV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const type = payload.provider_type;
      if (!payload.code || !payload.name || !type) {
        const missing = (['code', 'name', 'provider_type'] as const).filter((k) => !payload[k]);
        return fail('validation_errors', Object.fromEntries(missing.map((k) => [k, ['value_is_mandatory']])));
      }
      const input = ofType(type, payload);
      const missingSecrets = PAYMENT_PROVIDER_FIELDS[type].required.filter((k) => !input.secrets?.[k] && !input.settings?.[k]);
      if (missingSecrets.length) return fail('validation_errors', Object.fromEntries(missingSecrets.map((k) => [k, ['value_is_mandatory']])));
      const connections = new ProviderConnectionRepository(em);
      await connections.lockCode(organization.id, payload.code);
      if (await connections.findLive(organization.id, payload.code)) return fail('validation_errors', { code: ['value_already_exist'] });
      const now = new Date();
      const connection = new ProviderConnection();
      connection.organizationId = organization.id;
      connection.code = payload.code;
      connection.name = payload.name;
      connection.providerType = type;
      connection.successRedirectUrl = payload.success_redirect_url ?? null;
      connection.settings = withoutNulls(input.settings ?? {});
      const secrets = withoutNulls(input.secrets ?? {}) as Record<string, string>;
      connection.sealedSecrets = this.box.seal(secrets, connection.secretBinding);
      connection.secretNames = Object.keys(secrets);
      connection.createdAt = now;
      connection.updatedAt = now;
      connections.add(connection);
      await connections.flush();
      return ok(toPaymentProviderV1(connection));
    });
  }

  update(request: RpcRequestV1<UpdatePaymentProviderV1>): Promise<RpcReplyV1<PaymentProviderV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const connections = new ProviderConnectionRepository(em);
      await connections.lockCode(organization.id, payload.code);
      const connection = await connections.findLiveWithSecrets(organization.id, payload.code);
      if (!connection) return fail('payment_provider_not_found');
      const changes = ofType(connection.providerType, payload.changes);
      const fields = PAYMENT_PROVIDER_FIELDS[connection.providerType];
      if (changes.name !== undefined) connection.name = changes.name;
      if (changes.success_redirect_url !== undefined) connection.successRedirectUrl = changes.success_redirect_url;
      if (changes.settings) connection.settings = withoutNulls({ ...connection.settings, ...changes.settings });
      if (changes.secrets) {
        const secrets = withoutNulls({ ...this.box.open(connection.sealedSecrets, connection.secretBinding), ...changes.secrets }) as Record<string, string>;
        const removedRequired = fields.required.filter((k) => (fields.secrets as readonly string[]).includes(k) && !secrets[k]);
        if (removedRequired.length) return fail('validation_errors', Object.fromEntries(removedRequired.map((k) => [k, ['value_is_mandatory']])));
        connection.sealedSecrets = this.box.seal(secrets, connection.secretBinding);
        connection.secretNames = Object.keys(secrets);
      }
      const missingSettings = fields.required.filter((k) => (fields.settings as readonly string[]).includes(k) && !connection.settings[k]);
      if (missingSettings.length) return fail('validation_errors', Object.fromEntries(missingSettings.map((k) => [k, ['value_is_mandatory']])));
      connection.updatedAt = new Date();
      await connections.flush();
      return ok(toPaymentProviderV1(connection));
    });
  }

  /** Soft-deletes the connection; its code is then free. Customers naming it keep the code, and are no longer charged. */
  delete(request: RpcRequestV1<PaymentProviderCodeV1>): Promise<RpcReplyV1<PaymentProviderV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const connections = new ProviderConnectionRepository(em);
      await connections.lockCode(organization.id, payload.code);
      const connection = await connections.findLive(organization.id, payload.code);
      if (!connection) return fail('payment_provider_not_found');
      connection.deletedAt = new Date();
      connection.updatedAt = connection.deletedAt;
      await connections.flush();
      return ok(toPaymentProviderV1(connection));
    });
  }
}

/** The input with only the secrets and settings of a connection of `type`. */
function ofType(type: PaymentProviderType, input: PaymentProviderInputV1): PaymentProviderInputV1 {
  const keep = (values: Record<string, string | null> | undefined, names: readonly string[]) =>
    values && Object.fromEntries(Object.entries(values).filter(([name]) => names.includes(name)));
  const fields = PAYMENT_PROVIDER_FIELDS[type];
  return { ...input, secrets: keep(input.secrets, fields.secrets), settings: keep(input.settings, fields.settings) };
}

function withoutNulls(values: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== null && entry[1] !== undefined));
}
