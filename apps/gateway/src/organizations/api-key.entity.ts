import { createHash, randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Organization } from './organization.entity';

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

  /** Creates a key; the plain value is returned once and never stored. */
  static issue(organization: Organization, name: string | null, expiresAt: Date | null): { key: ApiKey; value: string } {
    const value = randomUUID();
    const key = new ApiKey();
    key.organization = organization;
    key.name = name;
    key.valueSha256 = ApiKey.hash(value);
    key.valueLast4 = value.slice(-4);
    key.expiresAt = expiresAt;
    return { key, value };
  }

  static hash(value: string): Buffer {
    return createHash('sha256').update(value, 'utf8').digest();
  }

  isActive(now: Date): boolean {
    return this.revokedAt === null && (this.expiresAt === null || this.expiresAt > now);
  }
}
