import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization } from '../organizations/organization.entity';
import { IssueApiKey } from '../organizations/use-cases/issue-api-key.use-case';
import { RevokeApiKey } from '../organizations/use-cases/revoke-api-key.use-case';
import { option, required, UsageError, type CliValues } from './cli-options';

/** The CLI's payment-provider commands, for the usage text. */
export const PAYMENT_PROVIDER_USAGE = `  payment-provider:create --organization <id> --type <stripe|adyen|gocardless> --code <code> --name <name>
      [--secret <name>=<value|@ENV_VAR> ...] [--setting <name>=<value> ...] [--success-redirect-url <url>]
      Connects a provider account. Secrets (stripe: secret_key, webhook_secret; adyen: api_key,
      hmac_key; gocardless: access_token, webhook_secret) are sealed at rest and never shown again;
      @ENV_VAR reads the value from the environment, keeping it off the command line.
      Settings: adyen merchant_account, live_prefix.
  payment-provider:update --organization <id> --code <code> [--name <name>] [--secret ...] [--setting ...]
  payment-provider:list --organization <id>
  payment-provider:delete --organization <id> --code <code>
      These go through the gateway at GATEWAY_URL (default http://127.0.0.1:3000) with a key
      issued for the call (payment_provider only, five minutes) and revoked after it.`;

/** `name=value` pairs of a repeatable option; `@VAR` reads the environment. */
function pairs(values: CliValues, flag: string, env: NodeJS.ProcessEnv): Record<string, string> | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const entries = (Array.isArray(raw) ? raw : [String(raw)]).map((pair) => {
    const at = pair.indexOf('=');
    // The value is not echoed: it may be a secret typed without its name.
    if (at <= 0) throw new UsageError(`--${flag} takes <name>=<value>`);
    const name = pair.slice(0, at);
    let value = pair.slice(at + 1);
    if (value.startsWith('@')) {
      const fromEnv = env[value.slice(1)];
      if (fromEnv === undefined) throw new UsageError(`--${flag} ${name}: environment variable ${value.slice(1)} is not set`);
      value = fromEnv;
    }
    return [name, value] as const;
  });
  return Object.fromEntries(entries);
}

/** Runs a `payment-provider:*` command; returns false when `command` is not one. */
export async function runPaymentProviderCommand(command: string, values: CliValues, em: EntityManager, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (!command.startsWith('payment-provider:')) return false;
  const organization = await em.findOne(Organization, { id: required(values, 'organization') });
  if (!organization) throw new UsageError('no such organization');
  const body = () => ({
    payment_provider: {
      ...(option(values, 'code') !== undefined && command === 'payment-provider:create' ? { code: option(values, 'code') } : {}),
      ...(option(values, 'type') !== undefined ? { provider_type: option(values, 'type') } : {}),
      ...(option(values, 'name') !== undefined ? { name: option(values, 'name') } : {}),
      ...(option(values, 'success-redirect-url') !== undefined ? { success_redirect_url: option(values, 'success-redirect-url') } : {}),
      ...pairs(values, 'secret', env),
      ...pairs(values, 'setting', env),
    },
  });
  let request: { method: string; path: string; body?: unknown };
  switch (command) {
    case 'payment-provider:create':
      required(values, 'type');
      required(values, 'code');
      required(values, 'name');
      request = { method: 'POST', path: '', body: body() };
      break;
    case 'payment-provider:update':
      request = { method: 'PUT', path: `/${encodeURIComponent(required(values, 'code'))}`, body: body() };
      break;
    case 'payment-provider:list':
      request = { method: 'GET', path: '?per_page=100' };
      break;
    case 'payment-provider:delete':
      request = { method: 'DELETE', path: `/${encodeURIComponent(required(values, 'code'))}` };
      break;
    default:
      throw new UsageError(`unknown command ${command}`);
  }
  const key = await new IssueApiKey(em).execute(organization, 'cli (temporary)', new Date(Date.now() + 5 * 60_000), { payment_provider: ['read', 'write'] });
  try {
    const base = (env.GATEWAY_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
    const res = await fetch(`${base}/api/v1/payment_providers${request.path}`, {
      method: request.method,
      headers: { authorization: `Bearer ${key.value}`, ...(request.body ? { 'content-type': 'application/json' } : {}) },
      body: request.body ? JSON.stringify(request.body) : undefined,
    });
    const text = await res.text();
    let printed = text;
    try {
      printed = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // Not JSON: print as received.
    }
    if (!res.ok) {
      console.error(printed);
      process.exitCode = 1;
    } else {
      console.log(printed);
    }
  } finally {
    await new RevokeApiKey(em).execute(key.id);
  }
  return true;
}
