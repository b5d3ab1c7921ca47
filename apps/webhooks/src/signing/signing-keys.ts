import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '@app/messaging';
import { generateHmacKey, generateSigningKeyPair, publicKeyPemOf } from '../delivery/signature';

/** The configured RSA private key (PEM), or undefined to keep a generated one in the database. */
export const CONFIGURED_PRIVATE_KEY = Symbol('CONFIGURED_PRIVATE_KEY');

/**
 * The keys webhooks are signed with: one RSA key for `jwt` (configured, or generated once and kept
 * in the database so every replica signs with the same key) and one HMAC key per organization.
 */
@Injectable()
export class SigningKeys {
  private privateKey: Promise<string> | undefined;
  private readonly hmacKeys = new Map<string, string>();

  constructor(
    private readonly em: EntityManager,
    @Inject(CONFIGURED_PRIVATE_KEY) private readonly configured: string | undefined,
  ) {}

  /** The RSA private key (PEM) of `jwt` signatures. */
  privateKeyPem(): Promise<string> {
    this.privateKey ??= this.loadPrivateKey().catch((error: unknown) => {
      this.privateKey = undefined;
      throw error;
    });
    return this.privateKey;
  }

  /** The organization's HMAC key. Keys never change, so each is read once per process (created if the organization is new). */
  async hmacKey(organizationId: string): Promise<string> {
    const known = this.hmacKeys.get(organizationId);
    if (known) return known;
    const key = await this.em.fork().transactional((em) => organizationKey(em, organizationId));
    this.hmacKeys.set(organizationId, key);
    return key;
  }

  async publicKeyPem(): Promise<string> {
    return publicKeyPemOf(await this.privateKeyPem());
  }

  private async loadPrivateKey(): Promise<string> {
    if (this.configured) return this.configured.replace(/\\n/g, '\n');
    const em = this.em.fork();
    const candidate = generateSigningKeyPair().privateKeyPem;
    await sql(em, 'insert into signing_keys (id, private_key_pem, created_at) values (1, ?, now()) on conflict (id) do nothing', [candidate]);
    const [row] = await sql<{ private_key_pem: string }>(em, 'select private_key_pem from signing_keys where id = 1');
    if (!row) throw new Error('signing key missing after insert');
    return row.private_key_pem;
  }
}

/**
 * The organization's HMAC key, created the first time the organization is seen, and its name when
 * one is given (kept up to date: emails are worded with it). Runs in the caller's transaction.
 */
export async function organizationKey(em: EntityManager, organizationId: string, name?: string): Promise<string> {
  const [row] = await sql<{ hmac_key: string }>(
    em,
    `insert into organizations (id, hmac_key, name, created_at) values (?, ?, ?, now())
     on conflict (id) do update set name = coalesce(excluded.name, organizations.name)
     returning hmac_key`,
    [organizationId, generateHmacKey(), name ?? null],
  );
  if (!row) throw new Error('organization key missing after upsert');
  return row.hmac_key;
}

/** The organization's name as last seen, or null. */
export async function organizationName(em: EntityManager, organizationId: string): Promise<string | null> {
  const [row] = await sql<{ name: string | null }>(em, 'select name from organizations where id = ?', [organizationId]);
  return row?.name ?? null;
}
