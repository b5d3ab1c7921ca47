import { MikroORM } from '@mikro-orm/postgresql';
import { createServiceDatabase, expectEventually, query } from '@app/test-support';
import { ActiveApiKeys } from '../src/auth/active-api-keys';
import { KeyChangesListener } from '../src/auth/key-changes.listener';
import { gatewayOrmConfig } from '../src/config/mikro-orm.config';
import { ApiKey } from '../src/organizations/api-key.entity';
import { announceKeyChanges } from '../src/organizations/key-changes';
import { OrganizationsRepository } from '../src/organizations/organizations.repository';
import { CreateOrganization } from '../src/organizations/use-cases/create-organization.use-case';
import { IssueApiKey } from '../src/organizations/use-cases/issue-api-key.use-case';
import { RevokeApiKey } from '../src/organizations/use-cases/revoke-api-key.use-case';

describe('API keys on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createServiceDatabase>>;
  let orm: MikroORM;
  let repository: OrganizationsRepository;
  const listeners: KeyChangesListener[] = [];

  beforeAll(async () => {
    db = await createServiceDatabase('gateway');
    orm = await MikroORM.init(gatewayOrmConfig(db.url, 4));
    repository = new OrganizationsRepository(orm.em);
  });

  afterEach(async () => {
    await Promise.all(listeners.splice(0).map((l) => l.onApplicationShutdown()));
  });

  afterAll(async () => {
    await orm.close(true);
    await db.drop();
  });

  const issue = async (name: string) => {
    const em = orm.em.fork();
    const organization = await new CreateOrganization(em).execute(name);
    return { organization, ...(await new IssueApiKey(em).execute(organization, 'int-spec')) };
  };

  /** A listener on the test database that counts the changes it hears. */
  const listen = async (onChange: () => void = () => undefined) => {
    const heard = { count: 0 };
    const listener = new KeyChangesListener(db.url, () => {
      heard.count++;
      onChange();
    }, 50);
    listeners.push(listener);
    await listener.onApplicationBootstrap();
    return heard;
  };

  it('stores only the SHA-256 of a key and the last four characters, and finds the key by that digest with its organization', async () => {
    const { id, value, organization } = await issue('Digest Org');

    const [row] = await query<{ value_sha256: Buffer; value_last4: string }>(db.url, 'select value_sha256, value_last4 from api_keys where id = $1', [id]);
    const found = await repository.findKeyByDigest(ApiKey.hash(value));

    expect(row!.value_sha256.equals(ApiKey.hash(value))).toBe(true);
    expect(row!.value_last4).toBe(value.slice(-4));
    const columns = await query<{ column_name: string }>(db.url, "select column_name from information_schema.columns where table_name = 'api_keys'");
    expect(columns.map((c) => c.column_name)).not.toContain('value');
    expect(found?.id).toBe(id);
    expect(found?.organization.name).toBe(organization.name);
    await expect(repository.findKeyByDigest(ApiKey.hash(`${value}x`))).resolves.toBeNull();
  });

  it('findActiveKey: the value\'s key while active, nothing once revoked', async () => {
    const { id, value } = await issue('Active Org');
    expect((await repository.findActiveKey(value))?.id).toBe(id);

    await new RevokeApiKey(orm.em.fork()).execute(id);

    await expect(repository.findActiveKey(value)).resolves.toBeNull();
  });

  it('a revocation is announced to listening gateways, which stop accepting the key long before the cache TTL', async () => {
    const { id, value } = await issue('Revoke Org');
    const keys = new ActiveApiKeys(repository, { ttlMs: 600_000, maxEntries: 100 });
    await listen(() => keys.forgetAll());
    expect((await keys.find(value))?.id).toBe(id);

    await new RevokeApiKey(orm.em.fork()).execute(id);

    await expectEventually(async () => expect(await keys.find(value)).toBeNull(), { timeoutMs: 10_000 });
  });

  it('a listener whose connection is cut listens again, and forgets once more for what it may have missed', async () => {
    const heard = await listen();
    expect(heard.count).toBe(1);

    await query(db.url, "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and query ilike 'listen %'", [db.name]);
    await expectEventually(() => expect(heard.count).toBe(2), { timeoutMs: 10_000 });
    await expectEventually(async () => {
      const [{ n }] = (await query<{ n: number }>(db.url, "select count(*)::int as n from pg_stat_activity where datname = $1 and query ilike 'listen %'", [db.name])) as [{ n: number }];
      expect(n).toBe(1);
    });
    await announceKeyChanges(orm.em.fork());

    await expectEventually(() => expect(heard.count).toBe(3), { timeoutMs: 10_000 });
  });
});
