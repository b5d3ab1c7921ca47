import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { MikroORM } from '@mikro-orm/postgresql';
import { runMain } from '@app/messaging';
import { gatewayEnv } from '../config/gateway.env';
import { gatewayOrmConfig } from '../config/mikro-orm.config';
import { API_RESOURCES, ApiKey, parsePermissions, type ApiKeyPermissions } from '../organizations/api-key.entity';
import { DOCUMENT_NUMBERINGS, type DocumentNumberingV1 as DocumentNumbering } from '@app/contracts';
import { announceKeyChanges } from '../organizations/key-changes';
import { Organization } from '../organizations/organization.entity';
import { CreateOrganization } from '../organizations/use-cases/create-organization.use-case';
import { IssueApiKey } from '../organizations/use-cases/issue-api-key.use-case';
import { RevokeApiKey } from '../organizations/use-cases/revoke-api-key.use-case';
import { required, UsageError, type CliValues } from './cli-options';
import { PAYMENT_PROVIDER_USAGE, runPaymentProviderCommand } from './payment-provider-commands';

const USAGE = `Usage: npm run cli -- <command> [options]

  organization:create --name <name> [--document-number-prefix <prefix>] [--document-numbering <scheme>]
      Creates an organization and its first API key (printed once).
  organization:update --organization <id> [--document-number-prefix <prefix>] [--document-numbering <scheme>]
      --document-numbering: per_customer (default; LAG-1A2B-001-001) or per_billing_entity
      (LAG-1A2B-202611-001); it applies to invoices finalized from then on.
  organization:list
  api-key:issue --organization <id> [--name <label>] [--expires-at <ISO-8601>] [--permissions <JSON>]
      Issues another key for the organization (printed once; only its hash is stored).
      --permissions limits it as Lago does, e.g. '{"customer":["read"],"invoice":["read","write"]}'
      (resources: customer, tax, add_on, invoice, credit_note, payment, payment_request,
      payment_provider); default: all.
  api-key:list --organization <id>
      Lists keys without their values (last 4 characters only).
  api-key:revoke --key <key id>
      Running gateways are told at once (and stop accepting it within API_KEY_CACHE_TTL_MS
      in any case).
${PAYMENT_PROVIDER_USAGE}

The gateway database comes from DATABASE_URL (default: the local stack's).`;

type Options = Record<string, string | undefined>;

function documentNumbering(options: Options): DocumentNumbering | undefined {
  const value = options['document-numbering'];
  if (value === undefined) return undefined;
  if (!(DOCUMENT_NUMBERINGS as readonly string[]).includes(value)) throw new UsageError(`--document-numbering must be one of ${DOCUMENT_NUMBERINGS.join(', ')}`);
  return value as DocumentNumbering;
}

function prefix(value: string): string {
  try {
    return Organization.validPrefix(value);
  } catch (error) {
    throw new UsageError(`--document-number-prefix: ${(error as Error).message}`);
  }
}

const describe = (o: Organization) => ({
  organization_id: o.id,
  name: o.name,
  document_number_prefix: o.documentNumberPrefix,
  document_numbering: o.documentNumbering,
});

async function run(command: string | undefined, options: Options, orm: MikroORM): Promise<void> {
  const em = orm.em.fork();
  switch (command) {
    case 'organization:create': {
      const numbering = documentNumbering(options);
      const organization = await new CreateOrganization(em).execute(required(options, 'name'), options['document-number-prefix'], numbering);
      const key = await new IssueApiKey(em).execute(organization, 'default');
      console.log(JSON.stringify({ ...describe(organization), api_key_id: key.id, api_key: key.value }, null, 2));
      return;
    }
    case 'organization:update': {
      const organization = await em.findOne(Organization, { id: required(options, 'organization') });
      if (!organization) throw new UsageError('no such organization');
      const numbering = documentNumbering(options);
      if (numbering) organization.documentNumbering = numbering;
      if (options['document-number-prefix'] !== undefined) organization.documentNumberPrefix = prefix(options['document-number-prefix']);
      await em.flush();
      // Gateways hold the organization with its keys: tell them to read it again.
      await announceKeyChanges(em);
      console.log(JSON.stringify(describe(organization), null, 2));
      return;
    }
    case 'organization:list': {
      const organizations = await em.find(Organization, {}, { orderBy: { createdAt: 'asc' } });
      for (const o of organizations) console.log(`${o.id}  ${o.documentNumberPrefix.padEnd(10)}  ${o.name}`);
      return;
    }
    case 'api-key:issue': {
      const organization = await em.findOne(Organization, { id: required(options, 'organization') });
      if (!organization) throw new UsageError('no such organization');
      const expiresAt = options['expires-at'] ? new Date(options['expires-at']) : null;
      if (expiresAt && Number.isNaN(expiresAt.getTime())) throw new UsageError('--expires-at must be an ISO-8601 date');
      let permissions: ApiKeyPermissions | null = null;
      if (options.permissions !== undefined) {
        try {
          permissions = parsePermissions(options.permissions, API_RESOURCES);
        } catch (error) {
          throw new UsageError(`--permissions: ${(error as Error).message}`);
        }
      }
      const key = await new IssueApiKey(em).execute(organization, options.name ?? null, expiresAt, permissions);
      console.log(JSON.stringify({ api_key_id: key.id, api_key: key.value, expires_at: expiresAt?.toISOString() ?? null, permissions }, null, 2));
      return;
    }
    case 'api-key:list': {
      const keys = await em.find(ApiKey, { organization: required(options, 'organization') }, { orderBy: { createdAt: 'asc' } });
      for (const k of keys) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : k.expiresAt ? `expires ${k.expiresAt.toISOString()}` : 'active';
        console.log(`${k.id}  …${k.valueLast4}  ${(k.name ?? '').padEnd(12)}  ${state}`);
      }
      return;
    }
    case 'api-key:revoke': {
      const revoked = await new RevokeApiKey(em).execute(required(options, 'key'));
      if (!revoked) throw new UsageError('no such active key');
      console.log('revoked');
      return;
    }
    default:
      if (command && (await runPaymentProviderCommand(command, options as CliValues, em))) return;
      throw new UsageError(command ? `unknown command ${command}` : 'no command');
  }
}

runMain('cli', async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      'document-number-prefix': { type: 'string' },
      'document-numbering': { type: 'string' },
      organization: { type: 'string' },
      'expires-at': { type: 'string' },
      permissions: { type: 'string' },
      key: { type: 'string' },
      type: { type: 'string' },
      code: { type: 'string' },
      secret: { type: 'string', multiple: true },
      setting: { type: 'string', multiple: true },
      'success-redirect-url': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return;
  }
  const orm = await MikroORM.init(gatewayOrmConfig(gatewayEnv().databaseUrl));
  try {
    await run(positionals[0], values as Options, orm);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  } finally {
    await orm.close(true);
  }
});
