import 'reflect-metadata';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { gatewayEnv } from '../config/gateway.env';
import { gatewayOrmConfig } from '../config/mikro-orm.config';
import { Organization } from '../organizations/organization.entity';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { CreateOrganization } from '../organizations/use-cases/create-organization.use-case';
import { IssueApiKey } from '../organizations/use-cases/issue-api-key.use-case';

const DEV_ORGANIZATION = 'Development';

/**
 * Seeds the development organization and prints its API key. The key is kept in a git-ignored
 * file (first argument) so a re-run prints the same key instead of issuing a new one.
 */
function writeSecret(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${text}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

async function main(keyFile: string): Promise<void> {
  const orm = await MikroORM.init(gatewayOrmConfig(gatewayEnv().databaseUrl));
  try {
    const em = orm.em.fork();
    const known = existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : '';
    const existing = known ? await new OrganizationsRepository(em).findActiveKey(known) : null;
    if (existing) {
      writeSecret(`${keyFile}-id`, existing.id);
      console.log(known);
      return;
    }
    const organization =
      (await em.findOne(Organization, { name: DEV_ORGANIZATION })) ?? (await new CreateOrganization(em).execute(DEV_ORGANIZATION));
    const { id, value } = await new IssueApiKey(em).execute(organization, 'development');
    writeSecret(keyFile, value);
    // The key's id is the username of ChargeOver's HTTP Basic authentication (the key is the password).
    writeSecret(`${keyFile}-id`, id);
    console.log(value);
  } finally {
    await orm.close(true);
  }
}

void main(process.argv[2] ?? '.local/dev-api-key').catch((error: unknown) => {
  console.error('seed failed:', error);
  process.exit(1);
});
