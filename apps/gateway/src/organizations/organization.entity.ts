import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { DocumentNumberingV1, OrganizationContextV1 } from '@app/contracts';

@Entity({ tableName: 'organizations' })
export class Organization {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  documentNumberPrefix!: string;

  @Property({ type: 'text' })
  defaultBillingEntityCode!: string;

  /** Lago's billing-entity `document_numbering`. */
  @Property({ type: 'text' })
  documentNumbering: DocumentNumberingV1 = 'per_customer';

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  /**
   * Lago's default document-number prefix: the first three letters of the name upper-cased,
   * a dash, and the last four characters of the organization id upper-cased.
   */
  static defaultPrefix(name: string, id: string): string {
    return `${name.slice(0, 3).toUpperCase()}-${id.slice(-4).toUpperCase()}`;
  }

  /** A prefix chosen by the user: upper-cased, 1 to 10 characters (Lago's rule). */
  static validPrefix(prefix: string): string {
    const upper = prefix.trim().toUpperCase();
    if (upper.length < 1 || upper.length > 10) throw new Error('document_number_prefix must be 1 to 10 characters');
    return upper;
  }

  /** Code of the default billing entity created with the organization. */
  static defaultBillingEntityCode(name: string): string {
    const code = name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
    return code || 'default';
  }

  toContext(): OrganizationContextV1 {
    return {
      id: this.id,
      name: this.name,
      document_number_prefix: this.documentNumberPrefix,
      default_billing_entity_code: this.defaultBillingEntityCode,
      document_numbering: this.documentNumbering,
    };
  }
}
