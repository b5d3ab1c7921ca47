import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Organization } from './organization.entity';

/** Resources a key's permissions can name: Lago's names, and `payment_provider` for our extension. */
export const API_RESOURCES = ['customer', 'tax', 'add_on', 'invoice', 'credit_note', 'payment', 'payment_request', 'payment_provider', 'webhook_endpoint'] as const;
export type ApiResourceName = (typeof API_RESOURCES)[number];

/** What a request does to a resource: GET reads, every other method writes (Lago). */
export type ApiAction = 'read' | 'write';
/** Lago's key permissions: resource (`customer`, `tax`, ...) to the actions allowed. */
export type ApiKeyPermissions = Record<string, ApiAction[]>;

/**
 * Reads permissions given as JSON (`{"customer":["read"]}`); throws with a message on any other
 * shape, an unknown resource or an unknown action.
 */
export function parsePermissions(json: string, resources: readonly string[]): ApiKeyPermissions {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('permissions must be JSON, e.g. {"customer":["read"]}');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('permissions must be a JSON object');
  for (const [resource, actions] of Object.entries(value)) {
    if (!resources.includes(resource)) throw new Error(`unknown resource "${resource}" (one of: ${resources.join(', ')})`);
    if (!Array.isArray(actions) || actions.some((a) => a !== 'read' && a !== 'write')) throw new Error(`permissions of "${resource}" must be a subset of ["read","write"]`);
  }
  return value as ApiKeyPermissions;
}

@Entity({ tableName: 'api_keys' })
export class ApiKey {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Organization, { fieldName: 'organization_id' })
  organization!: Organization;

  @Property({ type: 'text', nullable: true })
  name: string | null = null;

  @Property({ type: 'blob', fieldName: 'value_sha256' })
  valueSha256!: Buffer;

  @Property({ type: 'text', fieldName: 'value_last4' })
  valueLast4!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  expiresAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  /** null: every action on every resource (Lago's default). */
  @Property({ type: 'json', nullable: true })
  permissions: ApiKeyPermissions | null = null;

  /** Creates a key; the plain value is returned once and never stored. */
  static issue(organization: Organization, name: string | null, expiresAt: Date | null, permissions: ApiKeyPermissions | null = null): { key: ApiKey; value: string } {
    const value = randomUUID();
    const key = new ApiKey();
    key.organization = organization;
    key.name = name;
    key.valueSha256 = ApiKey.hash(value);
    key.valueLast4 = value.slice(-4);
    key.expiresAt = expiresAt;
    key.permissions = permissions;
    return { key, value };
  }

  static hash(value: string): Buffer {
    return createHash('sha256').update(value, 'utf8').digest();
  }

  /** Whether `digest` (ApiKey.hash of a presented value) is this key's, compared in constant time. */
  matches(digest: Buffer): boolean {
    return this.valueSha256.length === digest.length && timingSafeEqual(this.valueSha256, digest);
  }

  /** Whether a value with this digest authenticates now: it is this key's, and the key is active. */
  authenticates(digest: Buffer, now: Date): boolean {
    return this.matches(digest) && this.isActive(now);
  }

  /** Lago's `ApiKey#permit?`: without a permissions map everything is allowed; with one, only what it lists. */
  permits(resource: string, action: ApiAction): boolean {
    return this.permissions === null || (this.permissions[resource] ?? []).includes(action);
  }

  isActive(now: Date): boolean {
    return this.revokedAt === null && (this.expiresAt === null || this.expiresAt > now);
  }
}
